"""``paru serve``: the web application (webhook, simulator, admin) under uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from core.db import DatabaseError
from core.settings import get_settings
from paru.cli.common import fail
from paru.runtime import open_store


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (with PostgreSQL, one per core).")] = 1,
) -> None:
    """Run Paru: the LINE webhook, and with no LINE credentials the simulator at /simulator (demo mode)."""
    import uvicorn

    os.environ.setdefault("PARU_SELF_URL", f"http://127.0.0.1:{port}")
    get_settings.cache_clear()
    settings = get_settings()
    try:
        opened = open_store(settings)  # migrate and seed once, before the workers start
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    opened.close()
    mode = f"demo: open http://127.0.0.1:{port}/simulator" if settings.demo_mode else "LINE"
    typer.echo(f"Paru serving on http://{host}:{port} ({mode})")
    uvicorn.run(
        "paru.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
        timeout_graceful_shutdown=20,
    )


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``paru``."""
    app.command("serve")(serve_command)
