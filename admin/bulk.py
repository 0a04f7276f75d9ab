"""Clip links in bulk: staff download the catalogue as a spreadsheet (id, Thai title, clip link, manual link), fill
in the links in Excel, and upload it back. Paru shows what would change and which rows it refuses (in Thai, by row
number); nothing changes until staff confirm, and then every change is applied in one transaction."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.links import LinkError, LinkPolicy, check_link
from catalogue.store import bump_version
from core.models import BulkUpload, ProcedureRow, utcnow

HEADERS = ("รหัสเรื่อง (id)", "ชื่อเรื่อง", "ลิงก์คลิป", "ลิงก์คู่มือ")
FIELDS = {"clip_url": ("ลิงก์คลิป", 2), "manual_url": ("ลิงก์คู่มือ", 3)}
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024


class BulkError(ValueError):
    """A file that cannot be read at all, or an upload that cannot be applied."""


@dataclass(frozen=True)
class LinkChange:
    """One link a row would change."""

    row: int
    procedure_id: str
    title_th: str
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RowError:
    """Why a row of the file is refused."""

    row: int
    message: str


@dataclass(frozen=True)
class Preview:
    """What an upload would do, kept until staff confirm it."""

    upload_id: int
    changes: list[LinkChange]
    errors: list[RowError]


def catalogue_rows(session: Session) -> list[tuple[str, str, str, str]]:
    """Every procedure (active or not) as the file lists it."""
    return [
        (r.id, r.title_th, r.clip_url, r.manual_url)
        for r in session.scalars(select(ProcedureRow).order_by(ProcedureRow.position))
    ]


def download(session: Session, fmt: str) -> bytes:
    """The catalogue's links as an Excel workbook or a CSV file (UTF-8 with a BOM, so Excel shows Thai)."""
    rows = catalogue_rows(session)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "ลิงก์คลิป"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCD", (40, 60, 60, 60), strict=True):
        sheet.column_dimensions[column].width = width
    out_bytes = io.BytesIO()
    book.save(out_bytes)
    return out_bytes.getvalue()


def read_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """The rows of an uploaded file (Excel or CSV), numbered as Excel numbers them, the header left out."""
    if len(data) > MAX_BYTES:
        raise BulkError("ไฟล์ใหญ่เกิน 2 MB")
    if data[:2] == b"PK":  # an .xlsx file is a zip
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise BulkError("เปิดไฟล์ Excel นี้ไม่ได้") from exc
        table = [["" if v is None else str(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BulkError("ไฟล์ CSV ต้องเป็น UTF-8 (บันทึกจาก Excel แบบ “CSV UTF-8”)") from exc
        table = list(csv.reader(io.StringIO(text)))
    if not table or [c.strip() for c in table[0][:4]] != list(HEADERS):
        raise BulkError("แถวแรกต้องเป็นหัวตาราง: " + " | ".join(HEADERS) + " (ใช้ไฟล์ที่ดาวน์โหลดจากหน้านี้)")
    rows = [(n, [c.strip() for c in ([*row, "", "", "", ""])[:4]]) for n, row in enumerate(table[1:], start=2)]
    rows = [(n, r) for n, r in rows if any(r)]
    if len(rows) > MAX_ROWS:
        raise BulkError(f"ไฟล์มีได้ไม่เกิน {MAX_ROWS:,} แถว")
    return rows


def preview(session: Session, data: bytes, filename: str, policy: LinkPolicy, username: str) -> Preview:
    """Read a file, work out every change and every refused row, and keep them until staff confirm."""
    current = {r.id: r for r in session.scalars(select(ProcedureRow))}
    changes: list[LinkChange] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for n, (pid, _title, clip, manual) in read_rows(data):
        row = current.get(pid)
        if row is None:
            errors.append(RowError(n, f"ไม่มีเรื่องรหัส “{pid}”" if pid else "ไม่มีรหัสเรื่อง"))
            continue
        if pid in seen:
            errors.append(RowError(n, f"รหัส {pid} ซ้ำกับแถว {seen[pid]}"))
            continue
        seen[pid] = n
        wanted: dict[str, str] = {}
        try:
            wanted["clip_url"] = check_link(clip, policy.clip_hosts, "ลิงก์คลิป")
            wanted["manual_url"] = check_link(manual, policy.manual_hosts, "ลิงก์คู่มือ")
        except LinkError as exc:
            errors.append(RowError(n, str(exc)))
            continue
        for field, value in wanted.items():
            before = getattr(row, field)
            if value != before:
                changes.append(LinkChange(n, pid, row.title_th, field, before, value))
    upload = BulkUpload(
        username=username,
        filename=filename[:200],
        changes=[asdict(c) for c in changes],
        errors=[asdict(e) for e in errors],
    )
    session.add(upload)
    session.flush()
    return Preview(upload.id, changes, errors)


def pending(session: Session, upload_id: int) -> Preview:
    """An upload not yet applied."""
    upload = session.get(BulkUpload, upload_id)
    if upload is None or upload.applied_at is not None:
        raise BulkError("ไม่พบรายการที่รอยืนยัน (อาจยืนยันไปแล้ว)")
    return Preview(upload.id, [LinkChange(**c) for c in upload.changes], [RowError(**e) for e in upload.errors])


def apply(session: Session, upload_id: int, policy: LinkPolicy) -> list[LinkChange]:
    """Apply a confirmed upload, all in the caller's transaction: every change, or (on any problem) none."""
    upload = pending(session, upload_id)
    for change in upload.changes:
        row = session.get(ProcedureRow, change.procedure_id)
        if row is None:
            raise BulkError(f"เรื่อง {change.procedure_id} ถูกลบไปแล้ว")
        hosts = policy.clip_hosts if change.field == "clip_url" else policy.manual_hosts
        try:
            setattr(row, change.field, check_link(change.after, hosts, FIELDS[change.field][0]))
        except LinkError as exc:
            raise BulkError(f"แถว {change.row}: {exc}") from exc
    if upload.changes:
        bump_version(session)
    stored = session.get(BulkUpload, upload_id)
    assert stored is not None
    stored.applied_at = utcnow()
    return upload.changes
