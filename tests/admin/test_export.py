"""Exports for managers: CSV that Excel opens in Thai, XLSX with a sheet per figure, never a LINE user id."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from admin.export import ExportError, write_export
from core.db import Store, transaction
from core.inquiries import add_office_count, record_inquiry, user_key
from tests.helpers import bangkok, new, rate, store_inquiry

RAW_USER = "U4af4980629d0a5a5d8e85d1b2c0a5cbb"
DAY = dt.date(2024, 3, 1)


def fill(db: Store) -> None:
    with transaction(db.sessions) as session:
        inquiry_id = record_inquiry(
            session,
            new(
                'บัตรประชาชนหาย, ทำใหม่ "ยังไง"',
                ids=("id-card-lost-destroyed",),
                received_at=bangkok(2024, 3, 1, 13, 5),
                user=user_key(b"secret", RAW_USER),
            ),
        )
        assert inquiry_id is not None
        rate(session, inquiry_id, 5, bangkok(2024, 3, 1, 13, 6))
        store_inquiry(session, bangkok(2024, 3, 1, 14), decision="none", intent="other_agency", text="ต่อพาสปอร์ต")
        add_office_count(session, "line", dt.date(2023, 3, 1), dt.date(2023, 3, 31), 10, channels=("line",))


def test_inquiries_csv_has_a_bom_and_thai_headers(db: Store) -> None:
    """UTF-8 with a byte-order mark, Thai headers, Thai dates, texts quoted safely, no raw user id."""
    fill(db)
    out = io.BytesIO()
    with db.sessions() as session:
        assert write_export(session, "inquiries", "csv", DAY, DAY, out) == 2
    raw = out.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert RAW_USER.encode() not in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["เลขที่", "วันเวลา (ไทย)", "วันเวลา (ISO, เวลากรุงเทพ)"]
    assert rows[1][1] == "1 มี.ค. 2567 13:05"
    assert rows[1][2] == "2024-03-01T13:05:00"
    assert rows[1][6] == 'บัตรประชาชนหาย, ทำใหม่ "ยังไง"'
    assert rows[1][10] == "การขอมีบัตรประจำตัวประชาชนใหม่ กรณีบัตรหายหรือถูกทำลาย"
    assert rows[1][13] == "5"
    assert rows[2][7] == "ไม่มีคลิป"


def test_inquiries_xlsx(db: Store) -> None:
    """The same rows in an Excel workbook."""
    fill(db)
    out = io.BytesIO()
    with db.sessions() as session:
        write_export(session, "inquiries", "xlsx", DAY, DAY, out)
    book = load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    rows = list(book["คำถาม"].iter_rows(values_only=True))
    assert rows[0][0] == "เลขที่"
    assert len(rows) == 3
    assert all(RAW_USER not in str(cell) for row in rows for cell in row)


def test_figures_xlsx_has_a_sheet_per_figure(db: Store) -> None:
    """Summary, reduction, each period, procedure, department, decision and channel."""
    fill(db)
    out = io.BytesIO()
    with db.sessions() as session:
        write_export(session, "figures", "xlsx", DAY, DAY, out, baseline=(dt.date(2023, 3, 1), dt.date(2023, 3, 31)))
    book = load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    assert book.sheetnames == [
        "สรุป",
        "การลดลงของคำถาม",
        "รายวัน",
        "รายสัปดาห์",
        "รายเดือน",
        "รายปีงบประมาณ",
        "รายเรื่อง",
        "รายฝ่าย",
        "ผลการตอบ",
        "ช่องทาง",
        "ภาษา",
        "กติกาการนับ",
    ]
    summary = dict(book["สรุป"].iter_rows(min_row=2, values_only=True))
    assert summary["คำถามจากประชาชนที่บอทได้รับ"] == 2
    assert summary["จำนวนคะแนนความพึงพอใจที่ได้รับ (ครั้ง)"] == 1
    assert summary["ความพึงพอใจ (%) = คะแนนเฉลี่ย / 5 × 100"] == 100.0
    reduction_rows = list(book["การลดลงของคำถาม"].iter_rows(min_row=2, values_only=True))
    total = next(r for r in reduction_rows if r[0] == "รวม")
    assert total[:3] == ("รวม", 10, 1)
    assert total[4] == 90.0
    assert total[5:8] == (0.32, 1.0, -210.0)  # 10 in 31 days against 1 in 1 day: per day, no reduction at all
    notes = [r[1] for r in reduction_rows if r[0] == "หมายเหตุ"]
    assert notes == ["สองช่วงยาวไม่เท่ากัน (ก่อน 31 วัน หลัง 1 วัน) ควรเทียบอัตราต่อวันประกอบ"]


def test_figures_csv(db: Store) -> None:
    """All figures in one CSV, one titled section per figure."""
    fill(db)
    out = io.BytesIO()
    with db.sessions() as session:
        write_export(session, "figures", "csv", DAY, DAY, out)
    text = out.getvalue().decode("utf-8-sig")
    assert "## สรุป" in text and "## รายปีงบประมาณ" in text
    assert "ปีงบประมาณ 2567" in text


def test_bad_export_requests_write_nothing(db: Store) -> None:
    """An unknown format or a reversed range fails before a byte is written."""
    for fmt, lo, hi in (("pdf", DAY, DAY), ("csv", DAY, DAY - dt.timedelta(days=1))):
        out = io.BytesIO()
        with db.sessions() as session, pytest.raises(ValueError):
            write_export(session, "inquiries", fmt, lo, hi, out)
        assert out.getvalue() == b""
    with pytest.raises(ExportError):
        write_export(None, "inquiries", "docx", DAY, DAY, io.BytesIO())  # type: ignore[arg-type]


def test_trial_inquiries_are_left_out_or_labelled(db: Store) -> None:
    """The simulator's trial inquiries are in no figures export; an inquiries export adds them only when asked,
    labelled as trial traffic."""
    fill(db)
    with transaction(db.sessions) as session:
        trial = store_inquiry(session, bangkok(2024, 3, 1, 15), channel="simulator", text="ทดสอบ")
        rate(session, trial, 1, bangkok(2024, 3, 1, 15, 1))
    out = io.BytesIO()
    with db.sessions() as session:
        assert write_export(session, "inquiries", "csv", DAY, DAY, out) == 2
        labelled = io.BytesIO()
        assert write_export(session, "inquiries", "csv", DAY, DAY, labelled, include_trial=True) == 3
        figures = io.BytesIO()
        write_export(session, "figures", "xlsx", DAY, DAY, figures)
    assert "ทดสอบ" not in out.getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(labelled.getvalue().decode("utf-8-sig"))))
    assert rows[3][3] == "simulator (ทดลองจากเครื่องจำลอง (ไม่นับในตัวชี้วัด))"
    summary = dict(load_workbook(io.BytesIO(figures.getvalue()), read_only=True)["สรุป"].iter_rows(values_only=True))
    assert summary["คำถามจากประชาชนที่บอทได้รับ"] == 2
    assert summary["ความพึงพอใจ (%) = คะแนนเฉลี่ย / 5 × 100"] == 100.0
    assert summary["ข้อความทดลองจากเครื่องจำลอง (แยกไว้ ไม่นับในตัวชี้วัด)"] == 1
