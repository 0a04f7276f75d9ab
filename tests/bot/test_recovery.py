"""Replies that survive a crash: a reply left pending by a worker that died is sent by another while the token is
fresh, exactly once; one whose token is too old is marked expired."""

from __future__ import annotations

import datetime as dt
import time
import uuid

import pytest
from sqlalchemy import select

from core.db import transaction
from core.inquiries import NewInquiry, RankedMatch, record_inquiry
from core.models import Inquiry, Worker
from tests.bot.conftest import Running
from tests.bot.servers import text_event, wait_for

pytestmark = pytest.mark.slow  # real servers or processes


def pending(paru: Running, age: float, owner: str, event_id: str | None = None) -> tuple[int, str]:
    """An inquiry stored by ``owner`` ``age`` seconds ago, its reply never sent."""
    token = uuid.uuid4().hex
    with transaction(paru.runtime.store.sessions) as session:
        inquiry_id = record_inquiry(
            session,
            NewInquiry(
                channel="line",
                text="แจ้งเกิดลูก",
                normalised_text="แจ้งเกิดลูก",
                decision="answer",
                intent="procedure",
                matches=(RankedMatch("birth-registration", 0.9),),
                received_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=age),
                user="a" * 64,
                source_type="user",
                webhook_event_id=event_id,
                reply_token=token,
                reply_owner=owner,
            ),
        )
    assert inquiry_id is not None
    return inquiry_id, token


def status(paru: Running, inquiry_id: int) -> str:
    with paru.runtime.store.sessions() as session:
        return str(session.scalar(select(Inquiry.reply_status).where(Inquiry.id == inquiry_id)))


def test_a_dead_workers_fresh_reply_is_sent_once_and_a_stale_one_expires(paru: Running) -> None:
    """Two inquiries a killed worker stored: 5 s old is answered within a heartbeat or two; 2 minutes old is not
    (LINE would refuse the token) and is marked expired; the token is forgotten either way."""
    fresh_id, fresh_token = pending(paru, 5, owner="killed-worker")
    stale_id, stale_token = pending(paru, 120, owner="killed-worker")
    replies = wait_for(lambda: paru.fake.replies_for(fresh_token), timeout=15)
    assert len(replies) == 1 and replies[0]["messages"][0]["type"] == "flex"
    wait_for(lambda: status(paru, fresh_id) == "sent" and status(paru, stale_id) == "expired", timeout=15)
    assert paru.fake.replies_for(stale_token) == []
    with paru.runtime.store.sessions() as session:
        assert session.scalars(select(Inquiry.reply_token).where(Inquiry.id.in_((fresh_id, stale_id)))).all() == [
            None,
            None,
        ]


def test_a_live_workers_pending_reply_is_left_to_it(paru: Running) -> None:
    """A reply pending in a worker that is still beating is not taken from it."""
    with transaction(paru.runtime.store.sessions) as session:
        session.add(Worker(id="busy-worker", beat_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)))
    inquiry_id, token = pending(paru, 3, owner="busy-worker")
    time.sleep(5)  # two heartbeats of the running server
    assert paru.fake.replies_for(token) == [] and status(paru, inquiry_id) == "pending"


def test_a_redelivered_event_whose_reply_was_lost_is_answered(paru: Running) -> None:
    """The worker stored the question and died before answering (LINE never got the 200): LINE redelivers the event,
    it is recognised as stored, and answered exactly once."""
    ev = text_event("แจ้งเกิดลูก")
    inquiry_id, _ = pending(paru, 2, owner="died-before-200", event_id=ev["webhookEventId"])
    ev["deliveryContext"]["isRedelivery"] = True
    assert paru.line.send(ev).status_code == 200
    wait_for(lambda: status(paru, inquiry_id) == "sent", timeout=15)
    with paru.runtime.store.sessions() as session:
        assert len(session.scalars(select(Inquiry.id)).all()) == 1
    assert len(paru.fake.replies) == 1
