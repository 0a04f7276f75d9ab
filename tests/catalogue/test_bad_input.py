"""Bad input: every message gets a decision, never an exception."""

import pytest

from catalogue.matcher import MatcherIndex, match

NASTY = [
    "",
    "   \n\t  ",
    "ก" * 5000,
    "แจ้งเกิด " * 700,
    "😀😀😀🙏🙏",
    "(happy)",  # a sticker's alt text
    "\x00\x01\x02\x1b[31m",
    "\u200b\u200c\u200d\ufeff",
    "ทำบัตรประชาชน ID card ใหม่ 新しい カード",
    "'; DROP TABLE inquiries; --",
    "<script>alert('x')</script><b>แจ้งตาย</b>",
    "๑๒๓๔๕",
    "\ud800",  # a lone surrogate, as a broken client might send
    "ค่าาาาาาาาาาาาาาาาาาาาาาาาา",
    "5555555555555555",
    "a" * 3000,
    "[[[[[[[[;;;;;;;''''''",
    "เพื่อ",  # a purpose with no request before it, or nothing after it
    "ขอเพื่อ",
    "ขอ" + "เพื่อ" * 300,
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_every_message_gets_a_decision(index: MatcherIndex, text: str) -> None:
    """No exception, a valid decision, and no clip for noise."""
    result = match(text, index)
    assert result.decision in ("answer", "choose", "none")
    assert len(result.matches) <= 3
    assert (result.decision == "none") == (not result.matches)


def test_noise_gets_no_clip(index: MatcherIndex) -> None:
    """Empty text, emoji and SQL-looking strings are not questions about a procedure."""
    for text in ("", "   ", "😀🙏", "'; DROP TABLE inquiries; --", "5555"):
        assert match(text, index).decision == "none", text


def test_markup_does_not_hide_a_question(index: MatcherIndex) -> None:
    """HTML around a real question is ignored, the question is still understood."""
    result = match("<b>แจ้งตาย</b> ต้องใช้อะไรบ้าง", index)
    assert result.matches and result.matches[0].id == "death-registration"
