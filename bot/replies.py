"""The bot's replies as LINE message objects (plain dicts), built from the catalogue and the office's settings.

Pure functions: no I/O. Every builder returns a list of messages that passes :func:`bot.limits.check`. Thai first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot import postback
from bot.limits import MAX_ALT_TEXT, MAX_BUBBLES, MAX_QUICK_REPLIES, fit_label, fit_text
from catalogue.models import Procedure
from core.office import Office

Message = dict[str, Any]

#: Bangkok's channel for reporting problems (broken lights, garbage, noise): the Traffy Fondue LINE account.
TRAFFY_FONDUE_URL = "https://line.me/R/ti/p/@traffyfondue"
DISTRICT_WEBSITE = "https://webportal.bangkok.go.th/bangna"
COMPLAINT_TEXT = (
    "เรื่องแจ้งปัญหาหรือร้องเรียน (ไฟดับ ขยะ เสียงดัง ทางเท้า) แจ้งได้ทาง Traffy Fondue ของกรุงเทพฯ ค่ะ เจ้าหน้าที่เขตจะรับเรื่องและติดตามให้"
)
GREEN = "#1B7F4B"
GREY = "#6B7280"


@dataclass(frozen=True)
class ReplyContext:
    """Everything the builders need besides the procedure: the office, the postback key, the sections."""

    office: Office
    secret: bytes
    sections: tuple[str, ...]


# -- small parts ---------------------------------------------------------------------------------------------------
def text(body: str, quick: list[dict[str, Any]] | None = None) -> Message:
    msg: Message = {"type": "text", "text": fit_text(body, 5000)}
    if quick:
        msg["quickReply"] = {"items": quick[:MAX_QUICK_REPLIES]}
    return msg


def _postback_action(label: str, data: str, display: str | None = None, limit: int = 20) -> dict[str, Any]:
    action: dict[str, Any] = {"type": "postback", "label": fit_label(label, limit), "data": data}
    if display:
        action["displayText"] = fit_text(display, 300)
    return action


def _quick(action: dict[str, Any]) -> dict[str, Any]:
    return {"type": "action", "action": action}


def section_label(department: str) -> str:
    """A section's name without the word ฝ่าย, to fit a quick-reply button."""
    return department.removeprefix("ฝ่าย") or department


def section_quick_replies(ctx: ReplyContext, limit: int = MAX_QUICK_REPLIES) -> list[dict[str, Any]]:
    """One quick reply per section of the office: tapping it lists that section's procedures."""
    return [
        _quick(_postback_action(section_label(d), postback.encode(ctx.secret, "sec", d), display=d))
        for d in ctx.sections[:limit]
    ]


# -- a procedure's bubble ------------------------------------------------------------------------------------------
def procedure_bubble(
    p: Procedure, ctx: ReplyContext, inquiry_id: int | None, *, compact: bool = False
) -> dict[str, Any]:
    """A Flex bubble: the title, the section, what to bring, the fee; buttons for the clip and the manual, and the
    "did this answer you" question when the bubble answers an inquiry."""
    body: list[dict[str, Any]] = [
        {"type": "text", "text": p.title_th, "weight": "bold", "size": "md", "wrap": True, "color": "#111827"},
        {"type": "text", "text": f"ติดต่อ: {p.department_th}", "size": "sm", "color": GREY, "wrap": True, "margin": "sm"},
    ]
    if not compact:
        if p.documents_th:
            body.append({"type": "text", "text": "เอกสารที่ต้องเตรียม", "weight": "bold", "size": "sm", "margin": "lg"})
            body.extend(
                {"type": "text", "text": f"• {d}", "size": "sm", "wrap": True, "color": "#374151"}
                for d in p.documents_th[:8]
            )
        fee = p.fee_th or "สอบถามเจ้าหน้าที่"
        body.append({"type": "text", "text": f"ค่าธรรมเนียม: {fee}", "size": "sm", "wrap": True, "margin": "lg"})
        if p.duration_th:
            body.append({"type": "text", "text": f"ระยะเวลา: {p.duration_th}", "size": "sm", "wrap": True})
    footer: list[dict[str, Any]] = [
        {
            "type": "button",
            "style": "primary",
            "color": GREEN,
            "height": "sm",
            "action": {"type": "uri", "label": "ดูคลิป", "uri": p.clip_link},
        }
    ]
    if p.manual_url and not compact:
        footer.append(
            {
                "type": "button",
                "style": "secondary",
                "height": "sm",
                "action": {"type": "uri", "label": "คู่มือฉบับเต็ม", "uri": p.manual_url},
            }
        )
    if compact:
        pick = (
            postback.encode(ctx.secret, "pick", inquiry_id or 0, p.id)
            if inquiry_id
            else postback.encode(ctx.secret, "show", p.id)
        )
        footer.append(
            {
                "type": "button",
                "style": "secondary",
                "height": "sm",
                "action": _postback_action("ใช่เรื่องนี้", pick, display=p.title_th, limit=40),
            }
        )
    elif inquiry_id is not None:
        footer.append(
            {"type": "text", "text": "ตรงกับที่ถามไหม", "size": "sm", "align": "center", "margin": "md", "color": GREY}
        )
        footer.append(
            {
                "type": "box",
                "layout": "horizontal",
                "spacing": "sm",
                "contents": [
                    {
                        "type": "button",
                        "style": "secondary",
                        "height": "sm",
                        "action": _postback_action(
                            "ใช่ ตรง", postback.encode(ctx.secret, "fb", inquiry_id, "y"), "ตรงกับที่ถาม", 40
                        ),
                    },
                    {
                        "type": "button",
                        "style": "secondary",
                        "height": "sm",
                        "action": _postback_action(
                            "ไม่ใช่", postback.encode(ctx.secret, "fb", inquiry_id, "n"), "ไม่ใช่เรื่องที่ถาม", 40
                        ),
                    },
                ],
            }
        )
    return {
        "type": "bubble",
        "size": "kilo" if compact else "mega",
        "body": {"type": "box", "layout": "vertical", "spacing": "xs", "contents": body},
        "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": footer},
    }


