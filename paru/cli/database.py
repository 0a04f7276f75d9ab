"""``paru db`` (migrate, check) and ``paru purge`` (the retention rule)."""

from __future__ import annotations

from typing import Annotated

import typer

from core.db import DatabaseError, current_revision, head_revision, schema_differences
from core.inquiries import purge_texts
from core.settings import get_settings
from paru.cli.common import USAGE, fail, run_in_transaction, store
from paru.runtime import prepare

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


def purge_command(
    older_than: Annotated[
        int | None, typer.Option("--older-than", help="Days to keep. Default: PARU_RETENTION_DAYS (90).")
    ] = None,
) -> None:
    """Blank the message texts of older inquiries; every count and figure stays."""
    days = older_than if older_than is not None else get_settings().retention_days
    if days < 1:
        raise fail("--older-than must be at least 1 day: a purge of 0 days would blank today's messages", code=USAGE)
    blanked = run_in_transaction(lambda s: purge_texts(s, days))
    typer.echo(f"blanked the texts of {blanked} inquiries older than {days} days; counts are unchanged")


def register(app: typer.Typer) -> None:
    """Add ``db`` and ``purge`` to ``paru``."""
    app.add_typer(db_app, name="db")
    app.command("purge")(purge_command)
