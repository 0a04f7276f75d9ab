"""The staff admin over real HTTP, on SQLite and PostgreSQL: sign-in, sessions, CSRF, roles, escaping, headers,
and the changes staff make reaching the bot."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from admin.accounts import create_user
from core.db import transaction
from core.models import AuditEntry, Inquiry
from tests.bot.conftest import Running
from tests.bot.servers import text_event, wait_for

pytestmark = pytest.mark.slow  # real servers or processes

PASSWORD = "correct horse battery"
GET_PAGES = [
    "/admin",
    "/admin/procedures",
    "/admin/procedures/new",
    "/admin/procedures/birth-registration",
    "/admin/links",
    "/admin/links/download.xlsx",
    "/admin/unanswered",
    "/admin/vocabulary",
    "/admin/figures",
    "/admin/figures/export?what=figures&format=csv",
    "/admin/settings",
    "/admin/accounts",
    "/admin/audit",
    "/admin/charts/daily.svg",
    "/admin/charts/top.svg",
]
POST_PAGES = [
    "/admin/logout",
    "/admin/procedures/new",
    "/admin/procedures/birth-registration",
    "/admin/procedures/birth-registration/active",
    "/admin/links/upload",
    "/admin/links/upload/1/confirm",
    "/admin/links/check",
    "/admin/unanswered",
    "/admin/vocabulary",
    "/admin/vocabulary/1",
    "/admin/baselines",
    "/admin/baselines/1/delete",
    "/admin/settings",
    "/admin/accounts",
    "/admin/accounts/1",
]


@pytest.fixture
def staffed(paru: Running) -> Running:
    """The running Paru with an admin (somchai) and an editor (malee)."""
    with transaction(paru.runtime.store.sessions) as session:
        create_user(session, "somchai", PASSWORD, "admin")
        create_user(session, "malee", PASSWORD, "editor")
    return paru


def sign_in(paru: Running, username: str = "somchai", password: str = PASSWORD) -> httpx.Client:
    client = httpx.Client(base_url=paru.url, timeout=20)
    form = client.get("/admin/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    response = client.post(
        "/admin/login",
        data={"csrf_token": token.group(1), "username": username, "password": password, "next": "/admin"},
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin", response.text
    return client


def csrf(client: httpx.Client, path: str = "/admin/procedures") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def audit_count(paru: Running) -> int:
    with paru.runtime.store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_a_logged_out_visitor_is_sent_to_the_login_page_from_every_admin_url(staffed: Running) -> None:
    """Every admin page, read or write, sends a visitor without a session to the login page, and changes nothing."""
    client = httpx.Client(base_url=staffed.url, timeout=20)
    for path in GET_PAGES:
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/admin/login?next=/admin"), path
    for path in POST_PAGES:
        response = client.post(path, data={"csrf_token": "x"})
        assert response.status_code == 303 and response.headers["location"].startswith("/admin/login"), path
    assert audit_count(staffed) == 0


def test_the_admin_pages_name_their_icon_and_it_is_served(staffed: Running) -> None:
    """The admin's pages name an icon of their own (else a browser asks for /favicon.ico and logs a 404)."""
    page = httpx.get(staffed.url + "/admin/login", timeout=20).text
    assert '<link rel="icon" href="/admin/static/icon.svg" type="image/svg+xml">' in page
    icon = httpx.get(staffed.url + "/admin/static/icon.svg", timeout=20)
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")


def test_sign_in_sessions_and_sign_out(staffed: Running) -> None:
    """The same answer for a wrong user and a wrong password; a session cookie that is HttpOnly and SameSite=Lax;
    signing out ends the session on the server (the old cookie no longer works)."""
    client = httpx.Client(base_url=staffed.url, timeout=20)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin/login").text).group(1)  # type: ignore[union-attr]
    wrong_user = client.post("/admin/login", data={"csrf_token": token, "username": "nobody", "password": PASSWORD})
    wrong_password = client.post(
        "/admin/login", data={"csrf_token": token, "username": "somchai", "password": "nope nope nope"}
    )
    assert wrong_user.status_code == wrong_password.status_code == 401
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in wrong_user.text and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in wrong_password.text
    no_token = httpx.post(staffed.url + "/admin/login", data={"username": "somchai", "password": PASSWORD})
    assert no_token.status_code == 403

    signed = sign_in(staffed)
    cookie = next(c for c in signed.cookies.jar if c.name == "paru_admin")
    assert cookie.path == "/admin" and cookie.has_nonstandard_attr("HttpOnly")
    raw = [h for h in signed.get("/admin/login").headers.get_list("set-cookie")]  # the login page sets its own
    assert all("paru_admin=" not in h for h in raw)
    assert signed.get("/admin").status_code == 200
    stolen = cookie.value
    assert signed.post("/admin/logout", data={"csrf_token": csrf(signed)}).status_code == 303
    replay = httpx.get(staffed.url + "/admin", cookies={"paru_admin": stolen}, timeout=20)
    assert replay.status_code == 303 and replay.headers["location"].startswith("/admin/login")


