"""The web application: one process serves the LINE webhook, the simulator and (next) the staff admin.

Built by :func:`create_app` (``uvicorn --factory paru.app:create_app``, or ``paru serve``); its lifespan owns the
database engine, the group-commit writer, the matcher index and the LINE client. Nothing happens at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from bot.app import include_bot
from bot.runtime import BotRuntime, start_bot, stop_bot
from bot.simulator import from_loopback
from catalogue.live import LiveIndex
from core.db import Store, make_write_engine, session_factory, transaction
from core.inquiries import purge_texts
from core.metrics import exposition
from core.settings import Settings, get_settings
from core.writer import WriteBatcher
from paru.runtime import open_store

log = logging.getLogger("paru")

#: How often the server blanks message texts older than the retention period (also once at start).
PURGE_EVERY_SECONDS = 6 * 3600


def _freeze_heap() -> None:
    """Move every object alive now (the index, the dictionary) out of the garbage collector's way."""
    gc.collect()
    gc.freeze()


async def _refresh_forever(live: LiveIndex, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            if await run_in_threadpool(live.refresh):
                await run_in_threadpool(_freeze_heap)
        except SQLAlchemyError:
            log.warning("catalogue check failed; keeping the current index")


def _purge(store: Store, days: int) -> int:
    with transaction(store.sessions) as session:
        return purge_texts(session, days)


async def _purge_forever(store: Store, days: int) -> None:
    while True:
        try:
            blanked = await run_in_threadpool(_purge, store, days)
            if blanked:
                log.info("retention: blanked the texts of %d inquiries older than %d days", blanked, days)
        except SQLAlchemyError:
            log.warning("retention purge failed; will try again")
        await asyncio.sleep(PURGE_EVERY_SECONDS)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the store (migrating and seeding), build the index, start the writer and the bot; close them after."""
    settings: Settings = app.state.settings
    store = await run_in_threadpool(open_store, settings)
    # The background task below checks the catalogue version; requests only read the current index.
    live = LiveIndex(store.sessions, settings.catalogue_poll_seconds, check_on_access=False)
    await run_in_threadpool(live.refresh, True)
    # The dictionary trie and the index are hundreds of thousands of long-lived objects; keep the garbage collector
    # from walking them again and again under load.
    _freeze_heap()
    write_engine = make_write_engine(store.engine, settings.database_statement_timeout_seconds)
    writer = WriteBatcher(session_factory(write_engine))
    bot = start_bot(settings, store, live, writer)
    writer.start()
    app.state.store = store
    app.state.writer = writer
    app.state.bot = bot
    background = [
        asyncio.create_task(_refresh_forever(live, settings.catalogue_poll_seconds)),
        asyncio.create_task(_purge_forever(store, settings.retention_days)),
        asyncio.create_task(bot.keep_alive()),
    ]
    log.info("Paru ready (%s mode, catalogue version %s)", "demo" if bot.demo else "LINE", live.version)
    try:
        yield
    finally:
        for task in background:
            task.cancel()
        await stop_bot(bot)
        await run_in_threadpool(writer.stop)
        bot.failures.flush()
        if write_engine is not store.engine:
            write_engine.dispose()
        store.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application. Uvicorn calls this factory (``paru serve``); tests pass their own settings."""
    settings = settings or get_settings()
    app = FastAPI(title="Paru", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    include_bot(app, settings)

    @app.get("/healthz")
    async def healthz(request: Request) -> JSONResponse:
        """200 once the database answers and the matcher index is loaded."""
        runtime: BotRuntime | None = getattr(request.app.state, "bot", None)
        if runtime is None or runtime.live.version is None:
            return JSONResponse({"status": "starting"}, status_code=503)

        def ping() -> None:
            with runtime.store.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        try:
            await run_in_threadpool(ping)
        except SQLAlchemyError:
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        return JSONResponse(
            {"status": "ok", "mode": "demo" if runtime.demo else "line", "catalogue_version": runtime.live.version}
        )

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        """Prometheus metrics; to this machine only unless PARU_METRICS_PUBLIC is set."""
        if not (request.app.state.settings.metrics_public or from_loopback(request)):
            return JSONResponse({"message": "metrics are served to this machine only"}, status_code=403)
        body, content_type = exposition()
        return Response(body, media_type=content_type)

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Any:
        if request.app.state.settings.demo_mode:
            return RedirectResponse("/simulator")
        return JSONResponse({"service": "Paru", "status": "/healthz"})

    return app
