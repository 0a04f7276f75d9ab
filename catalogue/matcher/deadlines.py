"""How long ago something happened, said in a message, read against the deadline of a procedure that has a late twin.

A birth is registered within 15 days (the fee of การแจ้งเกิด says "แจ้งภายใน 15 วันนับแต่วันเกิด"); after that it is
a late registration, a procedure of its own (การแจ้งเกิดเกินกำหนด: another officer's interview, witnesses, a fine).
A citizen says which by the child's age, not by the procedure's name: "ลูกเกิดได้ 10 วัน" is on time, "ลูกอายุ 2
เดือนแล้ว" late, "คลอดวันที่ 3 วันนี้วันที่ 14" eleven days. A number is a word the examples hold only now and then (10
says nothing about 12), so, as a floor area is read against an area limit (``areas.py``), each time a message gives
after a word for the birth is read against each deadline: ``§เกินกำหนด`` + the days when it is past it, ``§ทันกำหนด``
+ the days when it is within; when the procedure on the other side ranks above its twin, the two change places
(``MatcherIndex.deadline_swaps``). A message that gives times on both sides (the mother's age and the child's) says
neither.

The pairs and their deadlines come from the catalogue: a procedure whose title is another's with เกินกำหนด after it
is that one's late twin, and the deadline is the first "ภายใน N วัน" (hours, months, years) of the other's fee or
duration; so a deadline the office changes in a fee is the one read. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    "ครึ่ง": 0.5, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
#: Before the number: the time is at most it, or more than it ("ไม่ทัน 15 วัน", did not make the 15 days). Not
#: ภายใน or within: that is how a deadline is said ("forgot to register within 15 days"), not how old a child is.
_AT_MOST = ("ไม่เกิน", "ไม่ถึง", "ยังไม่ถึง", "ยังไม่เกิน", "น้อยกว่า", "less than", "under")
_MORE = ("เกิน", "เลย", "ไม่ทัน", "มากกว่า", "กว่า", "over", "more than")
#: A deadline restated, read as no time: "ภายใน 15 วัน", "within 15 days".
_RESTATED = ("ภายใน", "within")
#: Words of a birth (or of the child born) that come before its age: "ลูกอายุ 2 เดือน", "คลอดมา 3 อาทิตย์", "born 3
#: weeks ago". The time must follow one of them within ``_NEAR`` letters, so "ย้ายมา 3 ปีแล้ว ลูกเพิ่งคลอด" is no age.
_EVENT = re.compile(r"เกิด|คลอด|ลูก|หลาน|เด็ก|ทารก|born|birth|baby|newborn|son|daughter|child")
_NEAR = 30

#: Not right after a Thai number word: ห้า in สิบห้า is no five, สิบ in สามสิบ no ten.
_AFTER_NO_NUMBER = "".join(f"(?<!{w})" for w in _NUMBER_WORDS if not w.isascii())
_NUMBER = r"\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_TIME = re.compile(
    r"(?:(?P<cmp>" + "|".join(sorted((*_AT_MOST, *_MORE, *_RESTATED), key=len, reverse=True)) + r") ?)?"
    r"(?<!ที่)(?<!ที่ )(?<![\d.a-z])" + _AFTER_NO_NUMBER + r"(?P<n>" + _NUMBER + r")(?: ?(?P<half>ครึ่ง))?"
    r" ?-?(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")(?:s\b|\b|(?=[\u0e00-\u0e7f]|$))"
    r"(?P<after> ?กว่า)?"
)
#: Words that are a time by themselves (yesterday, last week): days ago.
_AGO = {
    "เมื่อวานซืน": 2, "เมื่อวาน": 1, "yesterday": 1, "อาทิตย์ที่แล้ว": 7, "สัปดาห์ที่แล้ว": 7, "last week": 7,
    "เดือนที่แล้ว": 30, "เดือนก่อน": 30, "last month": 30, "ปีที่แล้ว": 365, "ปีก่อน": 365, "last year": 365,
}  # fmt: skip
_AGO_PATTERN = re.compile("|".join(sorted(_AGO, key=len, reverse=True)))
#: Two dates of the month, the birth's and today's: "คลอดวันที่ 3 วันนี้วันที่ 14".
_DATES = re.compile(r"วันที่ ?(\d{1,2}).{0,40}?วันนี้ ?(?:เป็น ?|ก็ ?)?(?:วันที่ ?)?(\d{1,2})(?!\d)")
_DEADLINE = re.compile(r"ภายใน ?(\d+) ?(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")")
#: A unit of time or a word that is a time, found much faster than a time: most messages say none.
_ANY = re.compile("|".join(sorted((*_UNITS, *_AGO, "วันที่"), key=len, reverse=True)))


@dataclass(frozen=True)
class LateTwin:
    """A procedure (``on_time``), its late twin and the deadline between them, in days."""

    on_time: str
    late: str
    days: float


def late_twins(procedures: Iterable[Procedure]) -> tuple[LateTwin, ...]:
    """The pairs of procedures whose titles differ by เกินกำหนด, with the deadline the on-time one's fee or duration
    names; a pair with no deadline is left out."""
    listed = list(procedures)
    by_title = {normalise(p.title_th): p for p in listed}
    twins: list[LateTwin] = []
    for p in listed:
        title = normalise(p.title_th)
        if not title.endswith(LATE):
            continue
        base = by_title.get(title.removesuffix(LATE).strip())
        found = _DEADLINE.search(normalise(f"{base.fee_th} {base.duration_th}")) if base is not None else None
        if base is not None and found is not None:
            twins.append(LateTwin(base.id, p.id, int(found.group(1)) * _UNITS[found.group(2)]))
    return tuple(twins)


def deadline_words(text: str, deadlines: Sequence[float]) -> list[str]:
    """The words saying where each time in normalised ``text`` that follows a word for a birth stands against each
    deadline (days): past it or within it; none for a deadline the times put on both sides, or that a time does not
    settle ("ไม่เกิน 1 เดือน" against 15 days)."""
    if not deadlines or not _EVENT.search(text) or not _ANY.search(text):
        return []
    spans: list[tuple[int, float | None, float | None]] = []  # where, at least, at most (days)
    for m in _TIME.finditer(text):
        n = float(_NUMBER_WORDS.get(m.group("n"), 0) or m.group("n"))
        days = (n + (0.5 if m.group("half") else 0)) * _UNITS[m.group("unit")]
        said = m.group("cmp")
        if said in _RESTATED:
            continue
        if said in _AT_MOST:
            spans.append((m.start("n"), None, days))
        elif said in _MORE or m.group("after"):
            spans.append((m.start("n"), days + 1e-6, None))  # more than the deadline is past it
        else:
            spans.append((m.start("n"), days, days))
    spans += [(m.start(), _AGO[m.group()], _AGO[m.group()]) for m in _AGO_PATTERN.finditer(text)]
    for m in _DATES.finditer(text):
        born, today = int(m.group(1)), int(m.group(2))
        if born <= today:
            spans.append((m.start(), today - born, today - born))
    words: list[str] = []
    for start, least, most in spans:
        if not _EVENT.search(text, max(0, start - _NEAR), start):
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
