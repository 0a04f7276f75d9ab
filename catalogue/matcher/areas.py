"""A floor area said in a message, read against the area limits the catalogue's titles name.

Two pairs of procedures differ only by a shop's floor area: a food shop (or store) of up to 200 square metres is
notified, a larger one needs a licence ("(พื้นที่ไม่เกิน 200 ตารางเมตร)", "(พื้นที่เกิน 200 ตารางเมตร)"). A
citizen writes the area as a number ("ร้าน 150 ตร.ม.", "ราว 350 ตารางเมตร", "a 300-square-metre restaurant"), and a
number is a word the examples hold only now and then: 150 says nothing about 180. So each area a message gives is read
against each limit (``§พื้นที่เกิน200`` above it, ``§พื้นที่ไม่เกิน200`` within it), and when the procedure whose
title says the other side ranks above its counterpart on this side, the two change places in the ranking
(``MatcherIndex.area_swaps``). These are no words of the message: as words, learned from the food shops' titles, an
area would pull a demolition of 300 square metres to a food-storage licence; and a swap, unlike a penalty, never
pushes a food shop's question out of the food shops (a house of 240 square metres with a curry stall in front).
The limits come from the titles (``เกิน N ตารางเมตร``), so a limit the office changes in a title is the one read.
Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A limit in a title: "เกิน 200 ตารางเมตร" (over 200 square metres), normalised (1,000 is 1000 then).
_LIMIT = re.compile(r"เกิน ?(\d+) ?ตาราง ?เมตร")

#: Words before a number that say the area is above it, or at most it (normalised text: lower case, no dots). The
#: longer ones come first where they start at the same letter, and a word starting further left wins: เล็กกว่า 300
#: (smaller than 300) is at most 300, a bare กว่า 300 over it.
_ABOVE = (
    "มากกว่า", "เกินกว่า", "เกิน", "กว่า", "ใหญ่กว่า", "กว้างกว่า", "ไม่น้อยกว่า", "ไม่ต่ำกว่า", "อย่างน้อย",
    "over", "more than", "above", "bigger than", "larger than", "at least", "not less than", "exceeds", "exceeding",
)  # fmt: skip
_AT_MOST = (
    "ไม่เกิน", "ไม่เกินกว่า", "ไม่ได้เกิน", "ไม่น่าเกิน", "ไม่น่าจะเกิน", "ไม่ถึง", "ยังไม่ถึง", "น้อยกว่า", "ต่ำกว่า",
    "เล็กกว่า", "แคบกว่า", "ไม่มากกว่า", "ไม่ใหญ่กว่า", "ไม่ได้ใหญ่กว่า", "อย่างมาก", "under", "less than", "below",
    "up to", "at most", "not more than", "no more than", "not over", "smaller than", "not bigger than",
    "not larger than", "isn't more than", "isnt more than", "isn't over", "isn't bigger than", "isn't larger than",
)  # fmt: skip
#: After the unit: the area or more (200 ตารางเมตรขึ้นไป, 200 sqm or more).
_OR_MORE = r"(?P<up> ?(?:ขึ้นไป|or more|and above|or above|\+))?"
#: A number, a range of two (180-220, 150 ถึง 250) or a product (10x25), maybe a comparison before it, then a unit of
#: square metres, maybe "or more" after it.
_AREA = re.compile(
    r"(?:(?<![a-z])(?P<cmp>"
    + "|".join(re.escape(w) for w in sorted((*_ABOVE, *_AT_MOST), key=len, reverse=True))
    + r") ?)?(?<![\d.])(?P<n>\d+)(?: ?(?P<op>-|ถึง|to|x|×|\*) ?(?P<m>\d+))?"
    r" ?-?(?:ตาราง ?เมตร|ตร ?ม|ตร ?เมตร|sq ?m\b|sq(?:uare)?[ -]?met(?:re|er)s?\b|m2\b|m²)" + _OR_MORE
)

#: Something of every unit above, found much faster than an area: most messages give none, and the area pattern,
#: with its comparisons before the number, is tried at every letter of a message (0.1 ms on a long story).
_ANY_UNIT = re.compile(r"ตาราง|ตร ?ม|ตร ?เมตร|sq|m2|m²")

#: The words an area is said as (``AREA_ABOVE`` + the limit, ``AREA_WITHIN`` + the limit).
AREA_ABOVE = "§พื้นที่เกิน"
AREA_WITHIN = "§พื้นที่ไม่เกิน"


def area_limits(titles: Iterable[str]) -> tuple[int, ...]:
    """The floor-area limits (square metres) that normalised titles name, smallest first."""
    return tuple(sorted({int(m.group(1)) for title in titles for m in _LIMIT.finditer(title)}))


def area_words(text: str, limits: tuple[int, ...]) -> list[str]:
    """The words saying where each area in normalised ``text`` stands against each limit: above it, within it, or
    nothing when the message does not tell ("over 100" against a limit of 200; a shop of 100 square metres grown to
    300, or of 180 to 220, is on both sides of 200, so on neither)."""
    if not limits or not _ANY_UNIT.search(text):
        return []
    words: list[str] = []
    for m in _AREA.finditer(text):
        said = m.group("cmp")
        first, op, second = int(m.group("n")), m.group("op"), int(m.group("m") or 0)
        areas = (first * second,) if op in ("x", "×", "*") else (first, second) if op else (first,)
        for area in areas:
            for limit in limits:
                if said in _ABOVE or m.group("up"):
                    above: bool | None = True if area >= limit else None
                elif said in _AT_MOST:
                    above = False if area <= limit else None
                else:
                    above = area > limit
                if above is not None:
                    word = f"{AREA_ABOVE if above else AREA_WITHIN}{limit}"
                    if word not in words:
                        words.append(word)
    return one_side_only(words, AREA_WITHIN, AREA_ABOVE)


def one_side_only(words: list[str], within: str, above: str) -> list[str]:
    """The ``words`` (each ``within`` or ``above`` and a limit) but those whose limit a message puts on both sides:
    such a message says neither."""
    sides = {(w.startswith(within), w.removeprefix(within).removeprefix(above)) for w in words}
    return [w for w in words if (not w.startswith(within), w.removeprefix(within).removeprefix(above)) not in sides]
