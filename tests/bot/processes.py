"""`paru serve` as a real process (or a tree of them) for the crash and shutdown tests and the fault benchmark."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.bot.servers import sign, text_event

PARU = Path(sys.executable).parent / "paru"
#: The channel secret the crash test and the fault benchmark give `paru serve`.
SECRET = "c7f1a0b2d3e4f5061728394a5b6c7d8e"


@dataclass
class Delivery:
    """One LINE event, as LINE delivers (and redelivers) it."""

    event: dict[str, object]
    acknowledged: bool = False
    attempts: int = 0

    def body(self) -> bytes:
        return json.dumps({"destination": "Uparu", "events": [self.event]}, ensure_ascii=False).encode("utf-8")


@dataclass
class Line:
    """Plays LINE: sends each event, and redelivers the ones that got no 200."""

    url: str
    deliveries: list[Delivery] = field(default_factory=list)

    def deliver(self, d: Delivery, client: httpx.Client) -> None:
        d.attempts += 1
        if d.attempts > 1:
            d.event["deliveryContext"] = {"isRedelivery": True}
        body = d.body()
        try:
            response = client.post(
                self.url + "/line/webhook", content=body, headers={"X-Line-Signature": sign(SECRET, body)}
            )
        except httpx.HTTPError:
            return  # the server is down: LINE will try again
        d.acknowledged = d.acknowledged or response.status_code == 200

    def stream(self, stop: threading.Event, rate: float, questions: tuple[str, ...], in_flight: int = 32) -> int:
        """Send a new question every 1/rate s until ``stop``, without waiting for answers (LINE sends concurrently:
        up to ``in_flight`` at once); returns how many got a 200 at the first try."""
        with httpx.Client(timeout=10) as client, ThreadPoolExecutor(max_workers=in_flight) as pool:
            i = 0
            next_at = time.monotonic()
            while not stop.is_set():
                d = Delivery(text_event(questions[i % len(questions)], user=f"U{i:032x}"))
                self.deliveries.append(d)
                pool.submit(self.deliver, d, client)
                i += 1
                next_at += 1 / rate
                time.sleep(max(0.0, next_at - time.monotonic()))
        return sum(1 for d in self.deliveries if d.acknowledged and d.attempts == 1)

    def redeliver(self, rounds: int = 60, pause: float = 1.0) -> None:
        """Redeliver every event that got no 200, as LINE does, until all have one (or the rounds run out)."""
        with httpx.Client(timeout=5) as client:
            for _ in range(rounds):
                waiting = [d for d in self.deliveries if not d.acknowledged]
                if not waiting:
                    return
                for d in waiting:
                    self.deliver(d, client)
                time.sleep(pause)


class ServeProcess:
    """`paru serve` in a session of its own, so the whole tree (uvicorn's master and its workers) can be signalled."""

    def __init__(self, port: int, env: dict[str, str], workers: int = 1, log: Path | None = None) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = env
        self.workers = workers
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90.0) -> ServeProcess:
        out = self.log.open("ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [str(PARU), "serve", "--port", str(self.port), "--workers", str(self.workers)],
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"paru serve exited with {self.process.returncode}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("paru serve did not become healthy")

    def kill(self) -> None:
        """SIGKILL to every process of the tree, as a crash or the OOM killer would."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self, timeout: float = 40.0) -> int:
        """SIGTERM to the master only, as `docker stop` or systemd would; returns its exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def tree_alive(self) -> list[int]:
        """The pids still running in the server's session (its workers, if any were left behind)."""
        assert self.process is not None
        done = subprocess.run(["ps", "-eo", "pid=,sid="], capture_output=True, text=True, check=True)
        return [
            int(pid) for pid, sid in (line.split() for line in done.stdout.splitlines()) if int(sid) == self.process.pid
        ]
