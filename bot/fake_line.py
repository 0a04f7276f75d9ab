"""A fake of LINE's Messaging API, small but faithful where Paru depends on it.

It serves the simulator (demo mode, mounted at ``/fake-line``) and the tests (a server of its own on 127.0.0.1).
It records what it receives, refuses a reused reply token with LINE's real error body (400 "Invalid reply token"),
checks every reply twice, with LINE's own SDK models (:func:`sdk_problems`) and with Paru's limits
(``bot.limits``), so a bug in either cannot hide; it answers the loading animation with 202, and can be told to
fail (429, 500, slow answers) to test the bot's retries.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import pydantic.v1
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from linebot.v3.messaging import ReplyMessageRequest

from bot.limits import problems


def _dropped(sent: Any, kept: Any, path: str) -> list[str]:
    """Fields of ``sent`` that did not survive a trip through the SDK's models (fields LINE does not know)."""
    if isinstance(sent, dict) and isinstance(kept, dict):
        out = [f"{path}.{k}: not a field LINE knows" for k in sent if k not in kept]
        return out + [p for k in sent if k in kept for p in _dropped(sent[k], kept[k], f"{path}.{k}")]
    if isinstance(sent, list) and isinstance(kept, list):
        return [p for i, (a, b) in enumerate(zip(sent, kept, strict=False)) for p in _dropped(a, b, f"{path}[{i}]")]
    return []


def sdk_problems(body: Any) -> list[str]:
    """What LINE's own Python SDK models refuse in a reply request: a field of the wrong type or outside its enum,
    too many messages or quick replies, a missing field, or a field the models do not know (dropped on the way
    through ``ReplyMessageRequest.from_dict``)."""
    if not isinstance(body, dict):
        return ["the body must be a JSON object"]
    try:
        request = ReplyMessageRequest.from_dict(body)
    except (pydantic.v1.ValidationError, ValueError, TypeError, KeyError, AttributeError) as exc:
        return [f"LINE SDK model: {' '.join(str(exc).split())}"]
    return _dropped(body, request.to_dict(), "body")


@dataclass
class Failure:
    """An answer to give instead of the real one, next time an endpoint is called."""

    status: int
    body: dict[str, Any]
    delay: float = 0.0


@dataclass
class FakeLineState:
    """Everything the fake received."""

    replies: list[dict[str, Any]] = field(default_factory=list)
    loading: list[dict[str, Any]] = field(default_factory=list)
    used_tokens: set[str] = field(default_factory=set)
    failures: deque[Failure] = field(default_factory=deque)
    max_replies: int = 20_000
    #: Check every reply with the SDK's models too (off only for benchmarks, where its CPU would be Paru's).
    sdk_check: bool = True

    def replies_for(self, token: str) -> list[dict[str, Any]]:
        return [r for r in self.replies if r["replyToken"] == token]


def _error(status: int, message: str, details: list[dict[str, str]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"message": message}
    if details:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers={"x-line-request-id": secrets.token_hex(8)})


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


