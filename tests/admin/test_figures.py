"""The figures the office reports, on real databases: every figure of a month of mixed traffic, exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from admin.figures import (
    FigureError,
    counts,
    period_key,
    reduction,
    reduction_percent,
    satisfaction,
    self_service,
)
from admin.summary import summarise
from admin.unanswered import unanswered
from core.db import Store, transaction
from core.inquiries import add_followup, add_office_count, record_inquiry
from core.thaidate import fiscal_year, thai_date
from tests.helpers import bangkok, new, rate, store_inquiry

CHANNELS = ("line", "facebook", "website", "phone", "walk_in")
NOV_2026 = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
NOV_2025 = (dt.date(2025, 11, 1), dt.date(2025, 11, 30))


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


def month_of_mixed_traffic(session: Session) -> dict[str, int]:
    """November 2026: citizens on LINE (repeated taps, a redelivery, a resolved and an unresolved carousel), staff
    on the simulator, and the office's own counts. Returns the inquiry ids by name."""
    t = lambda d, h=10, m=0: bangkok(2026, 11, d, h, m)  # noqa: E731
    ids: dict[str, int] = {}

    def ask(name: str, day: int, **kw: object) -> int:
        inquiry_id = record_inquiry(session, new(received_at=t(day), **kw))  # type: ignore[arg-type]
        assert inquiry_id is not None
        ids[name] = inquiry_id
        return inquiry_id

    # A: an answer; "yes" tapped three times, 5 stars three times, then "not what I asked": the first of each stands.
    a = ask("A", 2, text="แจ้งเกิดลูก", webhook_event_id="evt-A")
    for minute in (1, 2, 3):
        add_followup(session, a, "helpful", at=t(2, 10, minute))
        add_followup(session, a, "rating", rating=5, at=t(2, 10, 5 + minute))
    add_followup(session, a, "not_helpful", at=t(2, 10, 9))
    # The same LINE event delivered again: not stored a second time.
    assert record_inquiry(session, new(received_at=t(2), text="แจ้งเกิดลูก", webhook_event_id="evt-A")) is None
    # B: an answer, helpful, 4 stars.
    b = ask("B", 3, text="ทำบัตรประชาชนใหม่")
    add_followup(session, b, "helpful", at=t(3, 10, 1))
    add_followup(session, b, "rating", rating=4, at=t(3, 10, 2))
    # C: an answer rejected as "not what I asked", nothing picked after: needs a person.
    c = ask("C", 4, text="ขอใบเสร็จค่าขยะย้อนหลัง")
    add_followup(session, c, "not_helpful", at=t(4, 10, 1))
    # D: rejected, then the citizen picked another candidate: settled by the bot.
    d = ask("D", 5, text="ต่อใบอนุญาตร้านอาหาร", ids=("food-sale-premises-license", "food-storage-premises-license"))
    add_followup(session, d, "not_helpful", at=t(5, 10, 1))
    add_followup(session, d, "chose", procedure_id="food-storage-premises-license", at=t(5, 10, 2))
    # E: a carousel the citizen resolved by picking, then helpful and 3 stars.
    e = ask("E", 6, text="ย้ายเข้าคอนโด", decision="choose", ids=("move-in-notification", "move-out-notification"))
    add_followup(session, e, "chose", procedure_id="move-in-notification", at=t(6, 10, 1))
    add_followup(session, e, "helpful", at=t(6, 10, 2))
    add_followup(session, e, "rating", rating=3, at=t(6, 10, 3))
    # F: a carousel with no pick: needs a person, and reaches the unanswered queue.
    ask("F", 7, text="ย้ายบ้านต้องทำยังไง", decision="choose", ids=("move-out-notification", "move-in-notification"))
    # L: a pick, then "not what I asked" on the picked clip: rejected.
    ell = ask("L", 8, text="ย้ายชื่อออก", decision="choose", ids=("move-out-notification", "move-in-notification"))
    add_followup(session, ell, "chose", procedure_id="move-out-notification", at=t(8, 10, 1))
    add_followup(session, ell, "not_helpful", at=t(8, 10, 2))
    # G: the same unknown question twice; H: a greeting; I: a request for staff; J: an answer with no feedback.
    ask("G1", 9, text="ขอเบอร์ผู้อำนวยการเขต", decision="none", intent="unknown")
    ask("G2", 20, text="ขอเบอร์ผู้อำนวยการเขต", decision="none", intent="unknown")
    ask("H", 10, text="สวัสดีค่ะ", decision="none", intent="greeting")
    ask("I", 11, text="ขอคุยกับเจ้าหน้าที่", decision="none", intent="staff")
    ask("J", 30, text="จดทะเบียนสมรส", ids=("marriage-registration",))
    # Staff trying the simulator: a rating of 1, a carousel with no pick, an unknown question. In no figure.
    trial = store_inquiry(session, t(12), channel="simulator", text="ทดสอบ")
    rate(session, trial, 1, t(12, 10, 1))
    store_inquiry(session, t(12), channel="simulator", decision="choose", text="ทดสอบย้ายบ้าน")
    store_inquiry(session, t(12), channel="simulator", decision="none", intent="unknown", text="ทดสอบอะไรก็ได้")
    # The office's own counts: a year ago on LINE and Facebook; Facebook this month (Paru does not answer there).
    add_office_count(session, "line", *NOV_2025, 24, channels=CHANNELS)
    add_office_count(session, "facebook", *NOV_2025, 30, channels=CHANNELS)
    add_office_count(session, "facebook", *NOV_2026, 10, channels=CHANNELS)
    return ids


