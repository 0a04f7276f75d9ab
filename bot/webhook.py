"""``POST /line/webhook``: verify the signature on the raw body, parse, deduplicate and store, acknowledge; the
replies go out afterwards, so LINE gets its answer well inside its 2-second limit."""

from __future__ import annotations

import json
import logging

import pydantic.v1
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from linebot.v3 import SignatureValidator
from linebot.v3.exceptions import InvalidSignatureError
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("paru.webhook")
router = APIRouter()

#: LINE's own limit on a request body.
MAX_BODY_BYTES = 2 * 1024 * 1024


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status)


@router.post("/line/webhook", summary="LINE webhook")
async def line_webhook(request: Request) -> JSONResponse:
    """Receive LINE's events. 200 once every event is stored (or recognised as a redelivery); 400 for anything
    that is not a genuine, readable LINE webhook."""
    runtime = request.app.state.bot
    signature = request.headers.get("x-line-signature")
    if not signature:
        return _refuse(400, "missing X-Line-Signature header")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _refuse(413, "request body larger than 2 MB")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _refuse(400, "request body is not UTF-8")
    parser = next((p for secret, p in runtime.parsers if SignatureValidator(secret).validate(text, signature)), None)
    if parser is None:
        log.info("webhook refused: bad signature (%d bytes)", len(body))
        return _refuse(400, "invalid signature")
    try:
        payload = parser.parse(text, signature, as_payload=True)
    except InvalidSignatureError:
        return _refuse(400, "invalid signature")
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError, pydantic.v1.ValidationError) as exc:
        log.info("webhook refused: unreadable body (%s)", type(exc).__name__)
        return _refuse(400, "unreadable webhook body")
    events = payload.events or []
    if not events:
        return JSONResponse({"ok": True, "events": 0})  # the console's Verify button
    try:
        outgoing = await runtime.receive(events)
    except SQLAlchemyError:
        log.exception("webhook not stored: database unavailable")
        return _refuse(503, "temporarily unavailable, please redeliver")
    for o in outgoing:
        runtime.schedule(o)
    return JSONResponse({"ok": True, "events": len(events)})