async def _json_object(request: Request) -> dict[str, Any] | None:
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def create_fake_line_app(state: FakeLineState | None = None, loopback_only: bool = False) -> FastAPI:
    """The fake API as an ASGI app. With ``loopback_only`` (demo mode inside Paru) it answers this machine only:
    its records hold every reply Paru sent."""
    app = FastAPI(title="fake LINE Messaging API", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.fake = state or FakeLineState()

    if loopback_only:

        @app.middleware("http")
        async def this_machine_only(request: Request, call_next: Any) -> Any:
            if request.client is None or request.client.host not in LOOPBACK:
                return _error(403, "the fake LINE API answers only this machine")
            return await call_next(request)

    def fake(request: Request) -> FakeLineState:
        return request.app.state.fake  # type: ignore[no-any-return]

    async def injected(request: Request) -> JSONResponse | None:
        failures = fake(request).failures
        if not failures:
            return None
        f = failures.popleft()
        if f.delay:
            await asyncio.sleep(f.delay)
        if f.status < 300:
            return None
        return JSONResponse(f.body, status_code=f.status)

    def authorised(request: Request) -> bool:
        return request.headers.get("authorization", "").startswith("Bearer ")

    @app.post("/v2/bot/message/reply")
    async def reply(request: Request) -> JSONResponse:
        if not authorised(request):
            return _error(
                401, "Authentication failed. Confirm that the access token in the authorization header is valid."
            )
        failure = await injected(request)
        if failure is not None:
            return failure
        body = await _json_object(request)
        if body is None:
            return _error(400, "The request body could not be parsed as JSON")
        token = body.get("replyToken")
        messages = body.get("messages")
        state = fake(request)
        if not token or token in state.used_tokens:
            return _error(400, "Invalid reply token")
        found = sdk_problems(body) if state.sdk_check else []
        found += problems(messages) if isinstance(messages, list) else ["messages must be a list"]
        if found:
            return _error(
                400,
                f"The request body has {len(found)} error(s)",
                [{"message": p, "property": "messages"} for p in found],
            )
        state.used_tokens.add(token)
        if len(state.replies) < state.max_replies:
            state.replies.append({"replyToken": token, "messages": messages, "at": time.time()})
        sent = [{"id": str(secrets.randbits(60)), "quoteToken": secrets.token_urlsafe(16)} for _ in messages]
        return JSONResponse({"sentMessages": sent}, headers={"x-line-request-id": secrets.token_hex(8)})

    @app.post("/v2/bot/chat/loading/start")
    async def loading(request: Request) -> JSONResponse:
        failure = await injected(request)
        if failure is not None:
            return failure
        body = await _json_object(request)
        if body is None:
            return _error(400, "The request body could not be parsed as JSON")
        seconds = body.get("loadingSeconds", 20)
        if not isinstance(seconds, int) or not 5 <= seconds <= 60 or seconds % 5:
            return _error(
                400,
                "The request body has 1 error(s)",
                [{"message": "must be a multiple of 5 from 5 to 60", "property": "loadingSeconds"}],
            )
        fake(request).loading.append(body)
        return JSONResponse({}, status_code=202)

    @app.get("/_fake/replies")
    async def replies(request: Request, token: str = "") -> dict[str, Any]:
        state = fake(request)
        return {"replies": state.replies_for(token) if token else state.replies}

    @app.get("/_fake/reply-times")
    async def reply_times(request: Request) -> dict[str, float]:
        return {r["replyToken"]: r["at"] for r in fake(request).replies}

    @app.post("/_fake/fail")
    async def fail(request: Request) -> JSONResponse:
        body = await _json_object(request)
        items = body.get("failures") if body is not None else None
        try:
            failures = [
                Failure(int(i["status"]), i.get("body", {"message": "Internal server error"}), float(i.get("delay", 0)))
                for i in items  # type: ignore[union-attr]
            ]
        except (TypeError, KeyError, ValueError, AttributeError):
            return _error(400, 'give {"failures": [{"status": 500, "delay": 0}, ...]}')
        state = fake(request)
        state.failures.extend(failures)
        return JSONResponse({"queued": len(state.failures)})

    @app.post("/_fake/reset")
    async def reset(request: Request) -> dict[str, bool]:
        state = fake(request)
        state.replies.clear()
        state.loading.clear()
        state.used_tokens.clear()
        state.failures.clear()
        return {"reset": True}

    return app


def main() -> None:
    """Run the fake on its own (benchmarks): ``python -m bot.fake_line --port 8999``."""
    import argparse

    import uvicorn

    parser = argparse.ArgumentParser(description="fake LINE Messaging API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8999)
    parser.add_argument("--no-sdk-check", action="store_true", help="skip the SDK models' check (benchmarks)")
    args = parser.parse_args()
    state = FakeLineState(sdk_check=not args.no_sdk_check)
    uvicorn.run(create_fake_line_app(state), host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
