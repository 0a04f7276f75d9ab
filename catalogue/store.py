"""The catalogue in the database: seeded from the data files on first start, then owned by the database.

Every change goes through these functions, which bump the catalogue version in the same transaction; workers compare
versions (:class:`catalogue.live.LiveIndex`) and rebuild their matcher index when it moves. The admin and the
``paru`` command line both call these functions.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from catalogue.links import LinkError, LinkPolicy, check_link
from catalogue.models import Catalogue, Example, Procedure, Vocabulary
from catalogue.seed import DATA_DIR, load_seed
from catalogue.seed_history import (
    LIST_KINDS,
    example_fingerprint,
    known_before,
    load_history,
    vocabulary_entries,
    vocabulary_fingerprint,
)
from core.models import CatalogueState, ExampleRow, ProcedureRow, VocabularyEntry, utcnow

#: A new procedure's id: a stable ASCII slug, as in the seed catalogue.
_PROCEDURE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


class CatalogueError(ValueError):
    """A change to the catalogue that cannot be made (unknown procedure, empty text ...)."""


def catalogue_version(session: Session) -> int | None:
    """The catalogue's version, or None before the first seed."""
    return session.scalar(select(CatalogueState.version).where(CatalogueState.id == 1))


def bump_version(session: Session) -> int:
    """Record that the catalogue changed; returns the new version."""
    state = session.get(CatalogueState, 1, with_for_update=True)
    if state is None:
        raise CatalogueError("ยังไม่ได้เตรียมรายการเรื่อง (the catalogue has not been seeded yet)")
    state.version += 1
    state.updated_at = utcnow()
    return state.version


def _vocabulary_rows(vocabulary: Vocabulary) -> Iterable[VocabularyEntry]:
    for kind, term, value in vocabulary_entries(vocabulary):
        yield VocabularyEntry(kind=kind, term=term, value=value)


def seed_if_empty(session: Session, data_dir: Path = DATA_DIR) -> bool:
    """Fill an empty catalogue from the seed files; returns whether it did. Never touches a seeded catalogue."""
    if catalogue_version(session) is not None:
        return False
    seed = load_seed(data_dir)
    session.add_all(_row(p, position) for position, p in enumerate(seed.procedures))
    session.flush()
    session.add_all(ExampleRow(procedure_id=e.label, lang=e.lang, text=e.text) for e in seed.examples)
    session.add_all(ExampleRow(intent=e.label, lang=e.lang, text=e.text) for e in seed.intent_examples)
    session.add_all(_vocabulary_rows(seed.vocabulary))
    session.add(CatalogueState(id=1, version=1, seed_revision=max(load_history(data_dir))))
    session.flush()
    return True


#: The revision from which the seed files hold every procedure's English documents, fee and duration.
_ENGLISH_TEXTS_REVISION = 2


def _seed_label(e: Example, intent: bool) -> tuple[str | None, str | None]:
    return (None, e.label) if intent else (e.label, None)


def _vocabulary_claim(kind: str, term: str, value: str) -> tuple[str, str] | None:
    """The word a vocabulary row maps, when a second row for it would compete: an English word, or a synonym's
    variant."""
    if kind == "english":
        return (kind, term)
    if kind == "synonym" and value:
        return (kind, value)
    return None


