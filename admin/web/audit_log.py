"""The audit log (admins): every change, who and when, with the values before and after; filterable."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from admin.audit import ACTIONS, AuditFilter, entries
from admin.web.deps import admin_only, page, read
from admin.web.periods import read_period
from core.thaidate import utc_range

router = APIRouter()


@router.get("/admin/audit", response_class=HTMLResponse)
async def audit_page(request: Request, username: str = "", action: str = "", target: str = "") -> HTMLResponse:
    await admin_only(request)
    q = request.query_params
    period = read_period(q.get("from", ""), q.get("to", ""), 365)
    lo, hi = utc_range(period.start, period.end)
    f = AuditFilter(username, action if action in ACTIONS else "", target, lo, hi)
    rows = await read(request, lambda s: entries(s, f))
    context = {"rows": rows, "f": f, "actions": ACTIONS, "period": period, "error": period.error}
    return page(request, "audit.html", context)
