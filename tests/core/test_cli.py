"""The ``paru`` command line, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator

import pytest

from tests.conftest import shared_file
from tests.helpers import run_paru

pytestmark = pytest.mark.slow  # real servers or processes


@pytest.fixture(scope="module", autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """These commands use the embedded default database, in a folder of the test's own."""
    folder = tmp_path_factory.mktemp("paru-data")
    saved = os.environ.get("PARU_DATA_DIR")
    os.environ["PARU_DATA_DIR"] = str(folder)
    os.environ.pop("PARU_DATABASE_URL", None)
    yield
    if saved is None:
        os.environ.pop("PARU_DATA_DIR", None)
    else:
        os.environ["PARU_DATA_DIR"] = saved


def paru(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_paru(*args, stdin=stdin, cwd=os.environ["PARU_DATA_DIR"])


def test_match_jsonl_writes_one_line_per_input_in_order() -> None:
    """The format our own checks use: text, decision, intent and at most three matches."""
    lines = [
        {"text": "บัตรประชาชนหายต้องทำยังไง"},
        {"text": "สวัสดีครับ"},
        {"text": "ย้ายทะเบียนบ้านต้องใช้อะไรบ้าง"},
        {"text": ""},
    ]
    result = paru("match", "--jsonl", stdin="".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in out] == [x["text"] for x in lines]
    for o in out:
        assert set(o) == {"text", "decision", "intent", "lang", "matches"}
        assert o["decision"] in ("answer", "choose", "none")
        assert len(o["matches"]) <= 3
        assert (o["decision"] == "none") == (o["matches"] == [])
        for m in o["matches"]:
            assert set(m) == {"id", "title_th", "score"}
    assert out[0]["decision"] == "answer"
    assert out[0]["matches"][0]["id"] == "id-card-lost-destroyed"
    assert (out[1]["decision"], out[1]["intent"]) == ("none", "greeting")
    assert out[2]["decision"] == "choose"


def test_match_jsonl_reports_bad_lines_and_goes_on() -> None:
    """A line that is not a JSON object with a text gets its own answer and a message on stderr."""
    result = paru("match", "--jsonl", stdin='not json\n{"text": 5}\n{"foo": 1}\n{"text": "แจ้งตาย"}\n')
    assert result.returncode == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["intent"] for o in out[:3]] == ["invalid", "invalid", "invalid"]
    assert out[3]["matches"][0]["id"] == "death-registration" and out[3]["lang"] == "th"
    assert "line 1" in result.stderr and "line 2" in result.stderr and "line 3" in result.stderr
    assert "Traceback" not in result.stderr


def test_match_text_is_readable() -> None:
    """A person reads the decision in English and Thai and the ranked matches."""
    result = paru("match", "--explain", "แต่งงานต้องใช้อะไรบ้าง")
    assert result.returncode == 0
    assert "decision: answer (ตอบด้วยคลิป)" in result.stdout
    assert "การจดทะเบียนสมรส  [marriage-registration]" in result.stdout
    assert "ranking:" in result.stdout


def test_match_needs_text_or_jsonl() -> None:
    """Both or neither is a usage error with a clear message."""
    result = paru("match")
    assert result.returncode == 2
    assert "either a TEXT argument or --jsonl" in result.stderr


def test_eval_prints_figures_and_misses() -> None:
    """paru eval scores a labelled set overall and per kind."""
    result = paru("eval", str(shared_file("eval", "dev.jsonl")), "--split", "holdout")
    assert result.returncode == 0, result.stderr
    assert "(holdout, 123 messages)" in result.stdout
    assert result.stdout.splitlines()[2].startswith("ALL")
    as_json = json.loads(paru("eval", str(shared_file("eval", "dev.jsonl")), "--json").stdout)
    assert as_json["n"] == 425
    assert as_json["overall"]["top1"] >= 0.95


def test_eval_bad_arguments() -> None:
    """An unknown split or a missing file is a usage error, not a traceback."""
    assert paru("eval", "nope.jsonl").returncode == 2
    bad = paru("eval", str(shared_file("eval", "dev.jsonl")), "--split", "everything")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


def test_chat_answers_at_the_prompt() -> None:
    """The interactive prompt answers each line and stops at an empty one."""
    result = paru("chat", stdin="ทำบัตรประชาชนครั้งแรก\n\n")
    assert result.returncode == 0
    assert "id-card-first-time" in result.stdout


def test_serve_refuses_an_unreadable_agencies_file(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken agencies file is one error line and a usage exit code, before anything listens."""
    broken = os.path.join(os.environ["PARU_DATA_DIR"], "agencies.json")
    with open(broken, "w", encoding="utf-8") as f:
        f.write('{"_agencies": {"passport": {"name_th": "กรมการกงสุล"}}}')
    monkeypatch.setenv("PARU_AGENCIES_FILE", broken)
    result = paru("serve", "--port", "8799")
    assert result.returncode == 2
    assert result.stderr.startswith("error: PARU_AGENCIES_FILE:") and "missing" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