def upgrade_seed(session: Session, data_dir: Path = DATA_DIR) -> bool:
    """Take in what newer seed revisions added to a seeded catalogue; returns whether anything was taken in.

    Only entries in no revision the catalogue has seen (``catalogue/data/seed_history.json``): nothing staff wrote is
    overwritten, nothing they removed comes back, and each revision is taken in once. A seed example whose label
    changed (a question an older revision filed under the catch-all ``other_agency``, now under its agency) moves to
    the new label; English texts are filled only where a procedure's are empty.
    """
    state = session.get(CatalogueState, 1, with_for_update=True)
    history = load_history(data_dir)
    latest = max(history)
    if state is None or state.seed_revision >= latest:
        return False
    seed = load_seed(data_dir)
    known = known_before(history, state.seed_revision)
    rows = {r.id: r for r in session.scalars(select(ProcedureRow))}
    if state.seed_revision < _ENGLISH_TEXTS_REVISION:
        for p in seed.procedures:
            row = rows.get(p.id)
            if row is not None:
                if not row.documents_en and p.documents_en:
                    row.documents_en = list(p.documents_en)
                row.fee_en = row.fee_en or p.fee_en
                row.duration_en = row.duration_en or p.duration_en

    wanted = [(e, False) for e in seed.examples if e.label in rows] + [(e, True) for e in seed.intent_examples]
    label_of = {e.text: _seed_label(e, intent) for e, intent in wanted}
    existing = list(session.scalars(select(ExampleRow)))
    have = {(r.procedure_id, r.intent, r.text) for r in existing}
    for r in existing:  # a seed example the files now file elsewhere moves there
        new = label_of.get(r.text)
        if r.source != "seed" or new is None or new == (r.procedure_id, r.intent):
            continue
        if (*new, r.text) in have:
            session.delete(r)  # the new label holds it already
            continue
        have.discard((r.procedure_id, r.intent, r.text))
        r.procedure_id, r.intent = new
        have.add((*new, r.text))
    texts = {text for _, _, text in have}  # a text staff already filed, under whatever label, stays theirs
    for e, intent in wanted:
        if example_fingerprint(e.text) not in known and e.text not in texts:
            label = _seed_label(e, intent)
            session.add(ExampleRow(procedure_id=label[0], intent=label[1], lang=e.lang, text=e.text))
            texts.add(e.text)

    vocabulary = {(v.kind, v.term, v.value) for v in session.scalars(select(VocabularyEntry))}
    claimed = {_vocabulary_claim(*row) for row in vocabulary} - {None}
    for kind, term, value in vocabulary_entries(seed.vocabulary):
        row = (kind, term, value)
        if vocabulary_fingerprint(*row) in known or row in vocabulary or _vocabulary_claim(*row) in claimed:
            continue  # seen in an older revision, present, or a word staff already mapped their own way
        session.add(VocabularyEntry(kind=kind, term=term, value=value))
    state.seed_revision = latest
    session.flush()
    bump_version(session)
    return True


#: The fields a procedure record and its row share.
_FIELDS = (
    "id",
    "title_th",
    "title_en",
    "department_th",
    "department_en",
    "fee_th",
    "duration_th",
    "fee_en",
    "duration_en",
    "clip_url",
    "manual_url",
    "active",
)


def _row(p: Procedure, position: int) -> ProcedureRow:
    return ProcedureRow(
        position=position,
        aliases_th=list(p.aliases_th),
        documents_th=list(p.documents_th),
        documents_en=list(p.documents_en),
        **{f: getattr(p, f) for f in _FIELDS},
    )


def _procedure(row: ProcedureRow) -> Procedure:
    return Procedure(
        aliases_th=tuple(row.aliases_th),
        documents_th=tuple(row.documents_th),
        documents_en=tuple(row.documents_en or ()),
        **{f: getattr(row, f) for f in _FIELDS},
    )


def load_vocabulary(session: Session) -> Vocabulary:
    """The vocabulary as the matcher wants it."""
    synonyms: dict[str, list[str]] = defaultdict(list)
    groups: dict[str, list[str]] = defaultdict(list)
    english: dict[str, str] = {}
    lists: dict[str, list[str]] = defaultdict(list)
    for entry in session.scalars(select(VocabularyEntry).order_by(VocabularyEntry.id)):
        if entry.kind == "synonym":
            variants = synonyms[entry.term]
            if entry.value:
                variants.append(entry.value)
        elif entry.kind == "group":
            groups[entry.term].append(entry.value)
        elif entry.kind == "english":
            english[entry.term] = entry.value
        elif entry.kind in LIST_KINDS:
            lists[LIST_KINDS[entry.kind]].append(entry.term)
    return Vocabulary(
        synonyms=dict(synonyms), english=english, groups=dict(groups), **{k: tuple(v) for k, v in lists.items()}
    )


def load_catalogue(session: Session) -> Catalogue:
    """The whole catalogue from the database, as the plain records the matcher reads."""
    procedures = tuple(_procedure(r) for r in session.scalars(select(ProcedureRow).order_by(ProcedureRow.position)))
    examples: list[Example] = []
    intents: list[Example] = []
    for r in session.scalars(select(ExampleRow).order_by(ExampleRow.id)):
        if r.procedure_id is not None:
            examples.append(Example(r.procedure_id, r.text, r.lang))
        elif r.intent is not None:
            intents.append(Example(r.intent, r.text, r.lang))
    return Catalogue(procedures, tuple(examples), tuple(intents), load_vocabulary(session))


# -- changes staff make (each bumps the version) -------------------------------------------------------------------
def _require(session: Session, procedure_id: str) -> ProcedureRow:
    row = session.get(ProcedureRow, procedure_id)
    if row is None:
        raise CatalogueError(f"ไม่มีเรื่องรหัส {procedure_id!r}")
    return row


def check_links(procedure: Procedure, policy: LinkPolicy) -> Procedure:
    """The procedure with its links trimmed, or :class:`CatalogueError` saying why a link cannot be used."""
    try:
        clip = check_link(procedure.clip_url, policy.clip_hosts, "ลิงก์คลิป")
        manual = check_link(procedure.manual_url, policy.manual_hosts, "ลิงก์คู่มือ")
    except LinkError as exc:
        raise CatalogueError(str(exc)) from exc
    return dataclasses.replace(procedure, clip_url=clip, manual_url=manual)


