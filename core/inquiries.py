"""Writing the inquiry log: inquiries, their follow-ups, the office's own counts, and the retention purge.

Every function takes a session inside the caller's transaction. A LINE user id never reaches the database:
:func:`user_key` turns it into an HMAC first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Insert, bindparam, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.models import Followup, Inquiry, LineEvent, OfficeCount, ProcedureRow, utcnow
from core.thaidate import bangkok_date, thai_date

FollowupKind = Literal["helpful", "not_helpful", "chose", "rating"]
ReplyStatus = Literal["pending", "sent", "failed", "skipped", "expired"]

#: Channels Paru itself answers on.
BOT_CHANNELS = ("line", "simulator")
#: Channels where staff try the bot: stored, shown apart and labelled, and never part of any figure.
TRIAL_CHANNELS = ("simulator",)
#: The slot a follow-up fills: an inquiry has one verdict and one rating at most (picks have no slot).
SLOTS: dict[str, str | None] = {"helpful": "verdict", "not_helpful": "verdict", "rating": "rating", "chose": None}

#: LINE's own limit on a text message; a longer "text" is not from LINE and is cut before it is stored.
MAX_STORED_TEXT = 5000
#: Column widths of the ids a webhook brings (``webhookEventId`` is a 26-character ULID; message ids are digits).
MAX_EVENT_ID = 64
MAX_MESSAGE_ID = 32

#: What no database column should hold: NUL (PostgreSQL refuses it) and UTF-16 surrogates left alone (no encoding
#: can store them; JSON allows "\ud83d" on its own).
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` as every database can hold it, the same on SQLite and PostgreSQL: NUL removed, a lone surrogate
    replaced by U+FFFD."""
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


class StoreError(ValueError):
    """A write that cannot be made (unknown inquiry, rating out of range, bad period ...)."""


def user_key(secret: bytes, user_id: str | None) -> str | None:
    """The pseudonymous key kept instead of a LINE user id: HMAC-SHA256 with the secret key, hex."""
    if not user_id:
        return None
    # surrogatepass: a user id is whatever the (signed) body says; even a malformed one gets a key, never an error.
    return hmac.new(secret, user_id.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class RankedMatch:
    """A procedure the bot offered for an inquiry, with the matcher's score."""

    procedure_id: str
    score: float


@dataclass(frozen=True)
class NewInquiry:
    """One inquiry to store, as plain values: what the citizen wrote and what the bot decided."""

    channel: str
    text: str
    normalised_text: str | None
    decision: str
    intent: str
    matches: Sequence[RankedMatch] = ()
    received_at: dt.datetime | None = None
    #: The already-pseudonymised key from :func:`user_key`, never a raw LINE user id.
    user: str | None = None
    source_type: str | None = None
    webhook_event_id: str | None = None
    line_message_id: str | None = None
    #: LINE's reply token, kept while the reply is pending; none means nothing will be sent (``skipped``).
    reply_token: str | None = None
    #: The worker process that will send the reply (``core.pending``).
    reply_owner: str | None = None
    #: The language of the message and of its replies ("th" or "en").
    lang: str = "th"
    #: Candidates the matcher had but did not offer, best first (shown after "not what I asked").
    alternatives: Sequence[RankedMatch] = ()


def _insert(session: Session, table: type[Inquiry] | type[Followup] | type[LineEvent]) -> Insert:
    # Core inserts on the table, not ORM-enabled ones: these run once per webhook event and the ORM's bulk path
    # costs more than the database does.
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table.__table__)
    if dialect == "sqlite":
        return sqlite.insert(table.__table__)
    raise StoreError(f"unsupported database {dialect!r}")


def _insert_once(
    session: Session, table: type[Inquiry] | type[Followup] | type[LineEvent], values: dict[str, object]
) -> int | None:
    """Insert a row; when a unique key (the webhook event id, an inquiry's verdict or rating slot) is already
    taken, insert nothing and return None: a redelivery, or a repeated tap."""
    stmt = _insert(session, table).values(**values).on_conflict_do_nothing()
    return session.connection().execute(stmt.returning(table.__table__.c.id)).scalar_one_or_none()


def _check_ids(webhook_event_id: str | None, line_message_id: str | None = None) -> None:
    for value, limit, name in (
        (webhook_event_id, MAX_EVENT_ID, "webhook event id"),
        (line_message_id, MAX_MESSAGE_ID, "message id"),
    ):
        if value is not None and (len(value) > limit or storable(value) != value):
            raise StoreError(f"a {name} has at most {limit} plain characters")


