"""The bot's part of the web application: its routes, and its runtime (the LINE client, the conversation, the
sender), which the app's lifespan (``paru.app``) starts and stops. Nothing happens at import time."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from linebot.v3 import WebhookParser
from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration
from sqlalchemy.exc import SQLAlchemyError

from bot.conversation import Conversation, Outgoing
from bot.fake_line import create_fake_line_app
from bot.replies import Office
from bot.sender import Sender
from bot.simulator import router as simulator_router
from bot.simulator import static_files
from bot.webhook import router as webhook_router
from catalogue.live import LiveIndex
from core.db import Store
from core.inquiries import set_reply_statuses
from core.settings import Settings
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
    client: AsyncApiClient
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


def start_bot(settings: Settings, store: Store, live: LiveIndex, writer: WriteBatcher) -> BotRuntime:
    """Create the LINE client (the SDK's async client, inside the running loop), the conversation and the sender."""
    demo = settings.demo_mode
    secret = demo_channel_secret(settings) if demo else settings.line_channel_secret
    secrets = [secret] + ([settings.line_channel_secret_previous] if settings.line_channel_secret_previous else [])
    host = (settings.self_url.rstrip("/") + "/fake-line") if demo else settings.line_api_base_url.rstrip("/")
    client = AsyncApiClient(Configuration(host=host, access_token=settings.line_channel_access_token or "demo"))
    office = Office(settings.office_name, settings.office_phone, settings.office_hours, settings.retention_days)
    writer.register_bulk("reply", set_reply_statuses)
    conversation = Conversation(
        writer, live, office, settings.resolved_secret_key(), channel="simulator" if demo else "line"
    )

    async def record(inquiry_id: int, status: str, error: str | None) -> None:
        try:
            await writer.write_row("reply", {"inquiry_id": inquiry_id, "status": status, "error": error})
        except SQLAlchemyError:
            log.exception("reply outcome of inquiry %s not recorded", inquiry_id)

    return BotRuntime(
        store=store,
        live=live,
        conversation=conversation,
        sender=Sender(AsyncMessagingApi(client), record, settings.line_timeout_seconds),
        client=client,
        parsers=[(s, WebhookParser(s)) for s in secrets],
        demo=demo,
        channel_secret=secret,
    )


async def stop_bot(runtime: BotRuntime, timeout: float = 15.0) -> None:
    """Let the replies still on their way finish (bounded), then close the LINE client."""
    if runtime.tasks:
        await asyncio.wait(set(runtime.tasks), timeout=timeout)
    await runtime.client.close()


def include_bot(app: FastAPI, settings: Settings) -> None:
    """Mount the bot's routes: the webhook, the simulator and (in demo mode) the fake LINE API."""
    app.include_router(webhook_router)
    app.include_router(simulator_router)
    app.mount("/static", static_files(), name="static")
    if settings.demo_mode:
        app.mount("/fake-line", create_fake_line_app())
