"""The bot's replies as LINE message objects (plain dicts), built from the catalogue and the office's settings.

Pure functions: no I/O. Every builder returns a list of messages that passes :func:`bot.limits.check`. Thai first;
in English for an inquiry written in English (``ReplyContext.lang``, the texts in ``bot.wording``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot import postback
from bot.limits import MAX_ALT_TEXT, MAX_BUBBLES, MAX_QUICK_REPLIES, MAX_URI, fit_label, fit_text
from bot.wording import SECTION_LABELS, Wording, wording
from catalogue.agencies import Directory
from catalogue.matcher.decide import OFFICE_INFO, is_agency
from catalogue.models import Procedure
from core.office import Office

Message = dict[str, Any]

#: Bangkok's channel for reporting problems (broken lights, garbage, noise): the Traffy Fondue LINE account.
TRAFFY_FONDUE_URL = "https://line.me/R/ti/p/@traffyfondue"
DISTRICT_WEBSITE = "https://webportal.bangkok.go.th/bangna"
GREEN = "#1B7F4B"
GREY = "#6B7280"


@dataclass(frozen=True)
class ReplyContext:
    """Everything the builders need besides the procedure: the office, the postback key, the sections, the agencies,
    and the language to speak (the inquiry's)."""

    office: Office
    secret: bytes
    sections: tuple[str, ...]
    #: Each section's English name, by its Thai name.
    sections_en: Mapping[str, str] = field(default_factory=dict)
    directory: Directory | None = None
    lang: str = "th"

    def speaking(self, lang: str) -> ReplyContext:
        """The same context in ``lang``."""
        lang = "en" if lang == "en" else "th"
        return self if lang == self.lang else dataclasses.replace(self, lang=lang)

    @property
    def words(self) -> Wording:
        return wording(self.lang)

    @property
    def traffy_url(self) -> str:
        """Where a citizen reports a problem: the directory's Traffy Fondue address (its LINE account by default)."""
        return self.directory.traffy.website if self.directory else TRAFFY_FONDUE_URL

    @property
    def office_name(self) -> str:
        return self.office.office_name(self.lang)

    @property
    def contact(self) -> str:
        return self.office.contact_in(self.lang)

    def section_name(self, department: str) -> str:
        """A section's name in the context's language."""
        return self.sections_en.get(department, department) if self.lang == "en" else department


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
    """A section's name short enough for a quick-reply button: its short label, or its name without the word ฝ่าย."""
    if department in SECTION_LABELS:
        return SECTION_LABELS[department]
    return department.removeprefix("ฝ่าย").removesuffix(" Section") or department


def section_quick_replies(ctx: ReplyContext, limit: int = MAX_QUICK_REPLIES) -> list[dict[str, Any]]:
    """One quick reply per section of the office: tapping it lists that section's procedures."""
    return [
        _quick(
            _postback_action(
                section_label(ctx.section_name(d)),
                postback.encode(ctx.secret, "sec", d, ctx.lang),
                display=ctx.section_name(d),
            )
        )
        for d in ctx.sections[:limit]
    ]


def _line(body: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": body, "size": "sm", "wrap": True, **style}


# -- a procedure's bubble ------------------------------------------------------------------------------------------
def procedure_bubble(
    p: Procedure, ctx: ReplyContext, inquiry_id: int | None, *, compact: bool = False
) -> dict[str, Any]:
    """A Flex bubble: the title, the section, what to bring, the fee; buttons for the clip and the manual, and the
    "did this answer you" question when the bubble answers an inquiry."""
    w, lang = ctx.words, ctx.lang
    body: list[dict[str, Any]] = [
        {"type": "text", "text": p.title(lang), "weight": "bold", "size": "md", "wrap": True, "color": "#111827"},
        _line(w.contact_label.format(department=p.department(lang)), color=GREY, margin="sm"),
    ]
    if not compact:
        documents = p.documents(lang)
        if documents:
            body.append({"type": "text", "text": w.documents, "weight": "bold", "size": "sm", "margin": "lg"})
            body.extend(_line(f"• {d}", color="#374151") for d in documents[:8])
        body.append(_line(w.fee.format(fee=p.fee(lang) or w.fee_unknown), margin="lg"))
        if p.duration(lang):
            body.append(_line(w.duration.format(duration=p.duration(lang))))
    footer: list[dict[str, Any]] = [
        {
            "type": "button",
            "style": "primary",
            "color": GREEN,
            "height": "sm",
            "action": {"type": "uri", "label": fit_label(w.watch_clip), "uri": p.clip_link},
        }
    ]
    if p.manual_url and not compact:
        footer.append(
            {
                "type": "button",
                "style": "secondary",
                "height": "sm",
                "action": {"type": "uri", "label": fit_label(w.full_manual), "uri": p.manual_url},
            }
        )
    if compact:
        pick = (
            postback.encode(ctx.secret, "pick", inquiry_id or 0, p.id)
            if inquiry_id
            else postback.encode(ctx.secret, "show", p.id, lang)
        )
        footer.append(
            {
                "type": "button",
                "style": "secondary",
                "height": "sm",
                "action": _postback_action(w.this_one, pick, display=p.title(lang), limit=40),
            }
        )
    elif inquiry_id is not None:
        footer.append(
            {"type": "text", "text": w.did_it_answer, "size": "sm", "align": "center", "margin": "md", "color": GREY}
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
                            w.yes, postback.encode(ctx.secret, "fb", inquiry_id, "y"), w.yes_display, 40
                        ),
                    },
                    {
                        "type": "button",
                        "style": "secondary",
                        "height": "sm",
                        "action": _postback_action(
                            w.no, postback.encode(ctx.secret, "fb", inquiry_id, "n"), w.no_display, 40
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


def _carousel(alt: str, candidates: Sequence[Procedure], ctx: ReplyContext, inquiry_id: int | None) -> Message:
    bubbles = [procedure_bubble(p, ctx, inquiry_id, compact=True) for p in candidates[:MAX_BUBBLES]]
    return _flex(alt, {"type": "carousel", "contents": bubbles})


def _traffy_buttons(ctx: ReplyContext, body: str) -> Message:
    w = ctx.words
    return {
        "type": "template",
        "altText": fit_text(w.complaint_button, MAX_ALT_TEXT),
        "template": {
            "type": "buttons",
            "text": fit_text(body, 160),
            "actions": [
                {"type": "uri", "label": fit_label(w.complaint_button), "uri": ctx.traffy_url},
                {"type": "uri", "label": fit_label(w.call_office), "uri": ctx.office.phone_uri},
            ],
        },
    }


# -- replies -------------------------------------------------------------------------------------------------------
def answer(p: Procedure, ctx: ReplyContext, inquiry_id: int | None, *, report: bool = False) -> list[Message]:
    """One confident clip; for a report of a problem the clip resolves (garbage not collected), also the way to
    report it on Traffy Fondue."""
    w = ctx.words
    out = [_flex(w.answer_alt.format(title=p.title(ctx.lang)), procedure_bubble(p, ctx, inquiry_id))]
    if report:
        out.append(_traffy_buttons(ctx, w.service_report))
    return out


def choose(
    candidates: Sequence[Procedure],
    ctx: ReplyContext,
    inquiry_id: int | None,
    *,
    report: bool = False,
    explain: bool = False,
) -> list[Message]:
    """Two or three candidates: the citizen picks one. A question about why or what a word means (``explain``) is
    sent to the staff first: the candidates are only the related procedures."""
    w = ctx.words
    titles = " / ".join(p.title(ctx.lang) for p in candidates)
    intro = w.explanation_intro.format(office=ctx.office_name, contact=ctx.contact) if explain else w.choose_intro
    out = [text(intro), _carousel(w.choose_alt.format(titles=titles), candidates, ctx, inquiry_id)]
    if report:
        out.append(_traffy_buttons(ctx, w.service_report))
    return out


def section(department: str, procedures: Sequence[Procedure], ctx: ReplyContext) -> list[Message]:
    """A section's procedures, as carousels of up to 12 (a reply holds at most 5 messages)."""
    name = ctx.section_name(department)
    chunks = [procedures[i : i + MAX_BUBBLES] for i in range(0, len(procedures), MAX_BUBBLES)][:4]
    out: list[Message] = [text(ctx.words.section_intro.format(department=name))]
    for chunk in chunks:
        out.append(_carousel(f"{name}: " + ", ".join(p.title(ctx.lang) for p in chunk), chunk, ctx, None))
    return out


def agency_reply(intent: str, ctx: ReplyContext) -> list[Message] | None:
    """A question about another agency's service: its name, how to apply, its phone and website."""
    agency = ctx.directory.for_intent(intent) if ctx.directory else None
    if agency is None:
        return None
    w, lang = ctx.words, ctx.lang
    body = w.agency.format(service=agency.service(lang), agency=agency.name(lang), how=agency.how(lang))
    if agency.phone:
        body += "\n" + w.agency_phone.format(phone=agency.phone)
    quick: list[dict[str, Any]] = []
    if agency.website:
        body += "\n" + agency.website
        quick.append(_quick({"type": "uri", "label": fit_label(w.agency_website), "uri": agency.website}))
    digits = "".join(ch for ch in agency.phone if ch.isdigit())
    if digits:
        call = {"type": "uri", "label": fit_label(f"{w.agency_call} {agency.phone}"), "uri": "tel:" + digits}
        quick.append(_quick(call))
    return [text(body, quick + section_quick_replies(ctx, MAX_QUICK_REPLIES - len(quick)))]


def office_info(ctx: ReplyContext) -> Message:
    """The office itself: hours, address, phone and website, with buttons to open the map and to call."""
    w, office = ctx.words, ctx.office
    body = w.office_info.format(
        office=ctx.office_name,
        hours=office.office_hours(ctx.lang),
        address=office.office_address(ctx.lang),
        phone=office.phone,
        website=DISTRICT_WEBSITE,
    )
    quick = [_quick({"type": "uri", "label": fit_label(w.call_office), "uri": office.phone_uri})]
    if len(office.map_url) <= MAX_URI:  # a name of up to 120 letters may encode longer than a link may be
        quick.insert(0, _quick({"type": "uri", "label": fit_label(w.open_map), "uri": office.map_url}))
    return text(body, quick + section_quick_replies(ctx, MAX_QUICK_REPLIES - len(quick)))


def no_clip(intent: str, ctx: ReplyContext) -> list[Message]:
    """No clip fits: a friendly reply by intent, the sections as quick replies, the office's phone and hours."""
    w = ctx.words
    quick = section_quick_replies(ctx)
    found = agency_reply(intent, ctx)
    if found is not None:
        return found
    if intent == "greeting":
        body = w.greeting.format(office=ctx.office_name)
    elif intent in ("thanks", "acknowledgement"):
        body = w.thanks
    elif intent == "staff":
        body = w.staff.format(office=ctx.office_name, contact=ctx.contact)
    elif intent == OFFICE_INFO:
        return [office_info(ctx)]
    elif intent == "complaint":
        return [
            _traffy_buttons(ctx, w.complaint),
            text(w.complaint_more.format(office=ctx.office_name, contact=ctx.contact), quick),
        ]
    elif is_agency(intent):
        body = w.other_agency.format(office=ctx.office_name, contact=ctx.contact)
    else:
        body = w.unknown.format(contact=ctx.contact)
    return [text(body, quick)]


def not_what_i_asked(inquiry_id: int, alternatives: Sequence[Procedure], ctx: ReplyContext) -> list[Message]:
    """After "not what I asked": first the other candidates the matcher had, as a carousel to pick from; then the
    sections and the office's phone."""
    w = ctx.words
    closing = text(w.not_helpful.format(contact=ctx.contact), section_quick_replies(ctx))
    if not alternatives:
        return [closing]
    titles = " / ".join(p.title(ctx.lang) for p in alternatives)
    return [
        text(w.not_helpful_alternatives),
        _carousel(w.not_helpful_alt.format(titles=titles), alternatives, ctx, inquiry_id),
        closing,
    ]


def not_text(ctx: ReplyContext) -> list[Message]:
    """A sticker, image, voice, location or file: ask for a typed question."""
    return [text(ctx.words.not_text, section_quick_replies(ctx))]


def ask_rating(inquiry_id: int, ctx: ReplyContext) -> list[Message]:
    """After "yes, this helped": a 1-5 rating as quick replies."""
    w = ctx.words
    quick = [
        _quick(
            _postback_action(
                f"⭐ {label}", postback.encode(ctx.secret, "rate", inquiry_id, k), display=w.rate_display.format(k=k)
            )
        )
        for k, label in zip((5, 4, 3, 2, 1), w.rate_labels, strict=True)
    ]
    return [text(w.rate_intro, quick)]


def already_noted(ctx: ReplyContext) -> list[Message]:
    """A second tap on "yes", "not what I asked" or a rating: the first answer stands; say so kindly."""
    return [text(ctx.words.already_noted, section_quick_replies(ctx))]


def thanks_for_rating(rating: int, ctx: ReplyContext) -> list[Message]:
    """After a rating."""
    return [text(ctx.words.thanks_good if rating >= 4 else ctx.words.thanks_poor)]


def welcome(ctx: ReplyContext) -> list[Message]:
    """On follow: the office's greeting, and its privacy notice (what is kept, how long, why), both as the admins
    set them; then the notice in English, for a citizen who reads English."""
    office = ctx.office
    return [
        text(office.greeting_text()),
        text(office.privacy_text()),
        text(office.privacy_text("en"), section_quick_replies(ctx)),
    ]


def bad_postback(ctx: ReplyContext) -> list[Message]:
    """A button we cannot read (old, altered): say so politely."""
    return [text(ctx.words.bad_postback, section_quick_replies(ctx))]
