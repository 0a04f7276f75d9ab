"""The unanswered queue: what citizens asked that the bot could not settle, grouped for staff to teach it.

Which inquiries belong here is decided with the figures' own rules (``admin.facts``): no clip (other than small
talk), "not what I asked" with no other pick, or a list of candidates where the citizen picked none. Trial traffic
never appears, and a group staff have handled (taught, noted as needing a clip, dismissed: ``admin.teach``) leaves
the queue. The grouping happens in the database, so a year of inquiries is one query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.facts import citizens, teachable_clause
from admin.figures import check_range
from core.models import Inquiry, UnansweredAction


@dataclass(frozen=True)
class UnansweredGroup:
    """Messages with the same normalised text that the bot could not settle."""

    text: str
    count: int
    intents: tuple[str, ...]
    decisions: tuple[str, ...]
    last_seen: dt.datetime
    example_inquiry_id: int


def unanswered(session: Session, start: dt.date, end: dt.date, limit: int = 50) -> list[UnansweredGroup]:
    """The queue of a range: groups by normalised text, most frequent first, then the most recent."""
    check_range(start, end)
    handled = select(UnansweredAction.normalised_text)
    where = (
        citizens(start, end),
        teachable_clause(),
        Inquiry.normalised_text.is_not(None),
        Inquiry.normalised_text.not_in(handled),
    )
    n, last = func.count().label("n"), func.max(Inquiry.received_at).label("last")
    top = session.execute(
        select(Inquiry.normalised_text, n, last, func.max(Inquiry.id))
        .where(*where)
        .group_by(Inquiry.normalised_text)
        .order_by(n.desc(), last.desc(), Inquiry.normalised_text)
        .limit(limit)
    ).all()
    texts = [row[0] for row in top]
    kinds: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    if texts:
        for text, intent, decision in session.execute(
            select(Inquiry.normalised_text, Inquiry.intent, Inquiry.decision)
            .where(*where, Inquiry.normalised_text.in_(texts))
            .distinct()
        ):
            kinds[text][0].add(intent)
            kinds[text][1].add(decision)
    return [
        UnansweredGroup(
            text=text,
            count=int(count),
            intents=tuple(sorted(kinds[text][0])),
            decisions=tuple(sorted(kinds[text][1])),
            last_seen=last_seen,
            example_inquiry_id=int(newest),
        )
        for text, count, last_seen, newest in top
    ]
