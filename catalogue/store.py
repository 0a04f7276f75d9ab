"""The catalogue in the database: seeded from the data files on first start, then owned by the database.

Every change goes through these functions, which bump the catalogue version in the same transaction; workers compare
versions (:class:`catalogue.live.LiveIndex`) and rebuild their matcher index when it moves. The admin and the
``paru`` command line both call these functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from catalogue.models import Catalogue, Example, Procedure, Vocabulary
from catalogue.seed import DATA_DIR, load_seed
from core.models import CatalogueState, ExampleRow, ProcedureRow, VocabularyEntry, utcnow

#: How each list of the vocabulary is stored: one row per word, in ``vocabulary_entries.kind``.
LIST_KINDS = {
    "stopword_th": "stopwords_th",
    "stopword_en": "stopwords_en",
    "complaint_cue": "complaint_cues",
    "question_cue": "question_cues",
    "report_service": "report_services",
}


class CatalogueError(ValueError):
    """A change to the catalogue that cannot be made (unknown procedure, empty text ...)."""


def catalogue_version(session: Session) -> int | None:
    """The catalogue's version, or None before the first seed."""
    return session.scalar(select(CatalogueState.version).where(CatalogueState.id == 1))


def bump_version(session: Session) -> int:
    """Record that the catalogue changed; returns the new version."""
    state = session.get(CatalogueState, 1, with_for_update=True)
    if state is None:
        raise CatalogueError("the catalogue has not been seeded yet")
    state.version += 1
    state.updated_at = utcnow()
    return state.version


def _vocabulary_rows(vocabulary: Vocabulary) -> Iterable[VocabularyEntry]:
    seen: set[tuple[str, str, str]] = set()

    def row(kind: str, term: str, value: str = "") -> Iterable[VocabularyEntry]:
        if (kind, term, value) not in seen:
            seen.add((kind, term, value))
            yield VocabularyEntry(kind=kind, term=term, value=value)

    for canonical, variants in vocabulary.synonyms.items():
        yield from row("synonym", canonical, "")
        for variant in variants:
            yield from row("synonym", canonical, variant)
    for english, thai in vocabulary.english.items():
        yield from row("english", english, thai)
    for kind, attr in LIST_KINDS.items():
        for word in getattr(vocabulary, attr):
            yield from row(kind, word)


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
    session.add(CatalogueState(id=1, version=1))
    session.flush()
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
    "clip_url",
    "manual_url",
    "active",
)


def _row(p: Procedure, position: int) -> ProcedureRow:
    return ProcedureRow(
        position=position,
        aliases_th=list(p.aliases_th),
        documents_th=list(p.documents_th),
        **{f: getattr(p, f) for f in _FIELDS},
    )


def _procedure(row: ProcedureRow) -> Procedure:
    return Procedure(
        aliases_th=tuple(row.aliases_th), documents_th=tuple(row.documents_th), **{f: getattr(row, f) for f in _FIELDS}
    )


def load_vocabulary(session: Session) -> Vocabulary:
    """The vocabulary as the matcher wants it."""
    synonyms: dict[str, list[str]] = defaultdict(list)
    english: dict[str, str] = {}
    lists: dict[str, list[str]] = defaultdict(list)
    for entry in session.scalars(select(VocabularyEntry).order_by(VocabularyEntry.id)):
        if entry.kind == "synonym":
            variants = synonyms[entry.term]
            if entry.value:
                variants.append(entry.value)
        elif entry.kind == "english":
            english[entry.term] = entry.value
        elif entry.kind in LIST_KINDS:
            lists[LIST_KINDS[entry.kind]].append(entry.term)
    return Vocabulary(synonyms=dict(synonyms), english=english, **{k: tuple(v) for k, v in lists.items()})


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
        raise CatalogueError(f"no procedure with id {procedure_id!r}")
    return row


def _check_url(url: str) -> str:
    url = url.strip()
    if url and not url.startswith(("https://", "http://")):
        raise CatalogueError("a link must start with https:// or http://")
    if len(url) > 1000:
        raise CatalogueError("a link can be at most 1,000 characters (LINE's limit)")
    return url


def get_procedure(session: Session, procedure_id: str) -> Procedure:
    """One procedure's record; :class:`CatalogueError` when there is none with that id."""
    return _procedure(_require(session, procedure_id))


def save_procedure(session: Session, procedure: Procedure) -> Procedure:
    """Write every field of an existing procedure's record (its id stays); returns the record as it was before."""
    row = _require(session, procedure.id)
    before = _procedure(row)
    if not procedure.title_th.strip():
        raise CatalogueError("a procedure needs a Thai title")
    row.clip_url = _check_url(procedure.clip_url)
    row.manual_url = _check_url(procedure.manual_url)
    for name in _FIELDS:
        if name not in ("id", "clip_url", "manual_url"):
            setattr(row, name, getattr(procedure, name))
    row.aliases_th = list(procedure.aliases_th)
    row.documents_th = list(procedure.documents_th)
    bump_version(session)
    return before


def add_procedure(session: Session, procedure: Procedure) -> ProcedureRow:
    """Add a new procedure. Ids of retired procedures are never reused."""
    if session.get(ProcedureRow, procedure.id) is not None:
        raise CatalogueError(f"the id {procedure.id!r} is taken (ids are never reused, even after retirement)")
    position = (session.scalar(select(ProcedureRow.position).order_by(ProcedureRow.position.desc()).limit(1)) or 0) + 1
    _check_url(procedure.clip_url)
    _check_url(procedure.manual_url)
    row = _row(procedure, position)
    session.add(row)
    bump_version(session)
    return row


def add_example(session: Session, label: str, text: str, lang: str = "th", source: str = "staff") -> ExampleRow:
    """Teach the matcher a phrasing: ``label`` is a procedure id or ``intent:<name>``."""
    text = text.strip()
    if not text:
        raise CatalogueError("an example needs some text")
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
        raise CatalogueError(f"no example with id {example_id}")
    bump_version(session)


def add_synonym(session: Session, canonical: str, variant: str) -> None:
    """Teach the matcher that ``variant`` means ``canonical``."""
    canonical, variant = canonical.strip(), variant.strip()
    if not canonical or not variant:
        raise CatalogueError("a synonym needs both words")
    exists = session.scalar(
        select(VocabularyEntry.id).where(
            VocabularyEntry.kind == "synonym", VocabularyEntry.term == canonical, VocabularyEntry.value == variant
        )
    )
    if exists is None:
        session.add(VocabularyEntry(kind="synonym", term=canonical, value=variant))
        bump_version(session)
