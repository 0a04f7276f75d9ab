"""The simulator: a page that looks like a LINE chat, for staff to try the bot without LINE (demo mode only).

The page builds LINE webhook bodies, signs them with the demo channel secret (Web Crypto in the browser, or the
page's own HMAC-SHA256 where a browser hides Web Crypto) and posts them to ``/line/webhook`` like LINE does; then it
asks ``/simulator/api/replies`` for what Paru sent the built-in fake LINE API in answer to its own reply token, and
draws it as LINE would: bubbles, buttons, carousels and quick replies that can be tapped.

Only the machine Paru runs on may ask Paru to sign a body (``/simulator/api/sign``) or talk to the fake LINE API;
another machine sees only the replies to the tokens it made up itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

HERE = Path(__file__).resolve().parent
router = APIRouter()
templates = Jinja2Templates(directory=str(HERE / "templates"))


def static_files() -> StaticFiles:
    """The page's script and style sheet."""
    return StaticFiles(directory=str(HERE / "static"))


def _demo(request: Request) -> bool:
    return bool(request.app.state.settings.demo_mode)


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def from_loopback(request: Request) -> bool:
    """Whether the request comes from this machine."""
    return request.client is not None and request.client.host in LOOPBACK


@router.get("/simulator", response_class=HTMLResponse, include_in_schema=False)
async def simulator_page(request: Request) -> HTMLResponse:
    """The chat page (Thai)."""
    settings = request.app.state.settings
    return templates.TemplateResponse(
        request,
        "simulator.html",
        {"office_name": settings.office_name, "demo": settings.demo_mode},
        status_code=200 if settings.demo_mode else 404,
    )


@router.get("/simulator/api/config", include_in_schema=False)
async def simulator_config(request: Request) -> JSONResponse:
    """What the page needs to sign webhooks (demo mode only: there is no real channel behind this secret)."""
    if not _demo(request):
        return JSONResponse({"message": "the simulator runs only in demo mode"}, status_code=404)
    runtime = request.app.state.bot
    return JSONResponse({"channelSecret": runtime.channel_secret, "destination": "Uparusimulator0000000000000000000"})


@router.post("/simulator/api/sign", include_in_schema=False)
async def simulator_sign(request: Request) -> JSONResponse:
    """Sign a body for browsers without Web Crypto (a page opened over plain http from another machine)."""
    if not _demo(request):
        return JSONResponse({"message": "the simulator runs only in demo mode"}, status_code=404)
    if not from_loopback(request):
        return JSONResponse({"message": "signing is only for this machine"}, status_code=403)
    body = await request.body()
    secret = request.app.state.bot.channel_secret.encode("utf-8")
    signature = base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()).decode("ascii")
    return JSONResponse({"signature": signature})


@router.get("/simulator/api/replies", include_in_schema=False)
async def simulator_replies(request: Request, token: str = "") -> JSONResponse:
    """What Paru sent the fake LINE API with one reply token (the page made the token up; nobody else knows it)."""
    if not _demo(request):
        return JSONResponse({"message": "the simulator runs only in demo mode"}, status_code=404)
    if not 16 <= len(token) <= 64:
        return JSONResponse({"message": "give the reply token the page made"}, status_code=400)
    return JSONResponse({"replies": request.app.state.fake_line.replies_for(token)})
