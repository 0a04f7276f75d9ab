"""How long ago a birth was, read against the deadline between a procedure and its late twin
(catalogue/matcher/deadlines.py)."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.matcher import MatcherIndex, build_index, match, ranked
from catalogue.matcher.deadlines import PAST_DEADLINE, WITHIN_DEADLINE, LateTwin, deadline_words, late_twins
from catalogue.matcher.normalise import normalise
from catalogue.models import Catalogue

PAST, WITHIN = f"{PAST_DEADLINE}15", f"{WITHIN_DEADLINE}15"


def words(text: str, deadlines: tuple[float, ...] = (15.0,)) -> list[str]:
    return deadline_words(normalise(text), deadlines)


def test_the_twins_and_their_deadline_come_from_the_catalogue(catalogue: Catalogue, index: MatcherIndex) -> None:
    """Late birth registration is birth registration's late twin by its title, and the deadline is the 15 days its
    fee names; a deadline the office edits in the fee is the one read, a twin without one is no pair, and a late twin
    of something else than a birth is none either (the times read are a birth's)."""
    assert late_twins(catalogue.procedures) == (LateTwin("birth-registration", "late-birth-registration", 15),)
    assert index.lexicon.deadline_limits == (15,)
    births = {p.id: p for p in catalogue.procedures}
    edited = dataclasses.replace(births["birth-registration"], fee_th="ฟรี แจ้งภายใน 30 วัน")
    assert late_twins([edited, births["late-birth-registration"]]) == (
        LateTwin("birth-registration", "late-birth-registration", 30),
    )
    assert late_twins([dataclasses.replace(edited, fee_th="ฟรี"), births["late-birth-registration"]]) == ()
    move_in = births["move-in-notification"]
    late_move_in = dataclasses.replace(move_in, id="late-move-in", title_th=move_in.title_th + "เกินกำหนด")
    assert late_twins([move_in, late_move_in]) == ()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("ลูกเกิดได้ 10 วันค่ะ", WITHIN),
        ("ลูกอายุ 5 วัน แจ้งเกิดต้องเอาอะไรไป", WITHIN),
        ("ลูกเกิดมา 3 เดือนแล้ว ยังไม่ได้แจ้งเกิด", PAST),
        ("คลอดเมื่อวาน แจ้งเกิดใช้อะไรบ้าง", WITHIN),
        ("ลูกคลอดวันที่ 3 วันนี้วันที่ 14 ยังไม่เกินกำหนดใช่ไหม", WITHIN),  # eleven days
        ("หลานออกมาดูโลกได้ 3 อาทิตย์ละ", PAST),
        ("My baby was born 3 weeks ago", PAST),
        ("my son is 10 days old", WITHIN),
        ("ลูกเกิดได้สองอาทิตย์", WITHIN),
        ("ลูก 1 ขวบครึ่ง ยังไม่มีใบเกิด", PAST),
        ("เด็กเกิดเกิน 15 วันแล้ว", PAST),  # more than the deadline is past it
        ("ลูกเกิดได้ 15 วันพอดี", WITHIN),  # the fifteenth day is still within
        ("ลูกอายุ 2 เดือนกว่าแล้ว", PAST),
        ("ลูกคลอดมาได้20กว่าวันแล้ว ยังไม่ได้แจ้งเกิด", PAST),  # twenty-odd days: กว่า between the number and the unit
        ("ลูกคลอดมาได้ยี่สิบกว่าวันแล้ว", PAST),
        ("the baby is 2 months old", PAST),
        ("แจ้งเกิดไม่ทัน 15 วันเพราะแม่ป่วย", PAST),  # did not make the 15 days
        ("ลืมแจ้งเกิดลูก เลย15วันแล้ว", PAST),
        # Found by a review: late by a few days is past the deadline, whatever the number.
        ("เกิดเกินกำหนดมา 5 วัน ต้องทำยังไง", PAST),
        ("แจ้งเกิดช้าไป 2 วัน โดนปรับไหม", PAST),
        ("ลืมแจ้งเกิดลูก ผ่านมา 3 วันแล้วหลังครบกำหนด", PAST),
        ("the baby's birth registration is 5 days late", PAST),
        ("ลูกเกิดได้ยี่สิบวัน ยังไม่ได้แจ้งเกิด", PAST),  # ยี่สิบ is twenty, not สิบ
        ("ลูกเกิดได้ 2 สัปดาห์ครึ่ง", PAST),  # the half after the unit counts
        ("ลูกอายุ 1 ปี ยังไม่ได้แจ้งเกิด", PAST),  # a unit before a space
        ("ลูกอายุ 2 สัปดาห์ ยังทันแจ้งเกิดไหม", WITHIN),
        ("ลูกเกิด 3 อาทิตย์ที่แล้ว", PAST),  # three weeks ago, not last week
    ],
)
def test_a_time_since_the_birth_is_read_against_the_deadline(text: str, said: str) -> None:
    assert words(text) == [said]


