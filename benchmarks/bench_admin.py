"""How long each admin page takes to render with a year of 100,000 inquiries in the database.

    python -m benchmarks.bench_admin [--inquiries 100000] [--runs 5]

For SQLite and then PostgreSQL (a database of its own): loads a year of inquiries ending today (with ratings,
verdicts, picks, trial traffic and repeated unanswered questions), serves Paru on 127.0.0.1, signs in, and times
each page over real HTTP (after one warm-up), median and slowest of the runs. Prints the table the README quotes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import insert, select

from admin.accounts import create_user
from core.db import transaction
from core.models import Followup, Inquiry
from core.settings import Settings
from core.thaidate import BANGKOK, bangkok_date, today
from paru.app import create_app
from paru.runtime import open_store
from tests.bot.servers import ServerThread
from tests.conftest import fresh_database_url

PROCEDURES = [
    "birth-registration",
    "death-registration",
    "id-card-lost-destroyed",
    "household-waste-collection",
    "move-in-notification",
    "move-out-notification",
    "marriage-registration",
    "signboard-tax",
]
PAGES = [
    ("dashboard", "/admin"),
    ("dashboard chart: daily", "/admin/charts/daily.svg"),
    ("dashboard chart: top procedures", "/admin/charts/top.svg"),
    ("procedures", "/admin/procedures"),
    ("procedure edit", "/admin/procedures/birth-registration"),
    ("clip links", "/admin/links"),
    ("unanswered queue (90 days)", "/admin/unanswered"),
    ("vocabulary", "/admin/vocabulary"),
    ("figures (30 days)", "/admin/figures"),
    (
        "figures (fiscal year so far, with baseline)",
        "/admin/figures?from={fy}&to={today}&baseline_from={bfy}&baseline_to={bto}",
    ),
    ("settings", "/admin/settings"),
    ("accounts", "/admin/accounts"),
    ("audit log", "/admin/audit"),
]
PASSWORD = "benchmark password"


def load(url: str, n: int) -> None:
    """``n`` inquiries over the year ending today: a fifth with a verdict, a tenth rated, some carousels picked, a
    few on the simulator, and unanswered questions that repeat."""
    rng = random.Random(11)
    end = dt.datetime.now(BANGKOK)
    store = open_store(Settings(PARU_DATA_DIR=Path(tempfile.mkdtemp())), url)
    rows, followups = [], []
    for i in range(n):
        decision = rng.choice(["answer", "answer", "answer", "choose", "none"])
        at = end - dt.timedelta(seconds=rng.randrange(365 * 86400))
        verdict = rng.choice([None, None, None, None, "helpful", "not_helpful"]) if decision != "none" else None
        picked = at + dt.timedelta(minutes=2) if decision == "choose" and rng.random() < 0.6 else None
        rows.append(
            {
                "received_at": at,
                "received_day": bangkok_date(at),
                "channel": "simulator" if i % 50 == 0 else "line",
                "user_key": f"{i % 5000:064x}",
                "source_type": "user",
                "text": f"คำถามทดสอบที่ {i}",
                "normalised_text": f"คำถามที่ยังตอบไม่ได้ {i % 400}" if decision == "none" else f"คำถามทดสอบที่ {i}",
                "decision": decision,
                "intent": "procedure" if decision != "none" else "unknown",
                "matches": [],
                "procedure_id": rng.choice(PROCEDURES) if decision != "none" else None,
                "reply_status": "sent",
                "verdict": verdict,
                "verdict_at": at + dt.timedelta(minutes=1) if verdict else None,
                "last_pick_at": picked,
            }
        )
    with transaction(store.sessions) as session:
        for i in range(0, n, 5000):
            session.execute(insert(Inquiry), rows[i : i + 5000])
        ids = list(session.scalars(select(Inquiry.id).order_by(Inquiry.id)))
        for inquiry_id, row in zip(ids, rows, strict=True):
            if row["verdict"]:
                followups.append(
                    {
                        "inquiry_id": inquiry_id,
                        "kind": row["verdict"],
                        "slot": "verdict",
                        "created_at": row["verdict_at"],
                    }
                )
            if row["verdict"] == "helpful":
                followups.append(
                    {
                        "inquiry_id": inquiry_id,
                        "kind": "rating",
                        "slot": "rating",
                        "rating": rng.choice([3, 4, 5, 5]),
                        "created_at": row["verdict_at"],
                    }
                )
        for i in range(0, len(followups), 5000):
            session.execute(insert(Followup), followups[i : i + 5000])
        create_user(session, "bench", PASSWORD, "admin")
    store.close()


def sign_in(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=120)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin/login").text)
    assert token is not None
    response = client.post(
        "/admin/login", data={"csrf_token": token.group(1), "username": "bench", "password": PASSWORD}
    )
    assert response.status_code == 303, response.text
    return client


def time_pages(url: str, runs: int) -> dict[str, tuple[float, float]]:
    client = sign_in(url)
    day = today()
    fy_start = dt.date(day.year - (0 if day.month >= 10 else 1), 10, 1)
    values = {
        "fy": fy_start.isoformat(),
        "today": day.isoformat(),
        "bfy": fy_start.replace(year=fy_start.year - 1).isoformat(),
        "bto": (fy_start - dt.timedelta(days=1)).isoformat(),
    }
    out = {}
    for name, path in PAGES:
        path = path.format(**values)
        assert client.get(path).status_code == 200, path  # warm-up
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            seconds.append(time.perf_counter() - started)
            assert response.status_code == 200, path
        out[name] = (statistics.median(seconds), max(seconds))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inquiries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("sqlite", "postgresql"):
            with fresh_database_url(backend, Path(tmp)) as url:
                load(url, args.inquiries)
                settings = Settings(
                    PARU_DATA_DIR=Path(tmp) / f"data-{backend}", PARU_DATABASE_URL=url, PARU_LINK_CHECK_HOURS=0
                )
                with ServerThread(create_app(settings)) as server:
                    results[backend] = time_pages(server.url, args.runs)
    print(
        f"| admin page ({args.inquiries:,} inquiries over a year; median / slowest of {args.runs}) "
        "| SQLite | PostgreSQL |"
    )
    print("|---|---:|---:|")
    for name, _ in PAGES:
        cells = [
            f"{results[b][name][0] * 1000:.0f} / {results[b][name][1] * 1000:.0f} ms" for b in ("sqlite", "postgresql")
        ]
        print(f"| {name} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