def test_failed_logins_are_slowed(staffed: Running) -> None:
    """After repeated failures even the right password must wait, with no hint whether the account exists."""
    client = httpx.Client(base_url=staffed.url, timeout=20)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin/login").text).group(1)  # type: ignore[union-attr]
    for _ in range(5):
        client.post("/admin/login", data={"csrf_token": token, "username": "somchai", "password": "wrong password"})
    response = client.post("/admin/login", data={"csrf_token": token, "username": "somchai", "password": PASSWORD})
    assert response.status_code == 429 and "ลองใหม่ในอีก" in response.text


def test_every_change_needs_its_csrf_token(staffed: Running) -> None:
    """A post without the session's CSRF token (or with another's) gets 403 and changes nothing."""
    client = sign_in(staffed)
    before = audit_count(staffed)
    for token in (None, "forged-token"):
        data = {
            "clip_url": "https://www.tiktok.com/@bangnadistrictoffice/video/1",
            "title_th": "x",
            "department_th": "y",
        }
        if token:
            data["csrf_token"] = token
        response = client.post("/admin/procedures/birth-registration", data=data)
        assert response.status_code == 403 and "ไม่ได้บันทึกอะไร" in response.text
    assert audit_count(staffed) == before
    assert "tiktok.com/@bangnadistrictoffice/video/1" not in client.get("/admin/procedures/birth-registration").text


def test_an_editor_cannot_reach_accounts_settings_or_the_audit_log(staffed: Running) -> None:
    """Editors work on the catalogue, vocabulary, queue and figures; accounts, settings and the audit log are for
    admins only."""
    editor = sign_in(staffed, "malee")
    for path in ("/admin/accounts", "/admin/settings", "/admin/audit"):
        assert editor.get(path).status_code == 403, path
    token = csrf(editor)
    assert (
        editor.post("/admin/accounts", data={"csrf_token": token, "username": "x", "password": PASSWORD}).status_code
        == 403
    )
    for path in ("/admin", "/admin/procedures", "/admin/unanswered", "/admin/vocabulary", "/admin/figures"):
        assert editor.get(path).status_code == 200, path
    admin = sign_in(staffed)
    for path in ("/admin/accounts", "/admin/settings", "/admin/audit"):
        assert admin.get(path).status_code == 200, path


def test_security_headers_and_nothing_typed_is_rendered_as_html(staffed: Running) -> None:
    """A strict CSP without inline script, no framing, no referrer; an alias holding <script> is shown as text."""
    client = sign_in(staffed)
    data = {
        n: "" for n in ("title_en", "department_en", "documents_th", "fee_th", "duration_th", "clip_url", "manual_url")
    }
    data.update(
        csrf_token=csrf(client),
        title_th="การแจ้งเกิด",
        department_th="ฝ่ายทะเบียน",
        aliases_th='แจ้งเกิด\n<script>alert("x")</script>\n<img src=x onerror=alert(1)>',
    )
    assert client.post("/admin/procedures/birth-registration", data=data).status_code == 303
    page = client.get("/admin/procedures/birth-registration")
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY" and page.headers["referrer-policy"] == "no-referrer"
    assert re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", page.text) is None  # no inline script


def test_a_new_clip_link_reaches_the_bot_and_the_audit_log(staffed: Running) -> None:
    """An editor sets a clip link; the next answer on LINE carries it; the audit log says who changed what."""
    client = sign_in(staffed, "malee")
    link = "https://www.tiktok.com/@bangnadistrictoffice/video/7300000000000000001"
    form = client.get("/admin/procedures/death-registration").text
    values = dict(re.findall(r'<input name="([a-z_]+)" value="([^"]*)"', form))
    values.update(csrf_token=csrf(client), clip_url=link, aliases_th="แจ้งตาย", documents_th="หนังสือรับรองการตาย")
    refused = client.post("/admin/procedures/death-registration", data={**values, "clip_url": "http://evil.example/x"})
    assert refused.status_code == 400 and "https://" in refused.text
    assert client.post("/admin/procedures/death-registration", data=values).status_code == 303

    def answered_with_link() -> bool:
        ev = text_event("แจ้งตายต้องใช้อะไรบ้าง")
        staffed.line.send(ev)
        reply = wait_for(lambda: staffed.fake.replies_for(ev["replyToken"]))
        return link in str(reply)

    assert wait_for(answered_with_link, timeout=15)
    admin = sign_in(staffed)
    log = admin.get("/admin/audit?action=procedure.edit").text
    assert "malee" in log and "death-registration" in log and "7300000000000000001" in log


