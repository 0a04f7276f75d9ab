"""Replies in the citizen's language and the right door, end to end through the webhook: real HTTP in, a fake LINE
API out, real databases."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from catalogue.agencies import load_directory
from catalogue.seed import load_seed
from tests.bot.conftest import Running
from tests.bot.servers import postback_event, text_event
from tests.bot.test_webhook import inquiry, postbacks, replies_to

pytestmark = pytest.mark.slow  # real servers


def _dump(messages: object) -> str:
    return json.dumps(messages, ensure_ascii=False)


def test_a_question_in_english_is_answered_in_english_through_the_rating(paru: Running) -> None:
    """The bubble (title, section, documents, fee), its buttons, the rating flow: all English; the inquiry is
    stored as English."""
    ev = text_event("I lost my ID card, what should I do?")
    paru.line.send(ev)
    reply = replies_to(paru, ev)
    stored = inquiry(paru, decision="answer")
    assert stored.lang == "en"
    procedure = next(p for p in load_seed().procedures if p.id == stored.procedure_id)
    text = _dump(reply)
    for expected in (procedure.title_en, procedure.department_en, "What to bring", procedure.documents_en[0]):
        assert expected in text
    assert "Watch the clip" in text and "Is this what you asked?" in text
    assert "เอกสารที่ต้องเตรียม" not in text and "ดูคลิป" not in text
    yes = postback_event(postbacks(reply)[0])
    paru.line.send(yes)
    rating = replies_to(paru, yes)
    assert "How satisfied" in rating[0]["text"]
    assert rating[0]["quickReply"]["items"][0]["action"]["label"] == "⭐ 5 Very good"
    five = postback_event(rating[0]["quickReply"]["items"][0]["action"]["data"])
    paru.line.send(five)
    assert replies_to(paru, five)[0]["text"].startswith("Thank you")


def test_thai_and_mixed_questions_are_answered_in_thai(paru: Running) -> None:
    """Thai with an English word, and Thai typed on the English keyboard, are Thai."""
    for message in ("ขอ copy ทะเบียนบ้านค่ะ", "mtg[upo[hko"):
        ev = text_event(message)
        paru.line.send(ev)
        reply = replies_to(paru, ev)
        assert "Watch the clip" not in _dump(reply) and "What to bring" not in _dump(reply)
    assert inquiry(paru).lang == "th"


def test_english_fallbacks_and_section_buttons(paru: Running) -> None:
    """An English message the bot has no clip for gets the English fallback; its section buttons list the
    section's procedures in English."""
    ev = text_event("what is the weather like tomorrow")
    paru.line.send(ev)
    reply = replies_to(paru, ev)
    assert reply[-1]["text"].startswith("Sorry") and "call" in reply[-1]["text"]
    section = reply[-1]["quickReply"]["items"][0]["action"]
    assert section["type"] == "postback" and not any("\u0e00" <= ch <= "\u0e7f" for ch in section["label"])
    tap = postback_event(section["data"])
    paru.line.send(tap)
    listed = replies_to(paru, tap)
    assert "choose a procedure" in listed[0]["text"]
    assert "This one" in _dump(listed[1])


@pytest.mark.parametrize(
    ("message", "lang", "address"),
    [
        ("สำนักงานเขตบางนาอยู่ที่ไหนคะ", "th", "ถนนสรรพาวุธ"),
        ("อยู่ไหนคะ สำนักงานเขต", "th", "ถนนสรรพาวุธ"),
        ("Where is Bang Na district?", "en", "Sanphawut Road"),
    ],
)
def test_where_is_the_office_gets_its_address_and_a_map(paru: Running, message: str, lang: str, address: str) -> None:
    """Asking where the office is (every word a stopword but the office's name) gets the office's reply: hours,
    address and phone, in the citizen's language, with buttons to open the map and to call."""
    ev = text_event(message)
    paru.line.send(ev)
    reply = replies_to(paru, ev)
    body = reply[-1]["text"]
    assert address in body and "02 398 0007" in body
    first, second = (item["action"] for item in reply[-1]["quickReply"]["items"][:2])
    assert first["uri"] == "https://www.google.com/maps/search/?api=1&query=" + urllib.parse.quote("สำนักงานเขตบางนา")
    assert first["label"] == ("Open the map" if lang == "en" else "เปิดแผนที่")
    assert second["uri"] == "tel:023980007"
    stored = inquiry(paru)
    assert stored.decision == "none" and stored.intent == "office_info" and stored.lang == lang


