"""Faults under load: a real `paru serve` receives a paced stream of signed questions (sent concurrently, up to 32 in
flight, as LINE does) while something goes wrong, and LINE's side redelivers whatever got no 200. Prints the table
the README quotes.

    python -m benchmarks.bench_faults [--rate 80] [--seconds 8] [--only kill9,frozen-link]

Scenarios, on SQLite and on PostgreSQL (each in a database of its own):

* ``kill9``: SIGKILL to the server mid-stream (1 worker), restarted at once;
* ``kill9-2w``: the same with 2 workers, the whole process tree killed;
* ``sigterm``: a graceful stop mid-stream, then a restart;
* ``db-restart`` (PostgreSQL): the PostgreSQL server restarted mid-stream;
* ``db-stopped-15s`` (PostgreSQL): the PostgreSQL server stopped for 15 s;
* ``frozen-link`` (PostgreSQL): the TCP link to the database stops passing bytes for 10 s (a proxy in between);
* ``db-locked-10s`` (SQLite): another process holds the database's write lock for 10 s.

Counted per scenario: events sent, answered 200 at the first try, refused with 503 (LINE redelivers), stored,
**lost** (a 200 but not stored), **duplicated** (stored more than once), replies (exactly one per question),
**unanswered while fresh** (stored, token younger than 50 s, yet no reply), expired (token too old when stored).
Needs the PostgreSQL server on 127.0.0.1:5432 and root (``pg_ctlcluster``) for the PostgreSQL server scenarios.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bot.fake_line import FakeLineState, create_fake_line_app
from core.models import Inquiry
from core.pending import TOKEN_FRESH_SECONDS
from tests.bot.processes import SECRET, Line, ServeProcess
from tests.bot.servers import ServerThread, free_port
from tests.conftest import fresh_database_url

QUESTIONS = ("แจ้งเกิดลูก", "บัตรประชาชนหาย", "จดทะเบียนสมรส", "ขอเลขที่บ้าน", "ภาษีป้าย", "ย้ายทะเบียนบ้าน")


# -- a TCP proxy that can freeze, between Paru and PostgreSQL ----------------------------------------------------------
class FreezingProxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL; while frozen, no byte passes in either direction."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.frozen = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                while self.frozen.is_set():
                    time.sleep(0.05)
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)


def pg_ctl(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action], check=True)
    if action != "stop":
        for _ in range(100):
            if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0:
                return
            time.sleep(0.1)


# -- one scenario ----------------------------------------------------------------------------------------------------
@dataclass
class Context:
    server: ServeProcess
    database_url: str
    proxy: FreezingProxy | None


@dataclass(frozen=True)
class Result:
    scenario: str
    backend: str
    sent: int
    first_try_200: int
    answered_503: int
    stored: int
    lost: int
    duplicated: int
    replied_once: int
    replied_twice: int
    unanswered_fresh: int
    expired: int


def kill9(ctx: Context) -> None:
    ctx.server.kill()
    ctx.server.start()


def sigterm(ctx: Context) -> None:
    ctx.server.terminate()
    ctx.server.start()


def db_restart(ctx: Context) -> None:
    pg_ctl("restart")


def db_stopped(ctx: Context) -> None:
    pg_ctl("stop")
    time.sleep(15)
    pg_ctl("start")


def frozen_link(ctx: Context) -> None:
    assert ctx.proxy is not None
    ctx.proxy.frozen.set()
    time.sleep(10)
    ctx.proxy.frozen.clear()


def sqlite_locked(ctx: Context) -> None:
    engine = create_engine(ctx.database_url)
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        time.sleep(10)
        conn.rollback()
    engine.dispose()


SCENARIOS: dict[str, tuple[Callable[[Context], None], int, tuple[str, ...]]] = {
    "kill9": (kill9, 1, ("sqlite", "postgresql")),
    "kill9-2w": (kill9, 2, ("sqlite", "postgresql")),
    "sigterm": (sigterm, 1, ("sqlite", "postgresql")),
    "db-restart": (db_restart, 1, ("postgresql",)),
    "db-stopped-15s": (db_stopped, 1, ("postgresql",)),
    "frozen-link": (frozen_link, 1, ("postgresql",)),
    "db-locked-10s": (sqlite_locked, 1, ("sqlite",)),
}


@contextlib.contextmanager
def environment(
    backend: str, folder: Path, use_proxy: bool
) -> Iterator[tuple[dict[str, str], FakeLineState, str, FreezingProxy | None]]:
    state = FakeLineState()
    with ServerThread(create_fake_line_app(state)) as fake, fresh_database_url(backend, folder) as url:
        proxy = None
        served_url = url
        if use_proxy:
            parsed = make_url(url)
            proxy = FreezingProxy((parsed.host or "127.0.0.1", parsed.port or 5432))
            served_url = parsed.set(port=proxy.port).render_as_string(hide_password=False)
        env = {
            **os.environ,
            "PARU_DATA_DIR": str(folder / "data"),
            "PARU_DATABASE_URL": served_url,
            "PARU_SECRET_KEY": "fault-bench-key",
            "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": "fault-bench-token",
            "LINE_API_BASE_URL": fake.url,
            "LINE_TIMEOUT_SECONDS": "3",
        }
        yield env, state, url, proxy


def run(name: str, backend: str, rate: float, seconds: float) -> Result:
    fault, workers, _ = SCENARIOS[name]
    with (
        tempfile.TemporaryDirectory() as tmp,
        environment(backend, Path(tmp), name == "frozen-link") as (
            env,
            fake,
            url,
            proxy,
        ),
    ):
        server = ServeProcess(free_port(), env, workers=workers, log=Path(tmp) / "serve.log").start()
        line = Line(server.url)
        stop = threading.Event()
        first: list[int] = []
        sender = threading.Thread(target=lambda: first.append(line.stream(stop, rate, QUESTIONS)))
        sender.start()
        time.sleep(seconds / 3)
        fault(Context(server, url, proxy))
        time.sleep(seconds / 3)
        stop.set()
        sender.join()
        first_try = first[0]
        line.redeliver()  # for as long as it takes, as LINE does
        engine = create_engine(url)
        try:
            deadline = time.monotonic() + TOKEN_FRESH_SECONDS + 20
            while time.monotonic() < deadline:
                with engine.connect() as conn:
                    if not conn.scalar(select(func.count()).where(Inquiry.reply_status == "pending")):
                        break
                time.sleep(0.5)
            with engine.connect() as conn:
                rows = conn.execute(select(Inquiry.webhook_event_id, Inquiry.received_at, Inquiry.reply_status)).all()
                conn.execute(text("SELECT 1"))
        finally:
            engine.dispose()
            with contextlib.suppress(Exception):
                server.terminate()
        per_id: dict[str, int] = {}
        for event_id, _, _ in rows:
            per_id[event_id] = per_id.get(event_id, 0) + 1
        expired = sum(1 for _, _, status in rows if status == "expired")
        acked = {str(d.event["webhookEventId"]) for d in line.deliveries if d.acknowledged}
        replies = {
            str(d.event["webhookEventId"]): len(fake.replies_for(str(d.event["replyToken"]))) for d in line.deliveries
        }
        expired_ids = {eid for eid, _, status in rows if status == "expired"}
        return Result(
            scenario=name,
            backend=backend,
            sent=len(line.deliveries),
            first_try_200=first_try,
            answered_503=sum(1 for d in line.deliveries if d.attempts > 1),
            stored=len(per_id),
            lost=sum(1 for i in acked if i not in per_id),
            duplicated=sum(1 for n in per_id.values() if n > 1),
            replied_once=sum(1 for n in replies.values() if n == 1),
            replied_twice=sum(1 for n in replies.values() if n > 1),
            unanswered_fresh=sum(1 for i, n in replies.items() if n == 0 and i in per_id and i not in expired_ids),
            expired=expired,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=80.0, help="events per second sent")
    parser.add_argument("--seconds", type=float, default=9.0, help="length of the stream (the fault is in its middle)")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    args = parser.parse_args()
    names = [n for n in SCENARIOS if not args.only or n in args.only.split(",")]
    print(f"bench_faults: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {args.rate:.0f} events/s", file=sys.stderr)
    print(
        "| scenario | database | sent | 200 first try | redelivered | stored | lost | duplicated | replied once "
        "| replied twice | unanswered while fresh | expired |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in names:
        for backend in SCENARIOS[name][2]:
            r = run(name, backend, args.rate, args.seconds)
            print(
                f"| {r.scenario} | {'SQLite' if backend == 'sqlite' else 'PostgreSQL'} | {r.sent} | {r.first_try_200} "
                f"| {r.answered_503} | {r.stored} | {r.lost} | {r.duplicated} | {r.replied_once} | {r.replied_twice} "
                f"| {r.unanswered_fresh} | {r.expired} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
