"""The matcher's vocabulary: synonyms, English terms, stopwords and cues, searchable and editable; a change reaches
every worker's index within seconds, with no restart."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from admin import audit
from admin.web.deps import checked_form, field, page, read, staff, write
from catalogue.store import (
    VOCABULARY_KINDS,
    CatalogueError,
    add_vocabulary,
    remove_vocabulary,
    update_vocabulary,
    vocabulary_items,
)

router = APIRouter()
NOTICES = {"added": "เพิ่มคำแล้ว", "saved": "บันทึกแล้ว", "removed": "ลบคำแล้ว"}
NOTE = " บอทใช้คำศัพท์ใหม่ภายในไม่กี่วินาที"


def _page(request: Request, q: str, kind: str, items: object, error: str = "", status: int = 200) -> HTMLResponse:
    notice = NOTICES.get(request.query_params.get("ok", ""))
    context = {"items": items, "q": q, "kind": kind, "kinds": VOCABULARY_KINDS, "error": error}
    return page(request, "vocabulary.html", {**context, "notice": notice + NOTE if notice else None}, status)


@router.get("/admin/vocabulary", response_class=HTMLResponse)
async def vocabulary(request: Request, q: str = "", kind: str = "") -> HTMLResponse:
    await staff(request)
    items = await read(request, lambda s: vocabulary_items(s, q, kind if kind in VOCABULARY_KINDS else ""))
    return _page(request, q, kind, items)


@router.post("/admin/vocabulary", response_model=None)
async def add(request: Request) -> Response:
    current = await staff(request)
    form = await checked_form(request, current)
    kind, term, value = field(form, "kind"), field(form, "term"), field(form, "value")

    def work(session: Session) -> None:
        item = add_vocabulary(session, kind, term, value)
        audit.record(session, current.user_id, current.username, "vocabulary.add", f"{kind}:{term}", None, item)

    try:
        await write(request, work)
    except CatalogueError as exc:
        items = await read(request, lambda s: vocabulary_items(s, term, kind))
        return _page(request, term, kind, items, str(exc), 400)
    return RedirectResponse(f"/admin/vocabulary?ok=added&kind={kind}", status_code=303)


@router.post("/admin/vocabulary/{entry_id}", response_model=None)
async def change(request: Request, entry_id: int) -> Response:
    current = await staff(request)
    form = await checked_form(request, current)
    remove = field(form, "remove") == "1"
    term, value = field(form, "term"), field(form, "value")

    def work(session: Session) -> str:
        if remove:
            before = remove_vocabulary(session, entry_id)
            audit.record(session, current.user_id, current.username, "vocabulary.remove", str(entry_id), before)
            return "removed"
        before = update_vocabulary(session, entry_id, term, value)
        after = {"term": term, "value": value}
        old = {"term": before.term, "value": before.value}
        audit.record(session, current.user_id, current.username, "vocabulary.edit", str(entry_id), old, after)
        return "saved"

    try:
        done = await write(request, work)
    except CatalogueError as exc:
        items = await read(request, lambda s: vocabulary_items(s))
        return _page(request, "", "", items, str(exc), 400)
    return RedirectResponse(f"/admin/vocabulary?ok={done}", status_code=303)
