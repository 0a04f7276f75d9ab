"""The web application: one process serves the LINE webhook, the simulator and (next) the staff admin.

Built by :func:`create_app` (``uvicorn --factory paru.app:create_app``, or ``paru serve``); its lifespan owns the
database engine, the group-commit writer, the matcher index and the LINE client. Nothing happens at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from admin import linkcheck
from admin.accounts import purge_sessions
from admin.web import install as install_admin
from bot import replies
from bot.app import include_bot
from bot.runtime import BotRuntime, start_bot, stop_bot
from bot.simulator import from_loopback
from catalogue.live import LiveIndex
from core.db import make_write_engine, session_factory
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


async def _refresh_forever(live: LiveIndex, bot: BotRuntime, settings: Settings) -> None:
    """Follow the catalogue (rebuilding the matcher index) and the office's settings, as staff change them."""
    while True:
        await asyncio.sleep(settings.catalogue_poll_seconds)
        try:
            if await run_in_threadpool(live.refresh):
                await run_in_threadpool(_freeze_heap)
            await run_in_threadpool(bot.refresh_office, settings)
        except SQLAlchemyError as exc:
            bot.failures.report("catalogue check failed; keeping the current index", exc)


def _housekeeping(session: Session, days: int) -> int:
    purge_sessions(session)
    return purge_texts(session, days)


async def _purge_forever(writer: WriteBatcher, bot: BotRuntime) -> None:
    """The retention rule (the office's current period) and the end of old admin sessions, through the writer."""
    while True:
        days = bot.conversation.office.retention_days
        try:
            blanked = await writer.write(functools.partial(_housekeeping, days=days))
            if blanked:
                log.info("retention: blanked the texts of %d inquiries older than %d days", blanked, days)
        except Exception as exc:
            bot.failures.report("retention purge failed; will try again", exc)
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
    # The admin previews a procedure's bubble with the bot's own reply builder (the admin does not import the bot).
    app.state.preview = lambda p, lang="th": replies.answer(p, bot.conversation.view().ctx.speaking(lang), 0)
    app.state.admin_tasks = set()
    background = [
        asyncio.create_task(_refresh_forever(live, bot, settings)),
        asyncio.create_task(_purge_forever(writer, bot)),
        asyncio.create_task(bot.keep_alive()),
        asyncio.create_task(linkcheck.daily(store, writer, settings.link_check_hours)),
    ]
    log.info("Paru ready (%s mode, catalogue version %s)", "demo" if bot.demo else "LINE", live.version)
    try:
        yield
    finally:
        for task in (*background, *app.state.admin_tasks):
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
    install_admin(app)

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
