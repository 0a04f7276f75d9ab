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
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from core.db import transaction
from core.metrics import WRITER_BATCH, WRITER_COMMIT

T = TypeVar("T")
log = logging.getLogger("paru.writer")
_STOP = object()

#: A bulk write: many rows of one kind in one call (see :meth:`WriteBatcher.register_bulk`).
BulkWrite = Callable[[Session, list[dict[str, Any]]], None]


@dataclass(frozen=True)
class _Work:
    """A callable to run in the next batch's transaction, and where its result goes."""

    work: Callable[[Session], Any]
    future: Future[Any]


@dataclass(frozen=True)
class _Row:
    """One row of a registered bulk write, and the future told when it is committed."""

    kind: str
    row: dict[str, Any]
    future: Future[None]


class WriterBusy(RuntimeError):
    """More writes are waiting than the writer accepts (the database is down or stalled): try again later."""


class WriteBatcher:
    """Runs ``work(session)`` callables in shared transactions on a dedicated thread.

    At most ``max_pending`` writes wait at once; beyond that :meth:`submit` raises :class:`WriterBusy` at once
    instead of letting a stalled database grow the queue without end.
    """

    def __init__(
        self, sessions: sessionmaker[Session], max_batch: int = 200, max_wait: float = 0.002, max_pending: int = 5000
    ) -> None:
        self.sessions = sessions
        self.max_batch = max_batch
        self.max_wait = max_wait
        self.max_pending = max_pending
        self._queue: queue.SimpleQueue[_Work | _Row | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="paru-writer", daemon=True)
        self._bulk: dict[str, BulkWrite] = {}
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
        if self._queue.qsize() >= self.max_pending:
            raise WriterBusy(f"{self.max_pending} writes are already waiting")
        future: Future[T] = Future()
        self._queue.put(_Work(work, future))
        return future

    def register_bulk(self, kind: str, execute: BulkWrite) -> None:
        """Name a write done many rows at a time: every ``kind`` row of a batch goes to one ``execute`` call."""
        self._bulk[kind] = execute

    async def write_row(self, kind: str, row: dict[str, Any]) -> None:
        """Queue one row of a bulk write (see :meth:`register_bulk`) and wait until it is committed."""
        if not self._started:
            self.start()
        future: Future[None] = Future()
        self._queue.put(_Row(kind, row, future))
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
            batch: list[_Work | _Row] = [first]  # type: ignore[list-item]
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
                batch.append(item)  # type: ignore[arg-type]
            try:
                self._commit(batch)
            except Exception as exc:  # never let the writer thread die: every later write would wait for ever
                log.error("writer: a batch could not be settled (%s)", type(exc).__name__)
                for item in batch:
                    if not item.future.done():
                        item.future.set_exception(exc)
            if stop:
                return

    def _commit(self, batch: list[_Work | _Row]) -> None:
        WRITER_BATCH.observe(len(batch))
        with WRITER_COMMIT.time():
            self._run(batch)

    def _run(self, batch: list[_Work | _Row]) -> None:
        # A caller that stopped waiting (its task was cancelled) cancelled its future while it was queued: skip that
        # write. Every other future is marked running, so it can no longer be cancelled under our feet.
        batch = [item for item in batch if item.future.set_running_or_notify_cancel()]
        if not batch:
            return
        works = [item for item in batch if isinstance(item, _Work)]
        rows: dict[str, list[_Row]] = {}
        for item in batch:
            if isinstance(item, _Row):
                rows.setdefault(item.kind, []).append(item)
        try:
            with transaction(self.sessions) as session:
                results = [w.work(session) for w in works]
                for kind, items in rows.items():
                    self._bulk[kind](session, [r.row for r in items])
        except Exception as exc:  # retried one by one below, each failure reported to its own caller
            if len(batch) == 1:
                batch[0].future.set_exception(exc)
                return
            log.info("a batch of %d writes failed (%s); retrying one by one", len(batch), type(exc).__name__)
            for w in works:
                self._one(w.work, w.future)
            for kind, items in rows.items():
                for r in items:
                    self._one(lambda session, kind=kind, row=r.row: self._bulk[kind](session, [row]), r.future)
            return
        for w, result in zip(works, results, strict=True):
            w.future.set_result(result)
        for items in rows.values():
            for r in items:
                r.future.set_result(None)

    def _one(self, work: Callable[[Session], Any], future: Future[Any]) -> None:
        try:
            with transaction(self.sessions) as session:
                result = work(session)
        except Exception as exc:  # handed to the caller
            future.set_exception(exc)
        else:
            future.set_result(result)
