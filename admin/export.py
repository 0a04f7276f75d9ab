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
from dataclasses import dataclass
from typing import BinaryIO, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from admin.figures import (
    DECISION_TH,
    PERIODS,
    CountRow,
    Counts,
    check_range,
    counts,
    reduction,
    satisfaction,
    self_service,
)
from core.inquiries import TRIAL_CHANNELS
from core.models import Followup, Inquiry, ProcedureRow
from core.thaidate import BANGKOK, thai_date, thai_datetime

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
    "ภาษา",
)
COUNT_HEADERS = (
    "กลุ่ม",
    "รหัส",
    "ทั้งหมด",
    "ตอบด้วยคลิป",
    "ให้เลือกคลิป",
    "ไม่มีคลิป",
    "บริการตนเองได้",
    "ต้องใช้เจ้าหน้าที่",
)
#: How each figure is made, printed beside the figures so a reader can check them.
RULES = (
    ("คำถาม", "ข้อความที่ประชาชนส่งถึงบอททาง LINE หนึ่งข้อความนับหนึ่งครั้ง ข้อความที่ LINE ส่งซ้ำนับครั้งเดียว"),
    ("ข้อความทดลอง", "ข้อความจากเครื่องจำลอง (เจ้าหน้าที่ทดลองบอท) แสดงแยกไว้ และไม่นับในตัวชี้วัดใดเลย"),
    (
        "ต้องใช้เจ้าหน้าที่",
        "บอทไม่มีคลิปให้ (ยกเว้นคำทักทาย ขอบคุณ และเวลาทำการที่บอทตอบเองได้) หรือประชาชนตอบว่า “ไม่ใช่” "
        "และไม่ได้เลือกเรื่องอื่นต่อ หรือขอคุยกับเจ้าหน้าที่ หรือบอทให้เลือกหลายเรื่องแต่ประชาชนไม่ได้เลือก",
    ),
    ("บริการตนเองได้", "บอทตอบด้วยคลิป หรือประชาชนเลือกเรื่องจากรายการที่บอทเสนอ และไม่ได้ตอบว่า “ไม่ใช่”"),
    ("การลดลงของคำถาม", "(ก่อน − หลัง) ÷ ก่อน × 100 โดย “หลัง” คือคำถามที่ยังต้องใช้เจ้าหน้าที่ รวมจำนวนที่สำนักงานบันทึกเอง"),
    (
        "ความพึงพอใจ",
        "คะแนนเฉลี่ย (ปัดทศนิยมสองตำแหน่ง) ÷ 5 × 100 นับจำนวนคะแนนที่ได้รับ คำตอบหนึ่งครั้งให้คะแนนได้ครั้งเดียว "
        "และตอบ “ตรง/ไม่ใช่” ได้ครั้งเดียว (ครั้งแรกมีผล)",
    ),
)
PERIOD_SHEETS = {"day": "รายวัน", "week": "รายสัปดาห์", "month": "รายเดือน", "fiscal_year": "รายปีงบประมาณ"}


class ExportError(ValueError):
    """An export that cannot be made as asked."""


