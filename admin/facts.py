"""What every figure needs to know about each inquiry, asked of the database once, in one place.

The rules, written once and used by the figures, the unanswered queue and the exports:

* **Trial traffic** (the simulator's channel) is never part of a figure; it is counted apart.
* An inquiry has at most one **verdict** ("ตรง" helpful / "ไม่ใช่" not what I asked) and one rating; the first one
  stands (the database refuses a second, ``core.models.Followup``).
* **Rejected**: the citizen said "not what I asked" and did not then pick another of the candidates.
* **Self-served**: not rejected, and the bot answered with a clip or the citizen picked one from the list it offered;
  never a question only staff can answer.
* **Needs a person**: rejected; a request for staff; a question about why something happened or what a word means
  (intent ``explanation``: the bot gave the office's contact and only related clips); a list of candidates
  (``choose``) where the citizen picked none; or no clip, except for small talk the bot answers itself (greetings,
  thanks, office hours).
* **Teachable** (the unanswered queue): needs a person, except requests for staff and explanations (no example the
  staff add changes how the bot answers those).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from core.inquiries import TRIAL_CHANNELS
from core.models import Inquiry

#: Intents the bot answers itself: no person needed even though no clip was offered.
SELF_ANSWERED = ("greeting", "thanks", "acknowledgement", "empty", "office_info")
#: Questions only a person can answer: a request for staff, and why something happened or what a word means.
FOR_STAFF = ("staff", "explanation")
#: No clip was offered for these, yet there is nothing to teach: the bot answered them, or a person was asked for.
NOT_TEACHABLE = (*SELF_ANSWERED, *FOR_STAFF)


def _picked() -> ColumnElement[bool]:
    return Inquiry.last_pick_at.is_not(None)


def _picked_after_verdict() -> ColumnElement[bool]:
    return Inquiry.last_pick_at > Inquiry.verdict_at


def _per_inquiry(*columns: ColumnElement[object], start: dt.date, end: dt.date) -> Select[tuple[object, ...]]:
    """One row per citizen's inquiry of the Bangkok-date range, with its verdict and whether a candidate was picked
    (before and after the verdict). The inquiry keeps a copy of these (``core.inquiries.add_followup``), so this is
    one table, no subquery."""
    return select(
        *columns,
        Inquiry.verdict.label("verdict"),
        _picked().label("picked"),
        func.coalesce(_picked_after_verdict(), False).label("picked_after_verdict"),
    ).where(Inquiry.received_day >= start, Inquiry.received_day <= end, Inquiry.channel.not_in(TRIAL_CHANNELS))


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
        return self.intent not in FOR_STAFF and not self.rejected and (self.decision == "answer" or self.picked)

    @property
    def needs_person(self) -> bool:
        """Still needed a member of staff (see the module docstring)."""
        if self.rejected or self.intent in FOR_STAFF:
            return True
        if self.decision == "choose":
            return not self.picked
        return self.decision == "none" and self.intent not in SELF_ANSWERED

    @property
    def teachable(self) -> bool:
        """Belongs in the unanswered queue: staff can teach the bot, or note that a clip is missing."""
        return self.needs_person and self.intent not in FOR_STAFF


@dataclass(frozen=True)
class FactGroup(Outcome):
    """Inquiries of one day that share a channel, a decision, an intent, a first procedure, a language and an
    outcome."""

    day: dt.date
    channel: str
    procedure_id: str | None
    count: int
    lang: str = "th"


def fact_groups(session: Session, start: dt.date, end: dt.date) -> list[FactGroup]:
    """The citizens' inquiries of a Bangkok-date range, counted by day, channel, decision, intent, procedure and
    outcome in the database (a year of inquiries comes back as a few thousand groups)."""
    inner = _per_inquiry(
        Inquiry.received_day,
        Inquiry.channel,
        Inquiry.decision,
        Inquiry.intent,
        Inquiry.procedure_id,
        Inquiry.lang,
        start=start,
        end=end,
    ).subquery()
    keys = (
        inner.c.received_day,
        inner.c.channel,
        inner.c.decision,
        inner.c.intent,
        inner.c.procedure_id,
        inner.c.lang,
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
            lang=lang,
        )
        for day, channel, decision, intent, procedure_id, lang, verdict, picked, after, n in rows
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


def teachable_clause() -> ColumnElement[bool]:
    """:attr:`Outcome.teachable` as SQL, for the queue, which is grouped in the database (the tests hold the two
    to the same answers)."""
    picked_after = func.coalesce(_picked_after_verdict(), False)
    rejected = (Inquiry.verdict == "not_helpful") & ~picked_after
    unpicked_list = (Inquiry.decision == "choose") & Inquiry.last_pick_at.is_(None)
    no_clip = (Inquiry.decision == "none") & Inquiry.intent.not_in(SELF_ANSWERED)
    return Inquiry.intent.not_in(FOR_STAFF) & (rejected | unpicked_list | no_clip)


def citizens(start: dt.date, end: dt.date) -> ColumnElement[bool]:
    """The citizens' inquiries of a Bangkok-date range (trial traffic left out)."""
    return (Inquiry.received_day >= start) & (Inquiry.received_day <= end) & Inquiry.channel.not_in(TRIAL_CHANNELS)
