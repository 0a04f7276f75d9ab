"""The procedures: a searchable list, the edit page with a preview of the LINE bubble, adding and retiring."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from admin.procedures import (
    FIELDS,
    LIST_FIELDS,
    ProcedureFilter,
    as_form,
    create,
    edit,
    from_form,
    listing,
    sections,
    set_active,
)
from admin.web.deps import checked_form, field, page, read, staff, write
from catalogue.links import policy
from catalogue.models import Procedure
from catalogue.store import CatalogueError, get_procedure

router = APIRouter()
SAVED = {
    "saved": "บันทึกแล้ว บอทใช้ข้อมูลใหม่ภายในไม่กี่วินาที",
    "added": "เพิ่มเรื่องแล้ว",
    "retired": "เลิกใช้เรื่องนี้แล้ว",
    "restored": "นำเรื่องนี้กลับมาใช้แล้ว",
}


@router.get("/admin/procedures", response_class=HTMLResponse)
async def procedures(
    request: Request, q: str = "", section: str = "", noclip: str = "", broken: str = "", retired: str = ""
) -> HTMLResponse:
    await staff(request)
    f = ProcedureFilter(q, section, bool(noclip), bool(broken), bool(retired))
    listed, sections = await read(request, lambda s: listing(s, f))
    return page(request, "procedures.html", {"listed": listed, "sections": sections, "f": f})


def _edit_page(
    request: Request, p: Procedure, values: dict[str, str], error: str = "", status: int = 200
) -> HTMLResponse:
    """The edit page; ``request.state.sections`` is read by the caller."""
    context = {
        "p": p,
        "values": values,
        "fields": FIELDS,
        "list_fields": LIST_FIELDS,
        "sections": request.state.sections,
        # The messages a citizen would get, built by the bot itself (wired in by paru.app); the template writes them
        # with |tojson, which escapes <, > and &, so no text of theirs can close the data block.
        "preview": request.app.state.preview(p),
        "preview_en": request.app.state.preview(p, "en"),
        "error": error,
        "notice": SAVED.get(request.query_params.get("ok", "")),
    }
    return page(request, "procedure_edit.html", context, status)


def _not_found(request: Request, procedure_id: str) -> HTMLResponse:
    context = {"heading": "ไม่พบเรื่องนี้", "message": f"ไม่มีเรื่องรหัส {procedure_id}", "back": "/admin/procedures"}
    return page(request, "message.html", context, 404)


@router.get("/admin/procedures/new", response_class=HTMLResponse)
async def new_form(request: Request) -> HTMLResponse:
    await staff(request)
    return page(request, "procedure_new.html", {"values": {}, "sections": await read(request, sections)})


@router.post("/admin/procedures/new", response_model=None)
async def new(request: Request) -> Response:
    current = await staff(request)
    form = await checked_form(request, current)
    values = {n: field(form, n) for n in ("id", "title_th", "title_en", "department_th", "department_en")}
    record = Procedure(
        id=values["id"].lower(),
        title_th=values["title_th"],
        title_en=values["title_en"],
        department_th=values["department_th"],
        department_en=values["department_en"],
    )
    links = policy(request.app.state.settings)
    try:
        await write(request, lambda s: create(s, record, links, current.user_id, current.username))
    except CatalogueError as exc:
        context = {"values": values, "sections": await read(request, sections), "error": str(exc)}
        return page(request, "procedure_new.html", context, 400)
    return RedirectResponse(f"/admin/procedures/{record.id}?ok=added", status_code=303)


@router.get("/admin/procedures/{procedure_id}", response_class=HTMLResponse)
async def edit_form(request: Request, procedure_id: str) -> HTMLResponse:
    await staff(request)
    try:
        p = await read(request, lambda s: get_procedure(s, procedure_id))
    except CatalogueError:
        return _not_found(request, procedure_id)
    request.state.sections = await read(request, sections)
    return _edit_page(request, p, as_form(p))


@router.post("/admin/procedures/{procedure_id}", response_model=None)
async def save(request: Request, procedure_id: str) -> Response:
    current = await staff(request)
    form = await checked_form(request, current)
    values = {n: str(form.get(n) or "") for n in FIELDS}
    links = policy(request.app.state.settings)

    def work(session: Session) -> Procedure:
        base = get_procedure(session, procedure_id)
        changed = from_form(base, values, active=base.active)
        return edit(session, changed, links, current.user_id, current.username)

    try:
        await write(request, work)
    except CatalogueError as exc:
        try:
            p = await read(request, lambda s: get_procedure(s, procedure_id))
        except CatalogueError:
            return _not_found(request, procedure_id)
        request.state.sections = await read(request, sections)
        return _edit_page(request, p, values, str(exc), 400)
    return RedirectResponse(f"/admin/procedures/{procedure_id}?ok=saved", status_code=303)


@router.post("/admin/procedures/{procedure_id}/active", response_model=None)
async def activate(request: Request, procedure_id: str) -> Response:
    current = await staff(request)
    form = await checked_form(request, current)
    active = field(form, "active") == "1"
    links = policy(request.app.state.settings)
    try:
        await write(request, lambda s: set_active(s, procedure_id, active, links, current.user_id, current.username))
    except CatalogueError as exc:
        return page(request, "message.html", {"heading": "ทำไม่ได้", "message": str(exc)}, 400)
    return RedirectResponse(
        f"/admin/procedures/{procedure_id}?ok={'restored' if active else 'retired'}", status_code=303
    )