def record_inquiry(session: Session, inquiry: NewInquiry) -> int | None:
    """Store one inquiry; returns its id, or None when this webhook event was stored before (a redelivery)."""
    user = inquiry.user
    if user is not None and (len(user) != 64 or user.startswith("U")):
        raise StoreError("user must be the HMAC key from user_key(), never a raw LINE user id")
    _check_ids(inquiry.webhook_event_id, inquiry.line_message_id)
    received_at = inquiry.received_at or utcnow()
    values = {
        "received_at": received_at,
        "received_day": bangkok_date(received_at),
        "channel": inquiry.channel,
        "user_key": user,
        "source_type": inquiry.source_type,
        "text": storable(inquiry.text[:MAX_STORED_TEXT]),
        "normalised_text": storable(inquiry.normalised_text[:MAX_STORED_TEXT]) if inquiry.normalised_text else None,
        "decision": inquiry.decision,
        "intent": inquiry.intent,
        "matches": [{"id": m.procedure_id, "score": round(m.score, 4)} for m in inquiry.matches],
        "alternatives": [{"id": m.procedure_id, "score": round(m.score, 4)} for m in inquiry.alternatives],
        "lang": inquiry.lang if inquiry.lang in ("th", "en") else "th",
        "procedure_id": inquiry.matches[0].procedure_id if inquiry.matches else None,
        "webhook_event_id": inquiry.webhook_event_id,
        "line_message_id": inquiry.line_message_id,
        "reply_status": "pending" if inquiry.reply_token else "skipped",
        "reply_token": inquiry.reply_token,
        "reply_owner": inquiry.reply_owner if inquiry.reply_token else None,
    }
    return _insert_once(session, Inquiry, values)


def record_line_event(
    session: Session,
    *,
    kind: str,
    channel: str,
    user: str | None = None,
    source_type: str | None = None,
    webhook_event_id: str | None = None,
    received_at: dt.datetime | None = None,
) -> int | None:
    """Store a non-question event; returns its id, or None when this webhook event was stored before."""
    _check_ids(webhook_event_id)
    return _insert_once(
        session,
        LineEvent,
        {
            "kind": storable(kind)[:16],
            "channel": channel,
            "user_key": user,
            "source_type": source_type,
            "webhook_event_id": webhook_event_id,
            "received_at": received_at or utcnow(),
        },
    )


def set_reply_status(session: Session, inquiry_id: int, status: ReplyStatus, error: str | None = None) -> None:
    """Record whether the reply reached LINE."""
    if session.get(Inquiry, inquiry_id) is None:
        raise StoreError(f"no inquiry {inquiry_id}")
    set_reply_statuses(session, [{"inquiry_id": inquiry_id, "status": status, "error": error}])


def set_reply_statuses(session: Session, rows: list[dict[str, object]]) -> None:
    """Record many reply outcomes in one statement: rows of ``inquiry_id``, ``status``, ``error``. The reply token
    is forgotten; a reply recorded as sent stays sent (a second sender's "Invalid reply token" cannot undo it)."""
    table = Inquiry.__table__
    now = utcnow()
    session.connection().execute(
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.reply_status != "sent")
        .values(
            reply_status=bindparam("b_status"),
            reply_error=bindparam("b_error"),
            replied_at=bindparam("b_at"),
            reply_token=None,
        ),
        [
            {
                "b_id": r["inquiry_id"],
                "b_status": r["status"],
                "b_error": (str(r["error"])[:2000] if r.get("error") else None),
                "b_at": now,
            }
            for r in rows
        ],
    )


def add_followup(
    session: Session,
    inquiry_id: int,
    kind: FollowupKind,
    *,
    procedure_id: str | None = None,
    rating: int | None = None,
    at: dt.datetime | None = None,
) -> int | None:
    """Record a verdict, a pick or a rating against an inquiry; returns its id, or None when the inquiry already
    has a verdict (or a rating): the first one stands and nothing changes."""
    if session.get(Inquiry, inquiry_id) is None:
        raise StoreError(f"no inquiry {inquiry_id}")
    if kind not in SLOTS:
        raise StoreError(f"unknown follow-up {kind!r}")
    if kind == "rating" and (rating is None or not 1 <= rating <= 5):
        raise StoreError("a rating is a whole number from 1 to 5")
    if kind == "chose" and (procedure_id is None or session.get(ProcedureRow, procedure_id) is None):
        raise StoreError(f"unknown procedure {procedure_id!r}")
    at = at or utcnow()
    followup_id = _insert_once(
        session,
        Followup,
        {
            "inquiry_id": inquiry_id,
            "kind": kind,
            "slot": SLOTS[kind],
            "procedure_id": procedure_id if kind == "chose" else None,
            "rating": rating if kind == "rating" else None,
            "created_at": at,
        },
    )
    if followup_id is not None:
        _copy_to_inquiry(session, inquiry_id, kind, at)
    return followup_id