@pytest.mark.parametrize(
    ("message", "agency", "lang"),
    [
        ("ต่อใบขับขี่ที่หมดอายุทำที่ไหนคะ", "driving_licence", "th"),
        ("พาสปอร์ตหมดอายุ ต่อที่เขตได้ไหม", "passport", "th"),
        ("โฉนดที่ดินหาย ขอใบแทนที่ไหน", "land_title", "th"),
        ("How do I renew my passport?", "passport", "en"),
        ("อยากได้บ้านเอื้ออาทร ต้องสมัครที่ไหน", "housing", "th"),
        ("Is there a housing subsidy for low income families?", "housing", "en"),
        ("ของที่สั่งมาไม่ถึงสักที เลขพัสดุขึ้นว่าอยู่ศูนย์ไปรษณีย์", "post", "th"),
        ("How do I register a trademark for my shop's logo?", "intellectual_property", "en"),
        ("ร้านอาหารอยากขายเบียร์ด้วย ต้องขอใบอะไร", "excise", "th"),
        ("ค่าน้ำแพงผิดปกติ", "water", "th"),
        ("บริษัทเลิกจ้างแต่ไม่จ่ายค่าชดเชย ร้องเรียนที่ไหน", "labour", "th"),
        ("My boss still owes me two months of wages", "labour", "en"),
        ("ขายคุกกี้ออนไลน์ ต้องมีเลข อย. ไหมคะ", "fda", "th"),
        ("Where do I report a fake whitening cream that burned my face?", "fda", "en"),
        ("ป้าเป็นข้าราชการเกษียณ เงินบำนาญเดือนนี้ไม่เข้าบัญชี ติดต่อใครดีคะ", "pension", "th"),
        ("Which office stamps a translated Thai divorce certificate for an embassy?", "legalisation", "en"),
        ("ขอวีซ่าไปอเมริกาต้องทำยังไง", "embassy", "th"),
        ("How do I get a visa to visit Korea?", "embassy", "en"),
        ("I live in Japan. My son was born here. How does he get Thai nationality?", "thai_mission", "en"),
    ],
)
def test_another_agencys_service_names_that_agency(paru: Running, message: str, agency: str, lang: str) -> None:
    """A question about another agency's service gets its name, phone and website, in the citizen's language."""
    ev = text_event(message)
    paru.line.send(ev)
    reply = _dump(replies_to(paru, ev))
    found = load_directory().agencies[agency]
    assert found.name(lang) in reply and found.phone in reply and found.website in reply
    stored = inquiry(paru)
    assert stored.decision == "none" and stored.intent == "agency:" + agency and stored.lang == lang


def test_the_english_agency_reply_names_the_agency_as_the_directory_spells_it(paru: Running) -> None:
    """The English reply gives the agency's name on a line of its own, as the directory spells it: "Thailand Post",
    not "the Thailand Post" (the template once put "the" before every name)."""
    ev = text_event("My parcel never arrived and the tracking number shows nothing")
    paru.line.send(ev)
    text = replies_to(paru, ev)[-1]["text"]
    assert "\nWho to contact: Thailand Post\n" in text and "the Thailand Post" not in text
    assert inquiry(paru).intent == "agency:post"