def _flex(alt: str, contents: dict[str, Any]) -> Message:
    return {"type": "flex", "altText": fit_text(alt, MAX_ALT_TEXT), "contents": contents}


# -- replies -------------------------------------------------------------------------------------------------------
def answer(p: Procedure, ctx: ReplyContext, inquiry_id: int | None) -> list[Message]:
    """One confident clip."""
    return [_flex(f"คลิปแนะนำ: {p.title_th}", procedure_bubble(p, ctx, inquiry_id))]


def choose(candidates: Sequence[Procedure], ctx: ReplyContext, inquiry_id: int | None) -> list[Message]:
    """Two or three candidates: the citizen picks one."""
    bubbles = [procedure_bubble(p, ctx, inquiry_id, compact=True) for p in candidates[:MAX_BUBBLES]]
    return [
        text("เรื่องที่ถามตรงกับข้อไหนคะ เลือก “ใช่เรื่องนี้” ใต้เรื่องที่ต้องการได้เลยค่ะ"),
        _flex(
            "เลือกเรื่องที่ต้องการ: " + " / ".join(p.title_th for p in candidates), {"type": "carousel", "contents": bubbles}
        ),
    ]


def section(department: str, procedures: Sequence[Procedure], ctx: ReplyContext) -> list[Message]:
    """A section's procedures, as carousels of up to 12 (a reply holds at most 5 messages)."""
    chunks = [procedures[i : i + MAX_BUBBLES] for i in range(0, len(procedures), MAX_BUBBLES)][:4]
    out: list[Message] = [text(f"เรื่องของ{department} เลือกเรื่องที่ต้องการได้เลยค่ะ")]
    for chunk in chunks:
        bubbles = [procedure_bubble(p, ctx, None, compact=True) for p in chunk]
        out.append(
            _flex(f"{department}: " + ", ".join(p.title_th for p in chunk), {"type": "carousel", "contents": bubbles})
        )
    return out


