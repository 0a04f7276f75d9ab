"""Benchmark the matcher: accuracy against what an office would otherwise use, and speed.

    python -m benchmarks.bench_matcher [--shared ../shared]

Prints Markdown tables (pasted into the README). Accuracy follows shared/eval/README.md. Speed is measured on this
machine, one process, after warm-up.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.baselines import BM25, FuzzyTitles, KeywordAutoReply
from catalogue.evaluation import LabelledQuestion, Prediction, evaluate, read_questions
from catalogue.matcher import build_index, match
from catalogue.matcher.lexicon import base_trie, base_words
from catalogue.models import Example
from catalogue.seed import load_seed

#: Question sets written apart from the catalogue and from shared/eval (questions/README.md).
QUESTIONS = Path(__file__).resolve().parent / "questions"


def _set_number(path: Path) -> tuple[int, str]:
    """Sort key of a question set: the number in its name (independent-10 after independent-9), then the name."""
    found = re.search(r"\d+", path.stem)
    return (int(found.group()) if found else 0, path.stem)


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f}%"


def percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted values: the smallest value with at least ``share`` of them at or below."""
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def accuracy_table(sets: dict[str, list[LabelledQuestion]], systems: dict[str, Callable[[str], Prediction]]) -> None:
    print("| question set | system | top-1 | top-3 | direct | rejection | confidently wrong |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for set_name, questions in sets.items():
        for sys_name, predict in systems.items():
            r = evaluate((q, predict(q.text)) for q in questions).overall.rates()
            print(
                f"| {set_name} | {sys_name} | {pct(r['top1'])} | {pct(r['top3'])} | {pct(r['direct'])} | "
                f"{pct(r['rejection'])} | {pct(r['confidently_wrong'])} |"
            )


def reference_workload() -> float:
    """Seconds for a fixed pure-Python workload unrelated to Paru (strings, a dict, a sort), median of 5: how fast this
    machine runs Python today, so latency figures from different machines or days can be compared."""
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        counts: dict[str, int] = {}
        for i in range(200_000):
            key = str(i * 7919 % 100_003)[:4]
            counts[key] = counts.get(key, 0) + 1
        sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    args = parser.parse_args()
    dev = args.shared / "eval" / "dev.jsonl"
    real = args.shared / "eval" / "real-citizen-messages.jsonl"
    hard = args.shared / "eval" / "hard.jsonl"

    started = time.perf_counter()
    base_words()
    base_trie()
    catalogue = load_seed()
    index = build_index(catalogue)
    cold = time.perf_counter() - started
    rebuilds, fresh = [], []
    for i in range(5):
        changed = dataclasses.replace(catalogue, examples=(*catalogue.examples, Example("will-making", f"พินัยกรรม {i}")))
        t = time.perf_counter()
        build_index(changed, previous=index)
        rebuilds.append(time.perf_counter() - t)
        t = time.perf_counter()
        build_index(changed)
        fresh.append(time.perf_counter() - t)

    def paru(text: str) -> Prediction:
        r = match(text, index)
        return Prediction(r.decision, tuple(m.id for m in r.matches))

    systems: dict[str, Callable[[str], Prediction]] = {"**Paru**": paru}
    for baseline in (
        KeywordAutoReply(catalogue),
        FuzzyTitles(catalogue),
        BM25(catalogue),
        BM25(catalogue, with_examples=True),
    ):
        systems[baseline.name] = baseline.predict

    sets = {
        f"dev.jsonl ({len(read_questions(dev))})": read_questions(dev),
        f"dev.jsonl, held-out part never tuned on ({len(read_questions(dev, 'holdout'))})": read_questions(
            dev, "holdout"
        ),
        f"hard.jsonl ({len(read_questions(hard))})": read_questions(hard),
        f"hard.jsonl, held-out part never tuned on ({len(read_questions(hard, 'holdout'))})": read_questions(
            hard, "holdout"
        ),
        f"real-citizen-messages.jsonl ({len(read_questions(real))})": read_questions(real),
    }
    # The latency sample stays the shared sets' messages, comparable from run to run.
    texts = [q.text for qs in sets.values() for q in qs]
    for path in sorted(QUESTIONS.glob("independent-*.jsonl"), key=_set_number):
        questions = read_questions(path)
        sets[f"benchmarks/questions/{path.name} ({len(questions)})"] = questions
    accuracy_table(sets, systems)

    reference_before = reference_workload() * 1000
    for t in texts:
        match(t, index)  # warm-up
    runs: list[list[float]] = [[] for _ in texts]
    for _ in range(5):
        for t, message_runs in zip(texts, runs, strict=True):
            s = time.perf_counter()
            match(t, index)
            message_runs.append((time.perf_counter() - s) * 1000)
    times = sorted(ms for message_runs in runs for ms in message_runs)
    # timeit's convention: a message's fastest run is a lower bound of what matching it costs; slower runs add what
    # else the machine was doing (another process, a frequency change) and the matcher's own garbage collection,
    # which a citizen waits for too: both figures are printed.
    best = sorted(min(message_runs) for message_runs in runs)
    reference_after = reference_workload() * 1000

    startups = []
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "PARU_DATA_DIR": data}
        env.pop("PARU_DATABASE_URL", None)
        for _ in range(4):  # the first run creates and seeds the database; it is not counted
            s = time.perf_counter()
            subprocess.run([sys.executable, "-m", "paru", "match", "สวัสดีครับ"], check=True, capture_output=True, env=env)
            startups.append(time.perf_counter() - s)
    startups = startups[1:]

    print()
    print("| speed (this machine, one process) | figure |")
    print("|---|---:|")
    print(f"| per-message latency, every run: median | {statistics.median(times):.2f} ms |")
    print(f"| per-message latency, every run: p99 | {percentile(times, 0.99):.2f} ms |")
    print(f"| per-message latency, every run: max | {times[-1]:.2f} ms |")
    print(f"| per-message latency, each message's fastest of 5 runs: median | {statistics.median(best):.2f} ms |")
    print(f"| per-message latency, each message's fastest of 5 runs: p99 | {percentile(best, 0.99):.2f} ms |")
    print(f"| index build, first in a process (includes loading PyThaiNLP's dictionary) | {cold:.2f} s |")
    rebuild = statistics.median(rebuilds)
    print(f"| index rebuild after staff add an example (vocabulary unchanged), median of 5 | {rebuild:.2f} s |")
    print(f"| index build from scratch in a warm process, median of 5 | {statistics.median(fresh):.2f} s |")
    print(f"| `paru match` start-up to answer (embedded database), median of 3 | {statistics.median(startups):.2f} s |")
    print(f"| messages timed (each 5 times) | {len(runs)} |")
    print(
        "| reference: a fixed pure-Python workload, not Paru's (machine speed), median of 5, before / after the latency"
        f" runs | {reference_before:.0f} / {reference_after:.0f} ms |"
    )


if __name__ == "__main__":
    main()
