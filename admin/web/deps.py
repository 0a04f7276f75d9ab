"""What every admin page shares: the templates, the signed-in staff member, CSRF checks, reading and writing.

Routers stay thin: they read a form, call a service (``admin.*``, ``catalogue.store``, ``core.*``) through
:func:`read` or :func:`write`, and render a template. Writes go through the process's single writer (on SQLite the
only way to write without "database is locked" under load), each in one transaction with its audit entry.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from admin.accounts import Current, find_session, touch
from core.db import Store
from core.thaidate import BANGKOK, thai_date, thai_date_long, thai_datetime
from core.writer import WriteBatcher

T = TypeVar("T")
HERE = Path(__file__).resolve().parent.parent
COOKIE = "paru_admin"
LOGIN_COOKIE = "paru_login_csrf"
#: How stale a session's "last seen" may get before a request writes it again (one write a minute, not per page).
TOUCH_EVERY = dt.timedelta(minutes=1)


def _number(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else ("-" if value is None else str(value))


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}%"


templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters.update(
    thai_date=thai_date,
    thai_date_numeric=lambda d: f"{d.day}/{d.month}/{d.year + 543}",
    thai_date_long=thai_date_long,
    thai_datetime=lambda m: thai_datetime(m) if m else "-",
    number=_number,
    percent=_percent,
)


class LoginRequired(Exception):
    """No live session: the visitor is sent to the login page (and back here after)."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class Forbidden(Exception):
    """Signed in, but the page is for admins only."""


class CsrfFailed(Exception):
    """A state-changing request without its session's CSRF token: refused, nothing changed."""


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def writer_of(request: Request) -> WriteBatcher:
    return request.app.state.writer  # type: ignore[no-any-return]


async def read(request: Request, work: Callable[[Session], T]) -> T:
    """Run a read on a thread of its own (the event loop keeps serving the webhook)."""

    def run() -> T:
        with store_of(request).sessions() as session:
            return work(session)

    return await run_in_threadpool(run)


async def write(request: Request, work: Callable[[Session], T]) -> T:
    """Run a change through the process's single writer, in one transaction."""
    return await writer_of(request).write(work)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def staff(request: Request) -> Current:
    """The signed-in staff member; a visitor without a live session is sent to the login page."""
    token = request.cookies.get(COOKIE)
    current = await read(request, lambda s: find_session(s, token)) if token else None
    if current is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target if request.method == "GET" else "/admin")
    now = dt.datetime.now(dt.UTC)
    if now - current.last_seen_at > TOUCH_EVERY:
        await write(request, lambda s: touch(s, current.session_id, now))
    request.state.staff = current
    return current


async def admin_only(request: Request) -> Current:
    """The signed-in staff member, who must be an admin."""
    current = await staff(request)
    if not current.is_admin:
        raise Forbidden()
    return current


async def checked_form(request: Request, current: Current) -> FormData:
    """The posted form, once its CSRF token matches the session's; :class:`CsrfFailed` otherwise."""
    form = await request.form()
    token = form.get("csrf_token")
    if not isinstance(token, str) or not hmac.compare_digest(token, current.csrf_token):
        raise CsrfFailed()
    return form


def field(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name, default)
    return value.strip() if isinstance(value, str) else default


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render an admin page; every page gets the signed-in staff member and the time in Bangkok."""
    base = {"staff": getattr(request.state, "staff", None), "now": dt.datetime.now(BANGKOK)}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)
