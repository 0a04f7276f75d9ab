"""Benchmark the store on SQLite and PostgreSQL: inquiries stored per second, figures and exports over 100,000.

    python -m benchmarks.bench_store [--inquiries 100000]

Needs the PostgreSQL server the tests use (PARU_TEST_POSTGRES_URL, default postgres@127.0.0.1:5432/test); creates
and drops its own database. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import insert

from admin.export import write_export
from admin.figures import counts, satisfaction
from core.db import transaction
from core.inquiries import record_inquiry
from core.models import Followup, Inquiry
from core.thaidate import BANGKOK, bangkok_date
from paru.runtime import open_store
from tests.conftest import fresh_database_url, test_settings
from tests.helpers import new

PROCEDURES = ["birth-registration", "death-registration", "id-card-lost-destroyed", "household-waste-collection"]


def single_writes(store, n: int) -> float:  # type: ignore[no-untyped-def]
    """One transaction per inquiry, as the webhook commits them."""
    started = time.perf_counter()
    for i in range(n):
        with transaction(store.sessions) as session:
            record_inquiry(session, new(f"คำถาม {i}", webhook_event_id=f"single-{i}"))
    return n / (time.perf_counter() - started)


def concurrent_writes(store, writers: int, n: int) -> float:  # type: ignore[no-untyped-def]
    """``writers`` threads, one transaction per inquiry each."""

    def work(w: int) -> None:
        for i in range(n):
            with transaction(store.sessions) as session:
                record_inquiry(session, new(webhook_event_id=f"conc-{w}-{i}"))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return writers * n / (time.perf_counter() - started)


def bulk_load(store, n: int) -> None:  # type: ignore[no-untyped-def]
    """``n`` inquiries spread over a year, a tenth of them rated."""
    rng = random.Random(7)
    start = dt.datetime(2024, 10, 1, tzinfo=BANGKOK)
    rows = []
    for i in range(n):
        decision = rng.choice(["answer", "answer", "answer", "choose", "none"])
        received_at = start + dt.timedelta(seconds=rng.randrange(365 * 86400))
        rows.append(
            {
                "received_at": received_at,
                "received_day": bangkok_date(received_at),
                "channel": "line",
                "user_key": f"{i % 5000:064x}",
                "source_type": "user",
                "text": f"คำถามทดสอบที่ {i} เรื่องบัตรประชาชน",
                "normalised_text": f"คำถามทดสอบที่ {i % 300}",
                "decision": decision,
                "intent": "procedure" if decision != "none" else "unknown",
                "matches": [],
                "procedure_id": rng.choice(PROCEDURES) if decision != "none" else None,
                "reply_status": "sent",
            }
        )
    with transaction(store.sessions) as session:
        for i in range(0, n, 5000):
            session.execute(insert(Inquiry), rows[i : i + 5000])
        ids = [i for (i,) in session.query(Inquiry.id).order_by(Inquiry.id).limit(n // 10)]
        session.execute(
            insert(Followup),
            [
                {
                    "inquiry_id": i,
                    "kind": "rating",
                    "slot": "rating",
                    "rating": rng.choice([3, 4, 5, 5]),
                    "created_at": start,
                }
                for i in ids
            ],
        )


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def reporting(store, folder: Path, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Time the figures and the exports over the loaded year."""
    year = (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    month = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    out: list[str] = []
    with store.sessions() as session:
        out.append(f"{timed(lambda: counts(session, *month)):.2f} s")
        out.append(f"{timed(lambda: (counts(session, *year), satisfaction(session, *year))):.2f} s")
        with (folder / f"{name}-figures.xlsx").open("wb") as f:
            out.append(f"{timed(lambda: write_export(session, 'figures', 'xlsx', *year, f)):.2f} s")
        for fmt in ("csv", "xlsx"):
            path = folder / f"{name}.{fmt}"
            with path.open("wb") as f:
                seconds = timed(lambda: write_export(session, "inquiries", fmt, *year, f))  # noqa: B023
            out.append(f"{seconds:.2f} s ({path.stat().st_size / 1e6:.1f} MB)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inquiries", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=2000)
    args = parser.parse_args()
    print(f"| store benchmark ({args.inquiries:,} inquiries) | SQLite (WAL) | PostgreSQL |")
    print("|---|---:|---:|")
    figures: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("sqlite", "postgresql"):
            with fresh_database_url(backend, Path(tmp)) as url:
                store = open_store(test_settings(Path(tmp), url), url)
                try:
                    one = single_writes(store, args.writes)
                    many = concurrent_writes(store, 8, args.writes // 8)
                    bulk_load(store, args.inquiries)
                    figures[backend] = [f"{one:,.0f}/s", f"{many:,.0f}/s", *reporting(store, Path(tmp), backend)]
                finally:
                    store.close()
    labels = [
        "inquiries stored, one writer, one transaction each",
        "inquiries stored, 8 concurrent writers",
        "counts of one month (all groupings)",
        "counts and satisfaction of the whole year",
        "figures workbook (XLSX) of the whole year",
        f"export of {args.inquiries:,} inquiries to CSV",
        f"export of {args.inquiries:,} inquiries to XLSX",
    ]
    for i, label in enumerate(labels):
        print(f"| {label} | {figures['sqlite'][i]} | {figures['postgresql'][i]} |")


if __name__ == "__main__":
    main()
