"""The store's tables: SQLAlchemy 2 typed models. Alembic migrations in ``core/migrations`` create them.

Times are stored in UTC (``UTCDateTime``) and shown in Asia/Bangkok. A LINE user id is never stored: ``user_key`` is
its HMAC-SHA256 with the secret key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Constraint names are fixed by convention so migrations name them the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> dt.datetime:
    """Now, in UTC, timezone-aware."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every database (SQLite has no time zones: it stores naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: Paru stores only timezone-aware times")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of every Paru table."""

    metadata = MetaData(naming_convention=NAMING)


class ProcedureRow(Base):
    """A public-service procedure and its clip, as staff curate it."""

    __tablename__ = "procedures"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    title_th: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text, default="")
    department_th: Mapped[str] = mapped_column(Text, default="")
    department_en: Mapped[str] = mapped_column(Text, default="")
    aliases_th: Mapped[list[str]] = mapped_column(JSONType, default=list)
    documents_th: Mapped[list[str]] = mapped_column(JSONType, default=list)
    fee_th: Mapped[str] = mapped_column(Text, default="")
    duration_th: Mapped[str] = mapped_column(Text, default="")
    documents_en: Mapped[list[str]] = mapped_column(JSONType, default=list, server_default="[]")
    fee_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    duration_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    clip_url: Mapped[str] = mapped_column(Text, default="")
    manual_url: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ExampleRow(Base):
    """An example question: labelled with a procedure, or with a non-procedure intent (greeting, complaint ...)."""

    __tablename__ = "examples"
    __table_args__ = (CheckConstraint("(procedure_id IS NULL) <> (intent IS NULL)", name="one_label"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    procedure_id: Mapped[str | None] = mapped_column(ForeignKey("procedures.id"), index=True)
    intent: Mapped[str | None] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(8), default="th")
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="seed")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class VocabularyEntry(Base):
    """One entry of the matcher's vocabulary (a synonym, an English term, a stopword, a cue ...)."""

    __tablename__ = "vocabulary_entries"
    __table_args__ = (UniqueConstraint("kind", "term", "value", name="uq_vocabulary_entries_kind_term_value"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    term: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text, default="")


class CatalogueState(Base):
    """A single row: the catalogue's version, bumped by every change so every worker rebuilds its index."""

    __tablename__ = "catalogue_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The seed files' revision this catalogue has taken in (see ``catalogue.store.upgrade_seed``).
    seed_revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    seeded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Inquiry(Base):
    """One message a citizen sent, what Paru decided, and whether the reply reached LINE."""

    __tablename__ = "inquiries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    #: The Bangkok calendar day of ``received_at``, kept so figures group by day in the database on both backends.
    received_day: Mapped[dt.date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(16), index=True)
    user_key: Mapped[str | None] = mapped_column(String(64), index=True)
    source_type: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str | None] = mapped_column(Text)
    normalised_text: Mapped[str | None] = mapped_column(Text)
    text_purged: Mapped[bool] = mapped_column(default=False, server_default=false())
    decision: Mapped[str] = mapped_column(String(8), index=True)
    intent: Mapped[str] = mapped_column(String(40))
    #: The language of the message and of the replies: "th", or "en" for a message written in English only.
    lang: Mapped[str] = mapped_column(String(2), default="th", server_default="th", index=True)
    matches: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    #: The next candidates the matcher had but did not offer: the carousel after "not what I asked".
    alternatives: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list, server_default="[]")
    procedure_id: Mapped[str | None] = mapped_column(ForeignKey("procedures.id"), index=True)
    webhook_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    line_message_id: Mapped[str | None] = mapped_column(String(32), index=True)
    reply_status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reply_error: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: LINE's reply token, held only while the reply is pending (so another worker can send it if this one dies);
    #: cleared once the reply is sent, has failed or the token has expired.
    reply_token: Mapped[str | None] = mapped_column(String(255))
    #: The worker process that is sending the reply (see :class:`Worker`).
    reply_owner: Mapped[str | None] = mapped_column(String(32))
    #: Copies of the follow-ups the figures read, kept in the same transaction as the follow-up itself (the follow-ups
    #: stay the record, with their unique constraint): the verdict and when it was given, and the latest pick.
    verdict: Mapped[str | None] = mapped_column(String(16))
    verdict_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_pick_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    followups: Mapped[list[Followup]] = relationship(back_populates="inquiry", cascade="all, delete-orphan")


