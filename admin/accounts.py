"""Staff accounts: argon2 passwords, server-side sessions in the database, slowed failed logins.

A session is a random token in an HttpOnly cookie; the database keeps only its SHA-256 (a stolen backup holds no
usable session), with its CSRF token, its last use and its absolute end. Logging out, disabling an account or
resetting its password ends its sessions. A failed login is recorded by account and by address; after a few, further
attempts wait longer and longer, and the answer never says whether the account exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.models import LoginFailure, StaffSession, StaffUser, utcnow

Role = Literal["admin", "editor"]
ROLES: tuple[Role, ...] = ("admin", "editor")
MIN_PASSWORD = 10
MAX_PASSWORD = 256
#: A session ends after this long without use, and after this long in any case.
IDLE = dt.timedelta(hours=2)
ABSOLUTE = dt.timedelta(hours=12)
#: Failed logins: counted over this window; from the fifth on, the next attempt waits 2, 4, 8 ... s, at most 15 min.
FAILURE_WINDOW = dt.timedelta(minutes=15)
FREE_FAILURES = 4
MAX_WAIT = dt.timedelta(minutes=15)

_hasher = PasswordHasher()
#: Checked against when the account does not exist, so a wrong user and a wrong password take the same time.
_DUMMY_HASH = _hasher.hash("paru-no-such-account-" + "x" * 16)


class AccountError(ValueError):
    """A change to the accounts that cannot be made (a short password, a taken name, the last admin ...)."""


class Throttled(Exception):
    """Too many failed logins for this account or address: try again after ``retry_after``."""

    def __init__(self, retry_after: dt.timedelta) -> None:
        super().__init__(f"try again in {int(retry_after.total_seconds())} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignedIn:
    """A session just opened: the cookie's token (never stored) and the session's CSRF token."""

    token: str
    csrf_token: str
    user_id: int


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"รหัสผ่านยาวได้ไม่เกิน {MAX_PASSWORD} ตัวอักษร")
    return password


def create_user(session: Session, username: str, password: str, role: str) -> StaffUser:
    """A new account. The first account must be an admin (someone has to manage the others)."""
    name = normalise_username(username)
    if not name or len(name) > 64 or not all(ch.isalnum() or ch in "._-@" for ch in name):
        raise AccountError("ชื่อผู้ใช้ใช้ได้เฉพาะตัวอักษร ตัวเลข และ . _ - @ ไม่เกิน 64 ตัว")
    if role not in ROLES:
        raise AccountError(f"บทบาทต้องเป็น {' หรือ '.join(ROLES)}")
    if role != "admin" and not session.scalar(select(func.count()).select_from(StaffUser)):
        raise AccountError("บัญชีแรกต้องเป็นผู้ดูแลระบบ (admin)")
    if session.scalar(select(StaffUser.id).where(StaffUser.username == name)) is not None:
        raise AccountError(f"มีชื่อผู้ใช้ {name} แล้ว")
    user = StaffUser(username=name, password_hash=_hasher.hash(check_password(password)), role=role, active=True)
    session.add(user)
    session.flush()
    return user


def _active_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(StaffUser).where(StaffUser.role == "admin", StaffUser.active.is_(True))
        )
        or 0
    )


def set_password(session: Session, user: StaffUser, password: str) -> None:
    """A new password; every session of the account ends."""
    user.password_hash = _hasher.hash(check_password(password))
    user.password_changed_at = utcnow()
    end_sessions(session, user.id)


def set_active(session: Session, user: StaffUser, active: bool) -> None:
    """Disable (ending its sessions) or enable an account; the last active admin cannot be disabled."""
    if not active and user.role == "admin" and user.active and _active_admins(session) <= 1:
        raise AccountError("ปิดบัญชีผู้ดูแลระบบคนสุดท้ายไม่ได้")
    user.active = active
    if not active:
        end_sessions(session, user.id)


def set_role(session: Session, user: StaffUser, role: str) -> None:
    """Change an account's role; the last active admin stays an admin."""
    if role not in ROLES:
        raise AccountError(f"บทบาทต้องเป็น {' หรือ '.join(ROLES)}")
    if user.role == "admin" and role != "admin" and user.active and _active_admins(session) <= 1:
        raise AccountError("ต้องมีผู้ดูแลระบบอย่างน้อยหนึ่งคน")
    user.role = role


