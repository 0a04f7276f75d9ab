"""Crashes and stops, with a real `paru serve`: killed with SIGKILL mid-stream, restarted, redelivered like LINE;
and stopped with SIGTERM. On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from bot.fake_line import FakeLineState, create_fake_line_app
from core.models import Inquiry
from tests.bot.processes import SECRET, Line, ServeProcess
from tests.bot.servers import ServerThread, free_port, wait_for
from tests.conftest import fresh_database_url

pytestmark = pytest.mark.slow  # real servers or processes

QUESTIONS = ("แจ้งเกิดลูก", "บัตรประชาชนหาย", "จดทะเบียนสมรส", "ขอเลขที่บ้าน", "ภาษีป้าย", "สวัสดีค่ะ")


@pytest.fixture
def setup(backend: str, tmp_path: Path) -> Iterator[tuple[dict[str, str], FakeLineState, str]]:
    state = FakeLineState()
    with ServerThread(create_fake_line_app(state)) as fake, fresh_database_url(backend, tmp_path) as url:
        env = {
            **os.environ,
            "PARU_DATA_DIR": str(tmp_path / "data"),
            "PARU_DATABASE_URL": url,
            "PARU_SECRET_KEY": "crash-test-key",
            "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": "crash-test-token",
            "LINE_API_BASE_URL": fake.url,
            "LINE_TIMEOUT_SECONDS": "3",
        }
        yield env, state, url


def test_kill_9_loses_nothing_and_answers_everything_fresh(
    setup: tuple[dict[str, str], FakeLineState, str], tmp_path: Path
) -> None:
    """A paced stream of questions; the server is killed with SIGKILL mid-stream and restarted; LINE redelivers what
    got no 200. Every event that got a 200 is stored exactly once, every event ends up stored exactly once, and every
    inquiry (all of them with a token still fresh) got exactly one reply."""
    env, fake, url = setup
    port = free_port()
    server = ServeProcess(port, env, log=tmp_path / "serve.log").start()
    line = Line(server.url)
    stop = threading.Event()
    sender = threading.Thread(target=line.stream, args=(stop, 50.0, QUESTIONS))
    sender.start()
    time.sleep(2.0)
    server.kill()  # mid-stream: requests in flight, replies queued in memory
    time.sleep(0.5)
    server.start()
    time.sleep(1.0)
    stop.set()
    sender.join()
    acknowledged_before = {d.event["webhookEventId"] for d in line.deliveries if d.acknowledged}
    line.redeliver(rounds=10, pause=0.2)  # LINE redelivers what got no 200
    assert all(d.acknowledged for d in line.deliveries)
    lost_in_flight = sum(1 for d in line.deliveries if d.attempts > 1)

    engine = create_engine(url)
    try:

        def counts() -> dict[str, int]:
            with engine.connect() as conn:
                rows = conn.execute(select(Inquiry.webhook_event_id, func.count()).group_by(Inquiry.webhook_event_id))
                return {event_id: n for event_id, n in rows}

        def settled() -> bool:
            with engine.connect() as conn:
                return not conn.scalar(select(func.count()).where(Inquiry.reply_status == "pending"))

        wait_for(settled, timeout=60)
        stored = counts()
        with engine.connect() as conn:
            statuses = dict(conn.execute(select(Inquiry.webhook_event_id, Inquiry.reply_status)).all())  # type: ignore[arg-type]
    finally:
        engine.dispose()
        server.terminate()
    ids = [str(d.event["webhookEventId"]) for d in line.deliveries]
    assert len(ids) > 50 and lost_in_flight >= 0
    assert all(stored.get(i) == 1 for i in acknowledged_before), "an acknowledged event was lost or stored twice"
    assert all(stored.get(i) == 1 for i in ids)
    assert len(stored) == len(ids)
    tokens = [str(d.event["replyToken"]) for d in line.deliveries]
    replies = [len(fake.replies_for(t)) for t in tokens]
    assert replies.count(1) == len(tokens), f"{replies.count(0)} unanswered, {sum(r > 1 for r in replies)} twice"
    assert set(statuses.values()) == {"sent"}


def test_sigterm_stops_the_master_and_its_workers(setup: tuple[dict[str, str], FakeLineState, str]) -> None:
    """`paru serve --workers 2` stopped with SIGTERM (what `docker stop` and systemd send): it exits cleanly, no
    worker is left serving, and the port is free again."""
    env, _, _ = setup
    port = free_port()
    server = ServeProcess(port, env, workers=2).start()
    assert len(server.tree_alive()) >= 3  # the master and two workers
    assert server.terminate() == 0
    wait_for(lambda: server.tree_alive() == [], timeout=20)
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/healthz", timeout=2)