class Followup(Base):
    """What happened after an answer: helpful or not, the procedure picked from a list, a 1-5 rating.

    An inquiry has at most one verdict (helpful or not what I asked) and at most one rating: ``slot`` is ``verdict``
    or ``rating`` for those, and the database refuses a second row in the same slot (the first one stands). Picks
    from a list have no slot: a citizen may look at several candidates.
    """

    __tablename__ = "followups"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
        CheckConstraint("kind IN ('helpful', 'not_helpful', 'chose', 'rating')", name="kind_known"),
        CheckConstraint(
            "COALESCE(slot, '') = CASE kind WHEN 'helpful' THEN 'verdict' WHEN 'not_helpful' THEN 'verdict'"
            " WHEN 'rating' THEN 'rating' ELSE '' END",
            name="slot_of_kind",
        ),
        UniqueConstraint("inquiry_id", "slot", name="uq_followups_inquiry_id_slot"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    slot: Mapped[str | None] = mapped_column(String(8))
    procedure_id: Mapped[str | None] = mapped_column(ForeignKey("procedures.id"))
    rating: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    webhook_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)

    inquiry: Mapped[Inquiry] = relationship(back_populates="followups")


class Worker(Base):
    """A running server process, with a heartbeat: a pending reply whose owner stopped beating is sent by another
    worker while its reply token is fresh (after ``kill -9``, nothing answerable goes unanswered)."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    beat_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class OfficeCount(Base):
    """Questions the office answered by hand in a period on one channel (the baseline from before Paru)."""

    __tablename__ = "office_counts"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period_order"),
        CheckConstraint("count >= 0", name="count_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(32))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LineEvent(Base):
    """A LINE event that is not a text question (follow, unfollow, postback, sticker ...): kept so a redelivered
    event is handled once, and so follows and unfollows can be counted. Never holds a raw user id."""

    __tablename__ = "line_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_key: Mapped[str | None] = mapped_column(String(64))
    source_type: Mapped[str | None] = mapped_column(String(8))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    webhook_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)


# -- the staff admin -------------------------------------------------------------------------------------------------
class StaffUser(Base):
    """A member of staff who signs in to the admin: an ``admin`` (accounts, settings, everything) or an ``editor``
    (catalogue, vocabulary, unanswered queue, figures and exports). The password is kept as an argon2 hash."""

    __tablename__ = "staff_users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'editor')", name="role_known"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class StaffSession(Base):
    """A signed-in session: the SHA-256 of the cookie's token (never the token), its CSRF token and its times."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class LoginFailure(Base):
    """A failed sign-in, by account name and by address, to slow the next attempts."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class AuditEntry(Base):
    """One change staff made: who, when, what, and the value before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[Any | None] = mapped_column(JSONType)
    after: Mapped[Any | None] = mapped_column(JSONType)


class OfficeSetting(Base):
    """One setting of the office as the bot presents it (``core.office``), changed by an admin."""

    __tablename__ = "office_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LinkCheck(Base):
    """The latest check of one procedure's clip or manual link: the HTTP status and where it led."""

    __tablename__ = "link_checks"
    __table_args__ = (
        UniqueConstraint("procedure_id", "kind", name="uq_link_checks_procedure_id_kind"),
        CheckConstraint("kind IN ('clip', 'manual')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    procedure_id: Mapped[str] = mapped_column(ForeignKey("procedures.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    url: Mapped[str] = mapped_column(Text)
    status_code: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(String(200))
    ok: Mapped[bool] = mapped_column(default=False)
    checked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class UnansweredAction(Base):
    """What staff did with a group of the unanswered queue (by its normalised text): taught it as a phrasing of a
    procedure, noted that a new clip is needed, or dismissed it. A group with an action leaves the queue."""

    __tablename__ = "unanswered_actions"
    __table_args__ = (
        CheckConstraint("action IN ('taught', 'needs_clip', 'dismissed')", name="action_known"),
        UniqueConstraint("normalised_text", name="uq_unanswered_actions_normalised_text"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    normalised_text: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))
    procedure_id: Mapped[str | None] = mapped_column(ForeignKey("procedures.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    count: Mapped[int] = mapped_column(Integer, default=0)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class BulkUpload(Base):
    """A file of clip links uploaded by staff: what it would change and its row errors, applied only once confirmed."""

    __tablename__ = "bulk_uploads"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    applied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
