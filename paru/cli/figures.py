"""``paru figures``, ``paru unanswered`` and ``paru export``: the office's figures, the teach list, the files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from admin.export import ExportError, check_format, write_export
from admin.summary import Summary, summarise
from admin.unanswered import unanswered
from core.thaidate import thai_date
from paru.cli.common import (
    KNOWN_ERRORS,
    USAGE,
    FromOpt,
    ToOpt,
    date_range,
    fail,
    optional_range,
    run_in_transaction,
    store,
)

EXPORTS = ("inquiries", "figures")


def _show(value: float | None, unit: str = "%") -> str:
    return "-" if value is None else f"{value:.2f}{unit}"


def _print_summary(summary: Summary) -> None:
    c, sat, ss, red = summary.counts, summary.satisfaction, summary.self_service, summary.reduction
    typer.echo(f"ช่วง {thai_date(summary.start)} – {thai_date(summary.end)}")
    typer.echo(f"  คำถามจากประชาชนที่บอทได้รับ: {c.total.total}  (ยังต้องใช้เจ้าหน้าที่: {c.total.needs_person})")
    if sat.ratings:
        typer.echo(
            f"  ความพึงพอใจ: {sat.ratings} คะแนนที่ได้รับ  เฉลี่ย {sat.mean:.2f}  = {_show(sat.percent)}"
            f"  (ให้ 4–5: {_show(sat.share_4_or_5)})"
        )
    else:
        typer.echo("  ความพึงพอใจ: คำนวณไม่ได้ (ยังไม่มีผู้ให้คะแนนในช่วงนี้)")
    typer.echo(f"  อัตราการบริการตนเอง: {_show(ss.percent)}" if ss.total else "  อัตราการบริการตนเอง: คำนวณไม่ได้ (ไม่มีคำถาม)")
    if c.trial:
        typer.echo(f"  (แยกไว้ ไม่นับในตัวชี้วัด) ข้อความทดลองจากเครื่องจำลอง: {c.trial}")
    if red is None:
        return
    typer.echo(
        f"  การลดลงของคำถาม: ก่อน {thai_date(red.before[0])} – {thai_date(red.before[1])} ({red.total.before_days} วัน)"
        f" เทียบกับช่วงนี้ ({red.total.after_days} วัน)"
    )
    for r in [*red.rows, red.total]:
        figure = f"= {_show(r.percent)}" if r.reason is None else f"คำนวณไม่ได้: {r.reason.th}"
        line = (
            f"    [{r.channel}] ก่อน {r.before} → หลัง (ยังต้องใช้เจ้าหน้าที่) {r.after_needing_person}  {figure}"
            f"   (บอทได้รับทั้งหมด {r.after_bot_total})"
        )
        if red.lengths_differ and r.reason is None:
            line += (
                f"   ต่อวัน: {_show(r.before_per_day, '')} → {_show(r.after_per_day, '')} = {_show(r.per_day_percent)}"
            )
        typer.echo(line)
    for note in red.notes:
        typer.echo(f"  หมายเหตุ: {note.th}")


def figures_command(
    start: FromOpt = None,
    end: ToOpt = None,
    baseline_from: Annotated[str | None, typer.Option(help="Start of the baseline period, for the reduction.")] = None,
    baseline_to: Annotated[str | None, typer.Option(help="End of the baseline period, for the reduction.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """The figures of a period: inquiries, satisfaction, self-service, and the reduction against a baseline.

    A reduction that cannot be computed (no data after, a zero baseline) is refused with the reason; with --json
    it is null and the reason is given beside it.
    """
    lo, hi = date_range(start, end)
    base = optional_range(baseline_from, baseline_to, "baseline period (--baseline-from and --baseline-to)")
    summary = run_in_transaction(lambda s: summarise(s, lo, hi, base))
    if as_json:
        typer.echo(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
        return
    if summary.reduction is not None and summary.reduction.total.reason is not None:
        raise fail(f"cannot compute the reduction: {summary.reduction.total.reason.en}")
    _print_summary(summary)


def unanswered_command(
    start: FromOpt = None,
    end: ToOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="How many groups to list.")] = 50,
) -> None:
    """Messages the bot could not settle, grouped by normalised text, most frequent first: teach the bot these."""
    lo, hi = date_range(start, end)
    groups = run_in_transaction(lambda s: unanswered(s, lo, hi, limit))
    if not groups:
        typer.echo("no unanswered questions in this period")
    for g in groups:
        typer.echo(f"{g.count:>5}  {g.text}  [{', '.join(g.intents)}]  (last: {thai_date(g.last_seen.date())})")


def export_command(
    what: Annotated[str, typer.Argument(help="inquiries or figures")],
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="csv (UTF-8 with BOM, opens in Excel) or xlsx")] = "xlsx",
    output: Annotated[str, typer.Option("--output", "-o", help="File to write, or - for standard output.")] = "-",
    baseline_from: Annotated[str | None, typer.Option(help="Baseline start, adds the reduction sheet.")] = None,
    baseline_to: Annotated[str | None, typer.Option(help="Baseline end.")] = None,
    include_trial: Annotated[
        bool, typer.Option("--include-trial", help="inquiries only: add the simulator's trial inquiries, labelled.")
    ] = False,
) -> None:
    """Export inquiries or figures to CSV or Excel. Nothing is written if the arguments are wrong."""
    if what not in EXPORTS:
        raise fail(f"unknown export {what!r}: use inquiries or figures", code=USAGE)
    try:
        check_format(fmt)
    except ExportError as exc:
        raise fail(str(exc), code=USAGE) from exc
    if output == "-" and fmt == "xlsx" and sys.stdout.isatty():
        raise fail(
            "an Excel workbook is not for the terminal: add --output FILE.xlsx (or use --format csv)", code=USAGE
        )
    lo, hi = date_range(start, end)
    base = optional_range(baseline_from, baseline_to, "baseline period (--baseline-from and --baseline-to)")
    if output != "-":
        target = Path(output)
        if target.parent and not target.parent.exists():
            raise fail(f"folder {target.parent} does not exist", code=USAGE)
    with store() as s, s.sessions() as session:
        try:
            if output == "-":
                n = write_export(session, what, fmt, lo, hi, sys.stdout.buffer, base, include_trial)  # type: ignore[arg-type]
                sys.stdout.buffer.flush()
            else:
                partial = Path(output + ".part")
                try:
                    with partial.open("wb") as f:
                        n = write_export(session, what, fmt, lo, hi, f, base, include_trial)  # type: ignore[arg-type]
                    partial.replace(output)
                finally:
                    partial.unlink(missing_ok=True)
        except KNOWN_ERRORS as exc:
            raise fail(str(exc)) from exc
    if output != "-":
        typer.echo(f"wrote {n} rows to {output}")


def register(app: typer.Typer) -> None:
    """Add ``figures``, ``unanswered`` and ``export`` to ``paru``."""
    app.command("figures")(figures_command)
    app.command("unanswered")(unanswered_command)
    app.command("export")(export_command)
