"""The ``paru`` command line: one entry point for people and scripts, reading the same catalogue as the bot."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from catalogue.evaluation import Prediction, Split, evaluate, format_report, read_questions
from catalogue.matcher import MatcherIndex, MatchResult, build_index, explain, match
from catalogue.seed import load_seed
from catalogue.store import load_catalogue
from core.cli_store import register, store
from core.db import DatabaseError
from core.runtime import open_store

app = typer.Typer(
    help="Paru (บางนาพารู้): the LINE clip bot of Bang Na District Office.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_DECISION_TH = {"answer": "ตอบด้วยคลิป", "choose": "ให้เลือก", "none": "ไม่มีคลิปที่ตรง"}


def _index(from_seed: bool = False) -> MatcherIndex:
    """The matcher index over the catalogue in the database (or over the seed files, with ``--seed``)."""
    if from_seed:
        return build_index(load_seed())
    with store() as s, s.sessions() as session:
        return build_index(load_catalogue(session))


SeedOpt = Annotated[
    bool, typer.Option("--seed", help="Use the catalogue's seed files instead of the database (no database needed).")
]


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


@app.command("match")
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
        raise typer.BadParameter("give either a TEXT argument or --jsonl (with JSON lines on stdin), not both")
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
            message = item["text"] if isinstance(item, dict) else None
        except json.JSONDecodeError:
            message = None
        if not isinstance(message, str):
            typer.echo(f"line {n}: expected a JSON object with a string 'text' field", err=True)
            out: dict[str, object] = {"text": None, "decision": "none", "intent": "invalid", "matches": []}
        else:
            out = match(message, index).as_dict()
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command("eval")
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
    if split not in ("all", "tune", "holdout"):
        raise typer.BadParameter("split must be all, tune or holdout")
    if not path.is_file():
        raise typer.BadParameter(f"no such file: {path}")
    questions = read_questions(path, split)  # type: ignore[arg-type]
    split_name: Split = split  # type: ignore[assignment]
    index = _index(from_seed)
    pairs = []
    for q in questions:
        r = match(q.text, index)
        pairs.append((q, Prediction(r.decision, tuple(m.id for m in r.matches))))
    report = evaluate(pairs)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    if not misses:
        report.misses.clear()
    for line in format_report(report, f"{path.name} ({split_name}, {len(questions)} messages)"):
        typer.echo(line)


@app.command("chat")
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


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (with PostgreSQL, one per core).")] = 1,
) -> None:
    """Run Paru: the LINE webhook, and with no LINE credentials the simulator at /simulator (demo mode)."""
    import os

    import uvicorn

    from core.settings import get_settings

    os.environ.setdefault("PARU_SELF_URL", f"http://127.0.0.1:{port}")
    get_settings.cache_clear()
    settings = get_settings()
    try:
        opened = open_store(settings)  # migrate and seed once, before the workers start
    except DatabaseError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    opened.close()
    mode = f"demo: open http://127.0.0.1:{port}/simulator" if settings.demo_mode else "LINE"
    typer.echo(f"Paru serving on http://{host}:{port} ({mode})")
    uvicorn.run(
        "bot.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
        timeout_graceful_shutdown=20,
    )


register(app)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
