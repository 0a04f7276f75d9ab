"""The audit log: every change staff make (who, when, what, the value before and after), for admins to read."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import AuditEntry, utcnow

#: Actions, with how the admin's audit page names them.
ACTIONS = {
    "login": "เข้าสู่ระบบ",
    "logout": "ออกจากระบบ",
    "procedure.edit": "แก้ไขเรื่อง",
    "procedure.add": "เพิ่มเรื่อง",
    "procedure.retire": "เลิกใช้เรื่อง",
    "procedure.restore": "นำเรื่องกลับมาใช้",
    "links.bulk": "แก้ลิงก์คลิปหลายรายการ",
    "links.check": "ตรวจลิงก์",
    "unanswered.teach": "สอนคำถาม",
    "unanswered.needs_clip": "ต้องทำคลิปใหม่",
    "unanswered.dismiss": "ไม่ต้องทำอะไร",
    "vocabulary.add": "เพิ่มคำศัพท์",
    "vocabulary.edit": "แก้คำศัพท์",
    "vocabulary.remove": "ลบคำศัพท์",
    "baseline.add": "เพิ่มจำนวนฐาน",
    "baseline.remove": "ลบจำนวนฐาน",
    "settings.edit": "แก้การตั้งค่าสำนักงาน",
    "account.add": "เพิ่มบัญชี",
    "account.disable": "ปิดบัญชี",
    "account.enable": "เปิดบัญชี",
    "account.password": "ตั้งรหัสผ่านใหม่",
    "account.role": "เปลี่ยนบทบาท",
}


def plain(value: object) -> object:
    """A value as JSON can hold it: records and their tuples become dicts and lists, dates become ISO text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, before and after (what an auditor wants to read)."""
    keys = [k for k in after if before.get(k) != after.get(k)] + [k for k in before if k not in after]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record(
    session: Session,
    user_id: int | None,
    username: str,
    action: str,
    target: str = "",
    before: object = None,
    after: object = None,
) -> None:
    """Add one entry to the audit log, in the caller's transaction (the change and its record commit together)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEntry(
            at=utcnow(),
            user_id=user_id,
            username=username,
            action=action,
            target=target[:200],
            before=plain(before) if before is not None else None,
            after=plain(after) if after is not None else None,
        )
    )


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page filters on; empty means any."""

    username: str = ""
    action: str = ""
    target: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def entries(session: Session, f: AuditFilter, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    """Audit entries, newest first."""
    stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if f.username:
        stmt = stmt.where(AuditEntry.username == f.username.strip().lower())
    if f.action:
        stmt = stmt.where(AuditEntry.action == f.action)
    if f.target:
        stmt = stmt.where(AuditEntry.target.contains(f.target.strip()))
    if f.start is not None:
        stmt = stmt.where(AuditEntry.at >= f.start)
    if f.end is not None:
        stmt = stmt.where(AuditEntry.at < f.end)
    return list(session.scalars(stmt.limit(limit).offset(offset)))
