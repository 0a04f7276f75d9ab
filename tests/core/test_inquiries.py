"""The inquiry log: stored once per webhook event, pseudonymous, with follow-ups, counts and the retention purge."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from core.db import Store, transaction
from core.inquiries import (
    StoreError,
    add_followup,
    add_office_count,
    list_office_counts,
    purge_texts,
    record_inquiry,
    set_reply_status,
    user_key,
    verdict,
)
from core.models import Followup, Inquiry
from tests.helpers import bangkok, new


def test_user_key_is_an_hmac_never_the_raw_id() -> None:
    """The same user gives the same key; another secret gives another; the id itself is not in it."""
    uid = "U4af4980629d0a5a5d8e85d1b2c0a5cbb"
    key = user_key(b"secret", uid)
    assert key == user_key(b"secret", uid)
    assert key != user_key(b"other", uid)
    assert key is not None and len(key) == 64 and uid not in key
    assert user_key(b"secret", None) is None


def test_inquiry_is_stored_with_its_decision(db: Store) -> None:
    """What arrived, when, on which channel, and what Paru decided."""
    at = bangkok(2026, 11, 26, 9, 30)
    with transaction(db.sessions) as session:
        inquiry_id = record_inquiry(
            session,
            dataclasses.replace(
                new("แจ้งเกิดลูก", ids=("birth-registration",), received_at=at, user=user_key(b"k", "Uabc")),
                source_type="user",
                webhook_event_id="01H810YECXQQZ37VAXPF6H9E6T",
            ),
        )
    with db.sessions() as session:
        row = session.get(Inquiry, inquiry_id)
        assert row is not None
        assert (row.text, row.decision, row.intent, row.procedure_id) == (
            "แจ้งเกิดลูก",
            "answer",
            "procedure",
            "birth-registration",
        )
        assert row.received_at == at.astimezone(dt.UTC)
        assert row.received_day == dt.date(2026, 11, 26)
        assert row.matches == [{"id": "birth-registration", "score": 0.9}]
        assert row.reply_status == "skipped"  # no reply token: nothing will be sent


def test_redelivered_event_is_stored_once(db: Store) -> None:
    """The same webhookEventId twice: the second is recognised and not counted."""
    with transaction(db.sessions) as session:
        first = record_inquiry(session, new(webhook_event_id="evt-1"))
        again = record_inquiry(session, new(webhook_event_id="evt-1"))
        other = record_inquiry(session, new(webhook_event_id="evt-2"))
    assert first is not None and other is not None and again is None
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Inquiry)) == 2


def test_raw_line_user_id_is_refused(db: Store) -> None:
    """A raw LINE user id can never be written by mistake."""
    with pytest.raises(StoreError, match="never a raw LINE user id"), transaction(db.sessions) as session:
        record_inquiry(session, new(user="U4af4980629d0a5a5d8e85d1b2c0a5cbb"))


def test_reply_outcome_is_recorded(db: Store) -> None:
    """Whether the reply reached LINE is kept on the inquiry."""
    with transaction(db.sessions) as session:
        inquiry_id = record_inquiry(session, new())
        assert inquiry_id is not None
        set_reply_status(session, inquiry_id, "failed", "400 Invalid reply token")
    with db.sessions() as session:
        row = session.get(Inquiry, inquiry_id)
        assert row is not None and row.reply_status == "failed" and row.reply_error == "400 Invalid reply token"


def test_followups_and_their_limits(db: Store) -> None:
    """A pick, a verdict and a rating attach to an inquiry; nonsense is refused."""
    with transaction(db.sessions) as session:
        inquiry_id = record_inquiry(
            session, new(decision="choose", ids=("move-in-notification", "move-out-notification"))
        )
        assert inquiry_id is not None
        assert add_followup(session, inquiry_id, "chose", procedure_id="move-in-notification") is not None
        assert add_followup(session, inquiry_id, "helpful") is not None
        assert add_followup(session, inquiry_id, "rating", rating=5) is not None
    for bad in (
        dict(kind="rating", rating=6),
        dict(kind="rating", rating=0),
        dict(kind="chose", procedure_id="no-such-id"),
        dict(kind="liked"),
    ):
        with pytest.raises(StoreError), transaction(db.sessions) as session:
            add_followup(session, inquiry_id, **bad)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="no inquiry"), transaction(db.sessions) as session:
        add_followup(session, 999_999, "helpful")
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Followup)) == 3


def test_first_verdict_and_first_rating_stand(db: Store) -> None:
    """ "Yes" three times, then "not what I asked", then ratings of 5 and 1: one verdict (the first, helpful) and
    one rating (the first, 5) are kept; every later tap is refused by the store and changes nothing."""
    with transaction(db.sessions) as session:
        inquiry_id = record_inquiry(session, new())
        assert inquiry_id is not None
        assert add_followup(session, inquiry_id, "helpful") is not None
        assert add_followup(session, inquiry_id, "helpful") is None
        assert add_followup(session, inquiry_id, "helpful") is None
        assert add_followup(session, inquiry_id, "not_helpful") is None
        assert add_followup(session, inquiry_id, "rating", rating=5) is not None
        assert add_followup(session, inquiry_id, "rating", rating=1) is None
        assert verdict(session, inquiry_id) == "helpful"
    with db.sessions() as session:
        rows = session.execute(select(Followup.kind, Followup.rating).order_by(Followup.id)).all()
    assert [tuple(r) for r in rows] == [("helpful", None), ("rating", 5)]


def test_the_database_refuses_a_second_verdict_without_the_application(db: Store) -> None:
    """The guarantee is the database's own unique constraint: a plain INSERT of a second verdict or rating fails."""
    with transaction(db.sessions) as session:
        inquiry_id = record_inquiry(session, new())
        add_followup(session, inquiry_id, "helpful")  # type: ignore[arg-type]
        add_followup(session, inquiry_id, "rating", rating=4)  # type: ignore[arg-type]
    for kind, slot, rating in (("not_helpful", "verdict", None), ("rating", "rating", 2), ("rating", None, 2)):
        with pytest.raises(IntegrityError), transaction(db.sessions) as session:
            session.execute(
                insert(Followup).values(
                    inquiry_id=inquiry_id, kind=kind, slot=slot, rating=rating, created_at=dt.datetime.now(dt.UTC)
                )
            )


