"""The figures the office reports: inquiry counts, inquiry reduction, satisfaction, self-service.

Periods are Bangkok dates (inclusive), shown with Buddhist-era years (``core.thaidate``). What counts as needing a
person, self-served or rejected is decided in one place, ``admin.facts``; trial traffic (the simulator) is in no
figure and is counted apart. A figure that cannot be computed carries the reason instead of a number.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.facts import FactGroup, fact_groups, trial_count
from core.inquiries import TRIAL_CHANNELS
from core.models import Followup, Inquiry, OfficeCount, ProcedureRow
from core.thaidate import (
    THAI_MONTHS,
    DateRangeError,
    be_year,
    days_in,
    fiscal_year,
    thai_date,
    today,
    utc_range,
)

Period = Literal["day", "week", "month", "fiscal_year"]
PERIODS: tuple[Period, ...] = ("day", "week", "month", "fiscal_year")
DECISION_TH = {"answer": "ตอบด้วยคลิป", "choose": "ให้เลือกคลิป", "none": "ไม่มีคลิป"}
NO_DEPARTMENT = "ไม่ระบุฝ่าย (ไม่มีคลิปที่ตรง)"


class FigureError(ValueError):
    """A figure that cannot be computed as asked (a period that ends before it starts ...)."""


def check_range(start: dt.date, end: dt.date) -> None:
    """Refuse a period that ends before it starts."""
    try:
        utc_range(start, end)
    except DateRangeError as exc:
        raise FigureError(str(exc)) from exc


def period_key(day: dt.date, period: Period) -> tuple[str, str]:
    """A sortable key and a Thai label for the period ``day`` falls in."""
    if period == "day":
        return day.isoformat(), thai_date(day)
    if period == "week":
        iso = day.isocalendar()
        monday = day - dt.timedelta(days=iso.weekday - 1)
        return f"{iso.year}-W{iso.week:02d}", f"สัปดาห์ที่ {iso.week}/{be_year(iso.year)} (เริ่ม {thai_date(monday)})"
    if period == "month":
        return f"{day.year}-{day.month:02d}", f"{THAI_MONTHS[day.month - 1]} {be_year(day.year)}"
    fy = fiscal_year(day)
    return f"FY{fy}", f"ปีงบประมาณ {fy}"


def round2(x: float) -> float:
    """Round half up to two decimals, as people do on paper (26.865 -> 26.87)."""
    return float(Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# -- counts --------------------------------------------------------------------------------------------------------
@dataclass
class CountRow:
    """Inquiries in one group: in total, by decision, and how many were self-served or still needed a person."""

    key: str
    label: str
    total: int = 0
    answer: int = 0
    choose: int = 0
    none: int = 0
    self_served: int = 0
    needs_person: int = 0

    def add(self, g: FactGroup) -> None:
        self.total += g.count
        setattr(self, g.decision, getattr(self, g.decision) + g.count)
        self.self_served += g.count if g.self_served else 0
        self.needs_person += g.count if g.needs_person else 0


@dataclass
class Counts:
    """Citizens' inquiry counts of a date range, grouped every way the office reports them; the simulator's trial
    inquiries are counted apart (``trial``) and are in no other number."""

    start: dt.date
    end: dt.date
    total: CountRow = field(default_factory=lambda: CountRow("total", "รวม"))
    trial: int = 0
    by_period: dict[Period, dict[str, CountRow]] = field(default_factory=lambda: {p: {} for p in PERIODS})
    by_procedure: dict[str, CountRow] = field(default_factory=dict)
    by_department: dict[str, CountRow] = field(default_factory=dict)
    by_decision: dict[str, CountRow] = field(default_factory=dict)
    by_channel: dict[str, CountRow] = field(default_factory=dict)
    by_intent: dict[str, CountRow] = field(default_factory=dict)
    by_lang: dict[str, CountRow] = field(default_factory=dict)


#: The languages of the inquiries, as the figures name them.
LANG_TH = {"th": "ภาษาไทย", "en": "ภาษาอังกฤษ"}


def _bucket(table: dict[str, CountRow], key: str, label: str) -> CountRow:
    row = table.get(key)
    if row is None:
        row = table[key] = CountRow(key, label)
    return row


def counts(session: Session, start: dt.date, end: dt.date, groups: Sequence[FactGroup] | None = None) -> Counts:
    """Count the inquiries of a range by day, week, month, fiscal year, procedure, department, decision, channel
    (from ``groups`` when the range's fact groups are already at hand)."""
    check_range(start, end)
    if groups is None:
        groups = fact_groups(session, start, end)
    out = Counts(start, end, trial=trial_count(session, start, end))
    procedures = {
        pid: (title, dept)
        for pid, title, dept in session.execute(
            select(ProcedureRow.id, ProcedureRow.title_th, ProcedureRow.department_th)
        )
    }
    for g in sorted(groups, key=lambda g: g.day):
        out.total.add(g)
        for period in PERIODS:
            key, label = period_key(g.day, period)
            _bucket(out.by_period[period], key, label).add(g)
        title, department = procedures.get(g.procedure_id or "", (None, None))
        if g.procedure_id:
            _bucket(out.by_procedure, g.procedure_id, title or g.procedure_id).add(g)
        dept = department or NO_DEPARTMENT
        _bucket(out.by_department, dept, dept).add(g)
        _bucket(out.by_decision, g.decision, DECISION_TH.get(g.decision, g.decision)).add(g)
        _bucket(out.by_channel, g.channel, g.channel).add(g)
        _bucket(out.by_intent, g.intent, g.intent).add(g)
        _bucket(out.by_lang, g.lang, LANG_TH.get(g.lang, g.lang)).add(g)
    return out


# -- self-service --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SelfService:
    """Inquiries answered with a clip (directly, or picked from the list offered) and not rejected, as a share of
    all the citizens' inquiries."""

    total: int
    self_served: int

    @property
    def percent(self) -> float | None:
        return round2(self.self_served / self.total * 100) if self.total else None

    @property
    def reason(self) -> str | None:
        return None if self.total else "no inquiry in this period"


def self_service(session: Session, start: dt.date, end: dt.date, c: Counts | None = None) -> SelfService:
    """The self-service rate of a range (from ``c`` when the counts are already at hand)."""
    c = c or counts(session, start, end)
    return SelfService(c.total.total, c.total.self_served)


# -- satisfaction --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Satisfaction:
    """Ratings given in a range: how many ratings (one per answer at most), the mean, and the percentage the
    office reports (mean / 5 x 100)."""

    ratings: int
    mean: float | None
    percent: float | None
    share_4_or_5: float | None
    distribution: dict[int, int]

    @property
    def reason(self) -> str | None:
        return None if self.ratings else "no rating in this period"


def satisfaction(session: Session, start: dt.date, end: dt.date) -> Satisfaction:
    """Ratings of citizens' answers given in the range. The percentage is computed from the mean rounded to two
    decimals, as the office does (4.67 -> 93.40%)."""
    lo, hi = utc_range(start, end)
    ratings = Counter(
        {
            int(rating): int(n)
            for rating, n in session.execute(
                select(Followup.rating, func.count())
                .join(Inquiry, Inquiry.id == Followup.inquiry_id)
                .where(
                    Followup.slot == "rating",
                    Followup.created_at >= lo,
                    Followup.created_at < hi,
                    Inquiry.channel.not_in(TRIAL_CHANNELS),
                )
                .group_by(Followup.rating)
            )
        }
    )
    n = sum(ratings.values())
    if not n:
        return Satisfaction(0, None, None, None, {k: 0 for k in range(1, 6)})
    mean = round2(sum(k * v for k, v in ratings.items()) / n)
    return Satisfaction(
        ratings=n,
        mean=mean,
        percent=round2(mean / 5 * 100),
        share_4_or_5=round2((ratings[4] + ratings[5]) / n * 100),
        distribution={k: ratings[k] for k in range(1, 6)},
    )


# -- reduction -----------------------------------------------------------------------------------------------------
def reduction_percent(before: int, after: int) -> float | None:
    """(before - after) / before x 100, rounded to two decimals; None when there is no "before"."""
    if before <= 0:
        return None
    return round2((before - after) / before * 100)


@dataclass(frozen=True)
class Reason:
    """Why a figure cannot be computed, for people (Thai) and for scripts (English)."""

    th: str
    en: str


@dataclass(frozen=True)
class ReductionRow:
    """One channel's reduction (or the total), with both "after" figures side by side so neither is mistaken for
    the other, and the per-day rates when the two periods differ in length."""

    channel: str
    before: int
    after_needing_person: int
    after_bot_total: int
    before_days: int
    after_days: int
    reason: Reason | None = None

    @property
    def percent(self) -> float | None:
        """The office's figure: fewer questions that needed a person. None when ``reason`` says why not."""
        return None if self.reason else reduction_percent(self.before, self.after_needing_person)

    @property
    def before_per_day(self) -> float | None:
        return round2(self.before / self.before_days) if self.before_days else None

    @property
    def after_per_day(self) -> float | None:
        return round2(self.after_needing_person / self.after_days) if self.after_days else None

    @property
    def per_day_percent(self) -> float | None:
        """The reduction of the per-day rates (the fair comparison when the periods differ in length)."""
        if self.reason or not self.before or not self.after_days:
            return None
        before = self.before / self.before_days
        after = self.after_needing_person / self.after_days
        return round2((before - after) / before * 100)


@dataclass(frozen=True)
class Reduction:
    """Inquiry reduction per channel and in total, and what a reader must know to trust it."""

    before: tuple[dt.date, dt.date]
    after: tuple[dt.date, dt.date]
    rows: list[ReductionRow]
    total: ReductionRow
    notes: list[Reason]

    @property
    def lengths_differ(self) -> bool:
        return self.total.before_days != self.total.after_days


_NO_BASELINE = Reason(
    "ไม่มีจำนวนคำถามช่วงก่อนมีบอท (ฐาน) ในช่วงที่เลือก",
    "the baseline period holds no office count",
)
_ZERO_BASELINE = Reason("จำนวนคำถามช่วงก่อนมีบอทเป็นศูนย์ จึงคำนวณร้อยละไม่ได้", "the baseline count is zero")
_NO_AFTER = Reason(
    "ช่วงหลังมีบอทไม่มีข้อมูลของช่องทางนี้เลย (ไม่มีคำถามทาง LINE และไม่มีจำนวนที่สำนักงานบันทึก)",
    "the after-period holds no inquiry and no office count for this channel",
)


def _office_counts(session: Session, start: dt.date, end: dt.date) -> tuple[Counter[str], list[OfficeCount]]:
    """Office counts whose period lies inside [start, end], by channel; and those that only partly overlap it."""
    inside: Counter[str] = Counter()
    partial: list[OfficeCount] = []
    for row in session.scalars(
        select(OfficeCount).where(OfficeCount.period_start <= end, OfficeCount.period_end >= start)
    ):
        if row.period_start >= start and row.period_end <= end:
            inside[row.channel] += row.count
        else:
            partial.append(row)
    return inside, partial


def reduction(
    session: Session,
    before: tuple[dt.date, dt.date],
    after: tuple[dt.date, dt.date],
    groups: Sequence[FactGroup] | None = None,
) -> Reduction:
    """Inquiry reduction per channel and in total.

    *Before* is the office's own counts in the baseline period. *After* is, per channel, the bot's inquiries that
    still needed a person plus the office counts entered for the later period (for channels Paru does not answer,
    such as Facebook or the website). A channel with a baseline but no data at all in the later period, or a zero
    baseline, gives a reason instead of a percentage, and so does the total: no data must never read as 100% fewer.
    """
    check_range(*before)
    check_range(*after)
    if before[0] <= after[1] and after[0] <= before[1]:
        raise FigureError(
            f"ช่วงฐานซ้อนกับช่วงที่วัด (the baseline period {before[0]} – {before[1]} overlaps the period measured)"
        )
    base, base_partial = _office_counts(session, *before)
    later_office, later_partial = _office_counts(session, *after)
    if groups is None:
        groups = fact_groups(session, *after)
    needing: Counter[str] = Counter()
    bot_total: Counter[str] = Counter()
    for g in groups:
        bot_total[g.channel] += g.count
        needing[g.channel] += g.count if g.needs_person else 0
    before_days = days_in(*before)
    # A period that has not ended yet is measured over the days that have passed.
    after_days = max(0, days_in(after[0], min(after[1], today())))
    rows: list[ReductionRow] = []
    for c in sorted(set(base) | set(later_office) | set(bot_total)):
        has_after = bool(bot_total[c]) or c in later_office
        reason = _NO_BASELINE if c not in base else _ZERO_BASELINE if not base[c] else None
        if reason is None and not has_after:
            reason = _NO_AFTER
        rows.append(
            ReductionRow(c, base[c], needing[c] + later_office[c], bot_total[c], before_days, after_days, reason)
        )
    total_before = sum(r.before for r in rows)
    missing = [r.channel for r in rows if r.reason is _NO_AFTER]
    if not base:
        total_reason: Reason | None = _NO_BASELINE
    elif not total_before:
        total_reason = _ZERO_BASELINE
    elif missing:
        names = ", ".join(missing)
        total_reason = Reason(
            f"ช่วงหลังมีบอทไม่มีข้อมูลของช่องทาง {names} ซึ่งมีจำนวนฐาน จึงยังสรุปรวมไม่ได้",
            f"the after-period holds no data for {names}, which has a baseline",
        )
    else:
        total_reason = None
    total = ReductionRow(
        "รวม",
        total_before,
        sum(r.after_needing_person for r in rows),
        sum(r.after_bot_total for r in rows),
        before_days,
        after_days,
        total_reason,
    )
    notes: list[Reason] = []
    if before_days != after_days:
        notes.append(
            Reason(
                f"สองช่วงยาวไม่เท่ากัน (ก่อน {before_days} วัน หลัง {after_days} วัน) ควรเทียบอัตราต่อวันประกอบ",
                f"the two periods differ in length ({before_days} and {after_days} days): compare the per-day rates",
            )
        )
    if after[1] > today():
        notes.append(
            Reason(
                f"ช่วงหลังยังไม่สิ้นสุด นับถึงวันนี้ {after_days} วัน",
                f"the after-period has not ended: {after_days} days so far",
            )
        )
    for r in (*base_partial, *later_partial):
        notes.append(
            Reason(
                f"ไม่นับจำนวนของสำนักงานรายการ {r.id} ({r.channel} {thai_date(r.period_start)} – "
                f"{thai_date(r.period_end)}) เพราะคาบเกี่ยวกับช่วงที่เลือกเพียงบางส่วน",
                f"office count {r.id} ({r.channel}) is left out: it only partly overlaps the period",
            )
        )
    no_base = [r.channel for r in rows if r.reason is _NO_BASELINE]
    if no_base and total_reason is None:
        names = ", ".join(no_base)
        notes.append(
            Reason(
                f"ช่องทาง {names} ไม่มีจำนวนฐาน แต่นับรวมในช่วงหลังแล้ว (ตัวเลขจึงไม่เข้าข้างบอท)",
                f"{names} has no baseline but is counted in the after total (the conservative choice)",
            )
        )
    return Reduction(before, after, rows, total, notes)
