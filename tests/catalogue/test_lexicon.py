"""The lexicon's patterns: grouped by first letter for speed, they must find what a plain alternation finds."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from catalogue.matcher.lexicon import _THAI_SYLLABLE_GOES_ON, _alternation, _cue_pattern

#: Few letters, so that keys share first letters, nest inside each other and meet word edges often.
LETTERS = "ab1ก\u0e34\u0e48 '.+(\n"
KEYS = st.lists(st.text(LETTERS, min_size=1, max_size=4), min_size=1, max_size=8)
TEXT = st.text(LETTERS + "z.", max_size=40)


def _found(pattern: re.Pattern[str] | None, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    assert pattern is not None
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(keys=KEYS, text=TEXT, inflected=st.booleans())
@example(keys=["\n"], text="a\n", inflected=False)  # a key starting with a newline, after a letter
def test_keys_are_found_as_a_plain_alternation_finds_them(keys: list[str], text: str, inflected: bool) -> None:
    """Longest key first, never starting inside a Latin word or a number, English endings kept apart."""
    ordered = sorted(set(keys), key=len, reverse=True)
    body = "|".join(re.escape(k) for k in ordered)
    ending = r"(?P<ending>s|es|ed|ing|d)?" if inflected else ""
    plain = re.compile(rf"(?<![a-z0-9])(?P<key>{body}){ending}(?![a-z0-9])")
    assert _found(_alternation(keys, latin_bounds=True, inflected=inflected), text) == _found(plain, text)
    assert [m.span() for m in _alternation(keys, latin_bounds=False).finditer(text)] == [
        m.span() for m in re.finditer(body, text)
    ]


@settings(max_examples=300, deadline=None)
@given(cues=KEYS, text=TEXT)
def test_cues_are_found_as_a_plain_alternation_finds_them(cues: list[str], text: str) -> None:
    """An English cue as whole words; a Thai cue anywhere but mid-syllable."""
    parts = []
    for cue in sorted(set(cues), key=len, reverse=True):
        before = "(?<![a-z0-9])" if re.match("[a-z0-9]", cue[0]) else ""
        after = "(?![a-z0-9])" if re.match("[a-z0-9]", cue[-1]) else f"(?!{_THAI_SYLLABLE_GOES_ON})"
        parts.append(before + re.escape(cue) + after)
    plain = re.compile("|".join(parts))
    assert [m.span() for m in _cue_pattern(cues).finditer(text)] == [m.span() for m in plain.finditer(text)]