def test_every_figure_of_a_month_of_mixed_traffic(db: Store) -> None:
    """12 citizens' inquiries on LINE (answer A B C D J, choose E F L, none G G H I) and 3 on the simulator.

    Self-served: A, B (answered, not rejected), D (rejected, then picked another), E (picked from the list),
    J (answered) = 5 of 12. Needing a person: C and L (rejected), F (a list with no pick), G twice (no clip),
    I (asked for staff) = 6; H is a greeting the bot answers itself. Ratings: A's first 5, B's 4, E's 3 = mean
    4.00, 80.00%; the trial rating of 1 and the repeated taps are in no figure.
    """
    with transaction(db.sessions) as session:
        month_of_mixed_traffic(session)
    with db.sessions() as session:
        c = counts(session, *NOV_2026)
        sat = satisfaction(session, *NOV_2026)
        ss = self_service(session, *NOV_2026)
        red = reduction(session, NOV_2025, NOV_2026)
        queue = unanswered(session, *NOV_2026)
    assert (c.total.total, c.total.answer, c.total.choose, c.total.none) == (12, 5, 3, 4)
    assert (c.total.self_served, c.total.needs_person, c.trial) == (5, 6, 3)
    assert {k: r.total for k, r in c.by_channel.items()} == {"line": 12}
    assert {k: r.total for k, r in c.by_period["month"].items()} == {"2026-11": 12}
    assert c.by_period["day"]["2026-11-20"].total == 1 and c.by_period["day"]["2026-11-20"].needs_person == 1
    assert c.by_procedure["move-out-notification"].total == 2
    assert c.by_intent["staff"].needs_person == 1
    assert (ss.total, ss.self_served, ss.percent) == (12, 5, 41.67)
    assert (sat.ratings, sat.mean, sat.percent, sat.share_4_or_5) == (3, 4.0, 80.0, 66.67)
    assert sat.distribution == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}

    by = {r.channel: r for r in red.rows}
    assert (by["line"].before, by["line"].after_needing_person, by["line"].after_bot_total) == (24, 6, 12)
    assert (by["line"].percent, by["facebook"].percent) == (75.0, 66.67)
    assert (red.total.before, red.total.after_needing_person, red.total.percent) == (54, 16, 70.37)
    assert red.total.reason is None and not red.lengths_differ and red.notes == []

    assert [(g.text, g.count) for g in queue] == [
        ("ขอเบอร์ผู้อำนวยการเขต", 2),
        ("ย้ายชื่อออก", 1),
        ("ย้ายบ้านต้องทำยังไง", 1),
        ("ขอใบเสร็จค่าขยะย้อนหลัง", 1),
    ]
    assert queue[2].decisions == ("choose",)


