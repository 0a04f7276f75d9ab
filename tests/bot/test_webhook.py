"""The LINE webhook end to end: real HTTP in, real HTTP out to a fake LINE API, real databases."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot import postback
from core.models import Followup, Inquiry, LineEvent
from tests.bot.conftest import Running
from tests.bot.servers import LineSide, event, postback_event, sticker_event, text_event, wait_for
from tests.conftest import shared_file

pytestmark = pytest.mark.slow  # real servers or processes


def replies_to(paru: Running, ev: dict[str, Any]) -> list[dict[str, Any]]:
    """The messages Paru sent for an event (waits for them, bounded)."""
    token = ev["replyToken"]
    found = wait_for(lambda: paru.fake.replies_for(token))
    return found[0]["messages"]  # type: ignore[no-any-return]


def count(paru: Running, model: Any) -> int:
    with paru.runtime.store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)))


def inquiry(paru: Running, **where: Any) -> Inquiry:
    with paru.runtime.store.sessions() as session:
        return session.scalars(select(Inquiry).filter_by(**where).order_by(Inquiry.id.desc())).first()  # type: ignore[return-value]


def postbacks(messages: list[dict[str, Any]]) -> list[str]:
    """Every postback data string in a reply, in order."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "postback":
                out.append(node["data"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(messages)
    return out


def test_text_question_gets_the_clip_and_is_stored(paru: Running) -> None:
    """A question in 1:1 chat: a Flex bubble with title, section, documents, fee, the clip and "did this answer
    you"; the inquiry is stored with the HMAC of the user, and the reply recorded as sent."""
    ev = text_event("บัตรประชาชนหาย ต้องทำยังไงคะ", user="U" + "a" * 32)
    assert paru.line.send(ev).status_code == 200
    messages = replies_to(paru, ev)
    assert [m["type"] for m in messages] == ["flex"]
    dump = json.dumps(messages, ensure_ascii=False)
    for expected in (
        "การขอมีบัตรประจำตัวประชาชนใหม่ กรณีบัตรหายหรือถูกทำลาย",
        "ฝ่ายทะเบียน",
        "เอกสารที่ต้องเตรียม",
        "ค่าธรรมเนียม",
        "ดูคลิป",
        "ตรงกับที่ถามไหม",
    ):
        assert expected in dump
    assert "https://www.tiktok.com/@bangnadistrictoffice" in dump
    row = wait_for(lambda: (r := inquiry(paru)) is not None and r.reply_status == "sent" and r)
    assert (row.decision, row.procedure_id, row.channel, row.source_type) == (
        "answer",
        "id-card-lost-destroyed",
        "line",
        "user",
    )
    assert row.user_key is not None and len(row.user_key) == 64
    assert len(postbacks(messages)) == 2


def test_no_raw_user_id_is_stored_anywhere(paru: Running) -> None:
    """PDPA: the LINE user id appears in no column of any table."""
    uid = "U" + "b" * 32
    for ev in (text_event("แจ้งตาย", user=uid), event("follow", user=uid, follow={"isUnblocked": False})):
        paru.line.send(ev)
        replies_to(paru, ev)
    with paru.runtime.store.engine.connect() as conn:
        for table in ("inquiries", "line_events", "followups"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                assert uid not in " ".join(map(str, row))


def test_ambiguous_question_offers_a_choice_and_the_pick_is_stored(paru: Running) -> None:
    """ย้ายทะเบียนบ้าน: a carousel of candidates; tapping "ใช่เรื่องนี้" stores the choice and sends that clip."""
    ev = text_event("ย้ายทะเบียนบ้านต้องใช้อะไรบ้าง")
    paru.line.send(ev)
    messages = replies_to(paru, ev)
    carousel = messages[-1]["contents"]
    assert carousel["type"] == "carousel" and 2 <= len(carousel["contents"]) <= 3
    pick = postbacks(messages)[0]
    pb = postback_event(pick)
    paru.line.send(pb)
    answer = replies_to(paru, pb)
    assert answer[0]["type"] == "flex" and answer[0]["contents"]["type"] == "bubble"
    with paru.runtime.store.sessions() as session:
        chosen = session.scalars(select(Followup).where(Followup.kind == "chose")).one()
    assert chosen.procedure_id in ("move-out-notification", "move-in-notification", "move-destination-notification")


def test_helpful_then_rating(paru: Running) -> None:
    """ "Yes" asks for a 1-5 rating as quick replies; the rating is stored against the inquiry."""
    ev = text_event("จดทะเบียนสมรสต้องใช้อะไร")
    paru.line.send(ev)
    yes = postbacks(replies_to(paru, ev))[0]
    pb = postback_event(yes)
    paru.line.send(pb)
    ask = replies_to(paru, pb)
    items = ask[-1]["quickReply"]["items"]
    assert len(items) == 5 and items[0]["action"]["label"].startswith("⭐ 5")
    rate = postback_event(items[0]["action"]["data"])
    paru.line.send(rate)
    assert "ขอบคุณ" in replies_to(paru, rate)[0]["text"]
    with paru.runtime.store.sessions() as session:
        kinds = sorted((f.kind, f.rating) for f in session.scalars(select(Followup)))
    assert kinds == [("helpful", None), ("rating", 5)]


def test_repeated_taps_change_nothing_and_get_a_polite_reply(paru: Running) -> None:
    """ "Yes" three times and 5 stars three times, then "not what I asked": one verdict and one rating are stored
    (the first ones); every repeated tap is answered kindly ("already noted") and changes nothing."""
    ev = text_event("จดทะเบียนสมรสต้องใช้อะไร")
    paru.line.send(ev)
    yes, no = postbacks(replies_to(paru, ev))[:2]
    first_yes = postback_event(yes)
    paru.line.send(first_yes)
    five = postbacks(replies_to(paru, first_yes))[0]
    later = [postback_event(yes), postback_event(yes), postback_event(five), postback_event(five)]
    later += [postback_event(five), postback_event(no)]
    for pb in later:
        assert paru.line.send(pb).status_code == 200
    texts = [replies_to(paru, pb)[0]["text"] for pb in later]
    assert [t.startswith("ปารุบันทึกคำตอบของท่านสำหรับคำถามนี้ไว้แล้ว") for t in texts] == [
        True,
        True,
        False,  # the first rating is thanked
        True,
        True,
        True,
    ]
    with paru.runtime.store.sessions() as session:
        kinds = sorted((f.kind, f.rating) for f in session.scalars(select(Followup)))
    assert kinds == [("helpful", None), ("rating", 5)]


def test_concurrent_taps_store_one_verdict(paru: Running) -> None:
    """Eight taps of "yes" and "no" on the same answer sent at once, each its own webhook: one verdict stored."""
    ev = text_event("แจ้งตายต้องใช้อะไรบ้าง")
    paru.line.send(ev)
    yes, no = postbacks(replies_to(paru, ev))[:2]
    taps = [postback_event(yes if i % 2 else no) for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda pb: LineSide(paru.url, paru.line.secret).send(pb).status_code, taps))
    assert statuses == [200] * 8
    for pb in taps:
        replies_to(paru, pb)
    with paru.runtime.store.sessions() as session:
        verdicts = session.scalars(select(Followup.kind).where(Followup.slot == "verdict")).all()
    assert len(verdicts) == 1


def test_not_what_i_asked_offers_alternatives(paru: Running) -> None:
    """ "No" is stored; the reply first offers the other candidates the matcher had (stored with the inquiry) as a
    carousel to pick from, then the sections and the office's phone."""
    ev = text_event("ขอผ่อนภาษีที่ดิน")
    paru.line.send(ev)
    answered = replies_to(paru, ev)
    shown = answered[0]["contents"]["body"]["contents"][0]["text"]
    stored = inquiry(paru, decision="answer")
    assert stored.alternatives and all(a["id"] != stored.procedure_id for a in stored.alternatives)
    pb = postback_event(postbacks(answered)[1])
    paru.line.send(pb)
    reply = replies_to(paru, pb)
    assert "ขออภัย" in reply[0]["text"]
    carousel = reply[1]["contents"]
    assert carousel["type"] == "carousel" and 1 <= len(carousel["contents"]) <= 12
    titles = [b["body"]["contents"][0]["text"] for b in carousel["contents"]]
    assert shown not in titles
    assert all(d.startswith("v1|pick|") for d in postbacks(reply[1]))
    assert "โทร" in reply[2]["text"] and 1 <= len(reply[2]["quickReply"]["items"]) <= 13
    with paru.runtime.store.sessions() as session:
        assert session.scalars(select(Followup.kind)).all() == ["not_helpful"]


def test_a_pick_after_not_what_i_asked_shows_the_clip_without_asking_again(paru: Running) -> None:
    """A carousel; the citizen picks one, says "not what I asked", then picks another candidate: its clip is shown
    without the yes/no buttons (the inquiry keeps its first verdict), and both picks are stored."""
    ev = text_event("ย้ายทะเบียนบ้านต้องใช้อะไรบ้าง")
    paru.line.send(ev)
    first = postback_event(postbacks(replies_to(paru, ev))[0])
    paru.line.send(first)
    picked = replies_to(paru, first)
    picked_title = picked[0]["contents"]["body"]["contents"][0]["text"]
    no = postback_event(postbacks(picked)[1])
    paru.line.send(no)
    offered = replies_to(paru, no)
    picks = [d for d in postbacks(offered) if d.startswith("v1|pick|")]
    assert picks
    # the carousel never offers again the clip the citizen picked and said was not it
    assert picked_title not in [b["body"]["contents"][0]["text"] for b in offered[1]["contents"]["contents"]]
    pick = postback_event(picks[0])
    paru.line.send(pick)
    shown = replies_to(paru, pick)
    assert shown[0]["contents"]["type"] == "bubble"
    assert "ตรงกับที่ถามไหม" not in json.dumps(shown, ensure_ascii=False)
    assert postbacks(shown) == []
    with paru.runtime.store.sessions() as session:
        assert sorted(session.scalars(select(Followup.kind)).all()) == ["chose", "chose", "not_helpful"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("สวัสดีครับ", "สวัสดีค่ะ"),
        ("ขอบคุณมากค่ะ", "ยินดีค่ะ"),
        ("ขอคุยกับเจ้าหน้าที่หน่อย", "ติดต่อเจ้าหน้าที่"),
        ("เขตเปิดกี่โมงคะ", "เปิดให้บริการ"),
        ("ไฟถนนในซอยดับหลายดวง มืดมาก", "Traffy Fondue"),
        ("ทำพาสปอร์ตที่เขตได้ไหม", "กรมการกงสุล"),
        ("หวยงวดนี้ออกอะไร", "ยังไม่มีคลิป"),
    ],
)
def test_no_clip_replies_by_intent(paru: Running, message: str, expected: str) -> None:
    """Greetings, thanks, staff, hours, complaints, other agencies (named), off-topic: each its own short Thai
    reply."""
    ev = text_event(message)
    paru.line.send(ev)
    reply = replies_to(paru, ev)
    assert expected in json.dumps(reply, ensure_ascii=False)
    assert "quickReply" in reply[-1]


def test_follow_welcomes_with_privacy_notice_and_unfollow_is_silent(paru: Running) -> None:
    """Follow: what Paru does, the privacy notice and the sections; unfollow: recorded, nothing sent."""
    follow = event("follow", follow={"isUnblocked": False})
    paru.line.send(follow)
    welcome = json.dumps(replies_to(paru, follow), ensure_ascii=False)
    for expected in ("ยินดีต้อนรับ", "ข้อมูลส่วนบุคคล", "90 วัน", "ฝ่ายทะเบียน"):
        assert expected in welcome
    before = len(paru.fake.replies)
    assert paru.line.send(event("unfollow", token=None)).status_code == 200
    wait_for(lambda: count(paru, LineEvent) == 2)
    assert len(paru.fake.replies) == before


def test_stickers_and_images_get_a_polite_reply(paru: Running) -> None:
    """A sticker or an image: please type the question, with the sections as quick replies."""
    for ev in (
        sticker_event(),
        event("message", message={"type": "image", "id": "2", "quoteToken": "q2", "contentProvider": {"type": "line"}}),
        event(
            "message",
            message={"type": "location", "id": "3", "title": "x", "address": "y", "latitude": 13.6, "longitude": 100.6},
        ),
    ):
        paru.line.send(ev)
        reply = replies_to(paru, ev)
        assert "พิมพ์คำถาม" in reply[0]["text"]
    assert count(paru, Inquiry) == 0


def test_a_sticker_after_an_english_question_is_answered_in_english(paru: Running) -> None:
    """A sticker has no words: it is answered in the language the citizen last wrote in."""
    question = text_event("how do I register a birth?")
    paru.line.send(question)
    replies_to(paru, question)
    sticker = sticker_event()
    paru.line.send(sticker)
    reply = replies_to(paru, sticker)
    assert "Please type your question" in reply[0]["text"]
    assert not any("\u0e00" <= ch <= "\u0e7f" for ch in reply[0]["quickReply"]["items"][0]["action"]["label"])


def test_group_chat_answers_only_procedure_questions(paru: Running) -> None:
    """In a group, small talk gets nothing (not even stored); a procedure question gets its clip."""
    chat = text_event("555 เย็นนี้กินอะไรดี", source="group")
    question = text_event("แจ้งเกิดลูกต้องใช้อะไรบ้าง", source="group")
    paru.line.send(chat)
    paru.line.send(question)
    assert replies_to(paru, question)[0]["type"] == "flex"
    assert paru.fake.replies_for(chat["replyToken"]) == []
    assert count(paru, Inquiry) == 1


def test_redelivered_event_is_neither_answered_nor_counted_twice(paru: Running) -> None:
    """The same webhookEventId again (isRedelivery true): 200, no second reply, one inquiry."""
    ev = text_event("แจ้งตายต้องใช้อะไร")
    paru.line.send(ev)
    replies_to(paru, ev)
    again = dict(ev, deliveryContext={"isRedelivery": True})
    assert paru.line.send(again).status_code == 200
    assert count(paru, Inquiry) == 1
    assert len(paru.fake.replies_for(ev["replyToken"])) == 1


def test_tampered_postback_gets_a_polite_reply(paru: Running) -> None:
    """Postback data we did not sign, or an unknown version, is answered politely; nothing is stored."""
    for data in ("v1|rate|1|5|forgedsignat", "v9|x", "", "a" * 300):
        pb = postback_event(data)
        assert paru.line.send(pb).status_code == 200
        assert "ปุ่มนี้ใช้ไม่ได้" in replies_to(paru, pb)[0]["text"]
    assert count(paru, Followup) == 0


def test_postback_of_someone_elses_inquiry_is_refused(paru: Running) -> None:
    """A validly signed button from another user's conversation changes nothing."""
    ev = text_event("ทำพินัยกรรมที่เขต", user="U" + "c" * 32)
    paru.line.send(ev)
    replies_to(paru, ev)
    row = wait_for(lambda: inquiry(paru))
    data = postback.encode(b"bot-test-key", "rate", row.id, 1)
    pb = postback_event(data, user="U" + "d" * 32)
    paru.line.send(pb)
    assert "ปุ่มนี้ใช้ไม่ได้" in replies_to(paru, pb)[0]["text"]
    assert count(paru, Followup) == 0


def test_section_quick_reply_lists_its_procedures(paru: Running) -> None:
    """Tapping a section lists its procedures as carousels (at most 12 bubbles each, at most 5 messages)."""
    ev = text_event("สวัสดี")
    paru.line.send(ev)
    sec = next(d for d in postbacks(replies_to(paru, ev)) if "|sec|ฝ่ายทะเบียน|" in d)
    pb = postback_event(sec)
    paru.line.send(pb)
    reply = replies_to(paru, pb)
    assert 2 <= len(reply) <= 5
    bubbles = [b for m in reply[1:] for b in m["contents"]["contents"]]
    assert len(bubbles) == 22 and all(len(m["contents"]["contents"]) <= 12 for m in reply[1:])
    show = postbacks([bubbles[0]])[0]
    pick = postback_event(show)
    paru.line.send(pick)
    assert "การแจ้งเกิด" in json.dumps(replies_to(paru, pick), ensure_ascii=False)
    assert inquiry(paru).intent == "menu"


@pytest.mark.parametrize(
    "name",
    [
        "text-user.json",
        "text-group.json",
        "image-user.json",
        "sticker-user.json",
        "follow.json",
        "unfollow.json",
        "postback-datetime.json",
        "redelivered-text-user.json",
        "sdk-v3-all-events.json",
        "verify-empty-events.json",
    ],
)
def test_every_shared_sample_is_handled(paru: Running, name: str) -> None:
    """Real LINE bodies, signed byte for byte: each gets 200 and never a 500."""
    response = paru.line.send_file(shared_file("line-webhook-samples", name))
    assert response.status_code == 200, response.text
    wait_for(lambda: not paru.runtime.tasks)


def test_unsent_message_text_is_deleted(paru: Running) -> None:
    """The citizen unsends a message: its text is blanked (LINE asks bots to), the inquiry and its count stay."""
    user = "U" + "e" * 32
    ev = text_event("บ้านเลขที่ 99/1 ทำบัตรหาย", user=user)
    paru.line.send(ev)
    replies_to(paru, ev)
    unsend = event("unsend", user=user, token=None, unsend={"messageId": ev["message"]["id"]})
    assert paru.line.send(unsend).status_code == 200
    row = wait_for(lambda: (r := inquiry(paru)) is not None and r.text is None and r)
    assert row.text_purged and row.normalised_text is None and row.decision in ("answer", "choose")
    assert count(paru, Inquiry) == 1


def test_unsend_from_someone_else_changes_nothing(paru: Running) -> None:
    """Only the sender's own message is forgotten."""
    ev = text_event("แจ้งเกิดลูก", user="U" + "f" * 32)
    paru.line.send(ev)
    replies_to(paru, ev)
    other = event("unsend", user="U" + "0" * 32, token=None, unsend={"messageId": ev["message"]["id"]})
    paru.line.send(other)
    wait_for(lambda: count(paru, LineEvent) == 1)
    assert inquiry(paru).text == "แจ้งเกิดลูก"
