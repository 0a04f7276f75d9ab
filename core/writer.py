"""Group commit: one writer thread per process gathers the writes of concurrent requests into one transaction.

Under load, a transaction per webhook event makes SQLite writers queue on its single lock (and back off by whole
milliseconds) and costs PostgreSQL a commit each. The writer collects whatever arrives within a couple of
milliseconds, up to a batch size, runs it in one transaction and answers each caller. If the batch fails, each
write is retried in a transaction of its own, so one bad write never costs the others their data.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from core.db import transaction

T = TypeVar("T")
log = logging.getLogger("paru.writer")
_STOP = object()


class WriteBatcher:
    """Runs ``work(session)`` callables in shared transactions on a dedicated thread."""

    def __init__(self, sessions: sessionmaker[Session], max_batch: int = 200, max_wait: float = 0.002) -> None:
        self.sessions = sessions
        self.max_batch = max_batch
        self.max_wait = max_wait
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="paru-writer", daemon=True)
        self._bulk: dict[str, Callable[[Session, list[dict[str, Any]]], None]] = {}
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the writer thread (idempotent)."""
        with self._lock:
            if not self._started:
                self._thread.start()
                self._started = True

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the queued writes and stop."""
        if self._started:
            self._queue.put(_STOP)
            self._thread.join(timeout)

    def submit(self, work: Callable[[Session], T]) -> Future[T]:
        """Queue ``work`` for the next batch; the future holds its result or its exception."""
        if not self._started:
            self.start()
        future: Future[T] = Future()
        self._queue.put((work, future))
        return future

    def register_bulk(self, kind: str, execute: Callable[[Session, list[dict[str, Any]]], None]) -> None:
        """Name a write done many rows at a time: every ``kind`` row of a batch goes to one ``execute`` call."""
        self._bulk[kind] = execute

    async def write_row(self, kind: str, row: dict[str, Any]) -> None:
        """Queue one row of a bulk write (see :meth:`register_bulk`) and wait until it is committed."""
        if not self._started:
            self.start()
        future: Future[None] = Future()
        self._queue.put((kind, row, future))
        await asyncio.wrap_future(future)

    def run(self, work: Callable[[Session], T], timeout: float = 30.0) -> T:
        """Run ``work`` in the next batch and return its result (or raise its exception). Blocks the caller."""
        return self.submit(work).result(timeout)

    async def write(self, work: Callable[[Session], T]) -> T:
        """The same, awaited from the event loop without holding a thread."""
        return await asyncio.wrap_future(self.submit(work))

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            deadline = time.monotonic() + self.max_wait
            stop = False
            while len(batch) < self.max_batch:
                remaining = deadline - time.monotonic()
                try:
                    item = self._queue.get(timeout=max(remaining, 0)) if remaining > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop = True
                    break
                batch.append(item)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[tuple[Any, ...]]) -> None:
        works = [item for item in batch if len(item) == 2]
        bulk: dict[str, list[tuple[dict[str, Any], Future[Any]]]] = {}
        for item in batch:
            if len(item) == 3:
                bulk.setdefault(item[0], []).append((item[1], item[2]))
        try:
            with transaction(self.sessions) as session:
                results = [work(session) for work, _ in works]
                for kind, rows in bulk.items():
                    self._bulk[kind](session, [row for row, _ in rows])
        except Exception as exc:  # retried one by one below, each failure reported to its own caller
            if len(batch) == 1:
                batch[0][-1].set_exception(exc)
                return
            log.info("batch of %d writes failed; retrying one by one", len(batch))
            for work, future in works:
                self._one(work, future)
            for kind, rows in bulk.items():
                for row, future in rows:
                    self._one(lambda session, kind=kind, row=row: self._bulk[kind](session, [row]), future)
            return
        for (_, future), result in zip(works, results, strict=True):
            future.set_result(result)
        for rows in bulk.values():
            for _, future in rows:
                future.set_result(None)

    def _one(self, work: Callable[[Session], Any], future: Future[Any]) -> None:
        try:
            with transaction(self.sessions) as session:
                result = work(session)
        except Exception as exc:  # handed to the caller
            future.set_exception(exc)
        else:
            future.set_result(result)
