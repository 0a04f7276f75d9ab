"""The bot's runtime: the LINE client, the conversation, the sender and the heartbeat that recovers replies a
stopped worker left pending. The app's lifespan (``paru.app``) starts and stops it. Nothing happens at import time."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from linebot.v3 import WebhookParser
from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlalchemy.orm import Session

from bot.conversation import Conversation, Outgoing
from bot.sender import Sender
from catalogue.agencies import load_directory
from catalogue.live import LiveIndex
from core.db import Store
from core.inquiries import set_reply_statuses
from core.logs import FailureLog
from core.metrics import RECOVERED_REPLIES
from core.office import load_office, office_changed_at
from core.pending import HEARTBEAT_SECONDS, PendingReply, beat, claim_orphaned, unregister_worker
from core.settings import Settings
from core.writer import WriteBatcher, WriterBusy

log = logging.getLogger("paru")


def demo_channel_secret(settings: Settings) -> str:
    """The channel secret of demo mode, derived from the secret key so it is stable across restarts."""
    return hmac.new(settings.resolved_secret_key(), b"paru demo channel secret", hashlib.sha256).hexdigest()[:32]


class StoreUnavailable(RuntimeError):
    """The events could not be stored in time (the database is down, stalled or busy): answer 503 so LINE
    redelivers."""


#: Database errors that mean "not now" rather than "not this": the body is fine, the database is not.
TRANSIENT = (OperationalError, InterfaceError, DisconnectionError, SATimeoutError, WriterBusy)


@dataclass
class BotRuntime:
    """What the webhook needs while the app runs."""

    store: Store
    live: LiveIndex
    writer: WriteBatcher
    conversation: Conversation
    sender: Sender
    client: AsyncApiClient
    parsers: list[tuple[str, WebhookParser]]
    demo: bool
    channel_secret: str
    store_timeout: float
    worker_id: str
    failures: FailureLog
    office_changed_at: dt.datetime | None = None
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    async def receive(self, events: Sequence[Any]) -> list[Outgoing]:
        """Store every event of a body in one transaction of the writer and return the replies to send.

        Raises :class:`StoreUnavailable` when the database does not answer within ``store_timeout`` (LINE waits 2 s).
        A body stored after that answer still gets its replies: they are sent when the write completes, and LINE's
        redelivery is then recognised as a duplicate.
        """
        body = self.conversation.prepare(events)
        try:
            future = self.writer.submit(lambda session: self.conversation.apply(session, body))
        except WriterBusy as exc:
            raise StoreUnavailable("the writer's queue is full") from exc
        waiting = asyncio.wrap_future(future)
        try:
            return await asyncio.wait_for(asyncio.shield(waiting), self.store_timeout)
        except TimeoutError as exc:
            waiting.add_done_callback(self._stored_late)
            raise StoreUnavailable("the database did not answer in time") from exc
        except TRANSIENT as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def _stored_late(self, waiting: asyncio.Future[list[Outgoing]]) -> None:
        if waiting.cancelled() or waiting.exception() is not None:
            return
        for outgoing in waiting.result():
            self.schedule(outgoing)

    def schedule(self, outgoing: Outgoing) -> None:
        """Send a reply in the background; the task is kept until it finishes."""
        task = asyncio.get_running_loop().create_task(self.sender.send(outgoing))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def keep_alive(self) -> None:
        """Beat the heartbeat and send the replies that a dead worker left pending, for as long as the app runs."""
        while True:
            try:
                claimed = await self.writer.write(self._beat_and_claim)
            except Exception as exc:  # the database is down: try again at the next beat
                self.failures.report("heartbeat", exc)
            else:
                for pending in claimed:
                    RECOVERED_REPLIES.inc()
                    self.schedule(self.conversation.recovered(pending))
                if claimed:
                    log.info("sending %d replies a stopped worker left pending", len(claimed))
            await asyncio.sleep(HEARTBEAT_SECONDS)

    def refresh_office(self, settings: Settings) -> bool:
        """Read the office's settings again if an admin changed them; returns whether they changed."""
        with self.store.sessions() as session:
            changed_at = office_changed_at(session)
            if changed_at == self.office_changed_at:
                return False
            office = load_office(session, settings)
        self.office_changed_at = changed_at
        self.conversation.office = office
        return True

    def _beat_and_claim(self, session: Session) -> list[PendingReply]:
        beat(session, self.worker_id)
        return claim_orphaned(session, self.worker_id)


def start_bot(settings: Settings, store: Store, live: LiveIndex, writer: WriteBatcher) -> BotRuntime:
    """Create the LINE client (the SDK's async client, inside the running loop), the conversation and the sender."""
    demo = settings.demo_mode
    secret = demo_channel_secret(settings) if demo else settings.line_channel_secret
    secrets = [secret] + ([settings.line_channel_secret_previous] if settings.line_channel_secret_previous else [])
    host = (settings.self_url.rstrip("/") + "/fake-line") if demo else settings.line_api_base_url.rstrip("/")
    directory = load_directory(settings.agencies_file)  # before the client, so a bad file leaves nothing open
    client = AsyncApiClient(Configuration(host=host, access_token=settings.line_channel_access_token or "demo"))
    with store.sessions() as session:
        office = load_office(session, settings)
    writer.register_bulk("reply", set_reply_statuses)
    worker_id = uuid.uuid4().hex
    conversation = Conversation(
        live,
        office,
        settings.resolved_secret_key(),
        channel="simulator" if demo else "line",
        worker_id=worker_id,
        directory=directory,
    )
    failures = FailureLog(log)

    async def record(inquiry_id: int, status: str, error: str | None) -> None:
        try:
            await writer.write_row("reply", {"inquiry_id": inquiry_id, "status": status, "error": error})
        except Exception as exc:  # the reply went (or not) all the same; the database is down
            failures.report("reply outcome not recorded", exc)

    return BotRuntime(
        store=store,
        live=live,
        writer=writer,
        conversation=conversation,
        sender=Sender(AsyncMessagingApi(client), record, settings.line_timeout_seconds),
        client=client,
        parsers=[(s, WebhookParser(s)) for s in secrets],
        demo=demo,
        channel_secret=secret,
        store_timeout=settings.webhook_store_timeout_seconds,
        worker_id=worker_id,
        failures=failures,
    )


async def stop_bot(runtime: BotRuntime, timeout: float = 15.0) -> None:
    """Let the replies still on their way finish (bounded), then close the LINE client and leave the workers'
    table, so any reply this worker could not send is for the others at once."""
    if runtime.tasks:
        await asyncio.wait(set(runtime.tasks), timeout=timeout)
    await runtime.client.close()
    try:
        await runtime.writer.write(lambda session: unregister_worker(session, runtime.worker_id))
    except Exception as exc:
        runtime.failures.report("worker not unregistered", exc)
