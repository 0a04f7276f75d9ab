"""``paru match``, ``paru eval``, ``paru chat``: the matcher, for people and scripts."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from catalogue.evaluation import Split, evaluate, format_report, predict, read_questions
from catalogue.matcher import MatcherIndex, MatchResult, build_index, explain, match
from catalogue.seed import load_seed
from catalogue.store import load_catalogue
from paru.cli.common import USAGE, fail, store

_DECISION_TH = {"answer": "ตอบด้วยคลิป", "choose": "ให้เลือก", "none": "ไม่มีคลิปที่ตรง"}
SPLITS = ("all", "tune", "holdout")

SeedOpt = Annotated[
    bool, typer.Option("--seed", help="Use the catalogue's seed files instead of the database (no database needed).")
]


def _index(from_seed: bool = False) -> MatcherIndex:
    """The matcher index over the catalogue in the database (or over the seed files, with ``--seed``)."""
    if from_seed:
        return build_index(load_seed())
    with store() as s, s.sessions() as session:
        return build_index(load_catalogue(session))


def _describe(result: MatchResult, index: MatcherIndex | None = None) -> list[str]:
    lines = [f"decision: {result.decision} ({_DECISION_TH[result.decision]})", f"intent:   {result.intent}"]
    if result.analysis.layout_rescued:
        lines.append(f"keyboard: rescued as {result.analysis.rescued!r}")
    lines.append(f"tokens:   {' '.join(result.analysis.tokens) or '-'}")
    for i, m in enumerate(result.matches, 1):
        lines.append(f"  {i}. {m.title_th}  [{m.id}]  score {m.score:.3f}")
    if index is not None:
        lines.append("ranking:  " + ", ".join(f"{label} {score:.3f}" for label, score in explain(result.text, index)))
    return lines


def match_command(
    text: Annotated[str | None, typer.Argument(help="The message to match, as a citizen would type it.")] = None,
    verbose: Annotated[bool, typer.Option("--explain", help="Also show the best labels and their scores.")] = False,
    from_seed: SeedOpt = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Read JSON lines with a 'text' field on stdin; write one JSON line each.")
    ] = False,
) -> None:
    """Match a message against the catalogue and show the decision and the top matches."""
    if jsonl == (text is not None):
        raise fail("give either a TEXT argument or --jsonl (with JSON lines on stdin), not both", code=USAGE)
    index = _index(from_seed)
    if text is not None:
        for line in _describe(match(text, index), index if verbose else None):
            typer.echo(line)
        return
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            message = item.get("text") if isinstance(item, dict) else None
        except json.JSONDecodeError:
            message = None
        if not isinstance(message, str):
            typer.echo(f"line {n}: expected a JSON object with a string 'text' field", err=True)
            out: dict[str, object] = {
                "text": None,
                "decision": "none",
                "intent": "invalid",
                "lang": None,
                "matches": [],
            }
        else:
            out = match(message, index).as_dict()
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def eval_command(
    path: Annotated[Path, typer.Argument(help="A labelled question set (JSON lines: text, expected, kind).")],
    split: Annotated[
        str, typer.Option(help="all, tune (the part tuned on) or holdout (the part never tuned on).")
    ] = "all",
    misses: Annotated[bool, typer.Option(help="List the misses.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON instead.")] = False,
    from_seed: SeedOpt = False,
) -> None:
    """Score the matcher on a labelled question set, overall and per kind, and list the misses."""
    if split not in SPLITS:
        raise fail(f"--split must be one of {', '.join(SPLITS)}, not {split!r}", code=USAGE)
    if not path.is_file():
        raise fail(f"no such file: {path}", code=USAGE)
    split_name: Split = split  # type: ignore[assignment]
    questions = read_questions(path, split_name)
    report = evaluate(predict(questions, _index(from_seed)))
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    if not misses:
        report.misses.clear()
    for line in format_report(report, f"{path.name} ({split_name}, {len(questions)} messages)"):
        typer.echo(line)


def chat_command(from_seed: SeedOpt = False) -> None:
    """Ask questions at a prompt and see what Paru would answer (Ctrl-D or an empty line to quit)."""
    started = time.perf_counter()
    index = _index(from_seed)
    typer.echo(f"Paru พร้อมแล้ว ({len(index.procedures)} เรื่อง, {time.perf_counter() - started:.1f} วินาที)")
    typer.echo("พิมพ์คำถามแล้วกด Enter (บรรทัดว่างเพื่อออก)")
    while True:
        try:
            text = input("> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            break
        if not text.strip():
            break
        for line in _describe(match(text, index)):
            typer.echo("  " + line)


def register(app: typer.Typer) -> None:
    """Add the matcher's commands to ``paru``."""
    app.command("match")(match_command)
    app.command("eval")(eval_command)
    app.command("chat")(chat_command)