def test_summary_as_json_names_trial_traffic_apart(db: Store) -> None:
    """The JSON every script reads: the same figures, trial traffic counted apart and labelled."""
    with transaction(db.sessions) as session:
        month_of_mixed_traffic(session)
    with db.sessions() as session:
        data = summarise(session, *NOV_2026, baseline=NOV_2025).as_json()
    assert (data["inquiries"], data["needing_person"], data["self_served"]) == (12, 6, 5)
    assert data["trial_inquiries_not_counted"] == 3
    assert data["satisfaction"]["ratings"] == 3 and data["satisfaction"]["percent"] == 80.0
    assert data["reduction"]["total"]["percent"] == 70.37 and data["reduction"]["total"]["reason"] is None


def test_a_question_about_why_needs_a_person_and_is_not_in_the_queue(db: Store) -> None:
    """The bot sent a "why" question to staff with related clips: picking one does not make it self-served, and no
    example staff could add would change the reply, so it is not in the unanswered queue."""
    ids = ("marriage-registration", "marital-status-certification")
    with transaction(db.sessions) as session:
        asked = {
            text: record_inquiry(
                session,
                new(received_at=bangkok(2026, 11, day), text=text, decision="choose", intent="explanation", ids=ids),
            )
            for day, text in ((3, "ทำไมต้องมีพยานสองคน"), (4, "ทะเบียนบ้านชั่วคราวหมายถึงอะไร"))
        }
        picked = asked["ทำไมต้องมีพยานสองคน"]
        assert picked is not None
        add_followup(session, picked, "chose", procedure_id=ids[0], at=bangkok(2026, 11, 3, 10, 1))
    with db.sessions() as session:
        c = counts(session, *NOV_2026)
        queue = unanswered(session, *NOV_2026)
    assert (c.total.total, c.total.self_served, c.total.needs_person) == (2, 0, 2)
    assert c.by_intent["explanation"].needs_person == 2
    assert queue == []


def test_no_data_after_is_not_a_hundred_percent(db: Store) -> None:
    """A baseline and an after-period with no LINE inquiry at all: a reason, never "100% fewer"; a zero baseline
    likewise; a channel with data after but no baseline is counted in the total (the conservative choice)."""
    with transaction(db.sessions) as session:
        add_office_count(session, "line", *NOV_2025, 300, channels=CHANNELS)
        add_office_count(session, "phone", dt.date(2025, 10, 1), dt.date(2025, 10, 31), 0, channels=CHANNELS)
    with db.sessions() as session:
        empty = reduction(session, NOV_2025, NOV_2026)
        zero = reduction(session, (dt.date(2025, 10, 1), dt.date(2025, 10, 31)), NOV_2026)
    assert empty.total.percent is None and empty.total.reason is not None
    assert "no data for line" in empty.total.reason.en
    assert empty.rows[0].percent is None and empty.rows[0].per_day_percent is None
    assert zero.total.percent is None and zero.total.reason is not None and "zero" in zero.total.reason.en
    with transaction(db.sessions) as session:
        store_inquiry(session, bangkok(2026, 11, 3), decision="none", intent="unknown")
        store_inquiry(session, bangkok(2026, 11, 4), channel="simulator", decision="none", intent="unknown")
    with db.sessions() as session:
        after = reduction(session, NOV_2025, NOV_2026)
    assert (after.total.before, after.total.after_needing_person, after.total.percent) == (300, 1, 99.67)


