"""Bad input and bad days: refused webhooks, LINE errors, retries, and nothing accepted is lost."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot.fake_line import Failure
from core.db import transaction
from core.inquiries import record_inquiry
from core.models import Inquiry
from core.settings import Settings
from paru.app import create_app
from paru.runtime import open_store
from tests.bot.conftest import Running
from tests.bot.servers import ServerThread, sign, text_event, wait_for
from tests.conftest import fresh_database_url
from tests.helpers import new

pytestmark = pytest.mark.slow  # real servers or processes


def stored(paru: Running) -> int:
    with paru.runtime.store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Inquiry)))


def status_of(paru: Running, token_text: str) -> Inquiry | None:
    with paru.runtime.store.sessions() as session:
        return session.scalars(select(Inquiry).where(Inquiry.text == token_text)).first()


@pytest.mark.parametrize(
    ("body", "signature", "status", "message"),
    [
        (b'{"destination":"U1","events":[]}', None, 400, "missing X-Line-Signature"),
        (b'{"destination":"U1","events":[]}', "bm90IGEgc2lnbmF0dXJl", 400, "invalid signature"),
        (b"this is not json", "auto", 400, "the body is not JSON"),
        (b'{"destination":"U1"}', "auto", 400, "the body has no list of events"),
        (
            b'{"destination":"U1","events":[{"type":"message","message":{"type":"text","id":"1","text":"x"}}]}',
            "auto",
            400,
            "not a LINE webhook Paru can store",
        ),
        (b"\xff\xfe\xfa", "auto", 400, "not UTF-8"),
    ],
)
def test_refused_webhooks_store_and_send_nothing(
    paru: Running, body: bytes, signature: str | None, status: int, message: str
) -> None:
    """No or wrong signature, not JSON, or rejected by the SDK's parser: 400 with a short message."""
    response = paru.line.post(body, signature=signature)
    assert response.status_code == status
    assert message in response.json()["message"]
    assert stored(paru) == 0
    assert paru.fake.replies == []


def test_signature_is_checked_on_the_raw_bytes(paru: Running) -> None:
    """A body re-serialised after signing (as a careless proxy would) is refused."""
    ev = text_event("แจ้งเกิด")
    original = json.dumps({"destination": "U1", "events": [ev]}, ensure_ascii=False).encode("utf-8")
    reserialised = json.dumps(json.loads(original), indent=2).encode("utf-8")
    assert paru.line.post(reserialised, signature=sign(paru.line.secret, original)).status_code == 400
    assert paru.line.post(original).status_code == 200


def test_verify_button_gets_200(paru: Running) -> None:
    """The console's Verify button sends no events: 200."""
    assert paru.line.post(b'{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}').status_code == 200


@pytest.mark.parametrize(
    "text",
    [
        "ก" * 5000,
        "😀🙏😀🙏",
        "\u200b\u200c\u200d",
        "แจ้ง\u200bเกิด\u200bลูก",
        "<script>alert(1)</script>",
    ],
    ids=["5000-chars", "emoji-only", "zero-width-only", "zero-width-inside", "html"],
)
def test_odd_texts_are_stored_and_answered(paru: Running, text: str) -> None:
    """Long, emoji-only, invisible or markup-looking texts: stored, answered politely, never a 500."""
    ev = text_event(text)
    assert paru.line.send(ev).status_code == 200
    reply = wait_for(lambda: paru.fake.replies_for(ev["replyToken"]))
    assert reply[0]["messages"]
    assert stored(paru) == 1


def test_one_megabyte_body_is_handled(paru: Running) -> None:
    """A 1 MB signed body (a text far beyond LINE's limit) is stored, cut to LINE's 5,000 characters."""
    ev = text_event("แจ้งตาย " + "ก" * 340_000)  # about 1 MB of UTF-8
    response = paru.line.send(ev)
    assert response.status_code == 200
    wait_for(lambda: stored(paru) == 1)
    with paru.runtime.store.sessions() as session:
        row = session.scalars(select(Inquiry)).one()
    assert row.text is not None and len(row.text) == 5000


def test_body_over_lines_limit_is_refused(paru: Running) -> None:
    """Over 2 MB, LINE's own limit: 413 with a message, nothing stored."""
    response = paru.line.send(text_event("ก" * 800_000))
    assert response.status_code == 413
    assert "2 MB" in response.json()["message"]
    assert stored(paru) == 0


def test_unknown_event_types_and_missing_reply_tokens(paru: Running) -> None:
    """An event type the SDK does not know is ignored; a message without a reply token is stored, not answered."""
    unknown = {
        "type": "somethingNew",
        "webhookEventId": "01HUNKNOWN0000000000000000",
        "deliveryContext": {"isRedelivery": False},
        "timestamp": 1,
        "mode": "active",
        "source": {"type": "user", "userId": "U" + "9" * 32},
    }
    no_token = text_event("แจ้งเกิด", token=None)
    assert paru.line.send(unknown, no_token).status_code == 200
    wait_for(lambda: stored(paru) == 1)
    assert paru.fake.replies == []