def _check_record(procedure: Procedure, policy: LinkPolicy) -> Procedure:
    if not procedure.title_th.strip():
        raise CatalogueError("ต้องมีชื่อเรื่องภาษาไทย")
    if not procedure.department_th.strip():
        raise CatalogueError("ต้องระบุฝ่ายที่รับผิดชอบ")
    return check_links(dataclasses.replace(procedure, title_th=procedure.title_th.strip()), policy)


def get_procedure(session: Session, procedure_id: str) -> Procedure:
    """One procedure's record; :class:`CatalogueError` when there is none with that id."""
    return _procedure(_require(session, procedure_id))


def save_procedure(session: Session, procedure: Procedure, policy: LinkPolicy) -> Procedure:
    """Write every field of an existing procedure's record (its id stays); returns the record as it was before."""
    row = _require(session, procedure.id)
    before = _procedure(row)
    procedure = _check_record(procedure, policy)
    for name in _FIELDS:
        if name != "id":
            setattr(row, name, getattr(procedure, name))
    row.aliases_th = list(procedure.aliases_th)
    row.documents_th = list(procedure.documents_th)
    row.documents_en = list(procedure.documents_en)
    bump_version(session)
    return before


def add_procedure(session: Session, procedure: Procedure, policy: LinkPolicy) -> ProcedureRow:
    """Add a new procedure. Ids of retired procedures are never reused."""
    if not _PROCEDURE_ID.fullmatch(procedure.id):
        raise CatalogueError("รหัสเรื่องใช้ได้เฉพาะ a-z 0-9 และ - ไม่เกิน 80 ตัว เช่น street-vending-permit")
    if session.get(ProcedureRow, procedure.id) is not None:
        raise CatalogueError(f"รหัส {procedure.id} ถูกใช้แล้ว (รหัสของเรื่องที่เลิกใช้ก็นำกลับมาใช้ใหม่ไม่ได้)")
    position = (session.scalar(select(ProcedureRow.position).order_by(ProcedureRow.position.desc()).limit(1)) or 0) + 1
    row = _row(_check_record(procedure, policy), position)
    session.add(row)
    bump_version(session)
    return row


def add_example(session: Session, label: str, text: str, lang: str = "th", source: str = "staff") -> ExampleRow:
    """Teach the matcher a phrasing: ``label`` is a procedure id or ``intent:<name>``."""
    text = text.strip()
    if not text:
        raise CatalogueError("ตัวอย่างคำถามต้องมีข้อความ")
    if label.startswith("intent:"):
        row = ExampleRow(intent=label.removeprefix("intent:"), text=text, lang=lang, source=source)
    else:
        _require(session, label)
        row = ExampleRow(procedure_id=label, text=text, lang=lang, source=source)
    session.add(row)
    bump_version(session)
    return row


def remove_example(session: Session, example_id: int) -> None:
    """Forget an example."""
    deleted = session.execute(delete(ExampleRow).where(ExampleRow.id == example_id)).rowcount  # type: ignore[attr-defined]
    if not deleted:
        raise CatalogueError(f"ไม่มีตัวอย่างคำถามรหัส {example_id}")
    bump_version(session)


def add_synonym(session: Session, canonical: str, variant: str) -> None:
    """Teach the matcher that ``variant`` means ``canonical``."""
    canonical, variant = canonical.strip(), variant.strip()
    if not canonical or not variant:
        raise CatalogueError("คำพ้องต้องมีทั้งคำทางการและคำที่ประชาชนใช้")
    exists = session.scalar(
        select(VocabularyEntry.id).where(
            VocabularyEntry.kind == "synonym", VocabularyEntry.term == canonical, VocabularyEntry.value == variant
        )
    )
    if exists is None:
        session.add(VocabularyEntry(kind="synonym", term=canonical, value=variant))
        bump_version(session)


