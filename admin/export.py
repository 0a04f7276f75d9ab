"""Export inquiries and figures for managers: CSV (UTF-8 with a BOM, so Excel shows Thai) or XLSX (openpyxl).

Inquiries stream from the database to the file row by row (openpyxl's write-only workbook for XLSX), so a year of
inquiries never sits in memory. Exports carry the pseudonymous user key at most, never a LINE user id.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from admin.figures import (
    BANGKOK,
    PERIODS,
    CountRow,
    Counts,
    counts,
    reduction,
    satisfaction,
    self_service,
    thai_date,
    thai_datetime,
    utc_range,
)
from core.models import Followup, Inquiry, ProcedureRow

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
What = Literal["inquiries", "figures"]

INQUIRY_HEADERS = (
    "เลขที่",
    "วันเวลา (ไทย)",
    "วันเวลา (ISO, เวลากรุงเทพ)",
    "ช่องทาง",
    "ประเภทแชต",
    "รหัสผู้ใช้ (นามแฝง)",
    "ข้อความ",
    "ผลการตอบ",
    "เจตนา",
    "รหัสเรื่อง",
    "ชื่อเรื่อง",
    "ฝ่าย",
    "ตรงกับที่ถามไหม",
    "คะแนนความพึงพอใจ",
    "ส่งคำตอบถึง LINE",
)
COUNT_HEADERS = ("กลุ่ม", "รหัส", "ทั้งหมด", "ตอบด้วยคลิป", "ให้เลือกคลิป", "ไม่มีคลิป", "ต้องใช้เจ้าหน้าที่")
PERIOD_SHEETS = {"day": "รายวัน", "week": "รายสัปดาห์", "month": "รายเดือน", "fiscal_year": "รายปีงบประมาณ"}


class ExportError(ValueError):
    """An export that cannot be made as asked."""


def check_format(fmt: str) -> Format:
    """The format, or a clear error naming the ones that exist."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use csv or xlsx")
    return fmt  # type: ignore[return-value]


