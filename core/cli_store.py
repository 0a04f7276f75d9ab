"""``paru`` commands over the store: database, office counts, purge, figures, unanswered questions, export, catalogue.

They call the same functions as the admin. Errors are one line on stderr and a non-zero exit; nothing is changed
when a command fails.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.orm import Session

from admin.export import ExportError, check_format, write_export
from admin.figures import FigureError, counts, reduction, satisfaction, self_service, thai_date, unanswered
from catalogue.store import (
    CatalogueError,
    add_example,
    add_synonym,
    catalogue_version,
    load_catalogue,
    update_procedure,
)
from core.db import DatabaseError, current_revision, head_revision, schema_differences, transaction
from core.inquiries import StoreError, add_office_count, list_office_counts, purge_texts, remove_office_count
from core.runtime import Store, open_store, prepare
from core.settings import get_settings

T = TypeVar("T")
_ERRORS = (DatabaseError, StoreError, FigureError, ExportError, CatalogueError)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def store(migrate: bool = True) -> Iterator[Store]:
    """The configured store, closed afterwards; connection problems become a one-line error."""
    try:
        opened = open_store(get_settings(), migrate=migrate)
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    try:
        yield opened
    finally:
        opened.close()


def run_in_transaction(work: Callable[[Session], T], migrate: bool = True) -> T:
    """Run ``work`` in one transaction; any known error rolls it all back and exits non-zero."""
    with store(migrate) as s:
        try:
            with transaction(s.sessions) as session:
                return work(session)
        except _ERRORS as exc:
            raise fail(str(exc)) from exc


def parse_date(value: str | None, name: str) -> dt.date | None:
    """A YYYY-MM-DD date (a Buddhist-era year such as 2569 is understood too)."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{name} must be a date written YYYY-MM-DD, got {value!r}") from exc
    if day.year > 2400:  # a Buddhist-era year
        day = day.replace(year=day.year - 543)
    return day


def date_range(start: str | None, end: str | None) -> tuple[dt.date, dt.date]:
    """The range asked for; by default the last 30 days. A range that ends before it starts is an error."""
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    lo = parse_date(start, "--from") or today - dt.timedelta(days=29)
    hi = parse_date(end, "--to") or today
    if hi < lo:
        raise fail(f"--from ({lo}) is after --to ({hi})", code=2)
    return lo, hi


FromOpt = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD (Bangkok). Default: 30 days ago.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (Bangkok), included. Default: today.")]

