"""The store's commands, run as real processes against SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from openpyxl import load_workbook

from core.db import MIGRATIONS, connect, transaction
from core.inquiries import record_inquiry
from tests.conftest import REPO, fresh_database_url
from tests.helpers import PARU, new, run_paru

pytestmark = pytest.mark.slow  # real servers or processes

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def paru(backend: str, tmp_path: Path) -> Iterator[Run]:
    """Run `paru` with its own data folder and a fresh database of the backend under test."""
    with fresh_database_url(backend, tmp_path) as url:
        env = {**os.environ, "PARU_DATA_DIR": str(tmp_path / "data"), "PARU_DATABASE_URL": url}

        def run(
            *args: str, stdin: str = "", extra_env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
            return run_paru(*args, stdin=stdin, cwd=tmp_path, env={**env, **(extra_env or {})})

        run.url = url  # type: ignore[attr-defined]
        yield run


def test_upgrade_then_check(paru: Run) -> None:
    """`paru db upgrade` migrates and seeds; `paru db check` confirms models and schema agree."""
    up = paru("db", "upgrade")
    assert up.returncode == 0, up.stderr
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert f"database at revision {head} " in up.stdout
    check = paru("db", "check")
    assert check.returncode == 0 and "matching the models" in check.stdout
    listed = paru("catalogue", "list").stdout
    assert "67 procedures, 0 with their own clip" in listed
    assert "การขอมีบัตรประจำตัวประชาชนใหม่ กรณีบัตรหายหรือถูกทำลาย  | ฝ่ายทะเบียน | ยังไม่มีคลิป |" in listed
    assert (
        paru("catalogue", "set-clip", "will-making", "https://www.tiktok.com/@bangnadistrictoffice/video/7").returncode
        == 0
    )
    assert "67 procedures, 1 with their own clip" in paru("catalogue", "list").stdout


def test_baseline_and_figures(paru: Run) -> None:
    """Office counts entered by command feed the reduction figure; with no data after the baseline, the reduction
    is refused with a reason (never "100% fewer"), on one error line, and as a null with a reason in JSON."""
    added = paru(
        "baseline", "add", "--channel", "facebook", "--from", "2022-10-01", "--to", "2023-09-30", "--count", "841"
    )
    assert added.returncode == 0, added.stderr
    listed = paru("baseline", "list").stdout
    assert "facebook" in listed and "841" in listed and "1 ต.ค. 2565" in listed
    period = (
        "--from",
        "2023-10-01",
        "--to",
        "2024-09-30",
        "--baseline-from",
        "2565-10-01",
        "--baseline-to",
        "2566-09-30",
    )
    refused = paru("figures", *period)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "error: cannot compute the reduction: the after-period holds no data for facebook, which has a baseline"
    ]
    assert refused.stdout == ""
    out = paru("figures", *period, "--json")
    assert out.returncode == 0, out.stderr
    total = json.loads(out.stdout)["reduction"]["total"]
    assert total["percent"] is None and total["before"] == 841
    assert total["reason"] == "the after-period holds no data for facebook, which has a baseline"
    after = paru(
        "baseline", "add", "--channel", "facebook", "--from", "2023-10-01", "--to", "2024-09-30", "--count", "600"
    )
    assert after.returncode == 0, after.stderr
    shown = paru("figures", *period)
    assert shown.returncode == 0, shown.stderr
    assert "[รวม] ก่อน 841 → หลัง (ยังต้องใช้เจ้าหน้าที่) 600  = 28.66%" in shown.stdout
    assert "ความพึงพอใจ: คำนวณไม่ได้" in shown.stdout


def test_baseline_refuses_unknown_channels_and_overlaps(paru: Run) -> None:
    """A misspelt channel is a wrong invocation (exit 2) naming the valid ones; the same period twice is refused at
    run time (exit 1), not doubled."""
    args = ("--from", "2022-10-01", "--to", "2023-09-30", "--count", "300")
    typo = paru("baseline", "add", "--channel", "facebok", *args)
    assert typo.returncode == 2
    assert typo.stderr.splitlines() == [
        "error: ไม่รู้จักช่องทาง 'facebok' (unknown channel 'facebok': use one of line, facebook, website, phone, walk_in)"
    ]
    assert paru("baseline", "add", "--channel", "facebook", *args).returncode == 0
    twice = paru("baseline", "add", "--channel", "facebook", *args)
    assert twice.returncode == 1 and "overlaps office count 1 of facebook" in twice.stderr
    assert paru("baseline", "list").stdout.count("facebook") == 1


def test_export_and_unanswered_after_matching(paru: Run, tmp_path: Path) -> None:
    """An export to a file writes a workbook; to stdout, a CSV with a BOM."""
    target = tmp_path / "figures.xlsx"
    done = paru(
        "export", "figures", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "xlsx", "--output", str(target)
    )
    assert done.returncode == 0, done.stderr
    assert "สรุป" in load_workbook(target, read_only=True).sheetnames
    assert not Path(str(target) + ".part").exists()
    csv_out = paru("export", "inquiries", "--format", "csv")
    assert csv_out.returncode == 0
    assert csv_out.stdout.startswith("\ufeffเลขที่")
    assert "no unanswered questions" in paru("unanswered").stdout


BAD_INVOCATIONS = [
    (
        (
            "export",
            "inquiries",
            "--from",
            "2024-02-01",
            "--to",
            "2024-01-01",
            "--format",
            "csv",
            "--output",
            "x.csv",
        ),
        "after --to",
    ),
    (("export", "inquiries", "--format", "pdf", "--output", "x.pdf"), "unknown format"),
    (("export", "everything", "--format", "csv", "--output", "x.csv"), "unknown export"),
    (("purge", "--older-than", "0"), "at least 1 day"),
    (
        ("baseline", "add", "--channel", "line", "--from", "2024-02-01", "--to", "2024-01-01", "--count", "5"),
        "is after --to",
    ),
    (("figures", "--from", "yesterday"), "YYYY-MM-DD"),
    (("figures", "--from", "2026-13-01"), "month must be in 1..12"),
    (("figures", "--baseline-from", "2022-10-01"), "give both ends of the baseline period"),
    (("figures", "--json", "--nonsense"), "No such option: --nonsense"),
    (("unanswered", "--limit", "0"), "Invalid value for '--limit'"),
]


def test_bad_input_is_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    """Each wrong invocation (Typer's own parameter errors included) gets one `error:` line and exit 2; no file is
    written and nothing is stored. (They are refused before the database is opened, so one backend is enough.)"""
    env = {**os.environ, "PARU_DATA_DIR": str(tmp_path / "data")}
    env.pop("PARU_DATABASE_URL", None)
    for args, message in BAD_INVOCATIONS:
        result = run_paru(*args, cwd=tmp_path, env=env)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: "), args
        assert message in result.stderr, args
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.pdf").exists()
    assert "no office counts yet" in run_paru("baseline", "list", cwd=tmp_path, env=env).stdout


def test_piped_into_head_ends_quietly(paru: Run, tmp_path: Path) -> None:
    """`paru export inquiries --format csv --output - | head` ends as Unix tools do: no traceback, no error line."""
    assert paru("db", "upgrade").returncode == 0
    store = connect(paru.url)  # type: ignore[attr-defined]
    try:
        with transaction(store.sessions) as session:
            for i in range(3000):
                record_inquiry(session, new(f"คำถามที่ {i} " * 5, received_at=dt.datetime.now(dt.UTC)))
    finally:
        store.close()
    (tmp_path / "many.jsonl").write_text('{"text": "แจ้งเกิด"}\n' * 5000, encoding="utf-8")
    env = {**os.environ, "PARU_DATA_DIR": str(tmp_path / "data"), "PARU_DATABASE_URL": paru.url}  # type: ignore[attr-defined]
    for command in (
        f"{PARU} export inquiries --format csv --output - | head -n 2",
        f"{PARU} match --seed --jsonl < many.jsonl | head -n 1",
    ):
        done = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path
        )
        assert (done.returncode, done.stderr) == (0, ""), command
        assert len(done.stdout.splitlines()) in (1, 2)


def test_unreachable_database(tmp_path: Path) -> None:
    """A database URL that cannot connect: a clear message, exit 1, nothing created."""
    env = {
        **os.environ,
        "PARU_DATA_DIR": str(tmp_path / "data"),
        "PARU_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/paru",
    }
    for args in (("db", "upgrade"), ("purge",), ("export", "inquiries", "--format", "csv"), ("match", "แจ้งเกิด")):
        result = subprocess.run([str(PARU), *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
        assert result.returncode == 1, args
        assert "cannot connect to the database" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()


def test_repo_is_untouched() -> None:
    """Commands run in their own folders: the checkout gets no data folder from the tests."""
    assert not (REPO / "data").exists()


def test_create_admin_reads_the_password_from_stdin(paru: Run) -> None:
    """`paru create-admin NAME --password-stdin`: the first account must be an admin, the password is never an
    argument and must be long enough; errors are one line."""
    assert (
        paru("create-admin", "malee", "--password-stdin", "--role", "editor", stdin="a long password\n").returncode == 1
    )
    done = paru("create-admin", "somchai", "--password-stdin", stdin="correct horse battery\n")
    assert done.returncode == 0 and "somchai (admin)" in done.stdout, done.stderr
    short = paru("create-admin", "malee", "--password-stdin", "--role", "editor", stdin="short\n")
    assert short.returncode == 1 and short.stderr.startswith("error: ") and "10" in short.stderr
    assert (
        paru("create-admin", "malee", "--password-stdin", "--role", "editor", stdin="another long one\n").returncode
        == 0
    )
    no_stdin = paru("create-admin", "x")
    assert no_stdin.returncode == 2 and "--password-stdin" in no_stdin.stderr
    assert paru("create-admin", "x", "--password-stdin", "--role", "boss", stdin="a long password\n").returncode == 2
