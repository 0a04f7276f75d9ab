"""``POST /line/webhook``: size first, then the signature on the raw body, then parse, store, acknowledge; the
replies go out afterwards, so LINE gets its answer well inside its 2-second limit.

The answers, in order of the checks: 413 for a body over LINE's 2 MB (refused by its ``Content-Length`` before a
byte is read, and reading stops at the limit when there is none); 400 for a missing or wrong signature or a body that
is not a LINE webhook Paru can store whole; 503 when the database does not store the events in time (LINE
redelivers); 200 once every event of the body is stored (or recognised as stored before).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from linebot.v3 import SignatureValidator

from bot.inbound import Refused, read_webhook
from bot.runtime import BotRuntime, StoreUnavailable
from core.metrics import WEBHOOK_REQUESTS

log = logging.getLogger("paru.webhook")
router = APIRouter()

#: LINE's own limit on a request body.
MAX_BODY_BYTES = 2 * 1024 * 1024


def _refuse(status: int, message: str) -> JSONResponse:
    WEBHOOK_REQUESTS.labels(str(status)).inc()
    return JSONResponse({"message": message}, status_code=status)


def _ok(events: int) -> JSONResponse:
    WEBHOOK_REQUESTS.labels("200").inc()
    return JSONResponse({"ok": True, "events": events})


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it passes ``limit`` bytes (the rest is never read)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/line/webhook", summary="LINE webhook")
async def line_webhook(request: Request) -> JSONResponse:
    """Receive LINE's events. 200 once every event is stored (or recognised as a redelivery)."""
    runtime: BotRuntime = request.app.state.bot
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            return _refuse(400, "Content-Length is not a number")
        if int(declared) > MAX_BODY_BYTES:
            return _refuse(413, "request body larger than 2 MB")
    signature = request.headers.get("x-line-signature")
    body = await read_limited(request, MAX_BODY_BYTES)
    if body is None:
        return _refuse(413, "request body larger than 2 MB")
    if not signature:
        return _refuse(400, "missing X-Line-Signature header")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _refuse(400, "request body is not UTF-8")
    parser = next((p for secret, p in runtime.parsers if SignatureValidator(secret).validate(text, signature)), None)
    if parser is None:
        log.info("webhook refused: bad signature (%d bytes)", len(body))
        return _refuse(400, "invalid signature")
    try:
        webhook = read_webhook(text, signature, parser)
    except Refused as exc:
        log.info("webhook refused: %s", exc)
        return _refuse(400, f"not a LINE webhook Paru can store: {exc}")
    if not webhook.events:
        return _ok(0)  # the console's Verify button
    try:
        outgoing = await runtime.receive(webhook.events)
    except StoreUnavailable as exc:
        runtime.failures.report("webhook not stored, 503 (LINE redelivers)", exc.__cause__ or exc)
        return _refuse(503, "temporarily unavailable, please redeliver")
    except Exception as exc:  # a fault of Paru's own: one log line (never the body), and no 200
        runtime.failures.report("webhook failed, 500", exc)
        return _refuse(500, "internal error")
    for o in outgoing:
        runtime.schedule(o)
    return _ok(len(webhook.events))