def test_teaching_an_unanswered_question_answers_the_next_one(staffed: Running) -> None:
    """A question the bot could not place reaches the queue; staff teach it as a procedure's phrasing; the same
    question is then answered with that procedure and leaves the queue."""
    question = "ขอสมุดปกน้ำเงินตึกใหม่"
    for _ in range(2):
        ev = text_event(question)
        staffed.line.send(ev)
        wait_for(lambda ev=ev: staffed.fake.replies_for(ev["replyToken"]))
    client = sign_in(staffed)
    queue = client.get("/admin/unanswered").text
    assert question in queue
    response = client.post(
        "/admin/unanswered",
        data={
            "csrf_token": csrf(client),
            "text": question,
            "action": "taught",
            "procedure_id": "house-number-request",
            "count": "2",
        },
    )
    assert response.status_code == 303
    assert question not in client.get("/admin/unanswered").text

    def answered() -> bool:
        ev = text_event(question)
        staffed.line.send(ev)
        wait_for(lambda: staffed.fake.replies_for(ev["replyToken"]))
        with staffed.runtime.store.sessions() as session:
            row = session.scalars(select(Inquiry).order_by(Inquiry.id.desc())).first()
        return row is not None and row.procedure_id == "house-number-request" and row.decision == "answer"

    assert wait_for(answered, timeout=15)


def test_admin_edits_while_webhooks_pour_in_lose_nothing(staffed: Running) -> None:
    """Staff save the catalogue and the vocabulary while a burst of webhooks is stored (through the same writer on
    SQLite): every webhook is acknowledged and stored, every edit is saved."""
    client = sign_in(staffed)
    token = csrf(client)
    stop = threading.Event()
    statuses: list[int] = []

    def burst() -> None:
        with ThreadPoolExecutor(max_workers=8) as pool:
            while not stop.is_set():
                events = [text_event("บัตรประชาชนหาย", token=None) for _ in range(8)]
                statuses.extend(pool.map(lambda e: staffed.line.send(e).status_code, events))

    sender = threading.Thread(target=burst)
    sender.start()
    try:
        for i in range(6):
            response = client.post(
                "/admin/vocabulary",
                data={"csrf_token": token, "kind": "synonym", "term": "สมรส", "value": f"ทดสอบคำที่{i}"},
            )
            assert response.status_code == 303, response.text
            form = client.get("/admin/procedures/will-making").text
            values = dict(re.findall(r'<input name="([a-z_]+)" value="([^"]*)"', form))
            values.update(
                csrf_token=token, fee_th=f"ค่าธรรมเนียม {i} บาท", aliases_th="ทำพินัยกรรม", documents_th="บัตรประชาชน"
            )
            assert client.post("/admin/procedures/will-making", data=values).status_code == 303
    finally:
        stop.set()
        sender.join()
    assert statuses and set(statuses) == {200}
    with staffed.runtime.store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Inquiry)) == len(statuses)
    assert "ค่าธรรมเนียม 5 บาท" in client.get("/admin/procedures/will-making").text
    assert "ทดสอบคำที่5" in client.get("/admin/vocabulary?q=ทดสอบคำที่5").text


