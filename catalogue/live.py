"""A worker's matcher index that follows the catalogue in the database.

Each worker process holds one :class:`LiveIndex`. ``current()`` answers from memory; at most every
``poll_seconds`` it reads the catalogue version (one tiny query), and when staff changed the catalogue it rebuilds
the index, reusing what did not change, and swaps it in. No restart, and every process notices on its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from catalogue.matcher import MatcherIndex, build_index
from catalogue.store import catalogue_version, load_catalogue


class LiveIndex:
    """The newest matcher index for the catalogue in the database.

    With ``check_on_access=False`` (the web server) ``current()`` never touches the database; a background task
    calls ``refresh()`` every ``poll_seconds`` instead, so no request waits for a rebuild.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        poll_seconds: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        check_on_access: bool = True,
    ) -> None:
        self._sessions = sessions
        self._poll = poll_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._index: MatcherIndex | None = None
        self.version: int | None = None
        self._checked_at = float("-inf")
        self._check_on_access = check_on_access

    def refresh(self, force: bool = False) -> bool:
        """Rebuild if the catalogue version moved (or ``force``); returns whether it rebuilt."""
        with self._lock:
            self._checked_at = self._clock()
            with self._sessions() as session:
                version = catalogue_version(session)
                if not force and self._index is not None and version == self.version:
                    return False
                catalogue = load_catalogue(session)
            self._index = build_index(catalogue, previous=self._index)
            self.version = version
            return True

    def current(self) -> MatcherIndex:
        """The index to answer with; checks the version when the poll interval has passed."""
        if self._index is None or (self._check_on_access and self._clock() - self._checked_at >= self._poll):
            self.refresh()
        assert self._index is not None
        return self._index
