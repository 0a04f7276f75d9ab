"""The bot's routes in the web application: the webhook, the simulator and, in demo mode, the fake LINE API."""

from __future__ import annotations

from fastapi import FastAPI

from bot.fake_line import FakeLineState, create_fake_line_app
from bot.simulator import router as simulator_router
from bot.simulator import static_files
from bot.webhook import router as webhook_router
from core.settings import Settings


def include_bot(app: FastAPI, settings: Settings) -> None:
    """Mount the bot's routes: the webhook, the simulator and (in demo mode) the fake LINE API."""
    app.include_router(webhook_router)
    app.include_router(simulator_router)
    app.mount("/static", static_files(), name="static")
    if settings.demo_mode:
        app.state.fake_line = FakeLineState()
        app.mount("/fake-line", create_fake_line_app(app.state.fake_line, loopback_only=True))
