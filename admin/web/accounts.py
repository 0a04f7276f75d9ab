"""Accounts (admins): add, disable and enable, reset a password, change a role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin import audit
from admin.accounts import ROLES, AccountError, create_user, set_active, set_password, set_role
from admin.web.deps import admin_only, checked_form, field, page, read, write
from core.models import StaffUser

router = APIRouter()
NOTICES = {"added": "เพิ่มบัญชีแล้ว", "saved": "บันทึกแล้ว"}


def _users(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.username)))


async def _page(request: Request, error: str = "", status: int = 200) -> HTMLResponse:
    users = await read(request, _users)
    notice = NOTICES.get(request.query_params.get("ok", ""))
    return page(request, "accounts.html", {"users": users, "roles": ROLES, "error": error, "notice": notice}, status)


@router.get("/admin/accounts", response_class=HTMLResponse)
async def accounts(request: Request) -> HTMLResponse:
    await admin_only(request)
    return await _page(request)


@router.post("/admin/accounts", response_model=None)
async def add(request: Request) -> Response:
    current = await admin_only(request)
    form = await checked_form(request, current)
    username, role, password = field(form, "username"), field(form, "role"), str(form.get("password") or "")

    def work(session: Session) -> None:
        user = create_user(session, username, password, role)
        audit.record(session, current.user_id, current.username, "account.add", user.username, None, {"role": role})

    try:
        await write(request, work)
    except AccountError as exc:
        return await _page(request, str(exc), 400)
    return RedirectResponse("/admin/accounts?ok=added", status_code=303)


@router.post("/admin/accounts/{user_id}", response_model=None)
async def change(request: Request, user_id: int) -> Response:
    current = await admin_only(request)
    form = await checked_form(request, current)
    what = field(form, "what")

    def work(session: Session) -> None:
        user = session.get(StaffUser, user_id)
        if user is None:
            raise AccountError("ไม่พบบัญชีนี้")
        if what == "password":
            set_password(session, user, str(form.get("password") or ""))
            audit.record(session, current.user_id, current.username, "account.password", user.username)
        elif what in ("disable", "enable"):
            before = user.active
            set_active(session, user, what == "enable")
            action = f"account.{what}"
            audit.record(
                session,
                current.user_id,
                current.username,
                action,
                user.username,
                {"active": before},
                {"active": user.active},
            )
        elif what == "role":
            before_role = user.role
            set_role(session, user, field(form, "role"))
            audit.record(
                session,
                current.user_id,
                current.username,
                "account.role",
                user.username,
                {"role": before_role},
                {"role": user.role},
            )
        else:
            raise AccountError("ไม่รู้จักการเปลี่ยนแปลงนี้")

    try:
        await write(request, work)
    except AccountError as exc:
        return await _page(request, str(exc), 400)
    return RedirectResponse("/admin/accounts?ok=saved", status_code=303)