# -- the vocabulary, entry by entry (the admin's vocabulary page) -------------------------------------------------
#: The kinds of vocabulary entries, with what ``term`` and ``value`` hold.
VOCABULARY_KINDS = {
    "synonym": ("คำทางการ", "คำที่ประชาชนใช้"),
    "english": ("คำภาษาอังกฤษ", "คำไทยที่หมายถึง"),
    "group": ("กลุ่มเรื่อง (เช่น กิจการที่เป็นอันตรายต่อสุขภาพ)", "สิ่งที่อยู่ในกลุ่ม (เช่น อู่ซ่อมรถ, karaoke)"),
    "stopword_th": ("คำไทยที่ไม่นำมาคิด", ""),
    "stopword_en": ("คำอังกฤษที่ไม่นำมาคิด", ""),
    "complaint_cue": ("คำที่บอกว่าเป็นการร้องเรียน", ""),
    "question_cue": ("คำที่บอกว่าเป็นคำถาม", ""),
    "explanation_cue": ("คำที่ถามเหตุผลหรือความหมาย", ""),
    "complaint_exception": ("วลีที่มีคำร้องเรียนแต่ไม่ใช่การร้องเรียน", ""),
    "report_question": ("คำถามว่าจะร้องเรียนที่ไหนหรือกับใคร (นับเป็นการแจ้งปัญหา)", ""),
    "report_service": ("รหัสเรื่องที่เป็นบริการซึ่งแจ้งขอได้", ""),
    "office_word": ("คำที่หมายถึงสำนักงานเขต (ไม่นำมาคิดเป็นเรื่อง; คำถามที่มีแต่คำเหล่านี้ได้คำตอบเวลาทำการ ที่ตั้งและเบอร์โทร)", ""),
    "office_topic": ("คำที่ถามเรื่องสำนักงานเขตเอง เช่น ถนน เบอร์ เวลาเปิด (ถามถึงเขตด้วยคำเหล่านี้ได้คำตอบที่ตั้งและเบอร์โทร)", ""),
}


@dataclass(frozen=True)
class VocabularyItem:
    """One entry of the matcher's vocabulary, as the admin shows and edits it."""

    id: int
    kind: str
    term: str
    value: str


def _item(row: VocabularyEntry) -> VocabularyItem:
    return VocabularyItem(row.id, row.kind, row.term, row.value)


def vocabulary_items(session: Session, search: str = "", kind: str = "", limit: int = 500) -> list[VocabularyItem]:
    """Vocabulary entries, by kind then term; ``search`` matches the term or the value."""
    stmt = select(VocabularyEntry).order_by(VocabularyEntry.kind, VocabularyEntry.term, VocabularyEntry.value)
    if kind:
        stmt = stmt.where(VocabularyEntry.kind == kind)
    if search.strip():
        needle = search.strip()
        stmt = stmt.where(VocabularyEntry.term.contains(needle) | VocabularyEntry.value.contains(needle))
    return [_item(r) for r in session.scalars(stmt.limit(limit))]


def _checked_entry(session: Session, kind: str, term: str, value: str) -> tuple[str, str]:
    if kind not in VOCABULARY_KINDS:
        raise CatalogueError(f"ไม่รู้จักประเภทคำศัพท์ {kind!r}")
    term, value = term.strip(), value.strip()
    if not term or len(term) > 200 or len(value) > 200:
        raise CatalogueError("คำต้องไม่ว่างและยาวไม่เกิน 200 ตัวอักษร")
    if kind in ("synonym", "english", "group") and not value:
        raise CatalogueError(f"ต้องกรอก “{VOCABULARY_KINDS[kind][1]}” ด้วย")
    if kind == "report_service":
        _require(session, term)
    return term, value


def _refuse_duplicate(session: Session, kind: str, term: str, value: str, entry_id: int | None = None) -> None:
    with session.no_autoflush:
        exists = session.scalar(
            select(VocabularyEntry.id).where(
                VocabularyEntry.kind == kind, VocabularyEntry.term == term, VocabularyEntry.value == value
            )
        )
    if exists is not None and exists != entry_id:
        raise CatalogueError("มีคำนี้อยู่แล้ว")


def add_vocabulary(session: Session, kind: str, term: str, value: str = "") -> VocabularyItem:
    """Add an entry; the live index picks it up at the next poll."""
    term, value = _checked_entry(session, kind, term, value)
    _refuse_duplicate(session, kind, term, value)
    row = VocabularyEntry(kind=kind, term=term, value=value)
    session.add(row)
    session.flush()
    bump_version(session)
    return _item(row)


def update_vocabulary(session: Session, entry_id: int, term: str, value: str = "") -> VocabularyItem:
    """Change an entry's words; returns it as it was before."""
    row = session.get(VocabularyEntry, entry_id)
    if row is None:
        raise CatalogueError(f"ไม่มีคำศัพท์รหัส {entry_id}")
    before = _item(row)
    term, value = _checked_entry(session, row.kind, term, value)
    _refuse_duplicate(session, row.kind, term, value, entry_id)
    row.term, row.value = term, value
    bump_version(session)
    return before


def remove_vocabulary(session: Session, entry_id: int) -> VocabularyItem:
    """Forget an entry; returns it as it was."""
    row = session.get(VocabularyEntry, entry_id)
    if row is None:
        raise CatalogueError(f"ไม่มีคำศัพท์รหัส {entry_id}")
    before = _item(row)
    session.delete(row)
    bump_version(session)
    return before
