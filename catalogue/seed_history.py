"""What each revision of the seed files held, so an office's catalogue takes in only what is new to it.

An office's catalogue lives in its database, seeded once from the files in ``catalogue/data``. When a release adds to
those files (examples, intent examples, vocabulary), the catalogue takes in, at its next start, every seed entry that
was in *no* revision it has already seen. ``seed_history.json`` keeps, per revision, a short fingerprint of each entry
that revision added: an example by its text (whatever it is labelled, so an example moved to a finer intent is not
added again where staff removed it), a vocabulary entry by its kind, term and value.

A maintainer who adds to the seed files records the additions as a new revision::

    python -m catalogue.seed_history

and a test fails until they do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from catalogue.models import Catalogue, Vocabulary
from catalogue.seed import DATA_DIR, load_seed

HISTORY_FILE = "seed_history.json"

#: How each list of the vocabulary is stored: one row per word, in ``vocabulary_entries.kind``.
LIST_KINDS = {
    "stopword_th": "stopwords_th",
    "stopword_en": "stopwords_en",
    "complaint_cue": "complaint_cues",
    "question_cue": "question_cues",
    "explanation_cue": "explanation_cues",
    "complaint_exception": "complaint_exceptions",
    "report_question": "report_questions",
    "report_service": "report_services",
    "office_word": "office_words",
    "office_topic": "office_topics",
}


def vocabulary_entries(vocabulary: Vocabulary) -> list[tuple[str, str, str]]:
    """The vocabulary as (kind, term, value) rows, each once, in file order."""
    rows: dict[tuple[str, str, str], None] = {}
    for canonical, variants in vocabulary.synonyms.items():
        rows[("synonym", canonical, "")] = None
        for variant in variants:
            rows[("synonym", canonical, variant)] = None
    for english, thai in vocabulary.english.items():
        rows[("english", english, thai)] = None
    for name, members in vocabulary.groups.items():
        for member in members:
            rows[("group", name, member)] = None
    for kind, attr in LIST_KINDS.items():
        for word in getattr(vocabulary, attr):
            rows[(kind, word, "")] = None
    return list(rows)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def example_fingerprint(text: str) -> str:
    """The fingerprint of an example question (procedure or intent), by its text alone."""
    return _digest("e\t" + text)


def vocabulary_fingerprint(kind: str, term: str, value: str) -> str:
    """The fingerprint of a vocabulary entry."""
    return _digest(f"v\t{kind}\t{term}\t{value}")


def fingerprints(catalogue: Catalogue) -> set[str]:
    """Every entry of a seed catalogue, fingerprinted."""
    found = {example_fingerprint(e.text) for e in (*catalogue.examples, *catalogue.intent_examples)}
    found.update(vocabulary_fingerprint(*row) for row in vocabulary_entries(catalogue.vocabulary))
    return found


def load_history(data_dir: Path = DATA_DIR) -> dict[int, frozenset[str]]:
    """Each seed revision's added fingerprints, by revision number (1, 2, ...)."""
    with (data_dir / HISTORY_FILE).open(encoding="utf-8") as f:
        raw = json.load(f)
    return {int(number): frozenset(added) for number, added in raw["revisions"].items()}


def known_before(history: Mapping[int, Iterable[str]], revision: int) -> set[str]:
    """Every fingerprint of revisions up to and including ``revision``."""
    return {fp for number, added in history.items() if number <= revision for fp in added}


def record_new_revision(data_dir: Path = DATA_DIR) -> int | None:
    """Record what the seed files hold beyond every recorded revision as a new revision; returns its number, or
    None when nothing is new."""
    path = data_dir / HISTORY_FILE
    with path.open(encoding="utf-8") as f:
        raw = json.load(f)
    history = {int(k): v for k, v in raw["revisions"].items()}
    new = sorted(fingerprints(load_seed(data_dir)) - known_before(history, max(history)))
    if not new:
        return None
    number = max(history) + 1
    raw["revisions"][str(number)] = new
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return number


if __name__ == "__main__":
    recorded = record_new_revision()
    print(f"recorded seed revision {recorded}" if recorded else "nothing new in the seed files")  # noqa: T201