def test_concurrent_taps_keep_one_verdict_and_one_rating(db: Store) -> None:
    """Eight taps at the same moment, on eight connections: exactly one verdict and one rating are stored."""
    with transaction(db.sessions) as session:
        inquiry_id = record_inquiry(session, new())
    assert inquiry_id is not None
    start = threading.Barrier(8)
    stored: list[int | None] = []
    errors: list[BaseException] = []

    def tap(i: int) -> None:
        try:
            start.wait()
            with transaction(db.sessions) as session:
                kind = "helpful" if i % 2 else "not_helpful"
                stored.append(add_followup(session, inquiry_id, kind))  # type: ignore[arg-type]
            with transaction(db.sessions) as session:
                stored.append(add_followup(session, inquiry_id, "rating", rating=1 + i % 5))  # type: ignore[arg-type]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(1 for s in stored if s is not None) == 2
    with db.sessions() as session:
        slots = session.execute(select(Followup.slot, func.count()).group_by(Followup.slot)).all()
    assert dict(slots) == {"verdict": 1, "rating": 1}


CHANNELS = ("line", "facebook", "website", "phone", "walk_in")


def test_office_counts_are_checked(db: Store) -> None:
    """A period that ends before it starts, a negative count, an unknown channel (named with the valid ones) or a
    period that overlaps another count of the same channel is refused; another channel may share the period."""
    year = (dt.date(2022, 10, 1), dt.date(2023, 9, 30))
    with transaction(db.sessions) as session:
        add_office_count(session, "Facebook", *year, 300, channels=CHANNELS)
        add_office_count(session, "website", *year, 200, channels=CHANNELS)
    for args, message in (
        (("line", dt.date(2023, 1, 2), dt.date(2023, 1, 1), 5), "before it starts"),
        (("line", dt.date(2023, 1, 1), dt.date(2023, 1, 2), -1), "negative"),
        (("", dt.date(2023, 1, 1), dt.date(2023, 1, 2), 1), "unknown channel"),
        (("facebok", dt.date(2023, 1, 1), dt.date(2023, 1, 2), 1), "line, facebook, website, phone, walk_in"),
        (("facebook", *year, 300), "overlaps office count"),
        (("facebook", dt.date(2023, 9, 1), dt.date(2023, 10, 31), 30), "overlaps office count"),
    ):
        with pytest.raises(StoreError, match=message), transaction(db.sessions) as session:
            add_office_count(session, *args, channels=CHANNELS)  # type: ignore[arg-type]
    with transaction(db.sessions) as session:
        add_office_count(session, "facebook", dt.date(2023, 10, 1), dt.date(2024, 9, 30), 150, channels=CHANNELS)
        assert len(list_office_counts(session)) == 3


def test_purge_blanks_old_texts_and_keeps_counts(db: Store) -> None:
    """Texts older than the retention period go; every inquiry, decision and date stays."""
    now = bangkok(2026, 11, 26)
    with transaction(db.sessions) as session:
        for days in (200, 91, 89, 1):
            record_inquiry(session, new(f"ข้อความ {days}", received_at=now - dt.timedelta(days=days)))
        assert purge_texts(session, 90, now=now) == 2
        assert purge_texts(session, 90, now=now) == 0
    with db.sessions() as session:
        rows = session.scalars(select(Inquiry).order_by(Inquiry.received_at)).all()
        assert [r.text for r in rows] == [None, None, "ข้อความ 89", "ข้อความ 1"]
        assert [r.text_purged for r in rows] == [True, True, False, False]
        assert all(r.decision == "answer" for r in rows)
    with pytest.raises(StoreError, match="at least 1 day"), transaction(db.sessions) as session:
        purge_texts(session, 0, now=now)


def test_concurrent_writers_count_each_event_once(db: Store) -> None:
    """8 writers store 500 inquiries each, many with repeated event ids: the count is the distinct ids."""
    writers, per_writer = 8, 500
    expected_ids: set[str] = set()
    plans: list[list[str]] = []
    for w in range(writers):
        plan = [f"evt-{(w * per_writer + i) % 2600}" for i in range(per_writer)]  # overlaps between writers
        plans.append(plan)
        expected_ids.update(plan)
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(plan: list[str]) -> None:
        try:
            start.wait()
            for i in range(0, len(plan), 25):
                with transaction(db.sessions) as session:
                    for event_id in plan[i : i + 25]:
                        record_inquiry(session, new(webhook_event_id=event_id))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Inquiry)) == len(expected_ids)
        assert session.scalar(select(func.count(func.distinct(Inquiry.webhook_event_id)))) == len(expected_ids)
