"""The figures the office reports: inquiry counts, inquiry reduction, satisfaction, self-service, unanswered.

Periods are Bangkok dates (inclusive), shown with Buddhist-era years; the Thai fiscal year runs October to
September and is named by the year it ends (ปีงบประมาณ 2567 = 1 Oct 2023 to 30 Sep 2024).

*Needing a person*, the "after" side of the office's reduction figure, means an inquiry where the bot offered no
clip (other than small talk it answers itself: greetings, thanks, office hours), or the citizen said the clip was not
what they asked, or asked for staff.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from core.inquiries import TRIAL_CHANNELS
from core.models import Followup, Inquiry, OfficeCount, ProcedureRow

BANGKOK = ZoneInfo("Asia/Bangkok")
Period = Literal["day", "week", "month", "fiscal_year"]
PERIODS: tuple[Period, ...] = ("day", "week", "month", "fiscal_year")

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
#: Intents the bot answers itself: no person needed even though no clip was offered.
SELF_ANSWERED = ("greeting", "thanks", "acknowledgement", "empty", "office_info")
DECISION_TH = {"answer": "ตอบด้วยคลิป", "choose": "ให้เลือกคลิป", "none": "ไม่มีคลิป"}


class FigureError(ValueError):
    """A figure that cannot be computed as asked (a period that ends before it starts ...)."""


# -- dates ---------------------------------------------------------------------------------------------------------
def be_year(year: int) -> int:
    """Buddhist-era year."""
    return year + 543


def thai_date(day: dt.date) -> str:
    """26 พ.ย. 2569"""
    return f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {be_year(day.year)}"


def thai_datetime(moment: dt.datetime) -> str:
    """26 พ.ย. 2569 13:05 (Bangkok time)"""
    local = moment.astimezone(BANGKOK)
    return f"{thai_date(local.date())} {local:%H:%M}"


def fiscal_year(day: dt.date) -> int:
    """The Thai fiscal year (Buddhist era) a date falls in: October starts the next year's budget."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


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


