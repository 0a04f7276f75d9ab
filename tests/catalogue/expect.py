"""Assertions the matcher's tests share."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.matcher import MatcherIndex, MatchResult, match


def assert_no_clip(index: MatcherIndex, text: str, intent: str) -> MatchResult:
    """``text`` gets no clip, only the reply of ``intent`` (another agency's door, a complaint's, a greeting's ...);
    the result, for what else a test asks of it."""
    r = match(text, index)
    assert (r.decision, r.intent, r.matches) == ("none", intent, ()), text
    return r


def assert_answers(index: MatcherIndex, text: str, procedure: str) -> MatchResult:
    """``text`` gets one confident clip, ``procedure``'s; the result, for what else a test asks of it."""
    r = match(text, index)
    assert (r.decision, [m.id for m in r.matches]) == ("answer", [procedure]), text
    return r


def assert_doors(
    index: MatcherIndex, agencies: Iterable[tuple[str, str]], procedures: Iterable[tuple[str, str]]
) -> None:
    """Each text of ``agencies`` gets no clip, only its intent's reply (``assert_no_clip``), and each text of
    ``procedures`` is offered its procedure first: another agency's matter and a district request in the same
    words, told apart."""
    for text, intent in agencies:
        assert_no_clip(index, text, intent)
    for text, procedure in procedures:
        assert match(text, index).matches[0].id == procedure, text
