"""Settings (admins): the office's name, phone, hours, address, greeting, privacy notice and retention period,
used by the bot at once."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from admin import audit
from admin.web.deps import admin_only, checked_form, field, page, read, write
from core.office import Office, OfficeError, check_office, load_office, save_office

router = APIRouter()


def _form(request: Request, office: Office, error: str = "", status: int = 200) -> HTMLResponse:
    notice = "บันทึกแล้ว บอทใช้ข้อมูลใหม่ภายในไม่กี่วินาที" if request.query_params.get("ok") else None
    return page(request, "settings.html", {"office": office, "error": error, "notice": notice}, status)


@router.get("/admin/settings", response_class=HTMLResponse)
async def settings_page(request: Request) -> HTMLResponse:
    await admin_only(request)
    office = await read(request, lambda s: load_office(s, request.app.state.settings))
    return _form(request, office)


@router.post("/admin/settings", response_model=None)
async def save(request: Request) -> Response:
    current = await admin_only(request)
    form = await checked_form(request, current)
    days = field(form, "retention_days")
    sent = Office(
        name=field(form, "name"),
        phone=field(form, "phone"),
        hours=field(form, "hours"),
        retention_days=int(days) if days.isdecimal() else 0,  # not isdigit: "²" is a digit int() refuses
        greeting=field(form, "greeting"),
        privacy_notice=field(form, "privacy_notice"),
        name_en=field(form, "name_en"),
        hours_en=field(form, "hours_en"),
        privacy_notice_en=field(form, "privacy_notice_en"),
        address=field(form, "address"),
        address_en=field(form, "address_en"),
    )
    try:
        office = check_office(sent)
    except OfficeError as exc:
        return _form(request, sent, str(exc), 400)  # the form again with everything as typed, and what to mend

    def work(session: Session) -> None:
        before = load_office(session, request.app.state.settings)
        save_office(session, office)
        old, new = audit.changed(audit.plain(before), audit.plain(office))  # type: ignore[arg-type]
        if new:
            audit.record(session, current.user_id, current.username, "settings.edit", "office", old, new)

    await write(request, work)
    return RedirectResponse("/admin/settings?ok=1", status_code=303)
