"""The ``paru`` command line: one entry point for people and scripts, split per area, calling the same services as
the web application.

Every error is one ``error:`` line on stderr: exit 2 for a wrong invocation (Typer's own parameter errors
included), 1 for a failure at run time. Output piped into a command that stops reading (``| head``) ends quietly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import typer
from pydantic import ValidationError
from typer.exceptions import TyperException

from paru.cli import accounts, baseline, catalogue, database, figures, matching, serve
from paru.cli.common import FAILURE, USAGE

app = typer.Typer(
    help="Paru (บางนาพารู้): the LINE clip bot of Bang Na District Office.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for area in (matching, serve, database, baseline, figures, catalogue, accounts):
    area.register(app)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _quiet_broken_pipe() -> int:
    # The reader went away (`paru export ... | head`): stop writing, say nothing, as Unix tools do.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe


def run(argv: Sequence[str] | None = None) -> int:
    """Run ``paru`` with ``argv`` and return the exit status."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=list(argv) if argv is not None else None, prog_name="paru", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        return FAILURE
    except TyperException as exc:
        # Typer's own errors (it carries its own copy of click): a usage error exits 2, anything else 1.
        code = int(getattr(exc, "exit_code", FAILURE))
        message = _one_line(exc.format_message()) if hasattr(exc, "format_message") else _one_line(str(exc))
        if not message and code == USAGE:
            return 0  # `paru` or `paru db` alone: the help was shown
        typer.echo(f"error: {message}", err=True)
        return code
    except ValidationError as exc:  # the settings (environment, .env) are not usable
        problems = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        typer.echo(f"error: the configuration is not usable: {_one_line(problems)}", err=True)
        return FAILURE
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except KeyboardInterrupt:
        return 130
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _quiet_broken_pipe()
    return result if isinstance(result, int) else 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
