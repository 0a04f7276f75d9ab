"""Real servers on 127.0.0.1 for the bot's tests: Paru itself, the fake LINE API, and LINE's side of a webhook."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerThread:
    """An ASGI app served by uvicorn in a background thread, with its lifespan, on a free loopback port."""

    def __init__(self, app: Any, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def wait_for(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll ``check`` until it returns something truthy (bounded in time); return it."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def sign(secret: str, body: bytes) -> str:
    """X-Line-Signature as LINE computes it: Base64(HMAC-SHA256(channel secret, raw body))."""
    return base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def new_id() -> str:
    """A ULID-shaped webhook event id of our own."""
    return uuid.uuid4().hex[:26].upper()


class LineSide:
    """Plays LINE: builds events, signs the exact bytes it posts."""

    def __init__(self, url: str, secret: str) -> None:
        self.url = url
        self.secret = secret
        self.client = httpx.Client(timeout=10)

    def post(self, body: bytes, signature: str | None = "auto", **headers: str) -> httpx.Response:
        h = {"Content-Type": "application/json; charset=utf-8", **headers}
        if signature == "auto":
            h["X-Line-Signature"] = sign(self.secret, body)
        elif signature is not None:
            h["X-Line-Signature"] = signature
        return self.client.post(self.url + "/line/webhook", content=body, headers=h)

    def send(self, *events: dict[str, Any]) -> httpx.Response:
        body = json.dumps({"destination": "Uparutest", "events": list(events)}, ensure_ascii=False).encode("utf-8")
        return self.post(body)

    def send_file(self, path: Path) -> httpx.Response:
        return self.post(path.read_bytes())


def event(
    kind: str, user: str = "U" + "1" * 32, token: str | None = "auto", source: str = "user", **fields: Any
) -> dict[str, Any]:
    """A webhook event with its own id and reply token."""
    src: dict[str, Any] = {"type": source, "userId": user}
    if source == "group":
        src["groupId"] = "C" + "2" * 32
    if source == "room":
        src["roomId"] = "R" + "3" * 32
    e: dict[str, Any] = {
        "type": kind,
        "webhookEventId": fields.pop("event_id", None) or new_id(),
        "deliveryContext": {"isRedelivery": fields.pop("redelivery", False)},
        "timestamp": int(time.time() * 1000),
        "source": src,
        "mode": "active",
        **fields,
    }
    if token == "auto":
        e["replyToken"] = uuid.uuid4().hex
    elif token is not None:
        e["replyToken"] = token
    return e


def text_event(text: str, **kw: Any) -> dict[str, Any]:
    return event(
        "message",
        message={"type": "text", "id": str(time.time_ns()), "quoteToken": "q" + uuid.uuid4().hex, "text": text},
        **kw,
    )


def sticker_event(**kw: Any) -> dict[str, Any]:
    return event(
        "message",
        message={
            "type": "sticker",
            "id": "1",
            "quoteToken": "q",
            "packageId": "1",
            "stickerId": "1",
            "stickerResourceType": "STATIC",
            "keywords": ["hi"],
        },
        **kw,
    )


def postback_event(data: str, **kw: Any) -> dict[str, Any]:
    return event("postback", postback={"data": data}, **kw)
