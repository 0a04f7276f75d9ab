"""Read the catalogue's seed files shipped in ``catalogue/data`` (the only I/O of the catalogue package)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalogue.models import Catalogue, Example, Procedure, Vocabulary

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def procedure_from_dict(d: dict[str, Any]) -> Procedure:
    """Build a procedure from its JSON form (the seed file's fields)."""
    return Procedure(
        id=d["id"],
        title_th=d["title_th"],
        title_en=d.get("title_en", ""),
        department_th=d.get("department_th", ""),
        department_en=d.get("department_en", ""),
        aliases_th=tuple(d.get("aliases_th", ())),
        documents_th=tuple(d.get("documents_th", ())),
        fee_th=d.get("fee_th", ""),
        duration_th=d.get("duration_th", ""),
        documents_en=tuple(d.get("documents_en", ())),
        fee_en=d.get("fee_en", ""),
        duration_en=d.get("duration_en", ""),
        clip_url=d.get("clip_url", ""),
        manual_url=d.get("manual_url", ""),
        active=d.get("active", True),
    )


def _examples_from(mapping: dict[str, Any]) -> list[Example]:
    out: list[Example] = []
    for label, by_lang in mapping.items():
        if label.startswith("_"):
            continue
        for lang, texts in by_lang.items():
            out.extend(Example(label=label, text=t, lang=lang) for t in texts)
    return out


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    """The matcher's vocabulary file."""
    raw = _read_json(data_dir / "vocabulary.json")
    return Vocabulary(
        synonyms=raw.get("synonyms", {}),
        english=raw.get("english", {}),
        stopwords_th=tuple(raw.get("stopwords_th", ())),
        stopwords_en=tuple(raw.get("stopwords_en", ())),
        complaint_cues=tuple(raw.get("complaint_cues", ())),
        question_cues=tuple(raw.get("question_cues", ())),
        explanation_cues=tuple(raw.get("explanation_cues", ())),
        complaint_exceptions=tuple(raw.get("complaint_exceptions", ())),
        report_questions=tuple(raw.get("report_questions", ())),
        report_services=tuple(raw.get("report_services", ())),
        office_words=tuple(raw.get("office_words", ())),
        office_topics=tuple(raw.get("office_topics", ())),
        groups=raw.get("groups", {}),
    )


def load_seed(data_dir: Path = DATA_DIR) -> Catalogue:
    """The whole catalogue from the seed files: procedures, example questions, intents and vocabulary."""
    procedures = tuple(procedure_from_dict(d) for d in _read_json(data_dir / "procedures.json"))
    examples: list[Example] = []
    for path in sorted((data_dir / "examples").glob("*.json")):
        examples.extend(_examples_from(_read_json(path)))
    intents = _examples_from(_read_json(data_dir / "intents.json"))
    return Catalogue(
        procedures=procedures,
        examples=tuple(examples),
        intent_examples=tuple(intents),
        vocabulary=load_vocabulary(data_dir),
    )
