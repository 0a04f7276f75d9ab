"""The store's commands, run as real processes against SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from openpyxl import load_workbook

from core.db import MIGRATIONS
from tests.conftest import REPO, fresh_database_url
from tests.helpers import PARU, run_paru

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

        yield run


def test_upgrade_then_check(paru: Run) -> None:
    """`paru db upgrade` migrates and seeds; `paru db check` confirms models and schema agree."""
    up = paru("db", "upgrade")
    assert up.returncode == 0, up.stderr
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert f"database at revision {head} " in up.stdout
    check = paru("db", "check")
    assert check.returncode == 0 and "matching the models" in check.stdout
    assert "67 procedures" in paru("catalogue", "list").stdout


def test_baseline_and_figures(paru: Run) -> None:
    """Office counts entered by command feed the reduction figure."""
    assert (
        paru(
            "baseline", "add", "--channel", "facebook", "--from", "2022-10-01", "--to", "2023-09-30", "--count", "841"
        ).returncode
        == 0
    )
    listed = paru("baseline", "list").stdout
    assert "facebook" in listed and "841" in listed and "1 ต.ค. 2565" in listed
    out = paru(
        "figures",
        "--from",
        "2023-10-01",
        "--to",
        "2024-09-30",
        "--baseline-from",
        "2022-10-01",
        "--baseline-to",
        "2023-09-30",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["reduction"][-1] == {
        "channel": "รวม",
        "before": 841,
        "after_needing_person": 0,
        "after_bot_total": 0,
        "percent": 100.0,
    }


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


@pytest.mark.parametrize(
    ("args", "message"),
    [
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
            "before it starts",
        ),
        (("figures", "--from", "yesterday"), "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(
    paru: Run, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    """Each mistake gets a one-line reason and a non-zero exit; no file is written and nothing is stored."""
    result = paru(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.pdf").exists()
    assert "no office counts yet" in paru("baseline", "list").stdout


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