def utc_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants of Bangkok ``start`` 00:00 and the midnight after ``end`` (the range is inclusive)."""
    if end < start:
        raise FigureError(f"the period ends ({end}) before it starts ({start})")
    lo = dt.datetime.combine(start, dt.time(), BANGKOK).astimezone(dt.UTC)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), BANGKOK).astimezone(dt.UTC)
    return lo, hi


def round2(x: float) -> float:
    """Round half up to two decimals, as people do on paper (26.865 -> 26.87)."""
    return float(Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# -- one pass over the inquiries -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class InquiryFacts:
    """What the figures need to know about one inquiry."""

    received_at: dt.datetime
    channel: str
    decision: str
    intent: str
    procedure_id: str | None
    department: str | None
    not_helpful: bool

    @property
    def needs_person(self) -> bool:
        """Whether the inquiry still needed a member of staff (see the module docstring)."""
        if self.not_helpful or self.intent == "staff":
            return True
        return self.decision == "none" and self.intent not in SELF_ANSWERED

    @property
    def self_served(self) -> bool:
        """A clip was offered and not rejected as "not what I asked"."""
        return self.decision in ("answer", "choose") and not self.not_helpful


def inquiry_facts(
    session: Session, start: dt.date, end: dt.date, channels: tuple[str, ...] = ()
) -> Iterator[InquiryFacts]:
    """Stream the facts of every inquiry in the Bangkok-date range, without loading them all at once."""
    lo, hi = utc_range(start, end)
    not_helpful = exists().where(and_(Followup.inquiry_id == Inquiry.id, Followup.kind == "not_helpful"))
    stmt = (
        select(
            Inquiry.received_at,
            Inquiry.channel,
            Inquiry.decision,
            Inquiry.intent,
            Inquiry.procedure_id,
            ProcedureRow.department_th,
            not_helpful.label("not_helpful"),
        )
        .outerjoin(ProcedureRow, ProcedureRow.id == Inquiry.procedure_id)
        .where(Inquiry.received_at >= lo, Inquiry.received_at < hi)
        .order_by(Inquiry.received_at)
        .execution_options(yield_per=2000)
    )
    if channels:
        stmt = stmt.where(Inquiry.channel.in_(channels))
    for row in session.execute(stmt):
        yield InquiryFacts(*row)


# -- counts --------------------------------------------------------------------------------------------------------
@dataclass
class CountRow:
    """Inquiries in one group: in total, by decision, and how many still needed a person."""

    key: str
    label: str
    total: int = 0
    answer: int = 0
    choose: int = 0
    none: int = 0
    needs_person: int = 0

    def add(self, f: InquiryFacts) -> None:
        self.total += 1
        setattr(self, f.decision, getattr(self, f.decision) + 1)
        self.needs_person += f.needs_person


@dataclass
class Counts:
    """Inquiry counts of a date range, grouped every way the office reports them."""

    start: dt.date
    end: dt.date
    total: CountRow = field(default_factory=lambda: CountRow("total", "รวม"))
    by_period: dict[Period, dict[str, CountRow]] = field(default_factory=lambda: {p: {} for p in PERIODS})
    by_procedure: dict[str, CountRow] = field(default_factory=dict)
    by_department: dict[str, CountRow] = field(default_factory=dict)
    by_decision: dict[str, CountRow] = field(default_factory=dict)
    by_channel: dict[str, CountRow] = field(default_factory=dict)
    by_intent: dict[str, CountRow] = field(default_factory=dict)


def counts(session: Session, start: dt.date, end: dt.date) -> Counts:
    """Count the inquiries of a range by day, week, month, fiscal year, procedure, department, decision, channel."""
    out = Counts(start, end)
    titles: dict[str, str] = {
        pid: title for pid, title in session.execute(select(ProcedureRow.id, ProcedureRow.title_th))
    }

    def bucket(table: dict[str, CountRow], key: str, label: str) -> CountRow:
        row = table.get(key)
        if row is None:
            row = table[key] = CountRow(key, label)
        return row

    for f in inquiry_facts(session, start, end):
        out.total.add(f)
        local_day = f.received_at.astimezone(BANGKOK).date()
        for period in PERIODS:
            key, label = period_key(local_day, period)
            bucket(out.by_period[period], key, label).add(f)
        if f.procedure_id:
            bucket(out.by_procedure, f.procedure_id, titles.get(f.procedure_id, f.procedure_id)).add(f)
        department = f.department or "ไม่ระบุฝ่าย (ไม่มีคลิปที่ตรง)"
        bucket(out.by_department, department, department).add(f)
        bucket(out.by_decision, f.decision, DECISION_TH.get(f.decision, f.decision)).add(f)
        bucket(out.by_channel, f.channel, f.channel).add(f)
        bucket(out.by_intent, f.intent, f.intent).add(f)
    return out


# -- reduction -----------------------------------------------------------------------------------------------------
def reduction_percent(before: int, after: int) -> float | None:
    """(before - after) / before x 100, rounded to two decimals; None when there is no "before"."""
    if before <= 0:
        return None
    return round2((before - after) / before * 100)


@dataclass(frozen=True)
class ReductionRow:
    """One channel's reduction, with both "after" figures side by side so neither is mistaken for the other."""

    channel: str
    before: int
    after_needing_person: int
    after_bot_total: int

    @property
    def percent(self) -> float | None:
        """The office's figure: fewer questions that needed a person."""
        return reduction_percent(self.before, self.after_needing_person)


def _office_total(session: Session, start: dt.date, end: dt.date) -> Counter[str]:
    """Office counts whose period lies inside [start, end], by channel."""
    rows = session.execute(
        select(OfficeCount.channel, func.sum(OfficeCount.count))
        .where(OfficeCount.period_start >= start, OfficeCount.period_end <= end)
        .group_by(OfficeCount.channel)
    )
    return Counter({channel: int(total) for channel, total in rows})


