"""The scoring rules of shared/eval/README.md, on hand-made predictions."""

from pathlib import Path

from catalogue.evaluation import LabelledQuestion, Prediction, evaluate, in_holdout, read_questions


def q(expected: tuple[str, ...], kind: str = "plain") -> LabelledQuestion:
    return LabelledQuestion("ข้อความ", expected, kind)


def test_rules() -> None:
    """top-1, top-3, direct, rejection and confidently wrong, each counted as the README says."""
    report = evaluate(
        [
            (q(("a",)), Prediction("answer", ("a",))),  # top-1, top-3, direct
            (q(("a", "b")), Prediction("choose", ("c", "b", "d"))),  # top-3 only
            (q(("a",)), Prediction("answer", ("c",))),  # confidently wrong
            (q(("a",)), Prediction("none", ())),  # nothing offered
            (q((), "oos-far"), Prediction("none", ())),  # rejected
            (q((), "oos-far"), Prediction("choose", ("a", "b"))),  # not rejected, not confident
            (q((), "smalltalk"), Prediction("answer", ("a",))),  # confidently wrong
        ]
    )
    t = report.overall
    assert (t.labelled, t.unlabelled) == (4, 3)
    assert (t.top1, t.top3, t.direct, t.rejected, t.confidently_wrong) == (1, 2, 1, 1, 2)
    assert report.overall.rates()["confidently_wrong"] == 2 / 7
    assert len(report.misses) == 5
    assert report.by_kind["oos-far"].unlabelled == 2


def test_holdout_split_is_fixed_and_disjoint(tmp_path: Path) -> None:
    """The held-out part is chosen by the text alone: same answer every time, never overlapping the tuning part."""
    lines = [f'{{"text": "คำถามที่ {i}", "expected": [], "kind": "plain"}}' for i in range(200)]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tune = {x.text for x in read_questions(path, "tune")}
    hold = {x.text for x in read_questions(path, "holdout")}
    assert not tune & hold
    assert len(tune) + len(hold) == 200
    assert 30 < len(hold) < 90
    assert all(in_holdout(t) for t in hold)
