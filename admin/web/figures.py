"""The office's figures for any period (Buddhist-era dates welcome), their rules, the downloads, and the baseline
counts the reduction compares with."""

from __future__ import annotations

import os
import tempfile
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from admin import audit
from admin.export import RULES, ExportError, write_export
from admin.figures import PERIODS, FigureError
from admin.summary import summarise
from admin.web.deps import checked_form, field, page, read, staff, store_of, write
from admin.web.periods import Period, read_period
from core.inquiries import StoreError, add_office_count, list_office_counts, remove_office_count
from core.thaidate import parse_date

router = APIRouter()
PERIOD_LABELS = {"day": "รายวัน", "week": "รายสัปดาห์", "month": "รายเดือน", "fiscal_year": "รายปีงบประมาณ"}
NOTICES = {"added": "เพิ่มจำนวนฐานแล้ว", "removed": "ลบจำนวนฐานแล้ว"}


def _baseline(request: Request) -> Period | None:
    q = request.query_params
    if not (q.get("baseline_from") or q.get("baseline_to")):
        return None
    return read_period(q.get("baseline_from", ""), q.get("baseline_to", ""), 365)


@router.get("/admin/figures", response_class=HTMLResponse)
async def figures(request: Request) -> HTMLResponse:
    await staff(request)
    q = request.query_params
    period = read_period(q.get("from", ""), q.get("to", ""), 30)
    baseline = _baseline(request)
    error = period.error or (baseline.error if baseline else "")

    def work(session: Session) -> dict[str, object]:
        base = (baseline.start, baseline.end) if baseline and not baseline.error else None
        try:
            summary = summarise(session, period.start, period.end, base)
            problem = ""
        except FigureError as exc:
            summary, problem = summarise(session, period.start, period.end), str(exc)
        return {"summary": summary, "counts_problem": problem, "office_counts": list_office_counts(session)}

    context = await read(request, work)
    query = {k: v for k, v in q.items() if k in ("from", "to", "baseline_from", "baseline_to")}
    return page(
        request,
        "figures.html",
        {
            **context,
            "period": period,
            "baseline": baseline,
            "error": error or context["counts_problem"],
            "period_labels": PERIOD_LABELS,
            "periods": PERIODS,
            "rules": RULES,
            "query": urlencode(query),
            "channels": request.app.state.settings.channels,
            "notice": NOTICES.get(q.get("ok", "")),
        },
    )


@router.get("/admin/figures/export", response_model=None)
async def export(request: Request) -> Response:
    await staff(request)
    q = request.query_params
    what, fmt = q.get("what", "figures"), q.get("format", "xlsx")
    period = read_period(q.get("from", ""), q.get("to", ""), 30)
    baseline = _baseline(request)
    if (
        what not in ("inquiries", "figures")
        or fmt not in ("csv", "xlsx")
        or period.error
        or (baseline and baseline.error)
    ):
        return Response("คำขอส่งออกไม่ถูกต้อง", status_code=400, media_type="text/plain; charset=utf-8")
    base = (baseline.start, baseline.end) if baseline else None
    spool = tempfile.NamedTemporaryFile(suffix=f".{fmt}", delete=False)  # noqa: SIM115 - handed to the response

    def work() -> None:
        with store_of(request).sessions() as session, spool:
            write_export(session, what, fmt, period.start, period.end, spool, base)  # type: ignore[arg-type]

    try:
        await run_in_threadpool(work)
    except (ExportError, FigureError) as exc:
        return Response(str(exc), status_code=400, media_type="text/plain; charset=utf-8")
    name = f"paru-{what}-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"
    media = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return FileResponse(spool.name, media_type=media, filename=name, background=BackgroundTask(_remove, spool.name))


def _remove(path: str) -> None:
    os.unlink(path)


@router.post("/admin/baselines", response_model=None)
async def add_baseline(request: Request) -> Response:
    current = await staff(request)
    form = await checked_form(request, current)
    channels = request.app.state.settings.channels
    try:
        start, end = parse_date(field(form, "start")), parse_date(field(form, "end"))
        count = int(field(form, "count"))
    except ValueError:
        return _figures_error(request, "กรอกวันที่ (เช่น 1/10/2566) และจำนวนเป็นตัวเลข")
    channel, note = field(form, "channel"), field(form, "note")

    def work(session: Session) -> None:
        row = add_office_count(session, channel, start, end, count, note, channels=channels)
        after = {"channel": row.channel, "from": start, "to": end, "count": count, "note": note}
        audit.record(session, current.user_id, current.username, "baseline.add", f"office count {row.id}", None, after)

    try:
        await write(request, work)
    except StoreError as exc:
        return _figures_error(request, str(exc))
    return RedirectResponse("/admin/figures?ok=added", status_code=303)


@router.post("/admin/baselines/{count_id}/delete", response_model=None)
async def remove_baseline(request: Request, count_id: int) -> Response:
    current = await staff(request)
    await checked_form(request, current)

    def work(session: Session) -> None:
        before = next((r for r in list_office_counts(session) if r.id == count_id), None)
        remove_office_count(session, count_id)
        old = {"channel": before.channel, "count": before.count} if before else None
        audit.record(session, current.user_id, current.username, "baseline.remove", f"office count {count_id}", old)

    try:
        await write(request, work)
    except StoreError as exc:
        return _figures_error(request, str(exc))
    return RedirectResponse("/admin/figures?ok=removed", status_code=303)


def _figures_error(request: Request, message: str) -> HTMLResponse:
    return page(request, "message.html", {"heading": "บันทึกไม่ได้", "message": message, "back": "/admin/figures"}, 400)