def test_charts_and_downloads(staffed: Running) -> None:
    """The dashboard's charts are SVG drawn by Paru; the figures download is the same workbook as `paru export`."""
    client = sign_in(staffed)
    svg = client.get("/admin/charts/daily.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.lstrip().startswith("<?xml")
    assert "script-src" not in svg.headers["content-security-policy"]
    xlsx = client.get("/admin/figures/export?what=figures&format=xlsx&from=1/10/2569&to=2/12/2569")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "attachment" in xlsx.headers["content-disposition"]
    assert client.get("/admin/figures/export?what=nonsense&format=pdf").status_code == 400


def test_adding_and_retiring_procedures_never_reuses_an_id(staffed: Running) -> None:
    """A new procedure is added and edited; retired, it is no longer offered; its id cannot be taken again."""
    client = sign_in(staffed)
    token = csrf(client)
    new = {
        "csrf_token": token,
        "id": "pet-registration",
        "title_th": "การขึ้นทะเบียนสุนัขและแมว",
        "department_th": "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล",
    }
    response = client.post("/admin/procedures/new", data=new)
    assert response.status_code == 303 and response.headers["location"] == "/admin/procedures/pet-registration?ok=added"
    assert "การขึ้นทะเบียนสุนัขและแมว" in client.get("/admin/procedures?q=สุนัข").text
    retired = client.post("/admin/procedures/pet-registration/active", data={"csrf_token": token, "active": "0"})
    assert retired.status_code == 303
    assert "การขึ้นทะเบียนสุนัขและแมว" not in client.get("/admin/procedures?q=สุนัข").text
    assert "การขึ้นทะเบียนสุนัขและแมว" in client.get("/admin/procedures?q=สุนัข&retired=1").text
    again = client.post("/admin/procedures/new", data=new)
    assert again.status_code == 400 and "นำกลับมาใช้ใหม่ไม่ได้" in again.text
    bad = client.post("/admin/procedures/new", data={**new, "id": "Bad Id!"})
    assert bad.status_code == 400


def test_office_settings_reach_the_bot_at_once(staffed: Running) -> None:
    """An admin changes the greeting, the phone and the address; the next follow gets the new welcome and "where is
    the office?" the new address, no restart. A refused form comes back with everything as typed and says, in Thai,
    which field to mend."""
    client = sign_in(staffed)
    form = client.get("/admin/settings").text
    values = dict(re.findall(r'<input name="([a-z_]+)" value="([^"]*)"', form))
    values.update(
        csrf_token=csrf(client, "/admin/settings"),
        phone="02 999 8888",
        greeting="ยินดีต้อนรับสู่{office} ทดสอบข้อความต้อนรับใหม่",
        privacy_notice="เก็บข้อความ {days} วัน ติดต่อ {contact}",
        privacy_notice_en="Messages kept {days} days; {contact}",
        address="เลขที่ 9 ถนนทดสอบ แขวงบางนาใต้",
    )
    assert client.post("/admin/settings", data=values).status_code == 303
    refused = client.post("/admin/settings", data={**values, "retention_days": "0"})
    assert refused.status_code == 400 and "1 ถึง 3650" in refused.text
    assert "Messages kept {days} days; {contact}" in refused.text and "ถนนทดสอบ" in refused.text
    assert (
        client.post("/admin/settings", data={**values, "retention_days": "²"}).status_code == 400
    )  # a digit, no number
    empty = client.post("/admin/settings", data={**values, "address_en": " "})
    assert empty.status_code == 400 and "ที่ตั้งสำนักงาน (อังกฤษ) ต้องไม่ว่าง" in empty.text

    def welcomed() -> bool:
        from tests.bot.servers import event

        follow = event("follow", follow={"isUnblocked": False})
        staffed.line.send(follow)
        reply = str(wait_for(lambda: staffed.fake.replies_for(follow["replyToken"])))
        return "ทดสอบข้อความต้อนรับใหม่" in reply and "02 999 8888" in reply

    assert wait_for(welcomed, timeout=15)
    where = text_event("สำนักงานเขตบางนาอยู่ที่ไหนคะ")
    staffed.line.send(where)
    reply = str(wait_for(lambda: staffed.fake.replies_for(where["replyToken"])))
    assert "เลขที่ 9 ถนนทดสอบ แขวงบางนาใต้" in reply and "02 999 8888" in reply


def test_baselines_and_figures_in_the_admin(staffed: Running) -> None:
    """Office counts are entered with Buddhist-era dates (an overlap refused); the figures page gives the reduction
    or says why it cannot."""
    client = sign_in(staffed)
    token = csrf(client, "/admin/figures")
    add = {
        "csrf_token": token,
        "channel": "line",
        "start": "1/10/2567",
        "end": "30/9/2568",
        "count": "400",
        "note": "นับมือ",
    }
    assert client.post("/admin/baselines", data=add).status_code == 303
    overlap = client.post("/admin/baselines", data={**add, "start": "1/1/2568"})
    assert overlap.status_code == 400 and "overlaps" in overlap.text
    page = client.get("/admin/figures?from=1/10/2568&to=30/11/2569&baseline_from=1/10/2567&baseline_to=30/9/2568").text
    assert "400" in page and "คำนวณไม่ได้" in page  # no LINE inquiry after: a reason, never "100% fewer"
    ev = text_event("ขอคุยกับเจ้าหน้าที่หน่อย")
    staffed.line.send(ev)
    wait_for(lambda: staffed.fake.replies_for(ev["replyToken"]))
