"""The simulator, in a real browser: Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from core.models import Inquiry
from core.settings import Settings
from paru.app import create_app
from tests.bot.servers import ServerThread, free_port, wait_for
from tests.browser import browser_page

pytestmark = pytest.mark.slow  # real servers or processes


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, object]]:
    """Paru on its embedded defaults: no LINE credentials, SQLite, the built-in fake LINE API."""
    port = free_port()
    settings = Settings(PARU_DATA_DIR=tmp_path / "data", PARU_SELF_URL=f"http://127.0.0.1:{port}")
    app = create_app(settings)
    with ServerThread(app, port) as server:
        yield server.url, app


@pytest.fixture
def page() -> Iterator[object]:
    with browser_page() as p:
        yield p


def ask(page, url: str, message: str) -> None:  # type: ignore[no-untyped-def]
    """Open a fresh simulator and send ``message`` as a citizen would."""
    page.goto(url + "/simulator")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#message", message)
    page.click("#send")


def test_demo_mode_serves_the_simulator(demo: tuple[str, object]) -> None:
    """With no LINE credentials, / leads to the simulator and health reports demo mode."""
    url, _ = demo
    assert httpx.get(url + "/healthz").json()["mode"] == "demo"
    response = httpx.get(url + "/", follow_redirects=True)
    assert response.status_code == 200 and "ทดลองแชต" in response.text


def test_the_simulator_asks_for_nothing_it_is_not_served(demo: tuple[str, object], page) -> None:  # type: ignore[no-untyped-def]
    """Every resource the page asks for is served, its icon too (without one a browser asks for /favicon.ico and
    logs the 404), and the console stays free of errors through a question and its clip."""
    url, _ = demo
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
    ask(page, url, "แจ้งเกิด")
    page.wait_for_selector("button[data-uri]")
    icon = page.evaluate("document.querySelector('link[rel=icon]').href")
    assert icon.endswith("/static/icon.svg") and httpx.get(icon).status_code == 200
    assert failed == []


def test_question_clip_and_quick_reply_in_the_browser(demo: tuple[str, object], page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Type a question, see the clip bubble with its link, tap "yes", tap a rating quick reply; all stored."""
    url, app = demo
    ask(page, url, "บัตรประชาชนหายต้องทำยังไง")
    clip = page.wait_for_selector("button[data-uri]")
    assert clip.inner_text() == "ดูคลิป"
    assert clip.get_attribute("data-uri") == "https://www.tiktok.com/@bangnadistrictoffice"
    assert "การขอมีบัตรประจำตัวประชาชนใหม่ กรณีบัตรหายหรือถูกทำลาย" in page.inner_text("#log")
    page.click("text=ใช่ ตรง")
    chip = page.wait_for_selector(".chip >> text=⭐ 5 พอใจมาก")
    page.screenshot(path=str(Path(os.environ.get("PARU_SCREENSHOTS", tmp_path)) / "simulator.png"))
    chip.click()
    page.wait_for_selector("text=ขอบคุณสำหรับคะแนนค่ะ")
    store = app.state.bot.store  # type: ignore[attr-defined]

    def rated() -> bool:
        with store.sessions() as session:
            row = session.scalars(select(Inquiry)).one()
            return row.channel == "simulator" and any(f.rating == 5 for f in row.followups)

    assert wait_for(rated)


def test_english_and_another_agency_in_the_browser(demo: tuple[str, object], page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A question in English gets the English bubble; a question about passports names the agency and its phone."""
    url, _ = demo
    shots = Path(os.environ.get("PARU_SCREENSHOTS", tmp_path))
    ask(page, url, "I lost my ID card, what do I need to bring?")
    clip = page.wait_for_selector("button[data-uri]")
    assert clip.inner_text() == "Watch the clip"
    assert "What to bring" in page.inner_text("#log")
    page.screenshot(path=str(shots / "simulator-english.png"))
    ask(page, url, "ทำพาสปอร์ตเล่มแรกที่เขตได้ไหมคะ")
    page.wait_for_selector("text=กรมการกงสุล")
    assert "02 572 8442" in page.inner_text("#log")
    page.screenshot(path=str(shots / "simulator-agency.png"))


def test_a_question_about_why_in_the_browser(demo: tuple[str, object], page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Why something is so: the office's contact first, then the related procedure to pick, never one bare clip."""
    url, _ = demo
    ask(page, url, "ทำไมจดทะเบียนสมรสต้องมีพยานสองคนคะ")
    page.wait_for_selector("text=ใช่เรื่องนี้")
    page.wait_for_selector("button:has-text('ใช่เรื่องนี้')")
    log = page.inner_text("#log")
    assert "เรื่องเหตุผลหรือความหมาย" in log and "การจดทะเบียนสมรส" in log
    assert log.index("เรื่องเหตุผลหรือความหมาย") < log.index("การจดทะเบียนสมรส")
    assert "ตรงกับที่ถามไหม" not in log  # no confident clip asking for a verdict
    page.screenshot(path=str(Path(os.environ.get("PARU_SCREENSHOTS", tmp_path)) / "simulator-explanation.png"))


def test_sections_from_a_greeting(demo: tuple[str, object], page) -> None:  # type: ignore[no-untyped-def]
    """A greeting brings section chips; tapping one shows that section's procedures as cards."""
    url, _ = demo
    ask(page, url, "สวัสดีค่ะ")
    page.wait_for_selector(".chip >> text=ทะเบียน").click()
    page.wait_for_selector(".carousel .bubble")
    assert page.locator(".carousel .bubble").count() == 22


def test_plain_javascript_signing_matches_pythons_hmac(demo: tuple[str, object], page) -> None:  # type: ignore[no-untyped-def]
    """The page's own HMAC-SHA256 (used where a browser hides Web Crypto) signs exactly as LINE and Python do, and a
    question signed that way is accepted and answered."""
    url, app = demo
    page.goto(url + "/simulator")
    page.wait_for_selector("body[data-ready=true]")
    secret = app.state.bot.channel_secret  # type: ignore[attr-defined]
    for body in ("", "{}", "ทดสอบ ภาษาไทย 🙂" * 50, "x" * 1000):
        signed = page.evaluate("(b) => { window.paruPlainSigning = true; return sign(b); }", body)
        expected = base64.b64encode(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()).decode()
        assert signed == expected
    page.fill("#message", "แจ้งเกิด")
    page.click("#send")
    page.wait_for_selector("button[data-uri]")
