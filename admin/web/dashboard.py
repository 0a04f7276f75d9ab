"""The dashboard: this month and the fiscal year so far, and two charts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from admin import charts
from admin.dashboard import daily_counts, dashboard, top_procedures
from admin.web.deps import page, read, staff
from core.thaidate import fiscal_year, thai_date, today

router = APIRouter()
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@router.get("/admin", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    await staff(request)
    board = await read(request, dashboard)
    return page(request, "dashboard.html", {"board": board})


def _svg(body: bytes) -> Response:
    return Response(body, media_type="image/svg+xml", headers={"Content-Security-Policy": SVG_CSP})


@router.get("/admin/charts/daily.svg")
async def daily_chart(request: Request) -> Response:
    await staff(request)
    days = await read(request, daily_counts)
    title = f"คำถามรายวัน ตั้งแต่ {thai_date(days[0][0])}" if days else "คำถามรายวัน"
    return _svg(charts.daily(days, title))


@router.get("/admin/charts/top.svg")
async def top_chart(request: Request) -> Response:
    await staff(request)
    top = await read(request, top_procedures)
    return _svg(charts.top(top, f"เรื่องที่ถามมากที่สุด (ปีงบประมาณ {fiscal_year(today())} ถึงวันนี้)"))