# -- paru db -------------------------------------------------------------------------------------------------------
db_app = typer.Typer(help="The database: migrate it and check it.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema and seed an empty catalogue (the server also does this on start)."""
    with store(migrate=False) as s:
        try:
            prepare(s.engine)
        except DatabaseError as exc:
            raise fail(str(exc)) from exc
        typer.echo(f"database at revision {current_revision(s.engine)} ({s.engine.url.render_as_string()})")


@db_app.command("check")
def db_check() -> None:
    """Fail if the database is not at the newest revision or differs from the models."""
    with store(migrate=False) as s:
        current, head = current_revision(s.engine), head_revision(s.engine)
        if current != head:
            raise fail(f"database at revision {current}, newest is {head}: run `paru db upgrade`")
        diffs = schema_differences(s.engine)
        if diffs:
            raise fail("the database differs from the models: " + "; ".join(map(str, diffs)))
        typer.echo(f"database at revision {current}, matching the models")


# -- paru baseline -------------------------------------------------------------------------------------------------
baseline_app = typer.Typer(help="The office's own counts of questions answered by hand (before Paru).")


@baseline_app.command("add")
def baseline_add(
    channel: Annotated[str, typer.Option(help="facebook, line, website, phone ...")],
    start: Annotated[str, typer.Option("--from", help="First day of the period, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day of the period, YYYY-MM-DD.")],
    count: Annotated[int, typer.Option(help="Questions staff answered in the period.")],
    note: Annotated[str, typer.Option(help="Where the figure comes from.")] = "",
) -> None:
    """Enter a count, e.g. 841 questions on all online channels in the year before the clips."""
    lo, hi = parse_date(start, "--from"), parse_date(end, "--to")
    assert lo is not None and hi is not None
    row_id = run_in_transaction(lambda s: add_office_count(s, channel, lo, hi, count, note).id)
    typer.echo(f"office count {row_id} added: {channel} {thai_date(lo)} – {thai_date(hi)}: {count}")


@baseline_app.command("list")
def baseline_list() -> None:
    """List the office counts."""

    def work(session: Session) -> None:
        rows = list_office_counts(session)
        if not rows:
            typer.echo("no office counts yet: add one with `paru baseline add`")
        for r in rows:
            note = f"  ({r.note})" if r.note else ""
            typer.echo(
                f"{r.id:>4}  {r.channel:<10} {thai_date(r.period_start)} – {thai_date(r.period_end)}  {r.count}{note}"
            )

    run_in_transaction(work)


@baseline_app.command("remove")
def baseline_remove(count_id: Annotated[int, typer.Argument(help="The id shown by `paru baseline list`.")]) -> None:
    """Delete an office count entered by mistake."""
    run_in_transaction(lambda s: remove_office_count(s, count_id))
    typer.echo(f"office count {count_id} removed")


# -- paru purge, figures, unanswered --------------------------------------------------------------------------------
def purge_command(
    older_than: Annotated[
        int | None, typer.Option("--older-than", help="Days to keep. Default: PARU_RETENTION_DAYS (90).")
    ] = None,
) -> None:
    """Blank the message texts of older inquiries; every count and figure stays."""
    days = older_than if older_than is not None else get_settings().retention_days
    if days < 1:
        raise fail("--older-than must be at least 1 day: a purge of 0 days would blank today's messages", code=2)
    blanked = run_in_transaction(lambda s: purge_texts(s, days))
    typer.echo(f"blanked the texts of {blanked} inquiries older than {days} days; counts are unchanged")


def figures_command(
    start: FromOpt = None,
    end: ToOpt = None,
    baseline_from: Annotated[str | None, typer.Option(help="Start of the baseline period, for the reduction.")] = None,
    baseline_to: Annotated[str | None, typer.Option(help="End of the baseline period, for the reduction.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """The figures of a period: inquiries, reduction against a baseline, satisfaction, self-service."""
    lo, hi = date_range(start, end)
    base = None
    if baseline_from or baseline_to:
        if not (baseline_from and baseline_to):
            raise fail("give both --baseline-from and --baseline-to", code=2)
        base = date_range(baseline_from, baseline_to)

    def work(session: Session) -> dict[str, object]:
        c = counts(session, lo, hi)
        sat = satisfaction(session, lo, hi)
        ss = self_service(session, lo, hi)
        out: dict[str, object] = {
            "from": lo.isoformat(),
            "to": hi.isoformat(),
            "inquiries": c.total.total,
            "needing_person": c.total.needs_person,
            "by_decision": {k: v.total for k, v in c.by_decision.items()},
            "by_channel": {k: v.total for k, v in c.by_channel.items()},
            "satisfaction": {
                "ratings": sat.count,
                "mean": sat.mean,
                "percent": sat.percent,
                "share_4_or_5": sat.share_4_or_5,
            },
            "self_service_percent": ss.percent,
        }
        if base is not None:
            rows, total = reduction(session, base, (lo, hi))
            out["reduction"] = [
                {
                    "channel": r.channel,
                    "before": r.before,
                    "after_needing_person": r.after_needing_person,
                    "after_bot_total": r.after_bot_total,
                    "percent": r.percent,
                }
                for r in [*rows, total]
            ]
        return out

    data = run_in_transaction(work)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"ช่วง {thai_date(lo)} – {thai_date(hi)}")
    typer.echo(f"  คำถามที่บอทได้รับ: {data['inquiries']}  (ยังต้องใช้เจ้าหน้าที่: {data['needing_person']})")
    sat_d = data["satisfaction"]
    assert isinstance(sat_d, dict)
    typer.echo(f"  ความพึงพอใจ: {sat_d['ratings']} คน  เฉลี่ย {sat_d['mean']}  = {sat_d['percent']}%")
    typer.echo(f"  อัตราการบริการตนเอง: {data['self_service_percent']}%")
    for r in data.get("reduction", []):  # type: ignore[attr-defined]
        typer.echo(
            f"  ลดลง [{r['channel']}]: ก่อน {r['before']} → หลัง (ยังต้องใช้เจ้าหน้าที่) {r['after_needing_person']}"
            f"  = {r['percent']}%   (บอทได้รับทั้งหมด {r['after_bot_total']})"
        )


def unanswered_command(
    start: FromOpt = None,
    end: ToOpt = None,
    limit: Annotated[int, typer.Option(help="How many groups to list.")] = 50,
) -> None:
    """Messages the bot could not help with, grouped by normalised text, most frequent first: teach the bot these."""
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
) -> None:
    """Export inquiries or figures to CSV or Excel. Nothing is written if the arguments are wrong."""
    if what not in ("inquiries", "figures"):
        raise fail(f"unknown export {what!r}: use inquiries or figures", code=2)
    try:
        check_format(fmt)
    except ExportError as exc:
        raise fail(str(exc), code=2) from exc
    if output == "-" and fmt == "xlsx" and sys.stdout.isatty():
        raise fail("an Excel workbook is not for the terminal: add --output FILE.xlsx (or use --format csv)", code=2)
    lo, hi = date_range(start, end)
    base = date_range(baseline_from, baseline_to) if (baseline_from and baseline_to) else None
    if output != "-":
        target = Path(output)
        if target.parent and not target.parent.exists():
            raise fail(f"folder {target.parent} does not exist", code=2)
    with store() as s, s.sessions() as session:
        try:
            if output == "-":
                n = write_export(session, what, fmt, lo, hi, sys.stdout.buffer, base)  # type: ignore[arg-type]
                sys.stdout.buffer.flush()
            else:
                partial = Path(output + ".part")
                with partial.open("wb") as f:
                    n = write_export(session, what, fmt, lo, hi, f, base)  # type: ignore[arg-type]
                partial.replace(output)
        except _ERRORS as exc:
            raise fail(str(exc)) from exc
    if output != "-":
        typer.echo(f"wrote {n} rows to {output}")


# -- paru catalogue ------------------------------------------------------------------------------------------------
catalogue_app = typer.Typer(help="The catalogue in the database: procedures, clip links, examples, vocabulary.")


@catalogue_app.command("list")
def catalogue_list() -> None:
    """Every procedure with its clip link and number of example questions."""

    def work(session: Session) -> None:
        cat = load_catalogue(session)
        per = {p.id: 0 for p in cat.procedures}
        for e in cat.examples:
            per[e.label] = per.get(e.label, 0) + 1
        typer.echo(f"catalogue version {catalogue_version(session)}: {len(cat.procedures)} procedures")
        for p in cat.procedures:
            flag = "" if p.active else "  (retired)"
            typer.echo(f"{p.id:<42} {per[p.id]:>3} ex.  {p.clip_link}{flag}")

    run_in_transaction(work)


@catalogue_app.command("set-clip")
def catalogue_set_clip(
    procedure_id: Annotated[str, typer.Argument(help="The procedure's id.")],
    url: Annotated[str, typer.Argument(help="The clip's link (https://...), or '' to fall back to the TikTok page.")],
) -> None:
    """Set a procedure's clip link."""
    run_in_transaction(lambda s: update_procedure(s, procedure_id, clip_url=url))
    typer.echo(f"clip of {procedure_id} set")


@catalogue_app.command("add-example")
def catalogue_add_example(
    label: Annotated[str, typer.Argument(help="A procedure id, or intent:<name> (intent:other_agency ...).")],
    text: Annotated[str, typer.Argument(help="The question as citizens ask it.")],
    lang: Annotated[str, typer.Option(help="th or en")] = "th",
) -> None:
    """Teach the matcher a phrasing; every worker rebuilds its index within seconds."""
    run_in_transaction(lambda s: add_example(s, label, text, lang))
    typer.echo(f"example added to {label}")


@catalogue_app.command("add-synonym")
def catalogue_add_synonym(
    canonical: Annotated[str, typer.Argument(help="The official term, e.g. สมรส")],
    variant: Annotated[str, typer.Argument(help="What citizens say, e.g. แต่งงาน")],
) -> None:
    """Teach the matcher that a word means an official term."""
    run_in_transaction(lambda s: add_synonym(s, canonical, variant))
    typer.echo(f"{variant} → {canonical}")


def register(app: typer.Typer) -> None:
    """Add the store commands to the ``paru`` app."""
    app.add_typer(db_app, name="db")
    app.add_typer(baseline_app, name="baseline")
    app.add_typer(catalogue_app, name="catalogue")
    app.command("purge")(purge_command)
    app.command("figures")(figures_command)
    app.command("unanswered")(unanswered_command)
    app.command("export")(export_command)
