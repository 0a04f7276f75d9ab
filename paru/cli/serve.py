"""``paru serve``: the web application (webhook, simulator, admin) under uvicorn."""

from __future__ import annotations

import os
import shutil
from typing import Annotated

import typer

from catalogue.agencies import AgencyFileError, load_directory
from core.db import DatabaseError
from core.files import private_dir
from core.settings import get_settings
from paru.cli.common import USAGE, fail
from paru.runtime import open_store

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (with PostgreSQL, one per core).")] = 1,
    allow_demo_on_network: Annotated[
        bool,
        typer.Option(
            "--allow-demo-on-network",
            help="Serve demo mode (the simulator) on an address other machines reach. Same as PARU_DEMO_ON_NETWORK=1.",
        ),
    ] = False,
) -> None:
    """Run Paru: the LINE webhook, and with no LINE credentials the simulator at /simulator (demo mode)."""
    import uvicorn

    os.environ.setdefault("PARU_SELF_URL", f"http://127.0.0.1:{port}")
    get_settings.cache_clear()
    settings = get_settings()  # an unusable configuration is one error line (paru.cli.run)
    if settings.demo_mode and host not in LOOPBACK_HOSTS:
        if not (allow_demo_on_network or settings.demo_on_network):
            raise fail(
                f"no LINE credentials, so this is demo mode, which serves the simulator to anyone who can reach it: "
                f"refusing to listen on {host}. Set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, serve on "
                f"127.0.0.1, or pass --allow-demo-on-network",
                code=USAGE,
            )
        typer.echo(
            f"WARNING: DEMO MODE ON {host}: anyone who reaches port {port} can use the simulator. "
            "Not for a real LINE channel.",
            err=True,
        )
    try:
        load_directory(settings.agencies_file)  # the other agencies' file: refused here, not in each worker
    except AgencyFileError as exc:
        raise fail(f"PARU_AGENCIES_FILE: {exc}", code=USAGE) from exc
    try:
        opened = open_store(settings)  # migrate and seed once, before the workers start
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    opened.close()
    if workers > 1:
        # Each worker counts its own metrics in this folder; /metrics sums them (prometheus-client's multiprocess
        # mode). Emptied at every start, so a restart never adds old counts.
        metrics_dir = settings.data_dir / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(private_dir(metrics_dir))
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