def test_an_agency_without_a_website_is_answered_with_its_phone(paru: Running) -> None:
    """A snake in the garden is for Bangkok's fire and rescue service, which the directory lists with a phone and no
    website: the reply names it, and its one button calls 199."""
    ev = text_event("มีงูอยู่ในสวนหน้าบ้านค่ะ ใครมาจับได้บ้าง")
    paru.line.send(ev)
    reply = replies_to(paru, ev)
    rescue = load_directory().agencies["fire_rescue"]
    assert rescue.website == "" and rescue.phone == "199"  # the premise
    assert rescue.name_th in reply[-1]["text"]
    uris = [item["action"]["uri"] for item in reply[-1]["quickReply"]["items"] if item["action"]["type"] == "uri"]
    assert uris == ["tel:199"]
    assert inquiry(paru).intent == "agency:fire_rescue"


@pytest.mark.parametrize(
    ("message", "agency", "lang"),
    [
        ("ลูกจบ ม.6 แล้ว จะยื่นสมัครมหาวิทยาลัยรอบโควตาต้องทำยังไงคะ", "university", "th"),
        ("How can my son join Ror Dor training this year?", "reserve_training", "en"),
    ],
)
def test_an_agency_without_a_phone_is_answered_with_its_website(
    paru: Running, message: str, agency: str, lang: str
) -> None:
    """University admissions (TCAS) and reserve officer training (the Territorial Defence Command) are reached
    through their websites: the reply names the agency and gives its website, with no phone line and no call button."""
    ev = text_event(message)
    paru.line.send(ev)
    reply = replies_to(paru, ev)[-1]
    found = load_directory().agencies[agency]
    assert found.phone == "" and found.website  # the premise
    assert found.name(lang) in reply["text"] and found.website in reply["text"]
    assert "โทร " not in reply["text"] and "Phone " not in reply["text"]
    uris = [item["action"]["uri"] for item in reply["quickReply"]["items"] if item["action"]["type"] == "uri"]
    assert uris == [found.website]
    stored = inquiry(paru)
    assert (stored.decision, stored.intent, stored.lang) == ("none", "agency:" + agency, lang)


def test_a_report_about_a_district_service_gets_its_clip_and_traffy_fondue(paru: Running) -> None:
    """Garbage not collected: the collection service's clip and the way to report it."""
    ev = text_event("ขยะหน้าบ้านไม่มีรถมาเก็บเลย 5 วันแล้ว ส่งกลิ่นเหม็นมาก")
    paru.line.send(ev)
    reply = replies_to(paru, ev)
    assert reply[0]["type"] == "flex"
    assert "Traffy Fondue" in _dump(reply[-1])
    assert inquiry(paru).procedure_id == "household-waste-collection"


def test_asking_where_to_complain_about_building_works_gets_traffy_fondue_not_a_permit(paru: Running) -> None:
    """ "Where can I complain" asks a question, but about the report it makes: no permit's clip, the way to report,
    in English."""
    ev = text_event("Our neighbour extended his roof over our land. Where can I complain?")
    paru.line.send(ev)
    reply = _dump(replies_to(paru, ev))
    assert "Traffy Fondue" in reply and '"flex"' not in reply
    stored = inquiry(paru)
    assert (stored.decision, stored.intent, stored.procedure_id, stored.lang) == ("none", "complaint", None, "en")


@pytest.mark.parametrize(
    ("message", "lang", "phrase"),
    [("ทำไมจดทะเบียนสมรสต้องมีพยานสองคนคะ", "th", "เจ้าหน้าที่"), ("Why do I need two witnesses to marry?", "en", "staff")],
)
def test_a_question_about_why_gets_the_staff_and_related_clips(
    paru: Running, message: str, lang: str, phrase: str
) -> None:
    """What a word means, or why: no confident clip; the office's contact first, then related clips to choose."""
    ev = text_event(message)
    paru.line.send(ev)
    reply = replies_to(paru, ev)
    assert reply[0]["type"] == "text" and phrase in reply[0]["text"] and "02" in reply[0]["text"]
    assert reply[1]["type"] == "flex" and reply[1]["contents"]["type"] == "carousel"
    stored = inquiry(paru)
    assert (stored.decision, stored.intent, stored.lang) == ("choose", "explanation", lang)