@pytest.mark.parametrize(
    "text",
    [
        "ย้ายมา 3 ปีแล้ว ลูกเพิ่งคลอด",  # the time follows no word for the birth
        "แม่อายุ 40 ปี ลูกเกิดได้ 5 วัน ลูกคนโตอายุ 7 ปี",  # times on both sides say neither
        "ลูกเกิดวันที่ 10 เดือนนี้",  # a date, no time
        "ลูกเกิดได้สิบห้าวัน",  # ห้า in สิบห้า is no five
        "ลูกเกิดได้สิบกว่าวัน",  # ten-odd days: eleven to nineteen, either side of fifteen
        "ลูกเกิดไม่เกิน 1 เดือน",  # at most a month: maybe either
        "แจ้งเกิดใช้เอกสารอะไรบ้าง",
        "We forgot to register our baby's birth within 15 days",  # a deadline restated is no age
        "ต้องแจ้งเกิดภายใน 15 วันใช่ไหม",
        # Found by a review: times of something else than the birth, or that do not settle the deadline.
        "หลานเกิดตั้งแต่ปี 2560 ยังไม่ได้แจ้งเกิด เมื่อวานไปเขตมา",  # yesterday is the visit's, not the birth's
        "my baby was born at the end of last month",  # maybe days ago
        "ลูกเกิดวันที่ 28 เดือนที่แล้ว วันนี้วันที่ 3",
        "ลูกเกิดวันที่ 3 มกราคม วันนี้วันที่ 10 กุมภาพันธ์",  # two dates of different months
        "ลูกคลอดวันที่ 3 วันนี้วันที่ 10 กุมภาพันธ์",  # a month after today's date only
        "ภรรยาจะคลอดอีก 2 เดือน แจ้งเกิดต้องเตรียมอะไรบ้าง",  # a birth to come
        "ท้องได้ 7 เดือน แจ้งเกิดต้องใช้อะไร",
        "แจ้งเกิดลูก แม่อายุ 17 ปีค่ะ",  # the mother's age
        "แจ้งเกิดลูกใช้เวลา 1 วันไหม",  # how long it takes
        "for some reason my birth certificate took 3 months",
        "ลูกค้าบอกว่า 3 วัน",  # a customer is no child
    ],
)
def test_a_time_that_does_not_settle_the_deadline_says_nothing(text: str) -> None:
    assert words(text) == []


@given(st.integers(min_value=0, max_value=400))
def test_a_number_of_days_is_within_exactly_up_to_the_deadline(days: int) -> None:
    assert words(f"ลูกเกิดได้ {days} วัน") == [WITHIN if days <= 15 else PAST]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("ลูกอายุ 5 วัน แจ้งเกิดต้องเอาอะไรไป", "birth-registration"),
        ("ลูกเกิดได้ 10 วัน ยังทันแจ้งเกิดไหมคะ", "birth-registration"),
        ("หลานเกิดมาได้ 17 วันแล้ว ยังไม่ได้แจ้งเกิดเลย", "late-birth-registration"),
        ("My daughter was born 5 weeks ago, how do I register her birth?", "late-birth-registration"),
    ],
)
def test_the_time_answers_the_right_one_of_the_twins(index: MatcherIndex, text: str, first: str) -> None:
    """By law the time decides: the twin on its side is answered, and the other is not offered beside it."""
    r = match(text, index)
    assert (r.decision, [m.id for m in r.matches]) == ("answer", [first])
    assert index.analyse(text).deadlines
    assert not any(t.startswith("§") for t in index.analyse(text).tokens)


def test_with_no_time_the_twins_are_both_there(index: MatcherIndex) -> None:
    """A birth whose age the citizen does not give is ranked on its words alone: both twins stay in the first three."""
    assert {"birth-registration", "late-birth-registration"} <= set(ranked("ยังทันแจ้งเกิดไหมคะ", index))


def test_a_catalogue_without_the_late_twin_reads_no_deadline(catalogue: Catalogue) -> None:
    """With late birth registration retired, a child's age orders nothing: no word, no swap."""
    procedures = tuple(
        dataclasses.replace(p, active=False) if p.id == "late-birth-registration" else p for p in catalogue.procedures
    )
    retired = build_index(dataclasses.replace(catalogue, procedures=procedures))
    assert retired.lexicon.deadline_limits == ()
    assert retired.analyse("ลูกเกิดมา 3 เดือนแล้ว").deadlines == ()
    assert match("ลูกเกิดมา 3 เดือนแล้ว ยังไม่ได้แจ้งเกิด", retired).matches[0].id == "birth-registration"
