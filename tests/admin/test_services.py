"""The admin's services on real databases: accounts and sessions, the audit log, office settings, vocabulary
edits, the unanswered queue's actions, bulk clip links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import urllib.parse

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from admin import audit, bulk
from admin.accounts import (
    AccountError,
    Throttled,
    create_user,
    end_sessions,
    find_session,
    open_session,
    record_failure,
    set_active,
    set_role,
    throttle,
    verify_credentials,
)
from admin.teach import TeachError, act, needs_clip, queue
from admin.unanswered import unanswered
from catalogue.links import LinkPolicy
from catalogue.matcher import build_index, match
from catalogue.store import (
    CatalogueError,
    add_vocabulary,
    catalogue_version,
    load_catalogue,
    remove_vocabulary,
    update_vocabulary,
    vocabulary_items,
)
from core.db import Store, transaction
from core.models import AuditEntry, OfficeSetting, StaffSession, StaffUser, utcnow
from core.office import OfficeError, check_office, default_office, load_office, save_office
from core.settings import DEFAULT_CLIP_HOSTS, DEFAULT_MANUAL_HOSTS, Settings
from tests.helpers import bangkok, store_inquiry

LINKS = LinkPolicy(DEFAULT_CLIP_HOSTS, DEFAULT_MANUAL_HOSTS)
PASSWORD = "correct horse battery"


def test_accounts_passwords_and_roles(db: Store) -> None:
    """The first account must be an admin; passwords are argon2 hashes of at least 10 characters; names are unique;
    the last admin cannot be disabled or demoted."""
    with transaction(db.sessions) as session:
        with pytest.raises(AccountError, match="บัญชีแรกต้องเป็นผู้ดูแลระบบ"):
            create_user(session, "editor", PASSWORD, "editor")
        admin = create_user(session, "Somchai", PASSWORD, "admin")
        assert admin.username == "somchai" and admin.password_hash.startswith("$argon2id$")
        assert PASSWORD not in admin.password_hash
        for name, password, message in (
            ("x", "short", "อย่างน้อย 10"),
            ("somchai", PASSWORD, "มีชื่อผู้ใช้"),
            ("a b", PASSWORD, "ชื่อผู้ใช้"),
        ):
            with pytest.raises(AccountError, match=message):
                create_user(session, name, password, "editor")
        with pytest.raises(AccountError, match="คนสุดท้าย"):
            set_active(session, admin, False)
        with pytest.raises(AccountError, match="อย่างน้อยหนึ่งคน"):
            set_role(session, admin, "editor")
        create_user(session, "malee", PASSWORD, "editor")
    with db.sessions() as session:
        assert verify_credentials(session, "SOMCHAI", PASSWORD) is not None
        assert verify_credentials(session, "somchai", "wrong password!") is None
        assert verify_credentials(session, "nobody", PASSWORD) is None


def test_sessions_end_on_logout_disable_password_reset_and_expiry(db: Store) -> None:
    """A session is found by its token (the database keeps only its hash), and ends when the account is disabled,
    its password is reset, after two idle hours, and after twelve hours in any case."""
    with transaction(db.sessions) as session:
        admin = create_user(session, "somchai", PASSWORD, "admin")
        editor = create_user(session, "malee", PASSWORD, "editor")
        signed = open_session(session, editor)
        admin_signed = open_session(session, admin)
    with db.sessions() as session:
        assert signed.token not in {r.id for r in session.scalars(select(StaffSession))}
        current = find_session(session, signed.token)
        assert current is not None and current.role == "editor" and not current.is_admin
        now = dt.datetime.now(dt.UTC)
        assert find_session(session, signed.token, now + dt.timedelta(hours=2, minutes=1)) is None
        assert find_session(session, "not a token") is None
    with transaction(db.sessions) as session:
        set_active(session, session.get(StaffUser, editor.id), False)  # type: ignore[arg-type]
    with db.sessions() as session:
        assert find_session(session, signed.token) is None
        assert find_session(session, admin_signed.token) is not None
    with transaction(db.sessions) as session:
        end_sessions(session, admin.id)
    with db.sessions() as session:
        assert find_session(session, admin_signed.token) is None


def test_failed_logins_are_slowed_per_account_and_per_address(db: Store) -> None:
    """After four failures in 15 minutes the next attempt must wait, for that name (from any address) and for that
    address (whatever name it tries), whether the account exists or not."""
    with transaction(db.sessions) as session:
        for _ in range(5):
            record_failure(session, "somchai", "10.0.0.1")
    with db.sessions() as session:
        with pytest.raises(Throttled):
            throttle(session, "somchai", "10.0.0.9")
        with pytest.raises(Throttled):
            throttle(session, "someone-else", "10.0.0.1")
        throttle(session, "someone-else", "10.0.0.9")
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
        throttle(session, "somchai", "10.0.0.1", now=later)


def test_audit_keeps_who_when_what_before_and_after(db: Store) -> None:
    """An entry per change, filterable, with only the fields that changed."""
    before, after = audit.changed({"clip_url": "", "fee_th": "ฟรี"}, {"clip_url": "https://x", "fee_th": "ฟรี"})
    assert (before, after) == ({"clip_url": ""}, {"clip_url": "https://x"})
    with transaction(db.sessions) as session:
        audit.record(session, None, "somchai", "procedure.edit", "will-making", before, after)
        audit.record(session, None, "malee", "vocabulary.add", "synonym:สมรส", None, {"term": "สมรส"})
        with pytest.raises(ValueError, match="unknown audit action"):
            audit.record(session, None, "x", "nonsense")
    with db.sessions() as session:
        assert [e.username for e in audit.entries(session, audit.AuditFilter())] == ["malee", "somchai"]
        found = audit.entries(session, audit.AuditFilter(username="somchai", action="procedure.edit"))
        assert len(found) == 1 and found[0].after == {"clip_url": "https://x"} and found[0].target == "will-making"
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 2


def test_office_settings_override_the_defaults(db: Store, tmp_path: object) -> None:
    """An admin's change of the office is stored and read back over the settings' defaults (an office stored before
    the address was a setting gets the settings' address); nonsense is refused, naming the field in Thai."""
    settings = Settings(
        PARU_OFFICE_NAME="สำนักงานเขตบางนา",
        PARU_OFFICE_NAME_EN="Bang Na District",
        PARU_OFFICE_HOURS_EN="9-5",
        PARU_OFFICE_ADDRESS="1 ถนนทดสอบ",
        PARU_OFFICE_ADDRESS_EN="1 Test Road",
    )
    with transaction(db.sessions) as session:
        session.add(OfficeSetting(key="phone", value="02 000 0000", updated_at=utcnow()))  # an older office's row
    with db.sessions() as session:
        office = load_office(session, settings)
    assert office.name == "สำนักงานเขตบางนา" and "{days}" in office.privacy_notice
    assert (office.office_name("en"), office.office_hours("en")) == ("Bang Na District", "9-5")
    assert (office.phone, office.office_address("th"), office.office_address("en")) == (
        "02 000 0000",
        "1 ถนนทดสอบ",
        "1 Test Road",
    )
    changed = dataclasses.replace(office, phone="02 111 2222", retention_days=30, greeting="สวัสดีจาก{office}")
    with transaction(db.sessions) as session:
        save_office(session, changed)
    with db.sessions() as session:
        stored = load_office(session, settings)
    assert (stored.phone, stored.retention_days, stored.greeting_text()) == (
        "02 111 2222",
        30,
        "สวัสดีจากสำนักงานเขตบางนา",
    )
    assert "30 วัน" in stored.privacy_text() and "02 111 2222" in stored.privacy_text()
    for bad in (dataclasses.replace(office, name=" "), dataclasses.replace(office, retention_days=0)):
        with pytest.raises(OfficeError):
            check_office(bad)
    with pytest.raises(OfficeError, match="ที่ตั้งสำนักงาน \\(อังกฤษ\\) ยาวได้ไม่เกิน 300 ตัวอักษร"):
        check_office(dataclasses.replace(office, address_en="x" * 301))


def test_the_map_link_searches_for_the_office_by_its_name() -> None:
    """The map link is a Google Maps search for the office's name, every character that is not plain encoded (an
    ampersand or a hash in a name must not end the query); a citizen's phone opens it in its maps app."""
    office = dataclasses.replace(default_office(Settings()), name="สำนักงานเขต A&B #1/2")
    prefix = "https://www.google.com/maps/search/?api=1&query="
    assert office.map_url.startswith(prefix)
    query = office.map_url.removeprefix(prefix)
    assert "&" not in query and "#" not in query and " " not in query
    assert urllib.parse.unquote(query) == "สำนักงานเขต A&B #1/2"


def test_vocabulary_edits_bump_the_version_and_reach_the_matcher(db: Store) -> None:
    """Add, edit and remove entries; each change bumps the catalogue version; a new synonym changes matching, and so
    does a new member of a group (a mushroom farm, a business hazardous to health)."""
    with transaction(db.sessions) as session:
        item = add_vocabulary(session, "synonym", "มรณบัตร", "ใบแจ้งเสียชีวิตของทางการ")
        with pytest.raises(CatalogueError, match="มีคำนี้อยู่แล้ว"):
            add_vocabulary(session, "synonym", "มรณบัตร", "ใบแจ้งเสียชีวิตของทางการ")
        with pytest.raises(CatalogueError):
            add_vocabulary(session, "synonym", "มรณบัตร", "")
        with pytest.raises(CatalogueError):
            add_vocabulary(session, "report_service", "no-such-procedure")
        with pytest.raises(CatalogueError):
            add_vocabulary(session, "group", "กิจการที่เป็นอันตรายต่อสุขภาพ", "")
        add_vocabulary(session, "group", "กิจการที่เป็นอันตรายต่อสุขภาพ", "โรงเพาะเห็ด")
    with db.sessions() as session:
        assert catalogue_version(session) == 3
        index = build_index(load_catalogue(session))
        assert "มรณบัตร" in index.analyse("ขอใบแจ้งเสียชีวิตของทางการ").tokens
        assert "∈กิจการที่เป็นอันตรายต่อสุขภาพ" in index.analyse("จะเปิดโรงเพาะเห็ด").tokens
        assert any(i.id == item.id for i in vocabulary_items(session, "ใบแจ้งเสียชีวิต"))
    with transaction(db.sessions) as session:
        before = update_vocabulary(session, item.id, "มรณบัตร", "ใบรับรองการตายของทางการ")
        assert before.value == "ใบแจ้งเสียชีวิตของทางการ"
        remove_vocabulary(session, item.id)
        assert catalogue_version(session) == 5
        assert not vocabulary_items(session, "ใบรับรองการตายของทางการ")
    with db.sessions() as session:
        taken = next(i for i in vocabulary_items(session, kind="synonym") if i.value)
    with pytest.raises(CatalogueError, match="มีคำนี้อยู่แล้ว"), transaction(db.sessions) as session:
        other = add_vocabulary(session, "synonym", taken.term, "คำใหม่ที่ไม่ซ้ำ")
        update_vocabulary(session, other.id, taken.term, taken.value)


def test_teaching_a_question_answers_it_and_takes_it_off_the_queue(db: Store) -> None:
    """A question nobody could answer, taught as a phrasing of a procedure: stored as an example, answered with that
    procedure by the next index, and gone from the queue; noting a needed clip keeps it on the office's list."""
    question = "ขอสมุดปกน้ำเงินตึกใหม่"
    day = dt.date.today()
    with transaction(db.sessions) as session:
        for _ in range(3):
            store_inquiry(
                session, bangkok(day.year, day.month, day.day), decision="none", intent="unknown", text=question
            )
        store_inquiry(
            session, bangkok(day.year, day.month, day.day), decision="none", intent="unknown", text="อยากทำฟันฟรี"
        )
    with db.sessions() as session:
        index = build_index(load_catalogue(session))
        items = queue(session, index, day, day)
    assert [i.group.text for i in items] == [question, "อยากทำฟันฟรี"]
    assert len(items[0].guesses) == 3
    with transaction(db.sessions) as session:
        act(session, question, "taught", "somchai", 3, "house-number-request")
        act(session, "อยากทำฟันฟรี", "needs_clip", "somchai", 1, note="คลิปทันตกรรมของศูนย์สาธารณสุข")
        with pytest.raises(TeachError, match="จัดการไปแล้ว"):
            act(session, question, "dismissed", "malee")
    with db.sessions() as session:
        assert unanswered(session, day, day) == []
        assert [n.normalised_text for n in needs_clip(session)] == ["อยากทำฟันฟรี"]
        taught = match(question, build_index(load_catalogue(session)))
    assert taught.matches[0].id == "house-number-request"


def _xlsx(rows: list[tuple[str, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(bulk.HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_bulk_links_preview_refuses_bad_rows_and_applies_the_rest_in_one_go(db: Store) -> None:
    """A file with a good row, a bad link, an unknown id and a duplicate: the preview lists one change and three
    refused rows (in Thai, by row number); nothing changes until confirmed; then the change is applied once."""
    good = "https://www.tiktok.com/@bangnadistrictoffice/video/7"
    data = _xlsx(
        [
            ("birth-registration", "การแจ้งเกิด", good, ""),
            ("death-registration", "การแจ้งตาย", "http://example.com/x", ""),
            ("no-such-id", "", good, ""),
            ("birth-registration", "ซ้ำ", good, ""),
        ]
    )
    with db.sessions() as session:
        downloaded = load_workbook(io.BytesIO(bulk.download(session, "xlsx")), read_only=True)
        first = next(downloaded.worksheets[0].iter_rows(min_row=2, values_only=True))
        assert first[0] == "birth-registration"
    with transaction(db.sessions) as session:
        preview = bulk.preview(session, data, "links.xlsx", LINKS, "somchai")
    assert [(c.row, c.procedure_id, c.field, c.after) for c in preview.changes] == [
        (2, "birth-registration", "clip_url", good)
    ]
    assert [e.row for e in preview.errors] == [3, 4, 5]
    assert "https://" in preview.errors[0].message and "no-such-id" in preview.errors[1].message
    with db.sessions() as session:
        assert load_catalogue(session).procedure("birth-registration").clip_url == ""  # type: ignore[union-attr]
        version = catalogue_version(session)
    with transaction(db.sessions) as session:
        assert len(bulk.apply(session, preview.upload_id, LINKS)) == 1
    with db.sessions() as session:
        assert load_catalogue(session).procedure("birth-registration").clip_url == good  # type: ignore[union-attr]
        assert catalogue_version(session) == (version or 0) + 1
    with pytest.raises(bulk.BulkError, match="ยืนยันไปแล้ว"), transaction(db.sessions) as session:
        bulk.apply(session, preview.upload_id, LINKS)
    for bad, message in ((b"not a spreadsheet", "หัวตาราง"), (b"PK\x03\x04broken", "Excel"), (b"\xff\xfe", "UTF-8")):
        with pytest.raises(bulk.BulkError, match=message), transaction(db.sessions) as session:
            bulk.preview(session, bad, "x", LINKS, "somchai")
    csv_file = ("\ufeff" + ",".join(bulk.HEADERS) + "\nwill-making,x," + good + ",\n").encode("utf-8")
    with transaction(db.sessions) as session:
        assert len(bulk.preview(session, csv_file, "links.csv", LINKS, "somchai").changes) == 1
