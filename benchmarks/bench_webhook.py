"""Benchmark the webhook under load on this machine: events acknowledged per second, time to acknowledge and to
reply, and that no inquiry is lost. Bounded load on loopback only.

    python -m benchmarks.bench_webhook [--events 3000] [--concurrency 32] [--workers 2]

Starts the fake LINE API and `paru serve` as separate processes (SQLite, then PostgreSQL in a database of its own),
sends signed webhooks from the question sets, waits for every reply, and counts the stored inquiries.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, func, select

from core.models import Inquiry
from tests.bot.servers import free_port
from tests.conftest import fresh_database_url

SECRET = "benchmarksecret0000000000000000"


def texts(shared: Path) -> list[str]:
    out = []
    for name in ("dev.jsonl", "real-citizen-messages.jsonl"):
        with (shared / "eval" / name).open(encoding="utf-8") as f:
            out += [json.loads(line)["text"] for line in f if line.strip()]
    return out


def body_for(text: str) -> tuple[str, bytes]:
    token = uuid.uuid4().hex
    event = {
        "type": "message",
        "message": {"type": "text", "id": "1", "quoteToken": "q", "text": text},
        "webhookEventId": uuid.uuid4().hex[:26].upper(),
        "deliveryContext": {"isRedelivery": False},
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": "U" + uuid.uuid4().hex},
        "replyToken": token,
        "mode": "active",
    }
    return token, json.dumps({"destination": "Ubench", "events": [event]}, ensure_ascii=False).encode("utf-8")


def wait_http(url: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@dataclass
class Load:
    """What one run of the load generator saw."""

    elapsed: float
    acks: list[float]
    sent_at: dict[str, float]
    redelivered: int


async def load(url: str, messages: list[str], n: int, concurrency: int) -> Load:
    """Send n signed webhooks, at most `concurrency` in flight; an answer other than 200 (a 503 when the database is
    too slow) is redelivered after a second, as LINE does."""
    sent_at: dict[str, float] = {}
    acks: list[float] = []
    queue = list(range(n))
    redelivered = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal redelivered
        while queue:
            i = queue.pop()
            token, body = body_for(messages[i % len(messages)])
            signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
            started = time.time()
            sent_at[token] = started
            while True:
                async with session.post(
                    url + "/line/webhook",
                    data=body,
                    headers={"X-Line-Signature": signature, "Content-Type": "application/json; charset=utf-8"},
                ) as response:
                    await response.read()
                if response.status == 200:
                    break
                redelivered += 1
                await asyncio.sleep(1)
            acks.append(time.time() - started)

    started = time.perf_counter()
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return Load(time.perf_counter() - started, acks, sent_at, redelivered)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children that have not been reaped yet, from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def run_backend(backend: str, args: argparse.Namespace, messages: list[str], tmp: Path) -> list[str]:
    import httpx

    with fresh_database_url(backend, tmp) as db_url:
        fake_port, paru_port = free_port(), free_port()
        # The fake's own check of every reply with the SDK's models costs it a millisecond or two of the two cores
        # Paru needs; the tests do that check, the benchmark measures Paru.
        fake = subprocess.Popen([sys.executable, "-m", "bot.fake_line", "--port", str(fake_port), "--no-sdk-check"])
        env = {
            **os.environ,
            "PARU_DATA_DIR": str(tmp / f"data-{backend}"),
            "PARU_DATABASE_URL": db_url,
            "PARU_SECRET_KEY": "bench",
            "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": "bench-token",
            "LINE_API_BASE_URL": f"http://127.0.0.1:{fake_port}",
        }
        paru = subprocess.Popen(
            [sys.executable, "-m", "paru", "serve", "--port", str(paru_port), "--workers", str(args.workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{paru_port}"
            wait_http(base + "/healthz")
            asyncio.run(load(base, messages, min(200, args.events), args.concurrency))  # warm-up
            cpu_before = (cpu_seconds(paru.pid), cpu_seconds(fake.pid), time.process_time())
            run = asyncio.run(load(base, messages, args.events, args.concurrency))
            elapsed, acks, sent_at = run.elapsed, run.acks, run.sent_at
            deadline = time.monotonic() + 120
            times: dict[str, float] = {}
            while time.monotonic() < deadline:
                times = httpx.get(f"http://127.0.0.1:{fake_port}/_fake/reply-times", timeout=30).json()
                if all(t in times for t in sent_at):
                    break
                time.sleep(0.5)
            reply_latency = [times[t] - sent_at[t] for t in sent_at if t in times]
            cpu_after = (cpu_seconds(paru.pid), cpu_seconds(fake.pid), time.process_time())
            cpu = [(a - b) / args.events * 1000 for a, b in zip(cpu_after, cpu_before, strict=True)]
            engine = create_engine(db_url)
            with engine.connect() as conn:
                stored = conn.execute(select(func.count()).select_from(Inquiry)).scalar_one()
            engine.dispose()
        finally:
            paru.terminate()
            fake.terminate()
            paru.wait(30)
            fake.wait(30)
    total = args.events + min(200, args.events)
    return [
        f"{args.events / elapsed:,.0f}/s",
        f"{statistics.median(acks) * 1000:.1f} ms",
        f"{percentile(acks, 0.99) * 1000:.1f} ms",
        f"{statistics.median(reply_latency) * 1000:.1f} ms",
        f"{percentile(reply_latency, 0.99) * 1000:.1f} ms",
        f"{len(reply_latency):,} of {args.events:,}",
        f"{stored:,} of {total:,} sent",
        f"{run.redelivered:,}",
        f"{cpu[0]:.2f} ms",
        f"{cpu[1]:.2f} ms / {cpu[2]:.2f} ms",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    args = parser.parse_args()
    messages = texts(args.shared)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("sqlite", "postgresql"):
            rows[backend] = run_backend(backend, args, messages, Path(tmp))
    labels = [
        "webhook events acknowledged per second",
        "time to acknowledge, median",
        "time to acknowledge, p99",
        "time from webhook to reply at LINE, median",
        "time from webhook to reply at LINE, p99",
        "replies delivered",
        "inquiries stored",
        "answered 503 and redelivered (database too slow for 1.5 s)",
        "CPU per event: Paru (all workers)",
        "CPU per event: fake LINE API / load generator (same machine)",
    ]
    print(
        f"| webhook benchmark ({args.events:,} events, {args.concurrency} in flight, "
        f"{args.workers} workers) | SQLite | PostgreSQL |"
    )
    print("|---|---:|---:|")
    for i, label in enumerate(labels):
        print(f"| {label} | {rows['sqlite'][i]} | {rows['postgresql'][i]} |")


if __name__ == "__main__":
    main()
