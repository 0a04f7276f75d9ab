"""The web application: one process serves the LINE webhook, the simulator and (later) the admin.

Built by :func:`create_app`; its lifespan owns the database engine, the LINE client and the matcher index. Nothing
happens at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import hmac
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from linebot.v3 import WebhookParser
from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from bot.conversation import Conversation, Outgoing
from bot.fake_line import create_fake_line_app
from bot.replies import Office
from bot.sender import Sender
from bot.simulator import router as simulator_router
from bot.simulator import static_files
from bot.webhook import router as webhook_router
from catalogue.live import LiveIndex
from core.db import make_write_engine, session_factory, transaction
from core.inquiries import purge_texts, set_reply_statuses
from core.runtime import Store, open_store
from core.settings import Settings, get_settings
from core.writer import WriteBatcher

log = logging.getLogger("paru")


def demo_channel_secret(settings: Settings) -> str:
    """The channel secret of demo mode, derived from the secret key so it is stable across restarts."""
    return hmac.new(settings.resolved_secret_key(), b"paru demo channel secret", hashlib.sha256).hexdigest()[:32]


@dataclass
class BotRuntime:
    """What the webhook needs while the app runs."""

    store: Store
    live: LiveIndex
    conversation: Conversation
    sender: Sender
    parsers: list[tuple[str, WebhookParser]]
    demo: bool
    channel_secret: str
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    async def receive(self, events: Sequence[Any]) -> list[Outgoing]:
        """Handle a webhook's events in order; a database failure propagates (503)."""
        out: list[Outgoing] = []
        for event in events:
            try:
                o = await self.conversation.handle(event)
            except SQLAlchemyError:
                raise
            except Exception:
                log.exception("event %s not handled", getattr(event, "webhook_event_id", "?"))
                continue
            if o is not None:
                out.append(o)
        return out

    def schedule(self, outgoing: Outgoing) -> None:
        """Send a reply in the background; the task is kept until it finishes."""
        task = asyncio.get_running_loop().create_task(self.sender.send(outgoing))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


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


#: How often the server blanks message texts older than the retention period (also once at start).
PURGE_EVERY_SECONDS = 6 * 3600


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
    """Open the store (migrating and seeding), build the index, create the LINE client; close them all after."""
    settings: Settings = app.state.settings
    store = await run_in_threadpool(open_store, settings)
    # The background task below checks the catalogue version; requests only read the current index.
    live = LiveIndex(store.sessions, settings.catalogue_poll_seconds, check_on_access=False)
    await run_in_threadpool(live.refresh, True)
    # The dictionary trie and the index are hundreds of thousands of long-lived objects; keep the garbage collector
    # from walking them again and again under load.
    _freeze_heap()
    demo = settings.demo_mode
    secret = demo_channel_secret(settings) if demo else settings.line_channel_secret
    secrets = [secret] + ([settings.line_channel_secret_previous] if settings.line_channel_secret_previous else [])
    host = (settings.self_url.rstrip("/") + "/fake-line") if demo else settings.line_api_base_url.rstrip("/")
    client = AsyncApiClient(Configuration(host=host, access_token=settings.line_channel_access_token or "demo"))
    office = Office(settings.office_name, settings.office_phone, settings.office_hours, settings.retention_days)
    write_engine = make_write_engine(store.engine)
    writer = WriteBatcher(session_factory(write_engine))
    writer.register_bulk("reply", set_reply_statuses)
    writer.start()
    conversation = Conversation(
        writer, live, office, settings.resolved_secret_key(), channel="simulator" if demo else "line"
    )

    async def record(inquiry_id: int, status: str, error: str | None) -> None:
        try:
            await writer.write_row("reply", {"inquiry_id": inquiry_id, "status": status, "error": error})
        except SQLAlchemyError:
            log.exception("reply outcome of inquiry %s not recorded", inquiry_id)

    runtime = BotRuntime(
        store=store,
        live=live,
        conversation=conversation,
        sender=Sender(AsyncMessagingApi(client), record, settings.line_timeout_seconds),
        parsers=[(s, WebhookParser(s)) for s in secrets],
        demo=demo,
        channel_secret=secret,
    )
    app.state.bot = runtime
    refresher = asyncio.create_task(_refresh_forever(live, settings.catalogue_poll_seconds))
    purger = asyncio.create_task(_purge_forever(store, settings.retention_days))
    log.info("Paru ready (%s mode, catalogue version %s)", "demo" if demo else "LINE", live.version)
    try:
        yield
    finally:
        refresher.cancel()
        purger.cancel()
        if runtime.tasks:
            await asyncio.wait(set(runtime.tasks), timeout=15)
        await client.close()
        await run_in_threadpool(writer.stop)
        if write_engine is not store.engine:
            write_engine.dispose()
        store.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application. Uvicorn calls this factory (``paru serve``); tests pass their own settings."""
    settings = settings or get_settings()
    app = FastAPI(title="Paru", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.include_router(webhook_router)
    app.include_router(simulator_router)
    app.mount("/static", static_files(), name="static")
    if settings.demo_mode:
        app.mount("/fake-line", create_fake_line_app())

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

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Any:
        if request.app.state.settings.demo_mode:
            return RedirectResponse("/simulator")
        return JSONResponse({"service": "Paru", "status": "/healthz"})

    return app