def check_format(fmt: str) -> Format:
    """The format, or a clear error naming the ones that exist."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use csv or xlsx")
    return fmt  # type: ignore[return-value]


# -- rows ----------------------------------------------------------------------------------------------------------
TRIAL_LABEL = "ทดลองจากเครื่องจำลอง (ไม่นับในตัวชี้วัด)"
VERDICT_TH = {"helpful": "ตรง", "not_helpful": "ไม่ตรง"}


def inquiry_rows(
    session: Session, start: dt.date, end: dt.date, include_trial: bool = False
) -> Iterator[tuple[object, ...]]:
    """One tuple per inquiry in the range, oldest first, streamed from the database. Trial inquiries (the
    simulator) are left out unless asked for, and then labelled as such."""
    check_range(start, end)
    rating = aliased(Followup, name="rating")
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
            Inquiry.verdict,
            rating.rating.label("rating"),
            Inquiry.reply_status,
            Inquiry.lang,
        )
        .outerjoin(ProcedureRow, ProcedureRow.id == Inquiry.procedure_id)
        .outerjoin(rating, and_(rating.inquiry_id == Inquiry.id, rating.slot == "rating"))
        .where(Inquiry.received_day >= start, Inquiry.received_day <= end)
        .order_by(Inquiry.received_at, Inquiry.id)
        .execution_options(yield_per=2000)
    )
    if not include_trial:
        stmt = stmt.where(Inquiry.channel.not_in(TRIAL_CHANNELS))
    for r in session.execute(stmt):
        text = "(ลบข้อความแล้วตามระยะเวลาเก็บรักษา)" if r.text_purged else (r.text or "")
        yield (
            r.id,
            thai_datetime(r.received_at),
            r.received_at.astimezone(BANGKOK).replace(tzinfo=None).isoformat(timespec="seconds"),
            f"{r.channel} ({TRIAL_LABEL})" if r.channel in TRIAL_CHANNELS else r.channel,
            r.source_type or "",
            (r.user_key or "")[:16],
            text,
            DECISION_TH.get(r.decision, r.decision),
            r.intent,
            r.procedure_id or "",
            r.title_th or "",
            r.department_th or "",
            VERDICT_TH.get(r.verdict or "", ""),
            r.rating if r.rating is not None else "",
            r.reply_status,
            r.lang,
        )


def _count_rows(rows: Iterable[CountRow]) -> list[tuple[object, ...]]:
    return [(r.label, r.key, r.total, r.answer, r.choose, r.none, r.self_served, r.needs_person) for r in rows]


@dataclass(frozen=True)
class Table:
    """One sheet of the figures workbook (one block of the CSV)."""

    title: str
    headers: Sequence[str]
    rows: list[tuple[object, ...]]


def _or_reason(value: float | None, reason: str | None) -> object:
    return value if value is not None else f"คำนวณไม่ได้: {reason}" if reason else "-"


def figure_tables(
    session: Session, start: dt.date, end: dt.date, baseline: tuple[dt.date, dt.date] | None = None
) -> list[Table]:
    """Every figure, one table per sheet. Trial traffic is in none of them, only counted apart on the summary."""
    c: Counts = counts(session, start, end)
    sat = satisfaction(session, start, end)
    ss = self_service(session, start, end, c)
    summary: list[tuple[object, ...]] = [
        ("ช่วงเวลา", f"{thai_date(start)} – {thai_date(end)}"),
        ("คำถามจากประชาชนที่บอทได้รับ", c.total.total),
        ("คำถามที่ยังต้องใช้เจ้าหน้าที่", c.total.needs_person),
        ("อัตราการบริการตนเอง (%)", _or_reason(ss.percent, "ไม่มีคำถามในช่วงนี้")),
        ("จำนวนคะแนนความพึงพอใจที่ได้รับ (ครั้ง)", sat.ratings),
        ("คะแนนเฉลี่ย (เต็ม 5)", _or_reason(sat.mean, "ไม่มีผู้ให้คะแนนในช่วงนี้")),
        ("ความพึงพอใจ (%) = คะแนนเฉลี่ย / 5 × 100", _or_reason(sat.percent, "ไม่มีผู้ให้คะแนนในช่วงนี้")),
        ("สัดส่วนคะแนน 4–5 (%)", _or_reason(sat.share_4_or_5, "ไม่มีผู้ให้คะแนนในช่วงนี้")),
    ]
    summary += [(f"จำนวนคะแนน {k}", v) for k, v in sat.distribution.items()]
    summary.append(("ข้อความทดลองจากเครื่องจำลอง (แยกไว้ ไม่นับในตัวชี้วัด)", c.trial))
    tables = [Table("สรุป", ("ตัวชี้วัด", "ค่า"), summary)]
    if baseline is not None:
        red = reduction(session, baseline, (start, end))
        headers = (
            "ช่องทาง",
            f"ก่อนมีบอท ({thai_date(baseline[0])} – {thai_date(baseline[1])}, {red.total.before_days} วัน)",
            f"หลังมีบอท: ยังต้องใช้เจ้าหน้าที่ ({red.total.after_days} วัน)",
            "หลังมีบอท: บอทได้รับทั้งหมด",
            "ลดลง (%)",
            "ก่อน: ต่อวัน",
            "หลัง: ต่อวัน",
            "ลดลงเมื่อเทียบต่อวัน (%)",
        )
        table: list[tuple[object, ...]] = [
            (
                r.channel,
                r.before,
                r.after_needing_person,
                r.after_bot_total,
                _or_reason(r.percent, r.reason.th if r.reason else None),
                r.before_per_day if r.before_per_day is not None else "-",
                r.after_per_day if r.after_per_day is not None else "-",
                _or_reason(r.per_day_percent, r.reason.th if r.reason else None),
            )
            for r in [*red.rows, red.total]
        ]
        table += [("หมายเหตุ", note.th) for note in red.notes]
        tables.append(Table("การลดลงของคำถาม", headers, table))
    for period in PERIODS:
        tables.append(Table(PERIOD_SHEETS[period], COUNT_HEADERS, _count_rows(c.by_period[period].values())))
    tables.append(Table("รายเรื่อง", COUNT_HEADERS, _count_rows(sorted(c.by_procedure.values(), key=lambda r: -r.total))))
    tables.append(Table("รายฝ่าย", COUNT_HEADERS, _count_rows(sorted(c.by_department.values(), key=lambda r: -r.total))))
    tables.append(Table("ผลการตอบ", COUNT_HEADERS, _count_rows(c.by_decision.values())))
    tables.append(Table("ช่องทาง", COUNT_HEADERS, _count_rows(c.by_channel.values())))
    tables.append(Table("ภาษา", COUNT_HEADERS, _count_rows(c.by_lang.values())))
    tables.append(Table("กติกาการนับ", ("ตัวชี้วัด", "นับอย่างไร"), list(RULES)))
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
    include_trial: bool = False,
) -> int:
    """Write an export to ``out``; returns the number of data rows written. Trial inquiries (the simulator) are in
    an inquiries export only with ``include_trial``, labelled; never in a figures export."""
    fmt = check_format(fmt)
    check_range(start, end)  # validates the range before anything is written
    written = 0
    if what == "inquiries":

        def counted() -> Iterator[tuple[object, ...]]:
            nonlocal written
            for row in inquiry_rows(session, start, end, include_trial):
                written += 1
                yield row

        if fmt == "csv":
            writer = csv.writer(_Utf8Bom(out))
            writer.writerow(INQUIRY_HEADERS)
            writer.writerows(counted())
            return written
        book = Workbook(write_only=True)
        _xlsx_sheet(book, "คำถาม", INQUIRY_HEADERS, counted())
        book.save(out)
        return written
    if what != "figures":
        raise ExportError(f"unknown export {what!r}: use inquiries or figures")
    tables = figure_tables(session, start, end, baseline)
    if fmt == "csv":
        writer = csv.writer(_Utf8Bom(out))
        for i, t in enumerate(tables):
            if i:
                writer.writerow(())
            writer.writerow((f"## {t.title}",))
            writer.writerow(t.headers)
            writer.writerows(t.rows)
            written += len(t.rows)
        return written
    book = Workbook(write_only=True)
    for t in tables:
        _xlsx_sheet(book, t.title, t.headers, t.rows)
        written += len(t.rows)
    book.save(out)
    return written
