"""The catalogue in the database: changes bump the version and every worker's index follows."""

from __future__ import annotations

import dataclasses

import pytest

from catalogue.links import LinkPolicy
from catalogue.live import LiveIndex
from catalogue.matcher import match
from catalogue.models import Procedure
from catalogue.seed import load_seed
from catalogue.store import (
    CatalogueError,
    add_example,
    add_procedure,
    add_synonym,
    catalogue_version,
    get_procedure,
    load_vocabulary,
    save_procedure,
    upgrade_seed,
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


def _revision_example(revision: int, intent: str) -> str:
    """A seed example of ``intent`` that seed revision ``revision`` added."""
    from catalogue.seed_history import example_fingerprint, load_history

    added = load_history()[revision]
    return next(
        e.text for e in load_seed().intent_examples if e.label == intent and example_fingerprint(e.text) in added
    )


def test_newer_seed_files_are_taken_in_once_and_never_overwrite_staff(db: Store) -> None:
    """A catalogue seeded before the English texts and the agencies (seed revision 1) takes in, at the next start,
    what later revisions added: English fields only where empty, new examples and intents; a question revision 1
    filed under the catch-all other_agency moves to its agency; what staff removed or wrote stays as they left it;
    a second start changes nothing."""
    from sqlalchemy import delete, func, select, update

    from catalogue.seed_history import load_history
    from core.models import CatalogueState, ExampleRow, ProcedureRow

    removed = "ขอใบรับรองแพทย์"  # revision 1, other_agency: staff removed it
    removed_moved = "ต่อพาสปอร์ตที่เขตได้ไหม"  # revision 1, other_agency; agency:passport since: staff removed it
    moved = "ทำหนังสือเดินทางที่ไหน"  # revision 1, other_agency; agency:passport since
    new_complaint = _revision_example(2, "complaint")
    with transaction(db.sessions) as session:  # back to what an older release left
        session.execute(update(ProcedureRow).values(documents_en=[], fee_en="", duration_en=""))
        session.execute(
            update(ProcedureRow).where(ProcedureRow.id == "birth-registration").values(fee_en="Free (staff)")
        )
        session.execute(delete(ExampleRow).where(ExampleRow.intent.like("agency:%")))
        session.execute(delete(ExampleRow).where(ExampleRow.text.in_([removed, removed_moved, new_complaint])))
        session.add(ExampleRow(intent="other_agency", lang="th", text=moved))
        session.add(ExampleRow(intent="other_agency", lang="th", text="ขอใบขับขี่สากล", source="staff"))
        session.execute(update(CatalogueState).values(seed_revision=1))
        version = catalogue_version(session)
    with transaction(db.sessions) as session:
        assert upgrade_seed(session)
    with db.sessions() as session:
        assert catalogue_version(session) == (version or 0) + 1
        assert session.scalar(select(CatalogueState.seed_revision)) == max(load_history())
        birth = get_procedure(session, "birth-registration")
        assert birth.fee_en == "Free (staff)" and birth.documents_en and birth.fee("en") == "Free (staff)"
        agency_examples = session.scalar(select(func.count()).where(ExampleRow.intent.like("agency:%")))
        assert agency_examples and agency_examples > 100

        def intents(text: str) -> list[str | None]:
            return list(session.scalars(select(ExampleRow.intent).where(ExampleRow.text == text)))

        assert intents(moved) == ["agency:passport"]
        assert intents(removed) == [] and intents(removed_moved) == []
        assert intents(new_complaint) == ["complaint"]
        assert intents("ขอใบขับขี่สากล") == ["other_agency"]  # staff's own example is theirs
    with transaction(db.sessions) as session:
        assert not upgrade_seed(session)


def test_a_later_revision_brings_only_its_own_additions(db: Store) -> None:
    """A catalogue at revision 2 takes in what revision 3 added, and nothing of revision 2 that staff removed; a
    revision-3 question staff already filed elsewhere, or an English word they already mapped, stays theirs."""
    from sqlalchemy import delete, select, update

    from core.models import CatalogueState, ExampleRow, VocabularyEntry

    court = [e.text for e in load_seed().intent_examples if e.label == "agency:court"]
    added_in_3, filed_by_staff = _revision_example(3, "agency:court"), court[-1]
    assert added_in_3 != filed_by_staff
    removed_from_2 = _revision_example(2, "complaint")
    with transaction(db.sessions) as session:
        gone = [added_in_3, removed_from_2, filed_by_staff]
        session.execute(delete(ExampleRow).where(ExampleRow.text.in_(gone)))
        session.add(ExampleRow(intent="other_agency", lang="th", text=filed_by_staff, source="staff"))
        session.execute(delete(VocabularyEntry).where(VocabularyEntry.kind == "english", VocabularyEntry.term == "fee"))
        session.add(VocabularyEntry(kind="english", term="fee", value="ค่าบริการ"))
        session.execute(update(CatalogueState).values(seed_revision=2))
    with transaction(db.sessions) as session:
        assert upgrade_seed(session)
    with db.sessions() as session:
        assert session.scalars(select(ExampleRow.intent).where(ExampleRow.text == added_in_3)).all() == ["agency:court"]
        assert session.scalars(select(ExampleRow.id).where(ExampleRow.text == removed_from_2)).all() == []
        assert session.scalars(select(ExampleRow.intent).where(ExampleRow.text == filed_by_staff)).all() == [
            "other_agency"
        ]
        fee = select(VocabularyEntry.value).where(VocabularyEntry.kind == "english", VocabularyEntry.term == "fee")
        assert session.scalars(fee).all() == ["ค่าบริการ"]


def _upgrade_and_compare(db: Store, *lists: str) -> None:
    """Take in the seed revisions the catalogue has not seen; the vocabulary lists named then hold the seed's phrases.
    In any order: a phrase taken in later stands after the ones the office had (the seed's own later phrases among
    them), and the matcher orders these lists itself (longest first)."""
    with transaction(db.sessions) as session:
        assert upgrade_seed(session)
        vocabulary = load_vocabulary(session)
    seed = load_seed().vocabulary
    for name in lists:
        assert sorted(getattr(vocabulary, name)) == sorted(getattr(seed, name)), name


def test_an_office_at_revision_4_takes_in_the_report_questions(db: Store) -> None:
    """Revision 5 added the questions that ask where to complain, and two complaint exceptions: an existing catalogue
    takes them in, and its live index reads them (a where-to-complain about building works gets no permit clip)."""
    from sqlalchemy import delete, update

    from core.models import CatalogueState, VocabularyEntry

    new_exceptions = ("โดนร้องเรียน", "ถูกร้องเรียน")
    with transaction(db.sessions) as session:
        session.execute(delete(VocabularyEntry).where(VocabularyEntry.kind == "report_question"))
        session.execute(
            delete(VocabularyEntry).where(
                VocabularyEntry.kind == "complaint_exception", VocabularyEntry.term.in_(new_exceptions)
            )
        )
        session.execute(update(CatalogueState).values(seed_revision=4))
    report = "Where can I complain about a neighbour building a third floor without a permit?"
    assert match(report, LiveIndex(db.sessions).current()).matches
    _upgrade_and_compare(db, "report_questions", "complaint_exceptions")
    after = match(report, LiveIndex(db.sessions).current())
    assert (after.decision, after.intent, after.matches) == ("none", "complaint", ())


def test_an_office_at_revision_3_takes_in_the_explanation_cues_and_complaint_exceptions(db: Store) -> None:
    """Revision 4 added two kinds of vocabulary: an existing catalogue takes both in, and its live index reads them
    (a "why" question is no longer one confident clip; a licence's name is no longer a complaint)."""
    from sqlalchemy import delete, update

    from core.models import CatalogueState, VocabularyEntry

    kinds = ("explanation_cue", "complaint_exception")
    with transaction(db.sessions) as session:
        session.execute(delete(VocabularyEntry).where(VocabularyEntry.kind.in_(kinds)))
        session.execute(update(CatalogueState).values(seed_revision=3))
    why, licence = "ทำไมจดทะเบียนสมรสต้องมีพยานสองคน", "ขอใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ"
    before = LiveIndex(db.sessions).current()
    assert match(why, before).intent != "explanation" and match(licence, before).intent == "complaint"
    _upgrade_and_compare(db, "explanation_cues", "complaint_exceptions")
    after = LiveIndex(db.sessions).current()
    assert match(why, after).intent == "explanation"
    assert (match(licence, after).decision, match(licence, after).intent) == ("answer", "procedure")


def test_the_seed_history_records_every_shipped_entry() -> None:
    """Every example and vocabulary entry in the seed files is recorded in a seed revision (else an office's
    catalogue would never take it in), and no example text carries two labels (a moved example has one place)."""
    from collections import Counter

    from catalogue.seed_history import fingerprints, known_before, load_history

    history = load_history()
    missing = fingerprints(load_seed()) - known_before(history, max(history))
    assert not missing, f"{len(missing)} new seed entries: record them with `python -m catalogue.seed_history`"
    seed = load_seed()
    labelled = {(e.text, e.label) for e in (*seed.examples, *seed.intent_examples)}
    texts = Counter(text for text, _ in labelled)
    assert [t for t, n in texts.items() if n > 1] == []
