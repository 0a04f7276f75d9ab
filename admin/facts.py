"""What every figure needs to know about each inquiry, asked of the database once, in one place.

The rules, written once and used by the figures, the unanswered queue and the exports:

* **Trial traffic** (the simulator's channel) is never part of a figure; it is counted apart.
* An inquiry has at most one **verdict** ("ตรง" helpful / "ไม่ใช่" not what I asked) and one rating; the first one
  stands (the database refuses a second, ``core.models.Followup``).
* **Rejected**: the citizen said "not what I asked" and did not then pick another of the candidates.
* **Self-served**: not rejected, and the bot answered with a clip or the citizen picked one from the list it offered.
* **Needs a person**: rejected; a request for staff; a list of candidates (``choose``) where the citizen picked none;
  or no clip, except for small talk the bot answers itself (greetings, thanks, office hours).
* **Teachable** (the unanswered queue): needs a person, except requests for staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from core.inquiries import TRIAL_CHANNELS
from core.models import Followup, Inquiry

#: Intents the bot answers itself: no person needed even though no clip was offered.
SELF_ANSWERED = ("greeting", "thanks", "acknowledgement", "empty", "office_info")
#: No clip was offered for these, yet there is nothing to teach: the bot answered them, or a person was asked for.
NOT_TEACHABLE = (*SELF_ANSWERED, "staff")

_Verdict = aliased(Followup, name="verdict")
_Pick = aliased(Followup, name="pick")


def _picked() -> ColumnElement[bool]:
    return exists().where(_Pick.inquiry_id == Inquiry.id, _Pick.kind == "chose")


def _picked_after_verdict() -> ColumnElement[bool]:
    return exists().where(_Pick.inquiry_id == Inquiry.id, _Pick.kind == "chose", _Pick.created_at > _Verdict.created_at)


def _per_inquiry(*columns: ColumnElement[object], start: dt.date, end: dt.date) -> Select[tuple[object, ...]]:
    """One row per citizen's inquiry of the Bangkok-date range, with its verdict and whether a candidate was picked
    (before and after the verdict)."""
    return (
        select(
            *columns,
            _Verdict.kind.label("verdict"),
            _picked().label("picked"),
            _picked_after_verdict().label("picked_after_verdict"),
        )
        .select_from(Inquiry)
        .outerjoin(_Verdict, and_(_Verdict.inquiry_id == Inquiry.id, _Verdict.slot == "verdict"))
        .where(Inquiry.received_day >= start, Inquiry.received_day <= end, Inquiry.channel.not_in(TRIAL_CHANNELS))
    )


@dataclass(frozen=True)
class Outcome:
    """How one inquiry (or a group of identical ones) turned out."""

    decision: str
    intent: str
    verdict: str | None
    picked: bool
    picked_after_verdict: bool

    @property
    def rejected(self) -> bool:
        """ "Not what I asked", and no other candidate picked after it."""
        return self.verdict == "not_helpful" and not self.picked_after_verdict

    @property
    def self_served(self) -> bool:
        """A clip answered it (directly, or picked from the list the bot offered) and it was not rejected."""
        return not self.rejected and (self.decision == "answer" or self.picked)

    @property
    def needs_person(self) -> bool:
        """Still needed a member of staff (see the module docstring)."""
        if self.rejected or self.intent == "staff":
            return True
        if self.decision == "choose":
            return not self.picked
        return self.decision == "none" and self.intent not in SELF_ANSWERED

    @property
    def teachable(self) -> bool:
        """Belongs in the unanswered queue: staff can teach the bot, or note that a clip is missing."""
        return self.needs_person and self.intent != "staff"


@dataclass(frozen=True)
class FactGroup(Outcome):
    """Inquiries of one day that share a channel, a decision, an intent, a first procedure and an outcome."""

    day: dt.date
    channel: str
    procedure_id: str | None
    count: int


def fact_groups(session: Session, start: dt.date, end: dt.date) -> list[FactGroup]:
    """The citizens' inquiries of a Bangkok-date range, counted by day, channel, decision, intent, procedure and
    outcome in the database (a year of inquiries comes back as a few thousand groups)."""
    inner = _per_inquiry(
        Inquiry.received_day,
        Inquiry.channel,
        Inquiry.decision,
        Inquiry.intent,
        Inquiry.procedure_id,
        start=start,
        end=end,
    ).subquery()
    keys = (
        inner.c.received_day,
        inner.c.channel,
        inner.c.decision,
        inner.c.intent,
        inner.c.procedure_id,
        inner.c.verdict,
        inner.c.picked,
        inner.c.picked_after_verdict,
    )
    rows = session.execute(select(*keys, func.count()).group_by(*keys))
    return [
        FactGroup(
            decision=decision,
            intent=intent,
            verdict=verdict,
            picked=bool(picked),
            picked_after_verdict=bool(after),
            day=day,
            channel=channel,
            procedure_id=procedure_id,
            count=int(n),
        )
        for day, channel, decision, intent, procedure_id, verdict, picked, after, n in rows
    ]


def trial_count(session: Session, start: dt.date, end: dt.date) -> int:
    """Inquiries from staff trying the bot (the simulator) in the range: shown apart, never in a figure."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Inquiry)
            .where(Inquiry.received_day >= start, Inquiry.received_day <= end, Inquiry.channel.in_(TRIAL_CHANNELS))
        )
        or 0
    )


@dataclass(frozen=True)
class TeachableInquiry(Outcome):
    """One inquiry of the unanswered queue."""

    id: int
    normalised_text: str
    received_at: dt.datetime


def teachable_inquiries(session: Session, start: dt.date, end: dt.date) -> Iterator[TeachableInquiry]:
    """The inquiries of the range that belong in the unanswered queue, streamed (their text not yet purged)."""
    picked, after = _picked(), _picked_after_verdict()
    stmt = _per_inquiry(
        Inquiry.id, Inquiry.normalised_text, Inquiry.received_at, Inquiry.decision, Inquiry.intent, start=start, end=end
    ).where(
        Inquiry.normalised_text.is_not(None),
        Inquiry.intent != "staff",
        ((Inquiry.decision == "none") & Inquiry.intent.not_in(NOT_TEACHABLE))
        | ((Inquiry.decision == "choose") & ~picked)
        | ((_Verdict.kind == "not_helpful") & ~after),
    )
    for row in session.execute(stmt.execution_options(yield_per=2000)):
        item = TeachableInquiry(
            decision=row.decision,
            intent=row.intent,
            verdict=row.verdict,
            picked=bool(row.picked),
            picked_after_verdict=bool(row.picked_after_verdict),
            id=row.id,
            normalised_text=row.normalised_text,
            received_at=row.received_at,
        )
        if item.teachable:  # the same rule as the figures, checked on every row the query found
            yield item


def verdict_label() -> tuple[type[Followup], ColumnElement[bool]]:
    """The aliased verdict row and its join condition, for queries that show each inquiry's verdict."""
    return _Verdict, and_(_Verdict.inquiry_id == Inquiry.id, _Verdict.slot == "verdict")
