"""Thai dates: Bangkok time, Buddhist-era years, the Thai fiscal year, and reading the dates people type.

Times are stored in UTC and shown in Asia/Bangkok. The Thai fiscal year runs October to September and is named by
the Buddhist-era year it ends in: ปีงบประมาณ 2567 = 1 Oct 2023 to 30 Sep 2024.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
#: Years above this are read as Buddhist-era years (2567 = 2024).
_BE_THRESHOLD = 2400
BE_OFFSET = 543

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

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class DateRangeError(ValueError):
    """A period that cannot be used (it ends before it starts)."""


def be_year(year: int) -> int:
    """Buddhist-era year of a Common-era year."""
    return year + BE_OFFSET


def now_bangkok() -> dt.datetime:
    """Now, on Bangkok's clock."""
    return dt.datetime.now(BANGKOK)


def today() -> dt.date:
    """Today's date in Bangkok."""
    return now_bangkok().date()


def thai_date(day: dt.date) -> str:
    """26 พ.ย. 2569"""
    return f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {be_year(day.year)}"


def thai_date_long(day: dt.date) -> str:
    """26 พฤศจิกายน 2569"""
    return f"{day.day} {THAI_MONTHS[day.month - 1]} {be_year(day.year)}"


def thai_datetime(moment: dt.datetime) -> str:
    """26 พ.ย. 2569 13:05 (Bangkok time)."""
    local = moment.astimezone(BANGKOK)
    return f"{thai_date(local.date())} {local:%H:%M}"


def bangkok_date(moment: dt.datetime) -> dt.date:
    """The Bangkok calendar day of an instant."""
    return moment.astimezone(BANGKOK).date()


def fiscal_year(day: dt.date) -> int:
    """The Thai fiscal year (Buddhist era) a date falls in: October starts the next year's budget."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_range(fy: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year ``fy`` (Buddhist era): 2567 -> 1 Oct 2023 to 30 Sep 2024."""
    year = fy - BE_OFFSET
    return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)


def month_range(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month ``day`` falls in."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def utc_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants of Bangkok ``start`` 00:00 and the midnight after ``end`` (the range is inclusive)."""
    if end < start:
        raise DateRangeError(f"the period ends ({end}) before it starts ({start})")
    lo = dt.datetime.combine(start, dt.time(), BANGKOK).astimezone(dt.UTC)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), BANGKOK).astimezone(dt.UTC)
    return lo, hi


def days_in(start: dt.date, end: dt.date) -> int:
    """Number of days of an inclusive range."""
    return (end - start).days + 1


def parse_date(value: str) -> dt.date:
    """A date as people type it: 2024-10-01 or 1/10/2024, with a Common-era or a Buddhist-era year (2567-10-01,
    1/10/2567, 2567-02-29). Raises ValueError with a readable reason."""
    text = value.strip()
    iso, slashed = _ISO.match(text), _SLASHED.match(text)
    if iso:
        y, m, d = (int(g) for g in iso.groups())
    elif slashed:
        d, m, y = (int(g) for g in slashed.groups())
    else:
        raise ValueError(f"{value!r} is not a date: write YYYY-MM-DD (or D/M/YYYY; a Buddhist-era year is fine)")
    if y > _BE_THRESHOLD:
        y -= BE_OFFSET
    try:
        return dt.date(y, m, d)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date: {exc}") from exc