def _copy_to_inquiry(session: Session, inquiry_id: int, kind: str, at: dt.datetime) -> None:
    """Keep the inquiry's copy of its verdict and latest pick (what the figures group by) in step."""
    table = Inquiry.__table__
    if kind in ("helpful", "not_helpful"):
        session.connection().execute(
            update(table).where(table.c.id == inquiry_id, table.c.verdict.is_(None)).values(verdict=kind, verdict_at=at)
        )
    elif kind == "chose":
        session.connection().execute(
            update(table)
            .where(table.c.id == inquiry_id, or_(table.c.last_pick_at.is_(None), table.c.last_pick_at < at))
            .values(last_pick_at=at)
        )


def verdict(session: Session, inquiry_id: int) -> str | None:
    """The inquiry's verdict (``helpful`` or ``not_helpful``), or None when the citizen gave none."""
    return session.scalar(select(Followup.kind).where(Followup.inquiry_id == inquiry_id, Followup.slot == "verdict"))


def picked_procedures(session: Session, inquiry_id: int) -> set[str]:
    """The procedures a citizen picked from this inquiry's candidates ("ใช่เรื่องนี้")."""
    rows = session.scalars(
        select(Followup.procedure_id).where(Followup.inquiry_id == inquiry_id, Followup.kind == "chose")
    )
    return {r for r in rows if r}


def last_language(session: Session, user: str | None) -> str:
    """The language of this user's latest inquiry ("th" when there is none): what a sticker or a stale button is
    answered in."""
    if user is None:
        return "th"
    found = session.scalar(
        select(Inquiry.lang).where(Inquiry.user_key == user).order_by(Inquiry.received_at.desc(), Inquiry.id.desc())
    )
    return found or "th"


def add_office_count(
    session: Session,
    channel: str,
    start: dt.date,
    end: dt.date,
    count: int,
    note: str = "",
    *,
    channels: Sequence[str],
) -> OfficeCount:
    """Enter the office's own count of questions answered by hand on one channel in a period (the baseline from
    before Paru, or a channel Paru does not answer). ``channels`` are the known ones (settings); a period that
    overlaps another count of the same channel is refused, so no question is counted twice."""
    channel = channel.strip().lower()
    if channel not in channels:
        raise StoreError(f"ไม่รู้จักช่องทาง {channel!r} (unknown channel {channel!r}: use one of {', '.join(channels)})")
    if end < start:
        raise StoreError(f"ช่วงเวลาจบก่อนเริ่ม (the period ends ({end}) before it starts ({start}))")
    if count < 0:
        raise StoreError("จำนวนติดลบไม่ได้ (a count cannot be negative)")
    clash = session.scalars(
        select(OfficeCount).where(
            OfficeCount.channel == channel, OfficeCount.period_start <= end, OfficeCount.period_end >= start
        )
    ).first()
    if clash is not None:
        raise StoreError(
            f"ช่วงเวลาซ้อนกับจำนวนที่บันทึกไว้แล้ว รายการ {clash.id} ({channel} {thai_date(clash.period_start)} – "
            f"{thai_date(clash.period_end)}) ลบรายการนั้นก่อน (the period overlaps office count {clash.id} of {channel})"
        )
    row = OfficeCount(channel=channel, period_start=start, period_end=end, count=count, note=note)
    session.add(row)
    session.flush()
    return row


def list_office_counts(session: Session) -> list[OfficeCount]:
    """Every office count, oldest period first."""
    return list(session.scalars(select(OfficeCount).order_by(OfficeCount.period_start, OfficeCount.channel)))


def remove_office_count(session: Session, count_id: int) -> None:
    """Delete an office count entered by mistake."""
    if not session.execute(delete(OfficeCount).where(OfficeCount.id == count_id)).rowcount:  # type: ignore[attr-defined]
        raise StoreError(f"no office count {count_id}")


def forget_message(session: Session, line_message_id: str, user: str | None) -> int:
    """The citizen unsent a message: blank its text (LINE asks bots to delete unsent messages); the count stays."""
    table = Inquiry.__table__
    stmt = update(table).where(table.c.line_message_id == line_message_id)
    if user is not None:
        stmt = stmt.where(table.c.user_key == user)
    done = session.connection().execute(stmt.values(text=None, normalised_text=None, text_purged=True))
    return int(done.rowcount)  # type: ignore[attr-defined]


def purge_texts(session: Session, older_than_days: int, now: dt.datetime | None = None) -> int:
    """Blank the message texts of inquiries older than ``older_than_days``; every count and figure stays intact."""
    if older_than_days < 1:
        raise StoreError("keep at least 1 day: a purge of 0 days would blank today's messages")
    cutoff = (now or utcnow()) - dt.timedelta(days=older_than_days)
    done = session.execute(
        update(Inquiry)
        .where(Inquiry.received_at < cutoff, Inquiry.text_purged.is_(False))
        .values(text=None, normalised_text=None, text_purged=True)
    )
    return int(done.rowcount)  # type: ignore[attr-defined]
