"""Scoring a matcher on a labelled question set, by the rules in ``shared/eval/README.md``.

Pure functions over plain records, so the same rules score Paru (:func:`predict`) and the baselines in
``benchmarks/``:

* top-1: the first clip offered is right; top-3: one of the first three offered is right (messages with a label);
* direct: one confident clip (decision ``answer``) that is right;
* rejection: no clip offered for a message whose right answer is "no clip";
* confidently wrong: a single confident clip that is not right, over every message.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from catalogue.matcher import MatcherIndex, match

Split = Literal["all", "tune", "holdout"]

#: Share of a question set kept aside, never tuned on (chosen by a hash of the text, so it is fixed once and for
#: all and does not depend on the order of the file).
HOLDOUT_SHARE = 0.30
HOLDOUT_SALT = "paru-holdout-2026"


@dataclass(frozen=True)
class LabelledQuestion:
    """One line of a question set."""

    text: str
    expected: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Prediction:
    """What a matcher did with one message: its decision and the clips offered, best first."""

    decision: str
    offered: tuple[str, ...]


def in_holdout(text: str) -> bool:
    """Whether a question belongs to the held-out part of a set."""
    digest = hashlib.sha256((HOLDOUT_SALT + text).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < HOLDOUT_SHARE


def read_questions(path: Path, split: Split = "all") -> list[LabelledQuestion]:
    """Read a JSON-lines question set, optionally only its tuning or held-out part."""
    out: list[LabelledQuestion] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            q = LabelledQuestion(d["text"], tuple(d.get("expected", ())), d.get("kind", ""))
            if split == "all" or (split == "holdout") == in_holdout(q.text):
                out.append(q)
    return out


@dataclass
class Tally:
    """Counts for one group of messages."""

    labelled: int = 0
    unlabelled: int = 0
    top1: int = 0
    top3: int = 0
    direct: int = 0
    rejected: int = 0
    confidently_wrong: int = 0

    @property
    def total(self) -> int:
        """All messages in the group."""
        return self.labelled + self.unlabelled

    def rates(self) -> dict[str, float | None]:
        """The five figures as shares (None where the group has no message of that sort)."""

        def share(n: int, d: int) -> float | None:
            return n / d if d else None

        return {
            "top1": share(self.top1, self.labelled),
            "top3": share(self.top3, self.labelled),
            "direct": share(self.direct, self.labelled),
            "rejection": share(self.rejected, self.unlabelled),
            "confidently_wrong": share(self.confidently_wrong, self.total),
        }


@dataclass(frozen=True)
class Miss:
    """A message the matcher got wrong, for people to read."""

    question: LabelledQuestion
    prediction: Prediction
    why: str


@dataclass
class Report:
    """Overall and per-kind tallies, and the misses."""

    overall: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[Miss] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly summary."""
        return {
            "n": self.overall.total,
            "overall": self.overall.rates(),
            "by_kind": {k: {"n": t.total, **t.rates()} for k, t in sorted(self.by_kind.items())},
        }


def score_one(q: LabelledQuestion, p: Prediction, tally: Tally) -> str | None:
    """Add one message to a tally; return why it is a miss, or None."""
    offered = p.offered
    confident = p.decision == "answer" and len(offered) >= 1
    if q.expected:
        tally.labelled += 1
        hit1 = bool(offered) and offered[0] in q.expected
        hit3 = any(o in q.expected for o in offered[:3])
        tally.top1 += hit1
        tally.top3 += hit3
        tally.direct += confident and hit1
        if confident and not hit1:
            tally.confidently_wrong += 1
            return "confidently wrong"
        if not offered:
            return "no clip offered"
        if not hit3:
            return "right clip not in the first three"
        if not hit1:
            return "right clip not first"
        return None
    tally.unlabelled += 1
    tally.rejected += not offered
    if confident:
        tally.confidently_wrong += 1
        return "confident clip for an out-of-scope message"
    if offered:
        return "clips offered for an out-of-scope message"
    return None


def predict(questions: Iterable[LabelledQuestion], index: MatcherIndex) -> list[tuple[LabelledQuestion, Prediction]]:
    """Ask the matcher every question of a set: each question with what the matcher did."""
    out = []
    for q in questions:
        result = match(q.text, index)
        out.append((q, Prediction(result.decision, tuple(m.id for m in result.matches))))
    return out


def evaluate(pairs: Iterable[tuple[LabelledQuestion, Prediction]]) -> Report:
    """Score every (question, prediction) pair."""
    report = Report()
    for q, p in pairs:
        why = score_one(q, p, report.overall)
        score_one(q, p, report.by_kind[q.kind])
        if why:
            report.misses.append(Miss(q, p, why))
    return report


def format_report(report: Report, title: str = "") -> Iterator[str]:
    """Lines of a readable report: overall, per kind, then the misses."""

    def pct(x: float | None) -> str:
        return "   -  " if x is None else f"{x * 100:5.1f}%"

    if title:
        yield title
    header = f"{'kind':<12}{'n':>5}  {'top-1':>6}  {'top-3':>6}  {'direct':>6}  {'reject':>6}  {'conf.wrong':>10}"
    yield header
    rows: Sequence[tuple[str, Tally]] = [("ALL", report.overall), *sorted(report.by_kind.items())]
    for name, t in rows:
        r = t.rates()
        yield (
            f"{name:<12}{t.total:>5}  {pct(r['top1'])}  {pct(r['top3'])}  {pct(r['direct'])}  "
            f"{pct(r['rejection'])}  {pct(r['confidently_wrong']):>10}"
        )
    if report.misses:
        yield ""
        yield f"misses ({len(report.misses)}):"
        for m in report.misses:
            offered = ", ".join(m.prediction.offered) or "-"
            expected = ", ".join(m.question.expected) or "(no clip)"
            yield f"  [{m.question.kind}] {m.why}: {m.question.text!r}"
            yield f"      {m.prediction.decision}: {offered}  | expected: {expected}"
