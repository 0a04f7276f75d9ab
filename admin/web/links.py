"""Clip links in bulk (download, fill in Excel, upload, preview, confirm) and their health (checked daily and on
demand)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from admin import audit, bulk, linkcheck
from admin.web.deps import checked_form, page, read, staff, store_of, write, writer_of
from catalogue.links import policy

router = APIRouter()
NOTICES = {
    "applied": "บันทึกลิงก์แล้ว บอทใช้ลิงก์ใหม่ภายในไม่กี่วินาที",
    "checking": "กำลังตรวจลิงก์ทั้งหมด ผลจะขึ้นในหน้านี้ภายในไม่กี่นาที (รีเฟรชหน้า)",
}


@router.get("/admin/links", response_class=HTMLResponse)
async def links(request: Request) -> HTMLResponse:
    await staff(request)

    def work(session: Session) -> dict[str, object]:
        return {"checks": sorted(linkcheck.latest(session).values(), key=lambda c: (c.ok, c.procedure_id, c.kind))}

    context = await read(request, work)
    return page(request, "links.html", {**context, "notice": NOTICES.get(request.query_params.get("ok", ""))})


@router.get("/admin/links/download.{fmt}")
async def download(request: Request, fmt: str) -> Response:
    await staff(request)
    if fmt not in ("xlsx", "csv"):
        return Response("xlsx หรือ csv เท่านั้น", status_code=404)
    data = await read(request, lambda s: bulk.download(s, fmt))
    media = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="paru-clip-links.{fmt}"'}
    )


@router.post("/admin/links/upload", response_class=HTMLResponse)
async def upload(request: Request) -> HTMLResponse:
    current = await staff(request)
    form = await checked_form(request, current)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        return page(request, "links.html", {"checks": [], "error": "เลือกไฟล์ที่จะอัปโหลดก่อน"}, 400)
    data = await file.read(bulk.MAX_BYTES + 1)
    rules = policy(request.app.state.settings)
    name = file.filename
    try:
        preview = await write(request, lambda s: bulk.preview(s, data, name, rules, current.username))
    except bulk.BulkError as exc:
        return page(request, "links.html", {"checks": [], "error": str(exc)}, 400)
    return page(request, "links_preview.html", {"preview": preview, "filename": name})


@router.post("/admin/links/upload/{upload_id}/confirm", response_model=None)
async def confirm(request: Request, upload_id: int) -> Response:
    current = await staff(request)
    await checked_form(request, current)
    rules = policy(request.app.state.settings)

    def work(session: Session) -> int:
        changes = bulk.apply(session, upload_id, rules)
        if changes:
            audit.record(
                session,
                current.user_id,
                current.username,
                "links.bulk",
                f"upload {upload_id}",
                {f"{c.procedure_id}.{c.field}": c.before for c in changes},
                {f"{c.procedure_id}.{c.field}": c.after for c in changes},
            )
        return len(changes)

    try:
        await write(request, work)
    except bulk.BulkError as exc:
        return page(request, "message.html", {"heading": "บันทึกไม่ได้", "message": str(exc), "back": "/admin/links"}, 400)
    return RedirectResponse("/admin/links?ok=applied", status_code=303)


@router.post("/admin/links/check", response_model=None)
async def check_now(request: Request) -> Response:
    current = await staff(request)
    await checked_form(request, current)
    await write(request, lambda s: audit.record(s, current.user_id, current.username, "links.check"))
    task = asyncio.get_running_loop().create_task(linkcheck.check_and_save(store_of(request), writer_of(request)))
    tasks: set[asyncio.Task[int]] = request.app.state.admin_tasks
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return RedirectResponse("/admin/links?ok=checking", status_code=303)