# -- rows ----------------------------------------------------------------------------------------------------------
def inquiry_rows(session: Session, start: dt.date, end: dt.date) -> Iterator[tuple[object, ...]]:
    """One tuple per inquiry in the range, oldest first, streamed from the database."""
    lo, hi = utc_range(start, end)
    helpful = exists().where(and_(Followup.inquiry_id == Inquiry.id, Followup.kind == "helpful"))
    not_helpful = exists().where(and_(Followup.inquiry_id == Inquiry.id, Followup.kind == "not_helpful"))
    rating = (
        select(Followup.rating)
        .where(Followup.inquiry_id == Inquiry.id, Followup.kind == "rating")
        .order_by(Followup.created_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        select(
            Inquiry.id,
            Inquiry.received_at,
            Inquiry.channel,
            Inquiry.source_type,
            Inquiry.user_key,
            Inquiry.text,
            Inquiry.text_purged,
            Inquiry.decision,
            Inquiry.intent,
            Inquiry.procedure_id,
            ProcedureRow.title_th,
            ProcedureRow.department_th,
            helpful.label("helpful"),
            not_helpful.label("not_helpful"),
            rating.label("rating"),
            Inquiry.reply_status,
        )
        .outerjoin(ProcedureRow, ProcedureRow.id == Inquiry.procedure_id)
        .where(Inquiry.received_at >= lo, Inquiry.received_at < hi)
        .order_by(Inquiry.received_at, Inquiry.id)
        .execution_options(yield_per=2000)
    )
    decision_th = {"answer": "ตอบด้วยคลิป", "choose": "ให้เลือกคลิป", "none": "ไม่มีคลิป"}
    for r in session.execute(stmt):
        feedback = "ไม่ตรง" if r.not_helpful else ("ตรง" if r.helpful else "")
        text = "(ลบข้อความแล้วตามระยะเวลาเก็บรักษา)" if r.text_purged else (r.text or "")
        yield (
            r.id,
            thai_datetime(r.received_at),
            r.received_at.astimezone(BANGKOK).replace(tzinfo=None).isoformat(timespec="seconds"),
            r.channel,
            r.source_type or "",
            (r.user_key or "")[:16],
            text,
            decision_th.get(r.decision, r.decision),
            r.intent,
            r.procedure_id or "",
            r.title_th or "",
            r.department_th or "",
            feedback,
            r.rating if r.rating is not None else "",
            r.reply_status,
        )


def _count_rows(rows: Iterable[CountRow]) -> list[tuple[object, ...]]:
    return [(r.label, r.key, r.total, r.answer, r.choose, r.none, r.needs_person) for r in rows]


def figure_tables(
    session: Session, start: dt.date, end: dt.date, baseline: tuple[dt.date, dt.date] | None = None
) -> list[tuple[str, Sequence[str], list[tuple[object, ...]]]]:
    """Every figure as (title, headers, rows), one table per sheet."""
    c: Counts = counts(session, start, end)
    sat = satisfaction(session, start, end)
    ss = self_service(session, start, end)
    summary: list[tuple[object, ...]] = [
        ("ช่วงเวลา", f"{thai_date(start)} – {thai_date(end)}"),
        ("คำถามที่บอทได้รับทั้งหมด", c.total.total),
        ("คำถามที่ยังต้องใช้เจ้าหน้าที่", c.total.needs_person),
        ("อัตราการบริการตนเอง (%)", ss.percent if ss.percent is not None else "-"),
        ("จำนวนผู้ให้คะแนนความพึงพอใจ", sat.count),
        ("คะแนนเฉลี่ย (เต็ม 5)", sat.mean if sat.mean is not None else "-"),
        ("ความพึงพอใจ (%) = คะแนนเฉลี่ย / 5 × 100", sat.percent if sat.percent is not None else "-"),
        ("สัดส่วนผู้ให้ 4–5 คะแนน (%)", sat.share_4_or_5 if sat.share_4_or_5 is not None else "-"),
    ]
    summary += [(f"จำนวนผู้ให้ {k} คะแนน", v) for k, v in sat.distribution.items()]
    tables: list[tuple[str, Sequence[str], list[tuple[object, ...]]]] = [("สรุป", ("ตัวชี้วัด", "ค่า"), summary)]
    if baseline is not None:
        rows, total = reduction(session, baseline, (start, end))
        headers = (
            "ช่องทาง",
            f"ก่อนมีบอท ({thai_date(baseline[0])} – {thai_date(baseline[1])})",
            "หลังมีบอท: ยังต้องใช้เจ้าหน้าที่",
            "หลังมีบอท: บอทได้รับทั้งหมด",
            "ลดลง (%)",
        )
        table = [
            (
                r.channel,
                r.before,
                r.after_needing_person,
                r.after_bot_total,
                r.percent if r.percent is not None else "-",
            )
            for r in [*rows, total]
        ]
        tables.append(("การลดลงของคำถาม", headers, table))
    for period in PERIODS:
        tables.append((PERIOD_SHEETS[period], COUNT_HEADERS, _count_rows(c.by_period[period].values())))
    tables.append(("รายเรื่อง", COUNT_HEADERS, _count_rows(sorted(c.by_procedure.values(), key=lambda r: -r.total))))
    tables.append(("รายฝ่าย", COUNT_HEADERS, _count_rows(sorted(c.by_department.values(), key=lambda r: -r.total))))
    tables.append(("ผลการตอบ", COUNT_HEADERS, _count_rows(c.by_decision.values())))
    tables.append(("ช่องทาง", COUNT_HEADERS, _count_rows(c.by_channel.values())))
    return tables


# -- writers -------------------------------------------------------------------------------------------------------
class _Utf8Bom(io.TextIOBase):
    """A text stream over a binary one that starts with a UTF-8 byte-order mark."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._out.write(codecs.BOM_UTF8)

    def write(self, s: str) -> int:  # type: ignore[override]
        self._out.write(s.encode("utf-8"))
        return len(s)


def _xlsx_sheet(book: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(sheet, value=h)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(list(row))


def write_export(
    session: Session,
    what: What,
    fmt: str,
    start: dt.date,
    end: dt.date,
    out: BinaryIO,
    baseline: tuple[dt.date, dt.date] | None = None,
) -> int:
    """Write an export to ``out``; returns the number of data rows written."""
    fmt = check_format(fmt)
    utc_range(start, end)  # validates the range before anything is written
    written = 0
    if what == "inquiries":
        if fmt == "csv":
            writer = csv.writer(_Utf8Bom(out))
            writer.writerow(INQUIRY_HEADERS)
            for row in inquiry_rows(session, start, end):
                writer.writerow(row)
                written += 1
            return written
        book = Workbook(write_only=True)

        def counted() -> Iterator[tuple[object, ...]]:
            nonlocal written
            for row in inquiry_rows(session, start, end):
                written += 1
                yield row

        _xlsx_sheet(book, "คำถาม", INQUIRY_HEADERS, counted())
        book.save(out)
        return written
    if what != "figures":
        raise ExportError(f"unknown export {what!r}: use inquiries or figures")
    tables = figure_tables(session, start, end, baseline)
    if fmt == "csv":
        writer = csv.writer(_Utf8Bom(out))
        for i, (title, headers, rows) in enumerate(tables):
            if i:
                writer.writerow(())
            writer.writerow((f"## {title}",))
            writer.writerow(headers)
            writer.writerows(rows)
            written += len(rows)
        return written
    book = Workbook(write_only=True)
    for title, headers, rows in tables:
        _xlsx_sheet(book, title, headers, rows)
        written += len(rows)
    book.save(out)
    return written
