"""LINE's limits, enforced by our own validators, and the replies that must always respect them."""

from __future__ import annotations

import pytest

from bot import postback, replies
from bot.limits import LimitError, check, fit_label, fit_text, grapheme_length, problems, utf16_length
from bot.replies import Office, ReplyContext
from catalogue.models import Catalogue

SECRET = b"unit-test-key"


@pytest.fixture
def ctx(catalogue: Catalogue) -> ReplyContext:
    sections = tuple(dict.fromkeys(p.department_th for p in catalogue.procedures))
    return ReplyContext(Office("สำนักงานเขตบางนา", "02 398 0007", "จันทร์–ศุกร์ 08:30–16:30 น.", 90), SECRET, sections)


def test_counting_as_line_counts() -> None:
    """Texts in UTF-16 units (an emoji outside the BMP is 2); labels in grapheme clusters (Thai marks join)."""
    assert utf16_length("🍎") == 2
    assert utf16_length("แจ้งเกิด") == 8
    assert grapheme_length("แจ้งเกิด") == 6
    assert grapheme_length("ที่") == 1
    assert grapheme_length("ทำ") == 1
    assert grapheme_length("👨‍👩‍👧") == 1


def test_labels_are_cut_without_breaking_thai() -> None:
    """A long label ends with … inside the limit, and never leaves a tone mark without its consonant."""
    label = fit_label("การขอมีบัตรประจำตัวประชาชนใหม่ กรณีบัตรหมดอายุ", 20)
    assert grapheme_length(label) <= 20 and label.endswith("…")
    assert label.startswith("การขอมีบัตรประจำ")
    assert fit_label("ฝ่ายทะเบียน") == "ฝ่ายทะเบียน"
    assert utf16_length(fit_text("ก" * 6000, 5000)) <= 5000
    assert utf16_length(fit_text("🍎" * 3000, 5000)) <= 5000


def _text(n: int = 1) -> dict[str, object]:
    return {"type": "text", "text": "x" * n}


def _qr(label: str = "ok", n: int = 1) -> dict[str, object]:
    return {
        "type": "text",
        "text": "x",
        "quickReply": {"items": [{"type": "action", "action": {"type": "message", "label": label, "text": "a"}}] * n},
    }


def _carousel(n: int) -> dict[str, object]:
    bubble = {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical", "contents": [{"type": "text", "text": "t"}]},
    }
    return {"type": "flex", "altText": "a", "contents": {"type": "carousel", "contents": [bubble] * n}}


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ([_text()] * 6, "1 to 5 messages"),
        ([], "1 to 5 messages"),
        ([_text(5001)], "1 to 5000 characters"),
        ([_carousel(13)], "1 to 12 bubbles"),
        ([_qr(n=14)], "1 to 13 items"),
        ([_qr(label="ก" * 21)], "longer than 20 characters"),
        ([{"type": "flex", "altText": "x" * 1501, "contents": _carousel(1)["contents"]}], "altText"),
        (
            [
                {
                    "type": "template",
                    "altText": "a",
                    "template": {
                        "type": "buttons",
                        "text": "t",
                        "actions": [{"type": "uri", "label": "x", "uri": "https://a.example/" + "a" * 1000}],
                    },
                }
            ],
            "uri longer than 1000",
        ),
        (
            [
                {
                    "type": "template",
                    "altText": "a",
                    "template": {
                        "type": "buttons",
                        "text": "t",
                        "actions": [{"type": "uri", "label": "x", "uri": "javascript:alert(1)"}],
                    },
                }
            ],
            "http, https, line or tel",
        ),
        (
            [
                {
                    "type": "template",
                    "altText": "a",
                    "template": {
                        "type": "buttons",
                        "text": "t",
                        "actions": [{"type": "postback", "label": "x", "data": "d" * 301}],
                    },
                }
            ],
            "data longer than 300",
        ),
    ],
)
def test_each_limit_is_enforced(messages: list[dict[str, object]], problem: str) -> None:
    """Every limit LINE documents is checked by our validator."""
    found = problems(messages)
    assert any(problem in p for p in found), found
    with pytest.raises(LimitError):
        check(messages)


def test_limits_at_the_boundary_pass() -> None:
    """Exactly at each limit is fine."""
    check([_text(5000), _carousel(12), _qr(label="ก" * 20, n=13), _text(), _text()])


def test_every_reply_the_bot_builds_is_valid(catalogue: Catalogue, ctx: ReplyContext) -> None:
    """All 67 answers, a choice, every section list and every no-clip reply pass the validator."""
    for p in catalogue.procedures:
        check(replies.answer(p, ctx, 123456789))
    check(replies.choose(catalogue.procedures[:3], ctx, 1))
    for department in ctx.sections:
        listed = [p for p in catalogue.procedures if p.department_th == department]
        check(replies.section(department, listed, ctx))
    for intent in (
        "greeting",
        "thanks",
        "acknowledgement",
        "staff",
        "office_info",
        "complaint",
        "other_agency",
        "off_topic",
        "unknown",
        "empty",
    ):
        check(replies.no_clip(intent, ctx))
    check(replies.no_clip("not_helpful", ctx, [(1, p) for p in catalogue.procedures[:3]]))
    check(replies.welcome(ctx))
    check(replies.not_text(ctx))
    check(replies.ask_rating(99, ctx))
    check(replies.bad_postback(ctx))


def test_postbacks_are_compact_signed_and_versioned() -> None:
    """Round trip; a changed byte, another key or an unknown version is refused; always at most 300 characters."""
    data = postback.encode(SECRET, "rate", 1234567890123, 5)
    assert len(data) <= 300 and data.startswith("v1|rate|")
    assert postback.decode(SECRET, data) == postback.Postback("rate", ("1234567890123", "5"))
    for bad in (
        data.replace("|5|", "|1|"),
        data[:-1] + ("A" if data[-1] != "A" else "B"),
        "v2|rate|1|5|xxxxxxxxxxxx",
        "",
        "|||",
    ):
        with pytest.raises(postback.PostbackError):
            postback.decode(SECRET, bad)
    with pytest.raises(postback.PostbackError):
        postback.decode(b"another key", data)
    with pytest.raises(postback.PostbackError):
        postback.encode(SECRET, "sec", "a|b")
    with pytest.raises(postback.PostbackError):
        postback.encode(SECRET, "sec", "ก" * 300)
