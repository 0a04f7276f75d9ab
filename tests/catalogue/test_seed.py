"""The catalogue's seed data: ids kept, examples enough and never copied from the question sets."""

import json
from pathlib import Path

from catalogue.matcher.normalise import normalise
from catalogue.models import DEFAULT_CLIP_URL, Catalogue
from tests.conftest import SHARED, shared_file

#: The question sets written apart from the catalogue (benchmarks/questions/README.md).
INDEPENDENT = Path(__file__).resolve().parents[2] / "benchmarks" / "questions"


def test_procedures_are_the_shared_67_with_ids_unchanged(catalogue: Catalogue) -> None:
    """The project's copy holds exactly the procedures and ids of shared/catalogue/procedures.json."""
    shared = json.loads(shared_file("catalogue", "procedures.json").read_text(encoding="utf-8"))
    assert [p.id for p in catalogue.procedures] == [d["id"] for d in shared]
    assert len(catalogue.procedures) == 67
    by_id = {d["id"]: d for d in shared}
    for p in catalogue.procedures:
        assert p.title_th == by_id[p.id]["title_th"]
        assert p.documents_th == tuple(by_id[p.id]["documents_th"])


def test_clip_link_defaults_to_the_district_tiktok(catalogue: Catalogue) -> None:
    """Until staff set a clip, the bot links the district's TikTok page."""
    p = catalogue.procedures[0]
    assert p.clip_url == ""
    assert p.clip_link == DEFAULT_CLIP_URL == "https://www.tiktok.com/@bangnadistrictoffice"


def test_every_procedure_has_enough_examples(catalogue: Catalogue) -> None:
    """At least 15 Thai and 5 English example questions for each of the 67."""
    for p in catalogue.procedures:
        th = [e for e in catalogue.examples if e.label == p.id and e.lang == "th"]
        en = [e for e in catalogue.examples if e.label == p.id and e.lang == "en"]
        assert len(th) >= 15, p.id
        assert len(en) >= 5, p.id


def test_example_labels_exist(catalogue: Catalogue) -> None:
    """Every example names a procedure of the catalogue."""
    ids = {p.id for p in catalogue.procedures}
    assert {e.label for e in catalogue.examples} <= ids
    assert {e.label for e in catalogue.intent_examples} >= {"greeting", "thanks", "staff", "office_info"}


def test_no_example_equals_a_question_of_the_question_sets(catalogue: Catalogue) -> None:
    """Examples are written for the catalogue, never copied from shared/eval or from our own independent question sets
    (compared after normalisation)."""
    eval_files = sorted((SHARED / "eval").glob("*.jsonl"))
    assert eval_files, "shared/eval has no question sets"
    independent = sorted(INDEPENDENT.glob("*.jsonl"))
    assert len(independent) >= 5, "the independent question sets are missing"
    eval_files += independent
    questions = {
        normalise(json.loads(line)["text"])
        for path in eval_files
        for line in path.open(encoding="utf-8")
        if line.strip()
    }
    ours = [e.text for e in (*catalogue.examples, *catalogue.intent_examples)]
    ours += [a for p in catalogue.procedures for a in p.aliases_th]
    copied = [t for t in ours if normalise(t) in questions - {""}]
    assert copied == []


def test_vocabulary_is_loaded(catalogue: Catalogue) -> None:
    """The vocabulary file carries the synonyms named in the brief."""
    syn = catalogue.vocabulary.synonyms
    assert "แต่งงาน" in syn["สมรส"]
    assert "ขยะ" in syn["มูลฝอย"]
    assert "ภดส" in syn["ภาษีที่ดินและสิ่งปลูกสร้าง"]
    assert "สด 9" in syn["สด9"]
    assert {"อู่ซ่อมรถ", "karaoke"} <= set(catalogue.vocabulary.groups["กิจการที่เป็นอันตรายต่อสุขภาพ"])
