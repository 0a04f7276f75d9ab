"""The office's figures of one period in one value: what ``paru figures`` prints and the admin's dashboard shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from admin.facts import fact_groups
from admin.figures import (
    Counts,
    Reduction,
    ReductionRow,
    Satisfaction,
    SelfService,
    counts,
    reduction,
    satisfaction,
    self_service,
)


@dataclass(frozen=True)
class Summary:
    """Counts, satisfaction, self-service and (with a baseline) the reduction of a period."""

    start: dt.date
    end: dt.date
    counts: Counts
    satisfaction: Satisfaction
    self_service: SelfService
    reduction: Reduction | None

    def as_json(self) -> dict[str, Any]:
        """The JSON form (``paru figures --json``): a figure that cannot be computed is null with a ``reason``."""
        c, sat, ss = self.counts, self.satisfaction, self.self_service
        out: dict[str, Any] = {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "inquiries": c.total.total,
            "needing_person": c.total.needs_person,
            "self_served": c.total.self_served,
            "by_decision": {k: v.total for k, v in sorted(c.by_decision.items())},
            "by_channel": {k: v.total for k, v in sorted(c.by_channel.items())},
            "by_lang": {k: v.total for k, v in sorted(c.by_lang.items())},
            "trial_inquiries_not_counted": c.trial,
            "satisfaction": {
                "ratings": sat.ratings,
                "mean": sat.mean,
                "percent": sat.percent,
                "share_4_or_5": sat.share_4_or_5,
                "distribution": {str(k): v for k, v in sat.distribution.items()},
                "reason": sat.reason,
            },
            "self_service": {"percent": ss.percent, "reason": ss.reason},
        }
        if self.reduction is not None:
            red = self.reduction
            out["reduction"] = {
                "baseline": {"from": red.before[0].isoformat(), "to": red.before[1].isoformat()},
                "days": {"before": red.total.before_days, "after": red.total.after_days},
                "rows": [_row_json(r) for r in red.rows],
                "total": _row_json(red.total),
                "notes": [n.en for n in red.notes],
            }
        return out


def _row_json(r: ReductionRow) -> dict[str, Any]:
    return {
        "channel": r.channel,
        "before": r.before,
        "after_needing_person": r.after_needing_person,
        "after_bot_total": r.after_bot_total,
        "percent": r.percent,
        "before_per_day": r.before_per_day,
        "after_per_day": r.after_per_day,
        "per_day_percent": r.per_day_percent,
        "reason": r.reason.en if r.reason else None,
    }


def summarise(
    session: Session, start: dt.date, end: dt.date, baseline: tuple[dt.date, dt.date] | None = None
) -> Summary:
    """Every figure of a period, reading the inquiries once."""
    groups = fact_groups(session, start, end)
    c = counts(session, start, end, groups)
    red = reduction(session, baseline, (start, end), groups) if baseline is not None else None
    return Summary(start, end, c, satisfaction(session, start, end), self_service(session, start, end, c), red)
