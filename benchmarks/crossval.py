"""Cross-validation of the learned model on the catalogue's own examples.

    python -m benchmarks.crossval [--folds 5] [--always-train catalogue/data/examples/FILE.json ...]

Each fold trains the index without one fifth of the example questions and asks those questions: the figures say how
well the model generalises to phrasings it has not seen, independently of the question sets in shared/eval. "The
ranking alone" is where the right procedure stands in the matcher's ranking whatever the decision (an answer, a
choice, or none): the gap to the plain figures is the decision's.
``--always-train`` keeps the examples of the files named in every fold's training and never asks them: with a newly
written file, it says whether the new examples help with the questions that were there before (the plain figures
change with the set itself: harder new examples lower them even when the model got better).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
from pathlib import Path

from catalogue.matcher import build_index, match, ranked
from catalogue.seed import load_seed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
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
    random.Random(args.seed).shuffle(examples)
    folds = [examples[i :: args.folds] for i in range(args.folds)]
    n = top1 = top3 = answered = wrong_answer = ranked1 = ranked3 = 0
    by_lang: dict[str, list[int]] = {}
    for k, held in enumerate(folds):
        kept = tuple(e for j, fold in enumerate(folds) if j != k for e in fold) + fixed
        index = build_index(dataclasses.replace(catalogue, examples=kept))
        for e in held:
            r = match(e.text, index)
            ids = [m.id for m in r.matches]
            hit1 = bool(ids) and ids[0] == e.label
            n += 1
            top1 += hit1
            top3 += e.label in ids[:3]
            answered += r.decision == "answer" and hit1
            wrong_answer += r.decision == "answer" and not hit1
            order = ranked(e.text, index)
            ranked1 += order[:1] == [e.label]
            ranked3 += e.label in order
            stats = by_lang.setdefault(e.lang, [0, 0])
            stats[0] += 1
            stats[1] += hit1
    also = f" ({len(fixed)} more always in training)" if fixed else ""
    print(f"| {args.folds}-fold cross-validation on {n} examples{also} | figure |")
    print("|---|---:|")
    print(f"| top-1 | {top1 / n * 100:.1f}% |")
    print(f"| top-3 | {top3 / n * 100:.1f}% |")
    print(f"| answered directly and right | {answered / n * 100:.1f}% |")
    print(f"| answered confidently but wrong | {wrong_answer / n * 100:.1f}% |")
    print(f"| the ranking alone (whatever the decision): top-1 | {ranked1 / n * 100:.1f}% |")
    print(f"| the ranking alone: top-3 | {ranked3 / n * 100:.1f}% |")
    for lang, (count, hits) in sorted(by_lang.items()):
        print(f"| top-1, {lang} examples ({count}) | {hits / count * 100:.1f}% |")


if __name__ == "__main__":
    main()
