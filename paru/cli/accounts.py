"""``paru create-admin``: a staff account for the web admin, from the command line (the first one must be an admin)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from admin import audit
from admin.accounts import ROLES, AccountError, create_user
from paru.cli.common import USAGE, fail, run_in_transaction


def create_admin_command(
    username: Annotated[str, typer.Argument(help="The account's name (letters, digits, . _ - @).")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input (it is never an argument).")
    ] = False,
    role: Annotated[str, typer.Option(help="admin (accounts, settings, everything) or editor.")] = "admin",
) -> None:
    """Create a staff account for the web admin at /admin. The password is read from stdin, never from the command
    line (it would be in the shell's history and in the process list)."""
    if not password_stdin:
        raise fail(
            "give the password on standard input with --password-stdin, e.g. `paru create-admin somchai "
            "--password-stdin < password.txt`",
            code=USAGE,
        )
    if role not in ROLES:
        raise fail(f"--role must be one of {', '.join(ROLES)}, not {role!r}", code=USAGE)
    password = sys.stdin.readline().rstrip("\r\n")

    def work(session: Session) -> str:
        try:
            user = create_user(session, username, password, role)
        except AccountError as exc:
            raise fail(str(exc)) from exc
        audit.record(session, None, "paru create-admin", "account.add", user.username, after={"role": user.role})
        return user.username

    name = run_in_transaction(work)
    typer.echo(f"account {name} ({role}) created: sign in at /admin/login")


def register(app: typer.Typer) -> None:
    """Add ``create-admin`` to ``paru``."""
    app.command("create-admin")(create_admin_command)
