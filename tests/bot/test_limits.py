"""LINE's limits, enforced by our own validators, and the replies that must always respect them."""

from __future__ import annotations

import pytest

from bot import postback, replies
from bot.fake_line import sdk_problems
from bot.limits import LimitError, check, fit_label, fit_text, grapheme_length, problems, utf16_length
from bot.replies import ReplyContext
from catalogue.agencies import load_directory
from catalogue.models import Catalogue
from core.office import Office

SECRET = b"unit-test-key"


@pytest.fixture
def ctx(catalogue: Catalogue) -> ReplyContext:
    sections = tuple(dict.fromkeys(p.department_th for p in catalogue.procedures))
    english = {p.department_th: p.department_en for p in catalogue.procedures}
    office = Office("สำนักงานเขตบางนา", "02 398 0007", "จันทร์–ศุกร์ 08:30–16:30 น.", 90)
    return ReplyContext(office, SECRET, sections, english, load_directory())


def test_counting_as_line_counts() -> None:
    """Texts in UTF-16 units (an emoji outside the BMP is 2); labels in grapheme clusters (Thai marks join)."""
    assert utf16_length("🍎") == 2
    assert utf16_length("แจ้งเกิด") == 8
    assert grapheme_length("แจ้งเกิด") == 6
    assert grapheme_length("ที่") == 1
    assert grapheme_length("ทำ") == 1
    assert grapheme_length("👨‍👩‍👧") == 1


@pytest.mark.parametrize(
    ("text", "clusters"),
    [
        ("🇹🇭", 1),  # a flag: two regional indicators
        ("🇹🇭🇯🇵", 2),
        ("👍🏽", 1),  # a skin tone modifier
        ("👩🏽‍💻", 1),  # skin tone inside a ZWJ sequence
        ("❤️", 1),  # a variation selector
        ("1️⃣", 1),  # a keycap
        ("ขอบคุณค่ะ🙏🏻", 8),  # ข อ บ คุ ณ ค่ ะ: 7 Thai clusters (SARA A stands alone), then one emoji with its tone
        ("น้ำ", 1),  # consonant, tone mark, SARA AM
    ],
)
def test_emoji_sequences_count_as_one_beside_thai(text: str, clusters: int) -> None:
    """Flags, skin tones, ZWJ sequences and keycaps are one character each, as LINE counts them."""
    assert grapheme_length(text) == clusters


def test_cutting_never_splits_an_emoji_sequence() -> None:
    """A label or a text cut at its limit keeps every flag and family whole."""
    label = fit_label("🇹🇭" * 25, 20)
    assert label == "🇹🇭" * 19 + "…"
    family = "👨‍👩‍👧"
    cut = fit_text(family * 10, 40)
    assert cut.endswith("…") and cut[:-1] == family * (len(cut[:-1]) // len(family))
    assert utf16_length(cut) <= 40


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


def every_reply(catalogue: Catalogue, thai: ReplyContext) -> list[list[dict[str, object]]]:
    """Every reply the bot can build, in Thai and in English: all 67 answers (with and without the verdict buttons,
    and with the Traffy Fondue pointer of a report), a choice, every section list, every no-clip reply, every
    agency's reply, the "not what I asked" carousel, the welcome, the rating flow and the polite refusals."""
    out = []
    for lang in ("th", "en"):
        out += _every_reply(catalogue, thai.speaking(lang))
    return out


def _every_reply(catalogue: Catalogue, ctx: ReplyContext) -> list[list[dict[str, object]]]:
    out = []
    for p in catalogue.procedures:
        out.append(replies.answer(p, ctx, 123456789))
        out.append(replies.answer(p, ctx, None, report=True))
    out.append(replies.choose(catalogue.procedures[:3], ctx, 1, report=True))
    assert ctx.directory is not None
    out += [replies.no_clip("agency:" + a, ctx) for a in ctx.directory.agencies]
    out.append(replies.not_what_i_asked(123456789, catalogue.procedures[:12], ctx))
    out.append(replies.not_what_i_asked(1, (), ctx))
    for department in ctx.sections:
        listed = [p for p in catalogue.procedures if p.department_th == department]
        out.append(replies.section(department, listed, ctx))
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
        out.append(replies.no_clip(intent, ctx))
    out += [replies.welcome(ctx), replies.not_text(ctx), replies.ask_rating(99, ctx), replies.bad_postback(ctx)]
    out += [replies.already_noted(ctx), replies.thanks_for_rating(5, ctx), replies.thanks_for_rating(2, ctx)]
    return out


def test_every_reply_the_bot_builds_is_valid(catalogue: Catalogue, ctx: ReplyContext) -> None:
    """Every reply passes Paru's own validator of LINE's limits."""
    for messages in every_reply(catalogue, ctx):
        check(messages)


def test_every_reply_passes_lines_own_sdk_models(catalogue: Catalogue, ctx: ReplyContext) -> None:
    """Every reply is also accepted by the line-bot-sdk's ``ReplyMessageRequest.from_dict``, field for field: a
    wrong type, a value outside an enum or a field LINE does not know would show here even if ``bot.limits`` missed
    it."""
    for messages in every_reply(catalogue, ctx):
        assert sdk_problems({"replyToken": "x" * 32, "messages": messages}) == []


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ({"type": "flex", "altText": "a"}, "contents none is not an allowed value"),
        ({"type": "flex", "altText": "a", "contents": {"type": "bubble", "size": "huge"}}, "enum values"),
        ({"type": "text", "text": "a", "colour": "red"}, "colour: not a field LINE knows"),
        (
            {
                "type": "flex",
                "altText": "a",
                "contents": {
                    "type": "bubble",
                    "body": {
                        "type": "box",
                        "layout": "vertical",
                        "contents": [{"type": "text", "text": "t", "wrap": "yes"}],
                    },
                },
            },
            "not a valid boolean",
        ),
    ],
)
def test_the_sdk_check_catches_what_our_validator_does_not(message: dict[str, object], problem: str) -> None:
    """Mistakes Paru's own limits do not look for are caught by the SDK's models."""
    assert problems([message]) == []
    found = sdk_problems({"replyToken": "x" * 32, "messages": [message]})
    assert any(problem in p for p in found), found


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


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_section_button_fits_without_being_cut(ctx: ReplyContext, lang: str) -> None:
    """Each section's quick reply shows a whole name within LINE's 20 characters, in both languages."""
    items = replies.section_quick_replies(ctx.speaking(lang))
    assert len(items) == len(ctx.sections)
    for item in items:
        label = item["action"]["label"]
        assert grapheme_length(label) <= 20 and not label.endswith("…"), label
