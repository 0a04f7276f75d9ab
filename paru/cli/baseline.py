"""``paru baseline``: the office's own counts of questions answered by hand (the "before" of the reduction)."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.orm import Session

from core.inquiries import add_office_count, list_office_counts, remove_office_count
from core.settings import get_settings
from core.thaidate import thai_date
from paru.cli.common import USAGE, date_range, fail, run_in_transaction

baseline_app = typer.Typer(
    help="The office's own counts of questions answered by hand (before Paru, or on channels Paru does not answer).",
    no_args_is_help=True,
)


@baseline_app.command("add")
def baseline_add(
    channel: Annotated[str, typer.Option(help="One of PARU_CHANNELS: line, facebook, website, phone, walk_in.")],
    start: Annotated[str, typer.Option("--from", help="First day of the period, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day of the period, YYYY-MM-DD.")],
    count: Annotated[int, typer.Option(help="Questions staff answered on this channel in the period.")],
    note: Annotated[str, typer.Option(help="Where the figure comes from.")] = "",
) -> None:
    """Enter a count, e.g. 300 questions on Facebook in the year before the clips. A period that overlaps another
    count of the same channel is refused."""
    lo, hi = date_range(start, end)
    channels = get_settings().channels
    if channel.strip().lower() not in channels:
        choices = ", ".join(channels)
        raise fail(f"ไม่รู้จักช่องทาง {channel!r} (unknown channel {channel!r}: use one of {choices})", code=USAGE)
    row_id = run_in_transaction(lambda s: add_office_count(s, channel, lo, hi, count, note, channels=channels).id)
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


def register(app: typer.Typer) -> None:
    """Add ``baseline`` to ``paru``."""
    app.add_typer(baseline_app, name="baseline")
