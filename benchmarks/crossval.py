"""Cross-validation of the learned model on the catalogue's own examples.

    python -m benchmarks.crossval [--folds 5] [--seeds 2026 1 2 3 4] [--always-train examples/FILE.json ...]

Each fold trains the index without one fifth of the example questions and asks those questions: the figures say how
well the model generalises to phrasings it has not seen, independently of the question sets in shared/eval. "The
ranking alone" is where the right procedure stands in the matcher's ranking whatever the decision (an answer, a
choice, or none): the gap to the plain figures is the decision's.

Which examples fall into which fold is drawn by a hash of the seed and the example (``fold_of``), and the figures
move with the draw (top-3 by about half a point), so several draws are made, one per seed, and their mean is the
figure to quote. An example added to the catalogue leaves every other example in its fold, so two versions of the
catalogue are compared on the same draws (until session 30 the draw was a shuffle of the whole list, which one new
example redrew; the matcher's weights were chosen on that shuffle's seed 2026, never quoted alone).
``--always-train`` keeps the examples of the files named in every fold's training and never asks them: with a newly
written file, it says whether the new examples help with the questions that were there before (the plain figures
change with the set itself: harder new examples lower them even when the model got better).

A second table holds out the intent examples of ``intents.json`` too (small talk, another agency's matter, complaints
...), in the same folds, and asks them as questions no clip answers: how often a phrasing of something the district
does not do, never seen, gets no clip (rejection), and how often one confident clip (confidently wrong, over every
question asked). The procedures' figures move too, as their competitors lose a fifth of their examples.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
from pathlib import Path

from catalogue.evaluation import LabelledQuestion, Prediction, Report, evaluate, predict
from catalogue.matcher import build_index, ranked
from catalogue.models import Catalogue, Example
from catalogue.seed import load_seed

#: The figures of ``catalogue.evaluation`` for examples of procedures, in the order they are printed.
FIGURES = {
    "top1": "top-1",
    "top3": "top-3",
    "direct": "answered directly and right",
    "confidently_wrong": "answered confidently but wrong",
}
RANKED = {
    "ranked1": "the ranking alone (whatever the decision): top-1",
    "ranked3": "the ranking alone: top-3",
}


@dataclasses.dataclass(frozen=True)
class Draw:
    """One draw of the folds: the matcher scored by ``shared/eval``'s rules (each example's language its kind), and
    where the right procedure stood in the ranking alone."""

    report: Report
    ranked1: int
    ranked3: int

    def rate(self, figure: str) -> float:
        """A figure of the report, or of the ranking alone (``ranked1``, ``ranked3``), in percent."""
        rates = self.report.overall.rates()
        if figure in rates:
            return (rates[figure] or 0.0) * 100
        return getattr(self, figure) / max(1, self.report.overall.labelled) * 100


def fold_of(example: Example, seed: int, folds: int) -> int:
    """The fold an example falls into in the draw ``seed``: a hash of the draw and the example alone, so examples
    added to the catalogue leave every other example in its fold, and two versions of the catalogue are compared on
    the same draws."""
    key = f"{seed}\x1f{example.label}\x1f{example.lang}\x1f{example.text}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % folds


def cross_validate(
    catalogue: Catalogue,
    examples: list[Example],
    fixed: tuple[Example, ...],
    folds: int,
    seed: int,
    *,
    intents: bool = False,
) -> Draw:
    """Ask every example of ``examples`` once, from an index trained without its fold (``fixed`` always trained);
    with ``intents``, the catalogue's intent examples too, each held out in its fold and asked as a question no clip
    answers."""
    parts: list[list[Example]] = [[] for _ in range(folds)]
    for e in examples:
        parts[fold_of(e, seed, folds)].append(e)
    others: list[list[Example]] = [[] for _ in range(folds)]
    for e in catalogue.intent_examples if intents else ():
        others[fold_of(e, seed, folds)].append(e)
    pairs: list[tuple[LabelledQuestion, Prediction]] = []
    ranked1 = ranked3 = 0
    for k, held in enumerate(parts):
        kept = tuple(e for j, part in enumerate(parts) if j != k for e in part) + fixed
        trained = (
            tuple(e for j, part in enumerate(others) if j != k for e in part) if intents else catalogue.intent_examples
        )
        index = build_index(dataclasses.replace(catalogue, examples=kept, intent_examples=trained))
        pairs += predict([LabelledQuestion(e.text, (e.label,), e.lang) for e in held], index)
        pairs += predict([LabelledQuestion(e.text, (), e.lang) for e in others[k]], index)
        for e in held:
            order = ranked(e.text, index)
            ranked1 += order[:1] == [e.label]
            ranked3 += e.label in order
    return Draw(evaluate(pairs), ranked1, ranked3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=[2026, 1, 2, 3, 4])
    parser.add_argument("--always-train", type=Path, nargs="*", default=[], help="example files never held out")
    args = parser.parse_args()

    catalogue = load_seed()
    pinned = {
        (label, lang, text)
        for path in args.always_train
        for label, by_lang in json.loads(path.read_text(encoding="utf-8")).items()
        if not label.startswith("_")
        for lang, texts in by_lang.items()
        for text in texts
    }
    fixed = tuple(e for e in catalogue.examples if (e.label, e.lang, e.text) in pinned)
    if len(fixed) != len(pinned):
        parser.error("--always-train: some examples of these files are not in the catalogue's seed files")
    examples = [e for e in catalogue.examples if (e.label, e.lang, e.text) not in pinned]
    tallies = {seed: cross_validate(catalogue, examples, fixed, args.folds, seed) for seed in args.seeds}

    also = f" ({len(fixed)} more always in training)" if fixed else ""
    seeds = " | ".join(f"seed {seed}" for seed in tallies)
    print(f"| {args.folds}-fold cross-validation on {len(examples)} examples{also} | mean | {seeds} |")
    print("|---|---:|" + "---:|" * len(tallies))
    for figure, name in [*FIGURES.items(), *RANKED.items()]:
        _row(name, [draw.rate(figure) for draw in tallies.values()])
    for lang, tally in sorted(next(iter(tallies.values())).report.by_kind.items()):
        rates = [(draw.report.by_kind[lang].rates()["top1"] or 0.0) * 100 for draw in tallies.values()]
        _row(f"top-1, {lang} examples ({tally.total})", rates)

    both = {seed: cross_validate(catalogue, examples, fixed, args.folds, seed, intents=True) for seed in args.seeds}
    print()
    print(
        f"| {args.folds}-fold cross-validation, the {len(catalogue.intent_examples)} intent examples held out too |"
        f" mean | {seeds} |"
    )
    print("|---|---:|" + "---:|" * len(both))
    for figure, name in [*FIGURES.items(), ("rejection", "rejection (intent examples given no clip)")]:
        _row(name, [draw.rate(figure) for draw in both.values()])


def _row(name: str, rates: list[float]) -> None:
    """One Markdown row: the figure's mean over the draws, then each draw's."""
    cells = " | ".join(f"{r:.1f}%" for r in rates)
    print(f"| {name} | **{sum(rates) / len(rates):.1f}%** | {cells} |")


if __name__ == "__main__":
    main()