def reduction(
    session: Session, before: tuple[dt.date, dt.date], after: tuple[dt.date, dt.date]
) -> tuple[list[ReductionRow], ReductionRow]:
    """Inquiry reduction per channel and in total.

    "Before" is the office's own counts in the baseline period. "After" is, per channel, the bot's inquiries that
    still needed a person plus any office counts entered for the later period (for channels Paru does not answer,
    such as Facebook or the website). The bot's total is shown next to it.
    """
    base = _office_total(session, *before)
    later_office = _office_total(session, *after)
    needing: Counter[str] = Counter()
    bot_total: Counter[str] = Counter()
    for f in inquiry_facts(session, *after):
        if f.channel in TRIAL_CHANNELS:
            continue  # staff trying the bot are not citizens' questions
        bot_total[f.channel] += 1
        needing[f.channel] += f.needs_person
    channels = sorted(set(base) | set(later_office) | set(bot_total))
    rows = [ReductionRow(c, base[c], needing[c] + later_office[c], bot_total[c]) for c in channels]
    total = ReductionRow(
        "รวม",
        sum(r.before for r in rows),
        sum(r.after_needing_person for r in rows),
        sum(r.after_bot_total for r in rows),
    )
    return rows, total


# -- satisfaction and self-service ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Satisfaction:
    """Ratings of a range: how many, the mean, and the percentage the office reports (mean / 5 x 100)."""

    count: int
    mean: float | None
    percent: float | None
    share_4_or_5: float | None
    distribution: dict[int, int]


def satisfaction(session: Session, start: dt.date, end: dt.date) -> Satisfaction:
    """Ratings given in the range. The percentage is computed from the mean rounded to two decimals, as the office
    does (4.67 -> 93.40%)."""
    lo, hi = utc_range(start, end)
    ratings = Counter(
        int(r)
        for r in session.scalars(
            select(Followup.rating).where(
                Followup.kind == "rating", Followup.created_at >= lo, Followup.created_at < hi
            )
        )
    )
    n = sum(ratings.values())
    if not n:
        return Satisfaction(0, None, None, None, {k: 0 for k in range(1, 6)})
    mean = round2(sum(k * v for k, v in ratings.items()) / n)
    return Satisfaction(
        count=n,
        mean=mean,
        percent=round2(mean / 5 * 100),
        share_4_or_5=round2((ratings[4] + ratings[5]) / n * 100),
        distribution={k: ratings[k] for k in range(1, 6)},
    )


@dataclass(frozen=True)
class SelfService:
    """Inquiries answered with a clip and not rejected, as a share of all inquiries."""

    total: int
    self_served: int

    @property
    def percent(self) -> float | None:
        return round2(self.self_served / self.total * 100) if self.total else None


def self_service(session: Session, start: dt.date, end: dt.date) -> SelfService:
    """The self-service rate of a range."""
    total = served = 0
    for f in inquiry_facts(session, start, end):
        total += 1
        served += f.self_served
    return SelfService(total, served)


# -- unanswered ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnansweredGroup:
    """Messages the bot could not help with, grouped by their normalised text, for staff to teach the bot."""

    text: str
    count: int
    intents: tuple[str, ...]
    last_seen: dt.datetime
    example_inquiry_id: int


#: No clip was offered for these, yet there is nothing to teach: the bot answered them itself.
_NOT_TEACHABLE = (*SELF_ANSWERED, "staff")


def unanswered(session: Session, start: dt.date, end: dt.date, limit: int = 50) -> list[UnansweredGroup]:
    """Messages with no clip (other than small talk) or with "not what I asked" feedback, most frequent first."""
    lo, hi = utc_range(start, end)
    not_helpful = exists().where(and_(Followup.inquiry_id == Inquiry.id, Followup.kind == "not_helpful"))
    stmt = (
        select(Inquiry.id, Inquiry.normalised_text, Inquiry.intent, Inquiry.received_at)
        .where(
            Inquiry.received_at >= lo,
            Inquiry.received_at < hi,
            Inquiry.normalised_text.is_not(None),
            ((Inquiry.decision == "none") & Inquiry.intent.not_in(_NOT_TEACHABLE)) | not_helpful,
        )
        .execution_options(yield_per=2000)
    )
    groups: dict[str, list[tuple[int, str, dt.datetime]]] = defaultdict(list)
    for inquiry_id, text, intent, received_at in session.execute(stmt):
        groups[text].append((inquiry_id, intent, received_at))
    out = [
        UnansweredGroup(
            text=text,
            count=len(items),
            intents=tuple(sorted({i for _, i, _ in items})),
            last_seen=max(r for _, _, r in items),
            example_inquiry_id=max(items, key=lambda x: x[2])[0],
        )
        for text, items in groups.items()
    ]
    out.sort(key=lambda g: (-g.count, -g.last_seen.timestamp(), g.text))
    return out[:limit]
