"""The unanswered queue: what citizens asked that the bot could not settle, with one action each."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from admin import audit
from admin.figures import DECISION_TH
from admin.procedures import active_titles
from admin.teach import ACTIONS_TH, TeachError, act, needs_clip, queue
from admin.web.deps import checked_form, field, page, read, staff, write
from admin.web.periods import period_from

router = APIRouter()
NOTICES = {
    "taught": "สอนบอทแล้ว คำถามเดียวกันจะได้คำตอบเรื่องนี้ภายในไม่กี่วินาที",
    "needs_clip": "บันทึกไว้ในรายการเรื่องที่ต้องทำคลิปใหม่แล้ว",
    "dismissed": "นำออกจากรายการแล้ว",
}


@router.get("/admin/unanswered", response_class=HTMLResponse)
async def unanswered_page(request: Request) -> HTMLResponse:
    await staff(request)
    period = period_from(request, default_days=90)
    index = request.app.state.bot.live.current()

    def work(session: Session) -> dict[str, object]:
        return {
            "items": queue(session, index, period.start, period.end),
            "procedures": active_titles(session),
            "needs_clip": needs_clip(session),
        }

    context = await read(request, work)
    notice = NOTICES.get(request.query_params.get("ok", ""))
    context.update(period=period, actions=ACTIONS_TH, decisions=DECISION_TH, notice=notice)
    return page(request, "unanswered.html", context)


@router.post("/admin/unanswered", response_model=None)
async def handle(request: Request) -> Response:
    current = await staff(request)
    form = await checked_form(request, current)
    text, action = field(form, "text"), field(form, "action")
    procedure_id = field(form, "other_procedure") or field(form, "procedure_id") or None
    note = field(form, "note")
    count = int(field(form, "count", "0") or 0) if field(form, "count", "0").isdigit() else 0

    def work(session: Session) -> None:
        row = act(session, text, action, current.username, count, procedure_id, note)  # type: ignore[arg-type]
        after = {"action": row.action, "procedure_id": row.procedure_id, "note": row.note}
        audit.record(session, current.user_id, current.username, f"unanswered.{_verb(action)}", text, None, after)

    try:
        await write(request, work)
    except TeachError as exc:
        return page(
            request, "message.html", {"heading": "ทำไม่ได้", "message": str(exc), "back": "/admin/unanswered"}, 400
        )
    period = urlencode({"from": field(form, "from"), "to": field(form, "to"), "ok": action})
    return RedirectResponse(f"/admin/unanswered?{period}", status_code=303)


def _verb(action: str) -> str:
    return {"taught": "teach", "needs_clip": "needs_clip", "dismissed": "dismiss"}.get(action, "dismiss")
