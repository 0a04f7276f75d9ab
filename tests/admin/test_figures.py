"""The figures the office reports, on real databases."""

from __future__ import annotations

import datetime as dt

import pytest

from admin.figures import (
    FigureError,
    counts,
    fiscal_year,
    period_key,
    reduction,
    reduction_percent,
    satisfaction,
    self_service,
    thai_date,
    unanswered,
)
from core.db import transaction
from core.inquiries import add_followup, add_office_count
from core.runtime import Store
from tests.helpers import bangkok, rate, store_inquiry


def test_reduction_formula_reproduces_the_office_figure() -> None:
    """841 questions before, 615 after: 26.87% fewer."""
    assert reduction_percent(841, 615) == 26.87
    assert reduction_percent(0, 5) is None


def test_thai_dates_and_fiscal_years() -> None:
    """Buddhist-era years; the fiscal year starts in October and is named by the year it ends."""
    assert thai_date(dt.date(2026, 11, 26)) == "26 พ.ย. 2569"
    assert fiscal_year(dt.date(2023, 9, 30)) == 2566
    assert fiscal_year(dt.date(2023, 10, 1)) == 2567
    assert period_key(dt.date(2023, 10, 1), "fiscal_year") == ("FY2567", "ปีงบประมาณ 2567")
    assert period_key(dt.date(2026, 11, 26), "month") == ("2026-11", "พฤศจิกายน 2569")
    assert period_key(dt.date(2026, 11, 26), "week")[0] == "2026-W48"