def test_periods_of_different_lengths_give_per_day_rates(db: Store) -> None:
    """A 365-day baseline against a 30-day month: said so, and the per-day rates stand beside the totals."""
    year = (dt.date(2024, 11, 1), dt.date(2025, 10, 31))
    with transaction(db.sessions) as session:
        add_office_count(session, "line", *year, 730, channels=CHANNELS)
        for day in range(1, 31):
            store_inquiry(session, bangkok(2026, 11, day), decision="none", intent="unknown")
    with db.sessions() as session:
        red = reduction(session, year, NOV_2026)
    assert red.lengths_differ
    assert (red.total.before_days, red.total.after_days) == (365, 30)
    assert (red.total.before_per_day, red.total.after_per_day, red.total.per_day_percent) == (2.0, 1.0, 50.0)
    assert red.total.percent == 95.89
    assert "365 and 30 days" in red.notes[0].en


def test_a_baseline_overlapping_the_period_is_refused(db: Store) -> None:
    """The baseline must come before the period measured, not inside it."""
    with db.sessions() as session, pytest.raises(FigureError, match="overlaps"):
        reduction(session, (dt.date(2026, 10, 15), dt.date(2026, 11, 15)), NOV_2026)


def test_reduction_reproduces_the_office_report(db: Store) -> None:
    """Baseline 841 on three channels; after: 400 LINE inquiries needing a person plus the office's own counts for
    Facebook (150) and the website (65) = 615, a 26.87% reduction; the bot's total is shown beside it."""
    before = (dt.date(2022, 10, 1), dt.date(2023, 9, 30))
    after = (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    with transaction(db.sessions) as session:
        add_office_count(session, "facebook", *before, 300, channels=CHANNELS)
        add_office_count(session, "line", *before, 341, channels=CHANNELS)
        add_office_count(session, "website", *before, 200, channels=CHANNELS)
        add_office_count(session, "facebook", *after, 150, channels=CHANNELS)
        add_office_count(session, "website", *after, 65, channels=CHANNELS)
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
        red = reduction(session, before, after)
    by = {r.channel: r for r in red.rows}
    assert set(by) == {"facebook", "line", "website"}
    assert (by["line"].before, by["line"].after_needing_person, by["line"].after_bot_total) == (341, 400, 750)
    assert (by["facebook"].before, by["facebook"].after_needing_person) == (300, 150)
    assert (red.total.before, red.total.after_needing_person, red.total.percent) == (841, 615, 26.87)
    assert red.total.after_bot_total == 750


def test_satisfaction_reproduces_the_office_figure(db: Store) -> None:
    """100 ratings averaging 4.67 give 93.40%, the share of 4s and 5s beside it."""
    with transaction(db.sessions) as session:
        for i in range(100):
            inquiry_id = store_inquiry(session, bangkok(2024, 5, 1))
            rate(session, inquiry_id, 5 if i < 67 else 4, bangkok(2024, 5, 1, 11))
    with db.sessions() as session:
        s = satisfaction(session, dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    assert (s.ratings, s.mean, s.percent, s.share_4_or_5) == (100, 4.67, 93.40, 100.0)
    assert s.distribution == {1: 0, 2: 0, 3: 0, 4: 33, 5: 67}


def test_counts_by_period_use_bangkok_time(db: Store) -> None:
    """An inquiry at 23:30 on 30 September in Bangkok belongs to that day and that fiscal year."""
    with transaction(db.sessions) as session:
        store_inquiry(session, bangkok(2023, 9, 30, 23, 30), ids=("will-making",))
        store_inquiry(session, bangkok(2023, 10, 1, 0, 30), ids=("will-making",))
        store_inquiry(session, bangkok(2023, 10, 1, 9, 0), ids=("signboard-tax",))
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


def test_a_range_that_ends_before_it_starts_is_refused(db: Store) -> None:
    """No figure for a period that ends before it starts."""
    with db.sessions() as session, pytest.raises(FigureError, match="before it starts"):
        counts(session, dt.date(2024, 2, 1), dt.date(2024, 1, 1))
