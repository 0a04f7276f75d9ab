"""Search the matcher's weights and thresholds on the tuning part of a question set.

    python benchmarks/tune.py ../shared/eval/dev.jsonl [--param value ...]

Only the ``tune`` split is read, never the held-out part; the figures printed are for that split. The objective
rewards what the office needs: right first answers and direct answers, and punishes confidently wrong ones hardest.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
from pathlib import Path

from catalogue.evaluation import evaluate, predict, read_questions
from catalogue.matcher import MatcherConfig, build_index
from catalogue.seed import load_seed


def objective(rates: dict[str, float | None]) -> float:
    """Higher is better: top-1 and direct count, a confident wrong answer costs three times a right one."""
    r = {k: (v or 0.0) for k, v in rates.items()}
    return r["top1"] + 0.5 * r["top3"] + 0.5 * r["direct"] + 0.5 * r["rejection"] - 3.0 * r["confidently_wrong"]


def run(config: MatcherConfig, questions, catalogue) -> dict[str, float | None]:
    return evaluate(predict(questions, build_index(catalogue, config))).overall.rates()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--grid", action="append", default=[], help="name=v1,v2,... (repeatable)")
    args = parser.parse_args()
    questions = read_questions(args.path, "tune")
    catalogue = load_seed()
    grid = {}
    for g in args.grid:
        name, values = g.split("=")
        grid[name] = [int(v) if v.isdigit() else float(v) for v in values.split(",")]
    names = list(grid)
    results = []
    for combo in itertools.product(*(grid[n] for n in names)) if names else [()]:
        config = dataclasses.replace(MatcherConfig(), **dict(zip(names, combo, strict=True)))
        rates = run(config, questions, catalogue)
        results.append((objective(rates), combo, rates))
        shown = " ".join(f"{k}={v:.3f}" for k, v in rates.items() if v is not None)
        print(f"{objective(rates):.4f}  {dict(zip(names, combo, strict=True))}  {shown}", flush=True)
    best = max(results, key=lambda r: r[0])
    print("best:", dict(zip(names, best[1], strict=True)), best[2])


if __name__ == "__main__":
    main()
