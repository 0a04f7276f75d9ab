"""The procedures as the admin lists and edits them: search, filters, the form's fields, and the audit of a change."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from admin import audit
from admin.linkcheck import latest
from catalogue.links import LinkPolicy
from catalogue.models import Procedure
from catalogue.store import CatalogueError, add_procedure, get_procedure, load_catalogue, save_procedure
from core.models import LinkCheck, ProcedureRow

#: The form's fields, in order, with their Thai labels; list fields are one item per line.
FIELDS = {
    "title_th": "ชื่อเรื่อง (ไทย)",
    "title_en": "ชื่อเรื่อง (อังกฤษ)",
    "department_th": "ฝ่ายที่รับผิดชอบ",
    "department_en": "ฝ่าย (อังกฤษ)",
    "aliases_th": "คำที่ประชาชนเรียก (บรรทัดละคำ)",
    "documents_th": "เอกสารที่ต้องเตรียม (บรรทัดละรายการ)",
    "fee_th": "ค่าธรรมเนียม",
    "duration_th": "ระยะเวลา",
    "documents_en": "เอกสารที่ต้องเตรียม (อังกฤษ บรรทัดละรายการ)",
    "fee_en": "ค่าธรรมเนียม (อังกฤษ)",
    "duration_en": "ระยะเวลา (อังกฤษ)",
    "clip_url": "ลิงก์คลิป",
    "manual_url": "ลิงก์คู่มือฉบับเต็ม",
}
LIST_FIELDS = ("aliases_th", "documents_th", "documents_en")
MAX_FIELD = 2000


@dataclass(frozen=True)
class Listed:
    """A procedure in the list, with the state of its links."""

    procedure: Procedure
    broken: tuple[LinkCheck, ...]


@dataclass(frozen=True)
class ProcedureFilter:
    """The list's search and filters."""

    q: str = ""
    section: str = ""
    no_clip: bool = False
    broken: bool = False
    retired: bool = False


def listing(session: Session, f: ProcedureFilter) -> tuple[list[Listed], list[str]]:
    """The procedures matching the filter, and every section (for the filter's choices)."""
    procedures = load_catalogue(session).procedures
    checks = latest(session)
    sections = list(dict.fromkeys(p.department_th for p in procedures if p.department_th))
    needle = f.q.strip().lower()
    out = []
    for p in procedures:
        bad = tuple(c for k in ("clip", "manual") if (c := checks.get((p.id, k))) is not None and not c.ok)
        if needle and needle not in " ".join((p.id, p.title_th, p.title_en.lower(), *p.aliases_th)).lower():
            continue
        if (f.section and p.department_th != f.section) or (f.no_clip and p.clip_url) or (f.broken and not bad):
            continue
        if p.active == f.retired:
            continue
        out.append(Listed(p, bad))
    return out, sections


def active_titles(session: Session) -> list[tuple[str, str]]:
    """(id, Thai title) of every active procedure, in catalogue order: for choosing one."""
    rows = session.execute(
        select(ProcedureRow.id, ProcedureRow.title_th)
        .where(ProcedureRow.active.is_(True))
        .order_by(ProcedureRow.position)
    )
    return [(pid, title) for pid, title in rows]


def sections(session: Session) -> list[str]:
    """Every section of the catalogue, in catalogue order."""
    rows = session.scalars(select(ProcedureRow.department_th).order_by(ProcedureRow.position))
    return list(dict.fromkeys(d for d in rows if d))


def from_form(base: Procedure, values: dict[str, str], active: bool) -> Procedure:
    """The record as the form describes it (the id never changes)."""
    for name, text in values.items():
        if len(text) > MAX_FIELD * (4 if name in LIST_FIELDS else 1):
            raise CatalogueError(f"{FIELDS[name]} ยาวเกินไป")
    lists = {n: tuple(line.strip() for line in values.get(n, "").splitlines() if line.strip()) for n in LIST_FIELDS}
    plain = {n: values.get(n, "").strip() for n in FIELDS if n not in LIST_FIELDS}
    return dataclasses.replace(base, **plain, **lists, active=active)  # type: ignore[arg-type]


def as_form(p: Procedure) -> dict[str, str]:
    """The record's fields as the form shows them."""
    return {n: "\n".join(getattr(p, n)) if n in LIST_FIELDS else str(getattr(p, n)) for n in FIELDS}


def edit(session: Session, changed: Procedure, policy: LinkPolicy, user_id: int, username: str) -> Procedure:
    """Save an edited procedure and audit what changed; returns the record as saved."""
    before = save_procedure(session, changed, policy)
    after = get_procedure(session, changed.id)
    old, new = audit.changed(audit.plain(before), audit.plain(after))  # type: ignore[arg-type]
    if new:
        audit.record(session, user_id, username, "procedure.edit", changed.id, old, new)
    return after


def set_active(
    session: Session, procedure_id: str, active: bool, policy: LinkPolicy, user_id: int, username: str
) -> None:
    """Retire a procedure (it is no longer offered; its id is never reused) or bring it back."""
    p = get_procedure(session, procedure_id)
    save_procedure(session, dataclasses.replace(p, active=active), policy)
    action = "procedure.restore" if active else "procedure.retire"
    audit.record(session, user_id, username, action, procedure_id, {"active": p.active}, {"active": active})


def create(session: Session, p: Procedure, policy: LinkPolicy, user_id: int, username: str) -> Procedure:
    """Add a new procedure (a fresh id; ids of retired ones are never reused)."""
    add_procedure(session, p, policy)
    session.flush()
    saved = get_procedure(session, p.id)
    audit.record(session, user_id, username, "procedure.add", p.id, None, audit.plain(saved))
    return saved