def _wait(session: Session, column: object, value: str, now: dt.datetime) -> dt.timedelta:
    since = now - FAILURE_WINDOW
    rows = session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(column == value, LoginFailure.at >= since)  # type: ignore[arg-type]
    ).one()
    failures, last = int(rows[0] or 0), rows[1]
    if failures <= FREE_FAILURES or last is None:
        return dt.timedelta(0)
    wait = min(dt.timedelta(seconds=2 ** (failures - FREE_FAILURES)), MAX_WAIT)
    return max(dt.timedelta(0), last + wait - now)


def throttle(session: Session, username: str, address: str, now: dt.datetime | None = None) -> None:
    """Raise :class:`Throttled` while this account or this address must wait after failed logins."""
    now = now or utcnow()
    wait = max(
        _wait(session, LoginFailure.username, normalise_username(username)[:64], now),
        _wait(session, LoginFailure.address, address[:64], now),
    )
    if wait > dt.timedelta(0):
        raise Throttled(wait)


def verify_credentials(session: Session, username: str, password: str) -> int | None:
    """The id of the active account with this name and password, or None. Reads only (the argon2 check takes tens of
    milliseconds of CPU, so it runs outside the writer); it takes the same time for a name that does not exist as for
    a wrong password."""
    name = normalise_username(username)
    user = session.scalar(select(StaffUser).where(StaffUser.username == name)) if name else None
    try:
        _hasher.verify(user.password_hash if user is not None else _DUMMY_HASH, password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return user.id if user is not None and user.active else None


def record_failure(session: Session, username: str, address: str) -> None:
    """A failed sign-in, by account name and by address."""
    session.add(LoginFailure(username=normalise_username(username)[:64], address=address[:64], at=utcnow()))


def open_session(session: Session, user: StaffUser, now: dt.datetime | None = None) -> SignedIn:
    """A new server-side session for ``user``; the account's failed sign-ins are forgotten."""
    now = now or utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.username == user.username))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            id=_digest(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE,
        )
    )
    return SignedIn(token, csrf, user.id)


@dataclass(frozen=True)
class Current:
    """The signed-in staff member of a request."""

    user_id: int
    username: str
    role: Role
    csrf_token: str
    session_id: str
    last_seen_at: dt.datetime

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def find_session(session: Session, token: str | None, now: dt.datetime | None = None) -> Current | None:
    """The live session behind a cookie's token: not ended, not idle too long, past its absolute end, nor of a
    disabled account."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.execute(
        select(StaffSession, StaffUser)
        .join(StaffUser, StaffUser.id == StaffSession.user_id)
        .where(StaffSession.id == _digest(token))
    ).first()
    if row is None:
        return None
    staff_session, user = row
    if not user.active or staff_session.expires_at <= now or staff_session.last_seen_at + IDLE <= now:
        return None
    return Current(
        user.id, user.username, user.role, staff_session.csrf_token, staff_session.id, staff_session.last_seen_at
    )  # type: ignore[arg-type]


def touch(session: Session, session_id: str, now: dt.datetime | None = None) -> None:
    """The session was used (for the idle limit)."""
    row = session.get(StaffSession, session_id)
    if row is not None:
        row.last_seen_at = now or utcnow()


def end_session(session: Session, session_id: str) -> None:
    session.execute(delete(StaffSession).where(StaffSession.id == session_id))


def end_sessions(session: Session, user_id: int) -> None:
    session.execute(delete(StaffSession).where(StaffSession.user_id == user_id))


def purge_sessions(session: Session, now: dt.datetime | None = None) -> int:
    """Forget ended sessions and old failed logins."""
    now = now or utcnow()
    done = session.execute(
        delete(StaffSession).where((StaffSession.expires_at <= now) | (StaffSession.last_seen_at <= now - IDLE))
    )
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - FAILURE_WINDOW))
    return int(done.rowcount)  # type: ignore[attr-defined]
