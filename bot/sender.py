"""Sending replies to LINE: one attempt, one retry on a 5xx or a timeout while the reply token is fresh, the outcome
recorded on the inquiry. Replies only: Paru never pushes (pushes cost the office's quota)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from linebot.v3.messaging import ApiException, AsyncMessagingApi, ReplyMessageRequest, ShowLoadingAnimationRequest

from bot.conversation import Outgoing
from core.metrics import REPLIES
from core.pending import TOKEN_FRESH_SECONDS

log = logging.getLogger("paru.bot")
#: Show the loading animation when the reply has not gone out after this long.
LOADING_AFTER_SECONDS = 0.8

Record = Callable[[int, str, str | None], Awaitable[None]]


class _CheckedReply(ReplyMessageRequest):
    """A reply whose messages were validated by :func:`bot.limits.check`: serialised as they are, without the SDK
    turning each Flex component into a pydantic model and back."""

    def to_dict(self) -> dict[str, Any]:
        return {"replyToken": self.reply_token, "messages": self.messages}


class Sender:
    """Sends replies through the SDK's async client, made in the app's lifespan."""

    def __init__(self, api: AsyncMessagingApi, record: Record, timeout: float = 10.0) -> None:
        self.api = api
        self.record = record
        self.timeout = timeout

    async def _loading(self, chat_id: str) -> None:
        await asyncio.sleep(LOADING_AFTER_SECONDS)
        try:
            await self.api.show_loading_animation(
                ShowLoadingAnimationRequest(chat_id=chat_id, loading_seconds=10), _request_timeout=self.timeout
            )
        except (ApiException, TimeoutError, OSError, aiohttp.ClientError) as exc:
            log.info("loading animation not shown: %s", getattr(exc, "status", type(exc).__name__))

    async def _attempt(self, outgoing: Outgoing) -> None:
        # The messages were built and checked against LINE's limits by bot.replies and bot.limits. Turning them
        # into the SDK's pydantic models and back costs about a millisecond per reply, most of the bot's CPU under
        # load, so they travel as plain JSON objects inside the SDK's request model.
        request = _CheckedReply.construct(reply_token=outgoing.reply_token, messages=outgoing.messages)
        await self.api.reply_message(request, _request_timeout=self.timeout)

    @staticmethod
    def token_age(outgoing: Outgoing) -> float:
        """Seconds since LINE created the event (or since it arrived, if that is longer)."""
        wall = (dt.datetime.now(dt.UTC) - outgoing.event_time).total_seconds()
        return max(wall, time.monotonic() - outgoing.received)

    async def send(self, outgoing: Outgoing) -> str:
        """Send one reply; returns and records ``sent``, ``failed`` or ``expired`` (a token too old to use)."""
        if self.token_age(outgoing) >= TOKEN_FRESH_SECONDS:
            REPLIES.labels("expired").inc()
            if outgoing.inquiry_id is not None:
                await self.record(outgoing.inquiry_id, "expired", "reply token expired before the reply was sent")
            return "expired"
        loading = asyncio.create_task(self._loading(outgoing.loading_chat_id)) if outgoing.loading_chat_id else None
        status, error = "failed", None
        try:
            for attempt in (1, 2):
                try:
                    await self._attempt(outgoing)
                    status, error = "sent", None
                    break
                except ApiException as exc:
                    error = f"{exc.status} {(exc.body or exc.reason or '')}".strip()[:500]
                    retry = exc.status >= 500
                    if outgoing.recovered and exc.status == 400 and "Invalid reply token" in (exc.body or ""):
                        # A fresh token LINE calls invalid has been used: the worker that stopped had sent it.
                        status, error = "sent", "sent before the worker that stored it stopped (LINE: token used)"
                        break
                except (TimeoutError, OSError, aiohttp.ClientError) as exc:
                    error = f"no answer from LINE ({type(exc).__name__})"
                    retry = True
                fresh = self.token_age(outgoing) < TOKEN_FRESH_SECONDS
                if attempt == 1 and retry and fresh:
                    log.info("reply failed (%s), retrying once", error)
                    continue
                break
        finally:
            if loading is not None:
                loading.cancel()
        REPLIES.labels(status).inc()
        if status == "failed":
            log.warning("reply not delivered: %s", (error or "")[:120])
        if outgoing.inquiry_id is not None:
            await self.record(outgoing.inquiry_id, status, error)
        return status
