"""Reading a period from a page's query (``from``, ``to``; Buddhist-era years welcome)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import Request

from core.thaidate import parse_date, today


@dataclass(frozen=True)
class Period:
    """A range of Bangkok dates, both ends included, and what was wrong with the one asked for (if anything)."""

    start: dt.date
    end: dt.date
    error: str = ""


def read_period(start: str, end: str, default_days: int = 30) -> Period:
    """The period asked for, or the last ``default_days`` days with a reason when the one asked for is unusable."""
    hi = today()
    fallback = Period(hi - dt.timedelta(days=default_days - 1), hi)
    try:
        lo_d = parse_date(start) if start.strip() else fallback.start
        hi_d = parse_date(end) if end.strip() else fallback.end
    except ValueError:
        return Period(fallback.start, fallback.end, "วันที่ไม่ถูกต้อง ใช้รูปแบบ 1/10/2567 หรือ 2567-10-01")
    if hi_d < lo_d:
        return Period(fallback.start, fallback.end, "วันเริ่มต้องไม่อยู่หลังวันสิ้นสุด")
    return Period(lo_d, hi_d)


def period_from(request: Request, default_days: int = 30) -> Period:
    """The period in a request's query string."""
    q = request.query_params
    return read_period(q.get("from", ""), q.get("to", ""), default_days)
