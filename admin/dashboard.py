"""The dashboard's figures: this month and the fiscal year so far, read from the database once (the month's counts
are taken from the year's groups), with the reduction against the same period a year before."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.facts import FactGroup, fact_groups
from admin.figures import Counts, Reduction, Satisfaction, SelfService, counts, reduction, satisfaction, self_service
from admin.linkcheck import broken
from core.inquiries import TRIAL_CHANNELS
from core.models import Inquiry, LinkCheck, ProcedureRow
from core.thaidate import fiscal_year, fiscal_year_range, month_range, today


@dataclass(frozen=True)
class PeriodFigures:
    """The figures of one period of the dashboard."""

    label: str
    start: dt.date
    end: dt.date
    counts: Counts
    satisfaction: Satisfaction
    self_service: SelfService
    reduction: Reduction
    unanswered: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows."""

    month: PeriodFigures
    year: PeriodFigures
    broken_links: list[LinkCheck]
    procedures_without_clip: int
    daily: list[tuple[dt.date, int]]
    top: list[tuple[str, int]]


def _year_before(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    def back(d: dt.date) -> dt.date:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:  # 29 February
            return d.replace(year=d.year - 1, day=28)

    return back(start), back(end)


def _period(session: Session, label: str, start: dt.date, end: dt.date, groups: list[FactGroup]) -> PeriodFigures:
    mine = [g for g in groups if start <= g.day <= end]
    c = counts(session, start, end, mine)
    return PeriodFigures(
        label=label,
        start=start,
        end=end,
        counts=c,
        satisfaction=satisfaction(session, start, end),
        self_service=self_service(session, start, end, c),
        reduction=reduction(session, _year_before(start, end), (start, end), mine),
        unanswered=sum(g.count for g in mine if g.teachable),
    )


def _citizens(start: dt.date, end: dt.date) -> tuple[object, ...]:
    return (Inquiry.received_day >= start, Inquiry.received_day <= end, Inquiry.channel.not_in(TRIAL_CHANNELS))


def daily_counts(session: Session, day: dt.date | None = None) -> list[tuple[dt.date, int]]:
    """Citizens' inquiries per day of the month so far (the daily chart), every day listed."""
    day = day or today()
    first, _ = month_range(day)
    found = dict(
        session.execute(
            select(Inquiry.received_day, func.count()).where(*_citizens(first, day)).group_by(Inquiry.received_day)
        ).all()
    )
    return [(d, int(found.get(d, 0))) for d in (first + dt.timedelta(n) for n in range((day - first).days + 1))]


def top_procedures(session: Session, day: dt.date | None = None, limit: int = 10) -> list[tuple[str, int]]:
    """The procedures asked about most in the fiscal year so far (the top chart)."""
    day = day or today()
    start, _ = fiscal_year_range(fiscal_year(day))
    n = func.count().label("n")
    rows = session.execute(
        select(ProcedureRow.title_th, n)
        .join(Inquiry, Inquiry.procedure_id == ProcedureRow.id)
        .where(*_citizens(start, day))
        .group_by(ProcedureRow.title_th)
        .order_by(n.desc(), ProcedureRow.title_th)
        .limit(limit)
    )
    return [(title, int(count)) for title, count in rows]


def dashboard(session: Session, day: dt.date | None = None) -> Dashboard:
    """The dashboard as of ``day`` (today in Bangkok)."""
    day = day or today()
    fy = fiscal_year(day)
    fy_start, _ = fiscal_year_range(fy)
    month_start, _ = month_range(day)
    groups = fact_groups(session, fy_start, day)
    year = _period(session, f"ปีงบประมาณ {fy} ถึงวันนี้", fy_start, day, groups)
    month = _period(session, "เดือนนี้", month_start, day, groups)
    per_day = {d: 0 for d in (month_start + dt.timedelta(n) for n in range((day - month_start).days + 1))}
    for g in groups:
        if g.day in per_day:
            per_day[g.day] += g.count
    top = sorted(year.counts.by_procedure.values(), key=lambda r: (-r.total, r.label))[:10]
    without_clip = session.scalar(
        select(func.count()).select_from(ProcedureRow).where(ProcedureRow.active.is_(True), ProcedureRow.clip_url == "")
    )
    return Dashboard(
        month=month,
        year=year,
        broken_links=broken(session),
        procedures_without_clip=int(without_clip or 0),
        daily=sorted(per_day.items()),
        top=[(r.label, r.total) for r in top],
    )
