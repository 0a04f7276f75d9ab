"""How long ago a child was born, said in a message, read against the deadline between birth registration and its
late twin.

A birth is registered within 15 days (the fee of การแจ้งเกิด says "แจ้งภายใน 15 วันนับแต่วันเกิด"); after that it is
a late registration, a procedure of its own (การแจ้งเกิดเกินกำหนด: another officer's interview, witnesses, a fine).
A citizen says which by the child's age, not by the procedure's name: "ลูกเกิดได้ 10 วัน" is on time, "ลูกอายุ 2
เดือนแล้ว" late, "คลอดวันที่ 3 วันนี้วันที่ 14" eleven days. A number is a word the examples hold only now and then (10
says nothing about 12), so, as a floor area is read against an area limit (``areas.py``), each time said of the
birth or the child (the last word for a person or a birth before it, within 30 letters, is theirs: not the mother's
age) is read against each deadline: ``§เกินกำหนด`` + the days when it is past it, ``§ทันกำหนด`` + the days when it
is within; when the procedure on the other side ranks above its twin, the two change places
(``MatcherIndex.deadline_swaps``). A time late by so much ("แจ้งช้าไป 2 วัน") is past the deadline; a deadline
restated ("ภายใน 15 วัน"), a birth to come ("อีก 2 เดือน"), how long something takes ("ใช้เวลา 3 วัน"), two dates of
different months, and times on both sides of the deadline say nothing.

The pair and its deadline come from the catalogue: a procedure whose title is a birth's (เกิด) with เกินกำหนด after
it is that one's late twin, and the deadline is the first "ภายใน N วัน" (hours, months, years) of the other's fee; so
a deadline the office changes in the fee is the one read. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from catalogue.matcher.areas import one_side_only
from catalogue.matcher.normalise import normalise
from catalogue.models import Procedure

#: What a late twin's title adds to the other's (normalised).
LATE = "เกินกำหนด"
#: The words a time is said as against a deadline (+ its days).
PAST_DEADLINE = "§เกินกำหนด"
WITHIN_DEADLINE = "§ทันกำหนด"

#: Days in a unit of time.
_UNITS = {
    "ชั่วโมง": 1 / 24, "ชม": 1 / 24, "วัน": 1, "สัปดาห์": 7, "อาทิตย์": 7, "อาทิด": 7, "เดือน": 30, "ปี": 365,
    "ขวบ": 365, "hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365,
}  # fmt: skip
_NUMBER_WORDS = {
    "หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9, "สิบ": 10,
    "ยี่สิบ": 20, "ครึ่ง": 0.5, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_THAI_NUMBERS = tuple(w for w in _NUMBER_WORDS if not w.isascii())
_ENGLISH_NUMBERS = tuple(w for w in _NUMBER_WORDS if w.isascii())
#: Before the number: the time is at most it, or more than it ("ไม่ทัน 15 วัน", did not make the 15 days), or the
#: deadline restated, which says no time ("ภายใน 15 วัน", "forgot to register within 15 days").
_AT_MOST = ("ไม่เกิน", "ไม่ถึง", "ยังไม่ถึง", "ยังไม่เกิน", "น้อยกว่า", "less than", "under")
_MORE = ("เกิน", "เลย", "ไม่ทัน", "มากกว่า", "กว่า", "over", "more than")
_RESTATED = ("ภายใน", "within")
_COMPARED = re.compile(
    r"(?<![a-z])(" + "|".join(sorted((*_AT_MOST, *_MORE, *_RESTATED), key=len, reverse=True)) + r") ?$"
)
#: A time by which the registration is late ("เกินกำหนดมา 5 วัน", "แจ้งช้าไป 2 วัน", "3 วันหลังครบกำหนด", "5 days
#: late"): past the deadline, whatever the number.
_LATE_BEFORE = re.compile(r"เกินกำหนด|เลยกำหนด|ช้า|overdue|late")
_LATE_AFTER = re.compile(r" ?(?:แล้ว ?)?(?:หลัง(?:ครบ)?กำหนด|late|overdue|after the deadline)")
#: A birth to come ("จะคลอดอีก 2 เดือน", "ท้องได้ 7 เดือน", "due in 3 weeks") or how long something takes ("ใช้เวลา 3
#: วัน", "it took 3 months"): no time since the birth.
_NO_AGE = re.compile(r"อีก ?$|(?<![a-z])in ?$|ท้อง|ครรภ์|pregnant|due|ใช้เวลา|(?<![a-z])(?:took|takes?|wait)(?![a-z])")
#: Who or what the time is said of: the last of these before it must be the birth or the child ("ลูกอายุ 2 เดือน",
#: "คลอดมา 3 อาทิตย์", "born 3 weeks ago"), not a parent ("แจ้งเกิดลูก แม่อายุ 17 ปี"), within ``_NEAR`` letters.
_SAID_OF = re.compile(
    r"(?P<child>(?<!วัน)เกิด(?!อะไร|ขึ้น)|คลอด|ลูก(?!ค้า|จ้าง|หนี้|น้อง)|หลาน|เด็ก|ทารก"
    r"|\b(?:born|birth(?!day)|baby|newborn|son|daughter|child)\b)"
    r"|(?P<adult>แม่|พ่อ|ภรรยา|เมีย|สามี|แฟน|ผม|ดิฉัน|ฉัน|ตัวเอง"
    r"|\b(?:i|me|my wife|my husband|mother|father|mom|mum|dad|wife|husband)\b)"
)
_NEAR = 30

_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_NUMBER = r"\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
#: A number and a unit of time ("10 วัน", "สองอาทิตย์", "1 ขวบครึ่ง", "3 weeks"): an English unit ends a word.
#: กว่า (more than) after the number ("20กว่าวัน", "ยี่สิบกว่าวัน": twenty-odd days, Thai's usual order) or after the
#: unit ("2 เดือนกว่า") makes it more than the number.
_AMOUNT = re.compile(
    r"(?<![\d.a-z])(?P<n>" + _NUMBER + r")(?P<over> ?กว่า)?(?: ?(?P<half>ครึ่ง))? ?-?(?P<unit>" + _UNIT + r")"
    r"(?:(?<=[a-z])s?(?![a-z])|(?<![a-z]))(?P<half_after> ?ครึ่ง)?(?P<after> ?กว่า)?"
)
#: Not a time: a date (วันที่ 10), or a word inside a Thai number (ห้า in สิบห้า, สิบ in ยี่สิบ or สามสิบ).
_NOT_A_TIME_AFTER = re.compile(r"(?:ที่|ยี่|" + "|".join(_THAI_NUMBERS) + r") ?$")
#: Words that are a time since the birth by themselves, right after it ("คลอดเมื่อวาน", "born last week"): days.
#: Not last month or last year: a baby born late last month may be days old.
_AGO = {"เมื่อวานซืน": 2, "เมื่อวาน": 1, "yesterday": 1, "อาทิตย์ที่แล้ว": 7, "สัปดาห์ที่แล้ว": 7, "last week": 7}
_AGO_PATTERN = re.compile(
    r"(?:(?<!แจ้ง)เกิด|คลอด|born)(?: ?(?:มา|ตอน|เมื่อ|ได้|on))? ?(?P<ago>"
    + "|".join(sorted(_AGO, key=len, reverse=True))
    + ")"
)
#: Two dates of the month, the birth's and today's: "คลอดวันที่ 3 วันนี้วันที่ 14"; not with a month after either.
_DATES = re.compile(r"วันที่ ?(\d{1,2})(?P<rest>.{0,40}?)วันนี้ ?(?:เป็น ?|ก็ ?)?(?:วันที่ ?)?(\d{1,2})(?!\d)")
_MONTH = re.compile(
    r" ?(?:เดือน|มค|กพ|มีค|เมย|พค|มิย|กค|สค|กย|ตค|พย|ธค|มกรา|กุมภา|มีนา|เมษา|พฤษภา|มิถุนา|กรกฎา|สิงหา|กันยา|ตุลา"
    r"|พฤศจิกา|ธันวา|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
)
_DEADLINE = re.compile(r"ภายใน ?(\d+) ?(" + _UNIT + r")")
#: What a time needs, looked for much faster than a time (most messages say none): a digit, a Thai number word, a
#: word that is a time, or an English number before a unit.
_DIGIT = re.compile(r"\d")
_ENGLISH_AMOUNT = re.compile(r"\b(?:" + "|".join(_ENGLISH_NUMBERS) + r")[ -]?(?:hour|day|week|month|year)")


class _Time(NamedTuple):
    """A time a message says: where it starts, and the least and most days it can be (None: no bound)."""

    start: int
    least: float | None
    most: float | None


@dataclass(frozen=True)
class LateTwin:
    """A procedure (``on_time``), its late twin and the deadline between them, in days."""

    on_time: str
    late: str
    days: float


def late_twins(procedures: Iterable[Procedure]) -> tuple[LateTwin, ...]:
    """The pairs of procedures whose titles differ by เกินกำหนด, of a birth (เกิด in the title: the times read are
    a birth's), with the deadline the on-time one's fee names; a pair with no deadline is left out."""
    listed = list(procedures)
    by_title = {normalise(p.title_th): p for p in listed}
    twins: list[LateTwin] = []
    for p in listed:
        title = normalise(p.title_th)
        if not title.endswith(LATE):
            continue
        base = by_title.get(title.removesuffix(LATE).strip())
        if base is None or "เกิด" not in title:  # the times read are a birth's (``_SAID_OF``)
            continue
        found = _DEADLINE.search(normalise(base.fee_th))
        if found is not None:
            twins.append(LateTwin(base.id, p.id, int(found.group(1)) * _UNITS[found.group(2)]))
    return tuple(twins)


def deadline_words(text: str, deadlines: Sequence[float]) -> list[str]:
    """The words saying where each time since a birth in normalised ``text`` stands against each deadline (days):
    past it or within it; none for a deadline the times put on both sides, or that a time does not settle ("ไม่เกิน 1
    เดือน" against 15 days)."""
    if not deadlines or not _may_say_a_time(text):
        return []
    spans = [*_times(text), *_ago(text), *_dates(text)]
    words: list[str] = []
    for start, least, most in spans:
        if not _of_the_birth(text, start):
            continue
        for limit in deadlines:
            side = (
                PAST_DEADLINE
                if least is not None and least > limit
                else WITHIN_DEADLINE
                if most is not None and most <= limit
                else None
            )
            if side is not None and (word := f"{side}{limit:g}") not in words:
                words.append(word)
    return one_side_only(words, WITHIN_DEADLINE, PAST_DEADLINE)


def _may_say_a_time(text: str) -> bool:
    """Whether ``text`` has what a time needs (``_times``, ``_ago``, ``_dates``)."""
    return (
        _DIGIT.search(text) is not None
        or any(w in text for w in _THAI_NUMBERS)
        or any(w in text for w in _AGO)
        or _ENGLISH_AMOUNT.search(text) is not None
    )


def _times(text: str) -> list[_Time]:
    """Each number of units of time in ``text``."""
    spans: list[_Time] = []
    for m in _AMOUNT.finditer(text):
        start = m.start("n")
        before = text[max(0, start - 16) : start]
        if _NOT_A_TIME_AFTER.search(before) or _NO_AGE.search(before):
            continue
        n = float(_NUMBER_WORDS.get(m.group("n"), 0) or m.group("n"))
        days = (n + (0.5 if m.group("half") or m.group("half_after") else 0)) * _UNITS[m.group("unit")]
        compared = _COMPARED.search(before)
        said = compared.group(1) if compared else None
        if _LATE_BEFORE.search(before) or _LATE_AFTER.match(text, m.end()):
            spans.append(_Time(start, float("inf"), None))  # late by so much: past the deadline
        elif said in _RESTATED:
            continue
        elif said in _AT_MOST:
            spans.append(_Time(start, None, days))
        elif said in _MORE or m.group("after") or m.group("over"):
            spans.append(_Time(start, days + 1e-6, None))  # more than the deadline is past it
        else:
            spans.append(_Time(start, days, days))
    return spans


def _ago(text: str) -> list[_Time]:
    """A word that is a time right after the birth ("คลอดเมื่อวาน")."""
    return [_Time(m.start("ago"), _AGO[m.group("ago")], _AGO[m.group("ago")]) for m in _AGO_PATTERN.finditer(text)]


def _dates(text: str) -> list[_Time]:
    """The days between the birth's date and today's, both of the same month ("วันที่ 3 ... วันนี้วันที่ 14")."""
    spans: list[_Time] = []
    for m in _DATES.finditer(text):
        born, today = int(m.group(1)), int(m.group(3))
        if born <= today and not _MONTH.match(m.group("rest")) and not _MONTH.match(text, m.end()):
            spans.append(_Time(m.start(), today - born, today - born))
    return spans


def _of_the_birth(text: str, start: int) -> bool:
    """Whether the time at ``start`` is said of the birth: the last word for a person or a birth before it, within
    ``_NEAR`` letters, is the birth's or the child's."""
    said_of = list(_SAID_OF.finditer(text, max(0, start - _NEAR), start))
    return bool(said_of) and said_of[-1].group("child") is not None
