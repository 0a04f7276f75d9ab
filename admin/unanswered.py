"""The unanswered queue: what citizens asked that the bot could not settle, grouped for staff to teach it.

Which inquiries belong here is decided with the figures' own rules (``admin.facts``): no clip (other than small
talk), "not what I asked" with no other pick, or a list of candidates where the citizen picked none. Trial traffic
never appears.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from admin.facts import TeachableInquiry, teachable_inquiries
from admin.figures import check_range


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
    groups: dict[str, list[TeachableInquiry]] = defaultdict(list)
    for item in teachable_inquiries(session, start, end):
        groups[item.normalised_text].append(item)
    out = []
    for text, items in groups.items():
        newest = max(items, key=lambda i: (i.received_at, i.id))
        out.append(
            UnansweredGroup(
                text=text,
                count=len(items),
                intents=tuple(sorted({i.intent for i in items})),
                decisions=tuple(sorted({i.decision for i in items})),
                last_seen=newest.received_at,
                example_inquiry_id=newest.id,
            )
        )
    out.sort(key=lambda g: (-g.count, -g.last_seen.timestamp(), g.text))
    return out[:limit]
