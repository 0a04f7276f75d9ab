"""The staff admin's web pages under ``/admin``: server-rendered (Jinja2, autoescaped), Thai, usable without
JavaScript. :func:`install` adds them to the app; ``paru.app`` calls it."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from admin.web import accounts, audit_log, auth, dashboard, figures, links, office, procedures, unanswered, vocabulary
from admin.web.deps import HERE, CsrfFailed, Forbidden, LoginRequired, page
from admin.web.security import AdminSecurityHeaders


def router() -> APIRouter:
    """Every admin page."""
    admin = APIRouter(include_in_schema=False)
    for area in (auth, dashboard, procedures, links, unanswered, vocabulary, figures, office, accounts, audit_log):
        admin.include_router(area.router)
    return admin


def install(app: FastAPI) -> None:
    """Mount the admin: its pages, its static files, its security headers and its error pages."""
    app.include_router(router())
    app.mount("/admin/static", StaticFiles(directory=str(HERE / "static")), name="admin-static")
    app.add_middleware(AdminSecurityHeaders)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/admin/login?next={quote(exc.next_path, safe='/')}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return page(
            request,
            "message.html",
            {"heading": "หน้านี้สำหรับผู้ดูแลระบบ", "message": "บัญชีของท่านเป็นผู้แก้ไข จึงเปิดหน้านี้ไม่ได้"},
            403,
        )

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        return page(
            request,
            "message.html",
            {
                "heading": "แบบฟอร์มนี้ใช้ไม่ได้",
                "message": "แบบฟอร์มหมดอายุหรือไม่ได้มาจากหน้านี้ จึงไม่ได้บันทึกอะไร กรุณาเปิดหน้าใหม่แล้วลองอีกครั้ง",
            },
            403,
        )
