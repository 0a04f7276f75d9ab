"""The staff admin in a real browser (Playwright driving Debian's Chromium), against Paru in LINE mode with a fake
LINE API: what a district officer does each week, end to end. Screenshots go to $PARU_SCREENSHOTS when it is set
(that is how the README's pictures are made)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from admin.accounts import create_user
from core.db import transaction
from core.models import Inquiry
from tests.bot.conftest import Running
from tests.bot.servers import text_event, wait_for
from tests.browser import browser_page

pytestmark = pytest.mark.slow  # real servers and a real browser

PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """The browser tests run on SQLite (the web tests cover both databases)."""
    return str(request.param)


@pytest.fixture
def office(paru: Running) -> Running:
    with transaction(paru.runtime.store.sessions) as session:
        create_user(session, "somchai", PASSWORD, "admin")
        create_user(session, "malee", PASSWORD, "editor")
    return paru


@pytest.fixture
def page() -> Iterator[Any]:
    with browser_page(1280, 900) as p:
        yield p


def shoot(page: Any, name: str) -> None:
    """Screenshots at a phone's width and a desktop's, when $PARU_SCREENSHOTS names a folder."""
    folder = os.environ.get("PARU_SCREENSHOTS")
    if not folder:
        return
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in(paru: Running, page: Any, username: str = "somchai") -> None:
    page.goto(paru.url + "/admin")
    assert "/admin/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(paru.url + "/admin")


def ask(paru: Running, question: str) -> Any:
    ev = text_event(question)
    assert paru.line.send(ev).status_code == 200
    return wait_for(lambda: paru.fake.replies_for(ev["replyToken"]))[0]["messages"]


def test_a_clip_link_changed_in_the_browser_reaches_the_citizen(office: Running, page: Any) -> None:
    """Log in, open a procedure, set its clip link (a refused link says why), save: the bot's next answer to a
    matching question carries the new link; the preview shows the bubble as LINE would."""
    questions = ["แจ้งเกิดลูกใช้เอกสารอะไร", "บัตรประชาชนหายทำยังไง", "จดทะเบียนสมรสต้องใช้อะไร", "ย้ายทะเบียนบ้านเข้าคอนโด"]
    questions += ["จ่ายภาษีป้ายที่ไหน", "ขอใบอนุญาตขายอาหาร", "ขยะไม่มาเก็บสามวันแล้ว", "แจ้งตายต้องทำอย่างไร"]
    for i, question in enumerate(questions * 3):  # some traffic for the dashboard
        ask(office, question if i % 5 else question + " ครับ")
    log_in(office, page)
    assert "ภาพรวม" in page.inner_text("h1")
    page.wait_for_selector("img[src='/admin/charts/daily.svg']")
    shoot(page, "dashboard")
    page.click("text=เรื่องและคลิป")
    page.fill("input[name=q]", "แจ้งเกิด")
    page.click("button:has-text('กรอง')")
    page.click("a:has-text('การแจ้งเกิด')")
    page.wait_for_selector("#preview .bubble")  # the simulator's own renderer drew the bubble
    assert "ดูคลิป" in page.inner_text("#preview")
    page.fill("input[name=clip_url]", "http://example.com/not-ours")
    page.click("button:has-text('บันทึก')")
    assert "https://" in page.inner_text(".error")
    link = "https://www.tiktok.com/@bangnadistrictoffice/video/7311111111111111111"
    page.fill("input[name=clip_url]", link)
    page.click("button:has-text('บันทึก')")
    page.wait_for_selector(".notice")
    assert page.get_attribute("#preview button[data-uri]", "data-uri") == link
    shoot(page, "procedure-edit")
    assert wait_for(lambda: link in str(ask(office, "แจ้งเกิดลูกใช้เอกสารอะไร")), timeout=15)


def test_teaching_from_the_unanswered_queue(office: Running, page: Any) -> None:
    """A question the bot could not place is in the queue with its best guesses; staff teach it; the next identical
    question is answered with that procedure."""
    question = "ขอสมุดปกน้ำเงินตึกใหม่"
    for _ in range(2):
        ask(office, question)
    ask(office, "อยากทำฟันฟรีที่ศูนย์สาธารณสุข")
    log_in(office, page)
    page.click("text=คำถามที่ยังตอบไม่ได้")
    item = page.locator(".queue-item", has_text=question)
    assert "2 ครั้ง" in item.inner_text()
    shoot(page, "unanswered")
    item.locator("input[name=other_procedure]").fill("house-number-request")
    item.locator("button[value=taught]").click()
    page.wait_for_selector(".notice")
    assert question not in page.inner_text("main")

    def answered() -> bool:
        ask(office, question)
        with office.runtime.store.sessions() as session:
            row = session.scalars(select(Inquiry).order_by(Inquiry.id.desc())).first()
        return row is not None and (row.decision, row.procedure_id) == ("answer", "house-number-request")

    assert wait_for(answered, timeout=15)


def test_bulk_links_with_one_bad_row(office: Running, page: Any, tmp_path: Path) -> None:
    """Download the catalogue, fill in two links (one refused), upload: the bad row is refused with its reason,
    the good one is applied once confirmed; the figures download opens in openpyxl."""
    log_in(office, page)
    page.goto(office.url + "/admin/links")
    with page.expect_download() as got:
        page.click("a:has-text('Excel (.xlsx)')")
    downloaded = tmp_path / "links.xlsx"
    got.value.save_as(downloaded)
    rows = list(load_workbook(downloaded).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "รหัสเรื่อง (id)" and len(rows) == 68
    book = Workbook()
    sheet = book.active
    sheet.append(rows[0])
    good = "https://www.facebook.com/BangNaDistrictOffice/videos/123"
    sheet.append(("death-registration", "การแจ้งตาย", good, ""))
    sheet.append(("will-making", "พินัยกรรม", "https://evil.example/clip", ""))
    upload = tmp_path / "filled.xlsx"
    book.save(upload)
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('อัปโหลดและดูตัวอย่าง')")
    assert "แถว 3" in page.inner_text("main") and "evil.example" in page.inner_text("main")
    page.click("button:has-text('ยืนยันบันทึก 1 รายการ')")
    page.wait_for_selector(".notice")
    page.goto(office.url + "/admin/procedures/death-registration")
    assert page.input_value("input[name=clip_url]") == good
    page.goto(office.url + "/admin/procedures/will-making")
    assert page.input_value("input[name=clip_url]") == ""
    page.goto(office.url + "/admin/figures")
    with page.expect_download() as got:
        page.click("a:has-text('ตัวชี้วัด (Excel)')")
    workbook = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()), read_only=True)
    assert "สรุป" in workbook.sheetnames and "กติกาการนับ" in workbook.sheetnames


def test_csrf_escaping_roles_and_logged_out_visitors(office: Running, page: Any) -> None:
    """A form whose CSRF token was removed is refused; an alias with <script> is shown as text and never runs; an
    editor cannot reach accounts or settings; a logged-out visitor is sent to the login page."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(office, page)
    page.goto(office.url + "/admin/procedures/will-making")
    page.fill("textarea[name=aliases_th]", 'ทำพินัยกรรม\n<script>alert("xss")</script>')
    page.click("button:has-text('บันทึก')")
    page.wait_for_selector(".notice")
    assert '<script>alert("xss")</script>' in page.input_value("textarea[name=aliases_th]")
    page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach((e) => e.remove())")
    page.fill("input[name=fee_th]", "ไม่ควรบันทึก")
    page.click("button:has-text('บันทึก')")
    assert "แบบฟอร์มนี้ใช้ไม่ได้" in page.inner_text("h1")
    page.goto(office.url + "/admin/procedures/will-making")
    assert page.input_value("input[name=fee_th]") != "ไม่ควรบันทึก"
    assert dialogs == []
    page.click("button:has-text('ออกจากระบบ')")
    page.wait_for_url("**/admin/login")
    for path in ("/admin", "/admin/procedures/will-making", "/admin/accounts", "/admin/figures"):
        page.goto(office.url + path)
        assert "/admin/login" in page.url and page.is_visible("input[name=password]")
    log_in(office, page, "malee")
    for path in ("/admin/accounts", "/admin/settings"):
        response = page.goto(office.url + path)
        assert response.status == 403 and "สำหรับผู้ดูแลระบบ" in page.inner_text("h1")
    assert page.locator("nav a:has-text('บัญชีผู้ใช้')").count() == 0
