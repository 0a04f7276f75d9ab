"""Paru served for real on 127.0.0.1, talking to a fake LINE API over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.fake_line import FakeLineState, create_fake_line_app
from core.settings import Settings
from paru.app import create_app
from tests.bot.servers import LineSide, ServerThread
from tests.conftest import fresh_database_url

CHANNEL_SECRET = "8c570fa6dd201bb328f1c1eac23a96d8"


@dataclass
class Running:
    """A running Paru with its fake LINE API."""

    url: str
    line: LineSide
    fake: FakeLineState
    app: Any

    @property
    def runtime(self) -> Any:
        return self.app.state.bot


@pytest.fixture
def fake_line() -> Iterator[tuple[str, FakeLineState]]:
    """The fake LINE API on its own port."""
    state = FakeLineState()
    with ServerThread(create_fake_line_app(state)) as server:
        yield server.url, state


@pytest.fixture
def paru(backend: str, tmp_path: Path, fake_line: tuple[str, FakeLineState]) -> Iterator[Running]:
    """Paru in LINE mode, pointed at the fake LINE API with Configuration(host=...)."""
    fake_url, state = fake_line
    with fresh_database_url(backend, tmp_path) as db_url:
        settings = Settings(
            PARU_DATA_DIR=tmp_path / "data",
            PARU_DATABASE_URL=db_url,
            PARU_SECRET_KEY="bot-test-key",
            LINE_CHANNEL_SECRET=CHANNEL_SECRET,
            LINE_CHANNEL_ACCESS_TOKEN="test-access-token",
            LINE_API_BASE_URL=fake_url,
            LINE_TIMEOUT_SECONDS=2,
            PARU_CATALOGUE_POLL_SECONDS=0.5,
        )
        app = create_app(settings)
        with ServerThread(app) as server:
            yield Running(server.url, LineSide(server.url, CHANNEL_SECRET), state, app)
