"""Signing in and out of the admin."""

from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from admin import audit
from admin.accounts import ABSOLUTE, Throttled, end_session, open_session, record_failure, throttle, verify_credentials
from admin.web.deps import (
    COOKIE,
    LOGIN_COOKIE,
    checked_form,
    client_address,
    field,
    page,
    read,
    staff,
    write,
)
from core.models import StaffUser

router = APIRouter()
WRONG = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"


def _safe_next(target: str) -> str:
    """Only a path of the admin itself (never another site)."""
    return target if target.startswith("/admin") and not target.startswith("//") and "\\" not in target else "/admin"


def _login_page(request: Request, next_path: str, error: str = "", status: int = 200) -> HTMLResponse:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    response = page(request, "login.html", {"next": next_path, "csrf_token": token, "error": error}, status)
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/admin"
    )
    return response


@router.get("/admin/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "/admin") -> HTMLResponse:
    return _login_page(request, _safe_next(next))


@router.post("/admin/login")
async def login(request: Request) -> Response:
    form: FormData = await request.form()
    next_path = _safe_next(field(form, "next", "/admin"))
    cookie, posted = request.cookies.get(LOGIN_COOKIE, ""), field(form, "csrf_token")
    if not cookie or not hmac.compare_digest(cookie, posted):
        return _login_page(request, next_path, "แบบฟอร์มหมดอายุ กรุณาลองเข้าสู่ระบบอีกครั้ง", 403)
    username, password = field(form, "username"), str(form.get("password") or "")
    address = client_address(request)
    try:
        await read(request, lambda s: throttle(s, username, address))
    except Throttled as exc:
        minutes = max(1, round(exc.retry_after.total_seconds() / 60))
        return _login_page(request, next_path, f"{WRONG} หรือพยายามหลายครั้งเกินไป ลองใหม่ในอีก {minutes} นาที", 429)
    user_id = await read(request, lambda s: verify_credentials(s, username, password))
    if user_id is None:
        await write(request, lambda s: record_failure(s, username, address))
        return _login_page(request, next_path, WRONG, 401)

    def sign_in(session):  # type: ignore[no-untyped-def]
        user = session.get(StaffUser, user_id)
        signed = open_session(session, user)
        audit.record(session, user.id, user.username, "login", target=address)
        return signed

    signed = await write(request, sign_in)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        COOKIE,
        signed.token,
        max_age=int(ABSOLUTE.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/admin",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/admin")
    return response


@router.post("/admin/logout")
async def logout(request: Request) -> Response:
    current = await staff(request)
    await checked_form(request, current)

    def sign_out(session):  # type: ignore[no-untyped-def]
        end_session(session, current.session_id)
        audit.record(session, current.user_id, current.username, "logout")

    await write(request, sign_out)
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(COOKIE, path="/admin")
    return response