def no_clip(intent: str, ctx: ReplyContext, alternatives: Sequence[tuple[int, Procedure]] = ()) -> list[Message]:
    """No clip fits: a friendly reply by intent, the sections as quick replies, the office's phone and hours."""
    office = ctx.office
    contact = office.contact
    quick = section_quick_replies(ctx)
    if intent == "greeting":
        body = (
            f"สวัสดีค่ะ ปารุ ผู้ช่วยของ{office.name} ยินดีให้บริการค่ะ\n"
            "พิมพ์ถามเรื่องที่ต้องการติดต่อได้เลย เช่น “แจ้งเกิด” “บัตรประชาชนหาย” “จ่ายภาษีที่ดิน” "
            "หรือเลือกหมวดด้านล่างค่ะ"
        )
    elif intent in ("thanks", "acknowledgement"):
        body = "ยินดีค่ะ 😊 มีเรื่องอื่นให้ช่วย พิมพ์ถามได้ตลอดเลยนะคะ"
    elif intent == "staff":
        body = f"ติดต่อเจ้าหน้าที่{office.name}ได้ที่ {contact} ค่ะ\nหรือพิมพ์คำถามไว้ ปารุจะช่วยหาคลิปแนะนำให้ก่อนค่ะ"
    elif intent == "office_info":
        body = f"{office.name} เปิดให้บริการ {office.hours}\nโทร {office.phone}\nเว็บไซต์ {DISTRICT_WEBSITE}"
    elif intent == "complaint":
        return [
            {
                "type": "template",
                "altText": "แจ้งปัญหาผ่าน Traffy Fondue",
                "template": {
                    "type": "buttons",
                    "text": fit_text(COMPLAINT_TEXT, 160),
                    "actions": [
                        {"type": "uri", "label": "แจ้งทาง Traffy Fondue", "uri": TRAFFY_FONDUE_URL},
                        {"type": "uri", "label": "โทรหาเขต", "uri": office.phone_uri},
                    ],
                },
            },
            text(f"หรือติดต่อ{office.name} {contact} ค่ะ", quick),
        ]
    elif intent == "other_agency":
        body = (
            f"เรื่องนี้ไม่ได้อยู่ในงานที่{office.name}ให้บริการค่ะ (เช่น หนังสือเดินทาง ใบขับขี่ โฉนดที่ดิน "
            f"จดทะเบียนบริษัท) หากไม่แน่ใจว่าต้องติดต่อที่ไหน {contact} ค่ะ"
        )
    elif intent == "not_helpful":
        body = "ขออภัยค่ะ ลองพิมพ์ถามด้วยคำอื่น หรือเลือกเรื่องที่ใกล้เคียงด้านล่าง หากยังไม่ตรง " + contact
        alt_quick = [
            _quick(
                _postback_action(p.title_th, postback.encode(ctx.secret, "pick", inquiry_id, p.id), display=p.title_th)
            )
            for inquiry_id, p in alternatives[:3]
        ]
        quick = alt_quick + section_quick_replies(ctx, MAX_QUICK_REPLIES - len(alt_quick))
    else:
        body = f"ขออภัยค่ะ ปารุยังไม่มีคลิปสำหรับเรื่องนี้ ลองพิมพ์ถามด้วยคำอื่น หรือเลือกหมวดด้านล่างค่ะ\nสอบถามเจ้าหน้าที่ {contact}"
    return [text(body, quick)]


def not_text(ctx: ReplyContext) -> list[Message]:
    """A sticker, image, voice, location or file: ask for a typed question."""
    return [
        text(
            "ขอบคุณค่ะ 😊 ตอนนี้ปารุอ่านได้เฉพาะข้อความที่พิมพ์ รบกวนพิมพ์คำถาม เช่น “ทำบัตรประชาชนใหม่” หรือเลือกหมวดด้านล่างได้เลยค่ะ",
            section_quick_replies(ctx),
        )
    ]


def ask_rating(inquiry_id: int, ctx: ReplyContext) -> list[Message]:
    """After "yes, this helped": a 1-5 rating as quick replies."""
    labels = {5: "5 พอใจมาก", 4: "4 พอใจ", 3: "3 ปานกลาง", 2: "2 น้อย", 1: "1 น้อยมาก"}
    quick = [
        _quick(
            _postback_action(
                f"⭐ {labels[k]}", postback.encode(ctx.secret, "rate", inquiry_id, k), display=f"ให้คะแนน {k}"
            )
        )
        for k in (5, 4, 3, 2, 1)
    ]
    return [text("ดีใจที่ช่วยได้ค่ะ 🙏 ช่วยให้คะแนนความพึงพอใจกับคำตอบนี้หน่อยนะคะ", quick)]


def already_noted(ctx: ReplyContext) -> list[Message]:
    """A second tap on "yes", "not what I asked" or a rating: the first answer stands; say so kindly."""
    return [
        text(
            "ปารุบันทึกคำตอบของท่านสำหรับคำถามนี้ไว้แล้วค่ะ ขอบคุณค่ะ 🙏 มีเรื่องอื่นพิมพ์ถามได้เลย หรือเลือกหมวดด้านล่างค่ะ",
            section_quick_replies(ctx),
        )
    ]


def thanks_for_rating(rating: int) -> list[Message]:
    """After a rating."""
    if rating >= 4:
        return [text("ขอบคุณสำหรับคะแนนค่ะ 🙏 ยินดีให้บริการค่ะ")]
    return [text("ขอบคุณที่บอกเราค่ะ เราจะนำไปปรับปรุงคลิปและคำตอบให้ดีขึ้นค่ะ")]


def welcome(ctx: ReplyContext) -> list[Message]:
    """On follow: the office's greeting, and its privacy notice (what is kept, how long, why), both as the admins
    set them."""
    office = ctx.office
    return [text(office.greeting_text()), text(office.privacy_text(), section_quick_replies(ctx))]


def bad_postback(ctx: ReplyContext) -> list[Message]:
    """A button we cannot read (old, altered): say so politely."""
    return [text("ขออภัยค่ะ ปุ่มนี้ใช้ไม่ได้แล้ว รบกวนพิมพ์คำถามใหม่อีกครั้ง หรือเลือกหมวดด้านล่างค่ะ", section_quick_replies(ctx))]