def test_reduction_per_channel_and_total(db: Store) -> None:
    """Baseline 841 on three channels; after: 400 LINE inquiries needing a person plus the office's own counts for
    Facebook (150) and the website (65) = 615, a 26.87% reduction; the bot's total is shown beside it."""
    before = (dt.date(2022, 10, 1), dt.date(2023, 9, 30))
    after = (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    with transaction(db.sessions) as session:
        add_office_count(session, "facebook", *before, 300)
        add_office_count(session, "line", *before, 341)
        add_office_count(session, "website", *before, 200)
        add_office_count(session, "facebook", *after, 150)
        add_office_count(session, "website", *after, 65)
        day = bangkok(2024, 3, 1)
        for i in range(400):
            store_inquiry(session, day + dt.timedelta(minutes=i), decision="none", intent="unknown", text=f"q{i}")
        for i in range(300):
            store_inquiry(session, day + dt.timedelta(minutes=i), decision="answer")
        for _ in range(50):  # small talk the bot answers itself: no person needed
            store_inquiry(session, day, decision="none", intent="greeting")
        for _ in range(20):  # staff trying the simulator are never counted
            store_inquiry(session, day, channel="simulator", decision="none", intent="unknown")
    with db.sessions() as session:
        rows, total = reduction(session, before, after)
    by = {r.channel: r for r in rows}
    assert set(by) == {"facebook", "line", "website"}
    assert (by["line"].before, by["line"].after_needing_person, by["line"].after_bot_total) == (341, 400, 750)
    assert (by["facebook"].before, by["facebook"].after_needing_person) == (300, 150)
    assert (total.before, total.after_needing_person, total.percent) == (841, 615, 26.87)
    assert total.after_bot_total == 750


def test_not_what_i_asked_and_staff_requests_need_a_person(db: Store) -> None:
    """A clip rejected as "not what I asked", or a request for staff, counts as needing a person."""
    day = bangkok(2024, 3, 1)
    with transaction(db.sessions) as session:
        rejected = store_inquiry(session, day, decision="answer")
        add_followup(session, rejected, "not_helpful")
        store_inquiry(session, day, decision="none", intent="staff")
        store_inquiry(session, day, decision="answer")
    with db.sessions() as session:
        c = counts(session, dt.date(2024, 3, 1), dt.date(2024, 3, 1))
        ss = self_service(session, dt.date(2024, 3, 1), dt.date(2024, 3, 1))
    assert (c.total.total, c.total.needs_person) == (3, 2)
    assert (ss.total, ss.self_served, ss.percent) == (3, 1, 33.33)


def test_satisfaction_reproduces_the_office_figure(db: Store) -> None:
    """100 ratings averaging 4.67 give 93.40%, the share of 4s and 5s beside it."""
    with transaction(db.sessions) as session:
        for i in range(100):
            inquiry_id = store_inquiry(session, bangkok(2024, 5, 1))
            rate(session, inquiry_id, 5 if i < 67 else 4, bangkok(2024, 5, 1, 11))
    with db.sessions() as session:
        s = satisfaction(session, dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    assert (s.count, s.mean, s.percent, s.share_4_or_5) == (100, 4.67, 93.40, 100.0)
    assert s.distribution == {1: 0, 2: 0, 3: 0, 4: 33, 5: 67}


def test_counts_by_period_use_bangkok_time(db: Store) -> None:
    """An inquiry at 23:30 on 30 September in Bangkok belongs to that day and that fiscal year."""
    with transaction(db.sessions) as session:
        store_inquiry(session, bangkok(2023, 9, 30, 23, 30), ids=("will-making",))
        store_inquiry(session, bangkok(2023, 10, 1, 0, 30), ids=("will-making",))
        store_inquiry(session, bangkok(2023, 10, 1, 9, 0), ids=("signboard-tax",), channel="simulator")
        store_inquiry(session, bangkok(2023, 10, 2, 9, 0), decision="none", intent="other_agency")
    with db.sessions() as session:
        c = counts(session, dt.date(2023, 9, 1), dt.date(2023, 10, 31))
    assert {k: r.total for k, r in c.by_period["day"].items()} == {"2023-09-30": 1, "2023-10-01": 2, "2023-10-02": 1}
    assert {k: r.total for k, r in c.by_period["fiscal_year"].items()} == {"FY2566": 1, "FY2567": 3}
    assert {k: r.total for k, r in c.by_period["month"].items()} == {"2023-09": 1, "2023-10": 3}
    assert c.by_procedure["will-making"].total == 2
    assert c.by_procedure["will-making"].label == "การทำพินัยกรรมแบบเอกสารฝ่ายเมือง"
    assert c.by_department["ฝ่ายปกครอง"].total == 2
    assert c.by_department["ฝ่ายรายได้"].total == 1
    assert {k: r.total for k, r in c.by_decision.items()} == {"answer": 3, "none": 1}
    assert {k: r.total for k, r in c.by_channel.items()} == {"line": 3, "simulator": 1}


def test_unanswered_groups_by_normalised_text(db: Store) -> None:
    """Messages with no clip or a rejected clip, grouped, most frequent first; small talk is left out."""
    day = bangkok(2024, 6, 1)
    with transaction(db.sessions) as session:
        for _ in range(3):
            store_inquiry(session, day, decision="none", intent="unknown", text="ทำใบขับขี่ที่ไหน")
        store_inquiry(session, day, decision="none", intent="other_agency", text="ต่อพาสปอร์ต")
        store_inquiry(session, day, decision="none", intent="greeting", text="สวัสดี")
        rejected = store_inquiry(session, day, decision="answer", text="ขอใบเสร็จค่าขยะย้อนหลัง")
        add_followup(session, rejected, "not_helpful")
        store_inquiry(session, day, decision="answer", text="แจ้งเกิด")
    with db.sessions() as session:
        groups = unanswered(session, dt.date(2024, 6, 1), dt.date(2024, 6, 1))
    assert [(g.text, g.count) for g in groups] == [
        ("ทำใบขับขี่ที่ไหน", 3),
        ("ขอใบเสร็จค่าขยะย้อนหลัง", 1),
        ("ต่อพาสปอร์ต", 1),
    ]
    assert groups[0].intents == ("unknown",)


def test_a_range_that_ends_before_it_starts_is_refused(db: Store) -> None:
    """No figure for a period that ends before it starts."""
    with db.sessions() as session, pytest.raises(FigureError, match="before it starts"):
        counts(session, dt.date(2024, 2, 1), dt.date(2024, 1, 1))
