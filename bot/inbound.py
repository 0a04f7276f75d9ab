"""Reading a webhook body that passed the signature check: JSON, LINE's event shapes, values the store can hold.

Everything here answers one question: is this a LINE webhook Paru can store whole? If not, :class:`Refused` says why
(400), before anything is stored; LINE never sends such a body, so it will not be redelivered forever. An event type
LINE adds later is not refused: it is stored as a line event and acknowledged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from linebot.v3 import WebhookParser
from linebot.v3.models.events import UnknownEvent

from core.inquiries import MAX_EVENT_ID, MAX_MESSAGE_ID, storable

#: Event types the SDK knows: one of these that the SDK cannot read (a field of the wrong type) is malformed.
KNOWN_EVENT_TYPES = frozenset(
    {
        "accountLink",
        "activated",
        "beacon",
        "botResumed",
        "botSuspended",
        "deactivated",
        "delivery",
        "follow",
        "join",
        "leave",
        "memberJoined",
        "memberLeft",
        "membership",
        "message",
        "messageEdited",
        "module",
        "postback",
        "unfollow",
        "unsend",
        "videoPlayComplete",
    }
)
#: LINE's reply tokens are 32 characters; anything far longer is not one.
MAX_REPLY_TOKEN = 255


class Refused(ValueError):
    """The body is not a LINE webhook Paru can store whole (answered with 400 and this message)."""


@dataclass(frozen=True)
class Webhook:
    """The events of a readable body, as the SDK parsed them, in order."""

    events: list[Any]


def _id_problem(value: object, limit: int) -> bool:
    return value is not None and (not isinstance(value, str) or len(value) > limit or storable(value) != value)


def _problems(raw: Sequence[Any]) -> Iterator[str]:
    for i, event in enumerate(raw):
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            yield f"event {i} is not an object with a type"
            continue
        if _id_problem(event.get("webhookEventId"), MAX_EVENT_ID):
            yield f"event {i}: webhookEventId is not a LINE event id"
        token = event.get("replyToken")
        if token is not None and (not isinstance(token, str) or len(token) > MAX_REPLY_TOKEN):
            yield f"event {i}: replyToken is not a LINE reply token"
        for holder in ("message", "unsend"):
            part = event.get(holder)
            key = "id" if holder == "message" else "messageId"
            if isinstance(part, dict) and _id_problem(part.get(key), MAX_MESSAGE_ID):
                yield f"event {i}: {holder}.{key} is not a LINE message id"


def read_webhook(text: str, signature: str, parser: WebhookParser) -> Webhook:
    """Parse a signed body with the SDK's ``WebhookParser``; :class:`Refused` with a short reason if Paru cannot
    store it whole. Never raises anything else: a body nested thousands of levels deep is refused like any other."""
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise Refused("the body is not JSON") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("events"), list):
        raise Refused("the body has no list of events")
    problem = next(_problems(raw["events"]), None)
    if problem is not None:
        raise Refused(problem)
    try:
        payload = parser.parse(text, signature, as_payload=True)
    except Exception as exc:  # the SDK raises whatever its models raise; none of it is LINE's shape
        raise Refused("the events are not LINE's") from exc
    events = list(payload.events or [])
    for i, (event, raw_event) in enumerate(zip(events, raw["events"], strict=True)):
        if isinstance(event, UnknownEvent) and raw_event["type"] in KNOWN_EVENT_TYPES:
            raise Refused(f"event {i} ({raw_event['type']}) does not have LINE's fields")
    return Webhook(events)
