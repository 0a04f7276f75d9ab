"""Replies that must survive a crash: workers beat a heartbeat, and a pending reply whose worker stopped beating is
claimed by another worker (or by the same server after a restart) and sent while LINE's reply token is fresh.

A reply token lasts about a minute; one older than :data:`TOKEN_FRESH_SECONDS` is not used and its inquiry is marked
``expired``. Claims are single UPDATE statements, so two workers never claim the same reply; and a reply recorded as
sent stays sent, so even a second attempt (which LINE would refuse: a token is single-use) cannot change the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from core.models import Inquiry, Worker, utcnow

#: A reply token older than this (from the event's timestamp) is not used.
TOKEN_FRESH_SECONDS = 50.0
#: How often a worker beats, and how long without a beat makes it dead.
HEARTBEAT_SECONDS = 2.0
ALIVE_SECONDS = 6.0


@dataclass(frozen=True)
class PendingReply:
    """An inquiry whose reply is still to be sent, with what is needed to build that reply again."""

    inquiry_id: int
    reply_token: str
    decision: str
    intent: str
    procedure_ids: tuple[str, ...]
    received_at: dt.datetime
    lang: str = "th"


def register_worker(session: Session, worker_id: str) -> None:
    """A worker starts: its first heartbeat."""
    now = utcnow()
    session.add(Worker(id=worker_id, started_at=now, beat_at=now))


def beat(session: Session, worker_id: str) -> None:
    """The worker is alive."""
    done = session.execute(update(Worker).where(Worker.id == worker_id).values(beat_at=utcnow()))
    if not done.rowcount:  # type: ignore[attr-defined]
        register_worker(session, worker_id)


def unregister_worker(session: Session, worker_id: str) -> None:
    """A worker stops cleanly: whatever it left pending is for the others at once."""
    session.execute(delete(Worker).where(Worker.id == worker_id))


def _owner_gone(now: dt.datetime) -> object:
    alive = select(Worker.id).where(Worker.beat_at >= now - dt.timedelta(seconds=ALIVE_SECONDS))
    return or_(Inquiry.reply_owner.is_(None), Inquiry.reply_owner.not_in(alive))


def _pending(row: object) -> PendingReply:
    return PendingReply(
        inquiry_id=row.id,  # type: ignore[attr-defined]
        reply_token=row.reply_token,  # type: ignore[attr-defined]
        decision=row.decision,  # type: ignore[attr-defined]
        intent=row.intent,  # type: ignore[attr-defined]
        procedure_ids=tuple(m["id"] for m in row.matches or ()),  # type: ignore[attr-defined]
        received_at=row.received_at,  # type: ignore[attr-defined]
        lang=row.lang,  # type: ignore[attr-defined]
    )


_RETURNED = (
    Inquiry.id,
    Inquiry.reply_token,
    Inquiry.decision,
    Inquiry.intent,
    Inquiry.matches,
    Inquiry.received_at,
    Inquiry.lang,
)


def claim_orphaned(session: Session, worker_id: str, now: dt.datetime | None = None) -> list[PendingReply]:
    """Mark ``expired`` the orphaned replies whose token is too old, and claim the fresh ones for ``worker_id``."""
    now = now or utcnow()
    fresh_after = now - dt.timedelta(seconds=TOKEN_FRESH_SECONDS)
    orphaned = (Inquiry.reply_status == "pending", Inquiry.reply_token.is_not(None), _owner_gone(now))
    session.execute(
        update(Inquiry)
        .where(*orphaned, Inquiry.received_at < fresh_after)
        .values(reply_status="expired", reply_token=None, reply_error="reply token expired before the reply was sent")
        .execution_options(synchronize_session=False)
    )
    claimed = session.execute(
        update(Inquiry)
        .where(*orphaned, Inquiry.received_at >= fresh_after)
        .values(reply_owner=worker_id)
        .returning(*_RETURNED)
        .execution_options(synchronize_session=False)
    )
    return [_pending(r) for r in claimed]


def claim_redelivered(
    session: Session, worker_id: str, webhook_event_id: str, reply_token: str | None, now: dt.datetime | None = None
) -> PendingReply | None:
    """LINE redelivered an event already stored: if its reply is still pending and the worker that stored it is
    gone, claim it (with the token LINE sent again, when there is one) so it is answered after all."""
    now = now or utcnow()
    values: dict[str, object] = {"reply_owner": worker_id}
    if reply_token:
        values["reply_token"] = reply_token
    claimed = session.execute(
        update(Inquiry)
        .where(
            Inquiry.webhook_event_id == webhook_event_id,
            Inquiry.reply_status == "pending",
            Inquiry.received_at >= now - dt.timedelta(seconds=TOKEN_FRESH_SECONDS),
            _owner_gone(now),
        )
        .values(**values)
        .returning(*_RETURNED)
        .execution_options(synchronize_session=False)
    ).first()
    return _pending(claimed) if claimed is not None and claimed.reply_token else None
