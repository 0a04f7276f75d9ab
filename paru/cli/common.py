"""What every ``paru`` command shares: one-line errors, opening the store, reading dates.

A wrong invocation exits 2, a failure at run time exits 1; either way the command prints one ``error:`` line on
stderr and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar

import typer
from sqlalchemy.orm import Session

from admin.export import ExportError
from admin.figures import FigureError
from catalogue.store import CatalogueError
from core.db import DatabaseError, Store, transaction
from core.inquiries import StoreError
from core.settings import get_settings
from core.thaidate import DateRangeError, parse_date, today
from paru.runtime import open_store

T = TypeVar("T")
#: Errors a command reports as one line (exit 1): what the services refuse, and a database that does not answer.
KNOWN_ERRORS = (DatabaseError, StoreError, FigureError, ExportError, CatalogueError, DateRangeError)
USAGE = 2
FAILURE = 1


def fail(message: str, code: int = FAILURE) -> typer.Exit:
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
    """Run ``work`` in one transaction; any known error rolls it all back and exits 1."""
    with store(migrate) as s:
        try:
            with transaction(s.sessions) as session:
                return work(session)
        except KNOWN_ERRORS as exc:
            raise fail(str(exc)) from exc


def read_date(value: str, name: str) -> dt.date:
    """A date option (YYYY-MM-DD or D/M/YYYY, Buddhist-era years understood); a bad one is a usage error."""
    try:
        return parse_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=name) from exc


def date_range(start: str | None, end: str | None, default_days: int = 30) -> tuple[dt.date, dt.date]:
    """The range asked for (Bangkok dates, both ends included); by default the last 30 days."""
    hi = read_date(end, "--to") if end else today()
    lo = read_date(start, "--from") if start else hi - dt.timedelta(days=default_days - 1)
    if hi < lo:
        raise fail(f"--from ({lo}) is after --to ({hi})", code=USAGE)
    return lo, hi


def optional_range(start: str | None, end: str | None, what: str) -> tuple[dt.date, dt.date] | None:
    """A second range given by two options that go together (such as the baseline period), or None."""
    if not (start or end):
        return None
    if not (start and end):
        raise fail(f"give both ends of the {what}", code=USAGE)
    return date_range(start, end)


FromOpt = Annotated[
    str | None,
    typer.Option("--from", help="First day, YYYY-MM-DD (Bangkok; 2567-10-01 works too). Default: 30 days ago."),
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (Bangkok), included. Default: today.")]
