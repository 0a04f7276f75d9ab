"""The catalogue in the database: changes bump the version and every worker's index follows."""

from __future__ import annotations

import dataclasses

import pytest

from catalogue.links import LinkPolicy
from catalogue.live import LiveIndex
from catalogue.matcher import match
from catalogue.models import Procedure
from catalogue.store import (
    CatalogueError,
    add_example,
    add_procedure,
    add_synonym,
    catalogue_version,
    get_procedure,
    save_procedure,
)
from core.db import Store, transaction
from core.settings import DEFAULT_CLIP_HOSTS, DEFAULT_MANUAL_HOSTS

LINKS = LinkPolicy(DEFAULT_CLIP_HOSTS, DEFAULT_MANUAL_HOSTS)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_staff_change_reaches_every_worker_without_restart(db: Store) -> None:
    """Two workers hold indexes; a new example makes both rebuild at their next poll."""
    clock = Clock()
    workers = [LiveIndex(db.sessions, poll_seconds=2.0, clock=clock) for _ in range(2)]
    phrase = "ขอสมุดทะเบียนปกฟ้าตึกใหม่"
    for w in workers:
        assert match(phrase, w.current()).decision != "answer"
    with transaction(db.sessions) as session:
        for text in (phrase, "สมุดปกฟ้าสำหรับตึกใหม่", "ตึกเพิ่งเสร็จ ขอสมุดทะเบียนปกฟ้า"):
            add_example(session, "house-number-request", text)
        assert catalogue_version(session) == 4
    clock.now = 1.0  # inside the poll interval: still the old index
    assert workers[0].version == 1
    clock.now = 2.5
    for w in workers:
        result = match(phrase, w.current())
        assert w.version == 4
        assert (result.decision, result.matches[0].id) == ("answer", "house-number-request")


def test_refresh_without_change_does_not_rebuild(db: Store) -> None:
    """Polling an unchanged catalogue costs one small query, not a rebuild."""
    live = LiveIndex(db.sessions)
    first = live.current()
    assert live.refresh() is False
    assert live.current() is first


def test_retired_procedure_is_not_offered_and_id_not_reused(db: Store) -> None:
    """Staff retire a procedure: it disappears from answers; its id can never be given to a new one."""
    with transaction(db.sessions) as session:
        will = get_procedure(session, "will-making")
        save_procedure(session, dataclasses.replace(will, active=False), LINKS)
    live = LiveIndex(db.sessions)
    assert all(m.id != "will-making" for m in match("อยากทำพินัยกรรมที่เขต", live.current()).matches)
    with pytest.raises(CatalogueError, match="นำกลับมาใช้ใหม่ไม่ได้"), transaction(db.sessions) as session:
        add_procedure(session, Procedure("will-making", "การทำพินัยกรรมแบบใหม่", "", "ฝ่ายปกครอง", ""), LINKS)


def test_new_procedure_is_matched(db: Store) -> None:
    """A procedure added by staff is answered after the rebuild, with its examples."""
    with transaction(db.sessions) as session:
        add_procedure(
            session,
            Procedure("pet-registration", "การขึ้นทะเบียนสุนัขและแมว", "Pet registration", "ฝ่ายสิ่งแวดล้อมฯ", ""),
            LINKS,
        )
        for text in ("ขึ้นทะเบียนหมา", "ทำทะเบียนแมวที่เขต", "ฝังไมโครชิปสุนัข", "จดทะเบียนสัตว์เลี้ยง"):
            add_example(session, "pet-registration", text)
    live = LiveIndex(db.sessions)
    assert match("จะขึ้นทะเบียนหมาที่บ้าน", live.current()).matches[0].id == "pet-registration"


def test_bad_changes_are_refused_and_change_nothing(db: Store) -> None:
    """Unknown ids, empty texts and bad links are refused with a reason; the version does not move."""
    attempts = [
        lambda s: save_procedure(s, dataclasses.replace(get_procedure(s, "will-making"), id="no-such-id"), LINKS),
        lambda s: save_procedure(
            s, dataclasses.replace(get_procedure(s, "will-making"), clip_url="javascript:alert(1)"), LINKS
        ),
        lambda s: save_procedure(
            s, dataclasses.replace(get_procedure(s, "will-making"), clip_url="https://evil.example/x"), LINKS
        ),
        lambda s: add_procedure(s, Procedure("Bad Id!", "ชื่อ", "", "ฝ่ายปกครอง", ""), LINKS),
        lambda s: save_procedure(s, dataclasses.replace(get_procedure(s, "will-making"), title_th="  "), LINKS),
        lambda s: add_example(s, "will-making", "   "),
        lambda s: add_example(s, "no-such-id", "คำถาม"),
        lambda s: add_synonym(s, "", "x"),
    ]
    for attempt in attempts:
        with pytest.raises(CatalogueError), transaction(db.sessions) as session:
            attempt(session)
    with db.sessions() as session:
        assert catalogue_version(session) == 1


def test_synonym_added_by_staff_changes_matching(db: Store) -> None:
    """A synonym taught in the store reaches the matcher's vocabulary."""
    with transaction(db.sessions) as session:
        add_synonym(session, "มรณบัตร", "ใบแจ้งเสียชีวิตของทางการ")
    live = LiveIndex(db.sessions)
    assert "มรณบัตร" in live.current().analyse("ขอใบแจ้งเสียชีวิตของทางการ").tokens


def test_newer_seed_files_are_taken_in_once_and_never_overwrite_staff(db: Store) -> None:
    """A catalogue seeded before the English texts and the agencies (seed revision 1) takes them in at the next
    start: English fields only where empty, only the examples revision 2 added, an example of the old catch-all
    intent moved to its agency; what staff removed from revision 1 stays removed; a second start changes nothing."""
    from sqlalchemy import delete, func, select, update

    from catalogue.store import SEED_REVISION, upgrade_seed
    from core.models import CatalogueState, ExampleRow, ProcedureRow

    removed = "ขอใบรับรองแพทย์"  # a revision-1 example of other_agency that staff removed
    with transaction(db.sessions) as session:  # back to what an older release left
        session.execute(update(ProcedureRow).values(documents_en=[], fee_en="", duration_en=""))
        session.execute(
            update(ProcedureRow).where(ProcedureRow.id == "birth-registration").values(fee_en="Free (staff)")
        )
        session.execute(delete(ExampleRow).where(ExampleRow.intent.like("agency:%")))
        session.execute(delete(ExampleRow).where(ExampleRow.text == removed))
        session.add(ExampleRow(intent="other_agency", lang="th", text="ทำหนังสือเดินทางที่ไหน"))  # revision 1's label
        session.execute(update(CatalogueState).values(seed_revision=1))
        version = catalogue_version(session)
    with transaction(db.sessions) as session:
        assert upgrade_seed(session)
    with db.sessions() as session:
        assert catalogue_version(session) == (version or 0) + 1
        assert session.scalar(select(CatalogueState.seed_revision)) == SEED_REVISION
        birth = get_procedure(session, "birth-registration")
        assert birth.fee_en == "Free (staff)" and birth.documents_en and birth.fee("en") == "Free (staff)"
        agency_examples = session.scalar(select(func.count()).where(ExampleRow.intent.like("agency:%")))
        assert agency_examples and agency_examples > 100
        passport = session.scalars(select(ExampleRow.intent).where(ExampleRow.text == "ทำหนังสือเดินทางที่ไหน")).all()
        assert passport == ["agency:passport"]
        assert session.scalar(select(func.count()).where(ExampleRow.text == removed)) == 0
    with transaction(db.sessions) as session:
        assert not upgrade_seed(session)
