"""Logging failures without the citizen's words and without a flood.

A failure is logged as one line: where it happened and what kind of error it was, never the statement's parameters
or a database's DETAIL line (they hold message texts and user keys). The first failure of a kind is logged at once;
more of the same within :attr:`FailureLog.every` seconds are counted and summed up in one line when the window ends,
so a 15-second database outage is a few lines, not a traceback per request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError

from core.metrics import DATABASE_ERRORS


def describe(exc: BaseException) -> str:
    """A short, safe description of an error: its class, the database's error code, and for a connection problem
    the first line of its message (which names the server, never data)."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        orig = exc.orig
        code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        name = f"{type(exc).__name__} ({type(orig).__name__}{', ' + code if code else ''})"
        if isinstance(exc, (OperationalError, InterfaceError)) and not code:
            first = str(orig).strip().splitlines()[0] if str(orig).strip() else ""
            return f"{name}: {first[:200]}"
        return name
    if isinstance(exc, (OperationalError, InterfaceError, DisconnectionError)):
        return type(exc).__name__
    return type(exc).__name__


@dataclass
class _Window:
    started: float
    suppressed: int = 0


class FailureLog:
    """One log line per kind of failure per window, then a summary of how many more there were."""

    def __init__(self, logger: logging.Logger, every: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self.logger = logger
        self.every = every
        self.clock = clock
        self._windows: dict[str, _Window] = {}
        self._lock = threading.Lock()

    def report(self, where: str, exc: BaseException) -> None:
        """A failure happened ``where``; log it, or count it if the same kind was logged a moment ago."""
        if isinstance(exc, SQLAlchemyError):
            DATABASE_ERRORS.labels(where).inc()
        kind = f"{where}: {describe(exc)}"
        now = self.clock()
        with self._lock:
            window = self._windows.get(kind)
            if window is not None and now - window.started < self.every:
                window.suppressed += 1
                return
            suppressed = window.suppressed if window is not None else 0
            self._windows[kind] = _Window(now)
        if suppressed:
            self.logger.warning("%s (and %d more like it in the last %.0f s)", kind, suppressed, self.every)
        else:
            self.logger.warning("%s", kind)

    def flush(self) -> None:
        """Log the counts still held (at shutdown)."""
        with self._lock:
            held = [(k, w.suppressed) for k, w in self._windows.items() if w.suppressed]
            self._windows.clear()
        for kind, n in held:
            self.logger.warning("%s (and %d more like it)", kind, n)