def test_reused_reply_token_is_recorded_as_failed(paru: Running) -> None:
    """LINE's 400 "Invalid reply token" is not retried; the inquiry stays stored and says the reply failed."""
    first = text_event("แจ้งเกิด")
    paru.line.send(first)
    wait_for(lambda: paru.fake.replies_for(first["replyToken"]))
    second = text_event("แจ้งตาย", token=first["replyToken"])
    paru.line.send(second)
    row = wait_for(lambda: (r := status_of(paru, "แจ้งตาย")) is not None and r.reply_status != "pending" and r)
    assert row.reply_status == "failed"
    assert "400" in (row.reply_error or "") and "Invalid reply token" in (row.reply_error or "")


def test_server_error_is_retried_once(paru: Running) -> None:
    """A LINE 500 gets one retry while the token is fresh; the second attempt delivers."""
    paru.fake.failures.append(Failure(500, {"message": "Internal server error"}))
    ev = text_event("ทำบัตรประชาชนครั้งแรก")
    paru.line.send(ev)
    row = wait_for(
        lambda: (r := status_of(paru, "ทำบัตรประชาชนครั้งแรก")) is not None and r.reply_status != "pending" and r
    )
    assert row.reply_status == "sent"
    assert len(paru.fake.replies_for(ev["replyToken"])) == 1


def test_two_server_errors_fail_but_keep_the_inquiry(paru: Running) -> None:
    """Two 500s: recorded as failed, inquiry kept."""
    paru.fake.failures.extend([Failure(500, {"message": "Internal server error"})] * 2)
    paru.line.send(text_event("จดทะเบียนหย่า"))
    row = wait_for(lambda: (r := status_of(paru, "จดทะเบียนหย่า")) is not None and r.reply_status != "pending" and r)
    assert row.reply_status == "failed" and row.reply_error and row.reply_error.startswith("500")


def test_rate_limit_is_not_retried(paru: Running) -> None:
    """429 Too Many Requests: recorded, not hammered."""
    paru.fake.failures.append(Failure(429, {"message": "The API rate limit has been exceeded. Try again later."}))
    paru.line.send(text_event("ภาษีป้าย"))
    row = wait_for(lambda: (r := status_of(paru, "ภาษีป้าย")) is not None and r.reply_status != "pending" and r)
    assert row.reply_status == "failed" and row.reply_error and row.reply_error.startswith("429")
    assert paru.fake.failures == type(paru.fake.failures)()


def test_slow_line_gets_loading_animation_and_timeout_retry(paru: Running) -> None:
    """LINE answering slowly: the loading animation is shown in a 1:1 chat, the timed-out reply is retried."""
    paru.fake.failures.append(Failure(200, {}, delay=3.0))  # longer than the 2 s client timeout
    ev = text_event("ขออนุญาตต่อเติมบ้าน")
    paru.line.send(ev)
    row = wait_for(
        lambda: (r := status_of(paru, "ขออนุญาตต่อเติมบ้าน")) is not None and r.reply_status != "pending" and r, timeout=15
    )
    assert row.reply_status == "sent"
    assert paru.fake.loading and paru.fake.loading[0]["loadingSeconds"] == 10
    assert paru.fake.loading[0]["chatId"] == ev["source"]["userId"]


def test_webhook_acknowledges_before_replying(paru: Running) -> None:
    """While LINE is slow, the webhook still answers at once: the reply goes out afterwards."""
    paru.fake.failures.append(Failure(200, {}, delay=1.5))
    ev = text_event("แจ้งย้ายออก")
    with httpx.Client(timeout=5) as client:
        body = json.dumps({"destination": "U1", "events": [ev]}, ensure_ascii=False).encode("utf-8")
        response = client.post(
            paru.url + "/line/webhook", content=body, headers={"X-Line-Signature": sign(paru.line.secret, body)}
        )
    assert response.status_code == 200
    assert paru.fake.replies_for(ev["replyToken"]) == []  # acknowledged while the reply is still on its way
    assert stored(paru) == 1
    wait_for(lambda: paru.fake.replies_for(ev["replyToken"]), timeout=10)


def test_healthz(paru: Running) -> None:
    """Health: the database answers and the index is loaded."""
    response = httpx.get(paru.url + "/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["mode"] == "line"


def test_server_purges_old_texts_on_its_own(tmp_path: Path) -> None:
    """Retention needs no cron: the server blanks texts older than the retention period when it starts (and every
    few hours), keeping the inquiries and their counts."""
    with fresh_database_url("sqlite", tmp_path) as url:
        settings = Settings(PARU_DATA_DIR=tmp_path, PARU_DATABASE_URL=url, PARU_RETENTION_DAYS=30)
        store = open_store(settings, url)
        old = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
        with transaction(store.sessions) as session:
            record_inquiry(session, new("ข้อความเก่า", received_at=old))
            record_inquiry(session, new("ข้อความใหม่"))
        store.close()
        with ServerThread(create_app(settings)):
            store = open_store(settings, url)
            try:

                def texts() -> list[str | None]:
                    with store.sessions() as session:
                        return list(session.scalars(select(Inquiry.text).order_by(Inquiry.received_at)))

                assert wait_for(lambda: texts() == [None, "ข้อความใหม่"])
            finally:
                store.close()
