"""A worker's matcher index that follows the catalogue in the database.

Each worker process holds one :class:`LiveIndex`. ``current()`` answers from memory; at most every
``poll_seconds`` it reads the catalogue version (one tiny query), and when staff changed the catalogue it rebuilds
the index, reusing what did not change, and swaps it in. No restart, and every process notices on its own.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from catalogue.matcher import MatcherIndex, build_index
from catalogue.models import Catalogue
from catalogue.store import catalogue_version, load_catalogue
from core.metrics import INDEX_REBUILDS


class _Built:
    """The last few indexes this process built, by the content of their catalogue. Building is a pure function of
    the catalogue, so an identical catalogue (a second app in the same process, a version bump that changed nothing
    the matcher reads) gets the index already built instead of a second of work."""

    def __init__(self, size: int = 2) -> None:
        self.size = size
        self._items: OrderedDict[bytes, MatcherIndex] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(catalogue: Catalogue) -> bytes:
        return hashlib.sha256(pickle.dumps(catalogue, protocol=pickle.HIGHEST_PROTOCOL)).digest()

    def get(self, key: bytes) -> MatcherIndex | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: bytes, index: MatcherIndex) -> None:
        with self._lock:
            self._items[key] = index
            while len(self._items) > self.size:
                self._items.popitem(last=False)


_BUILT = _Built()


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
            key = _BUILT.key(catalogue)
            index = _BUILT.get(key)
            if index is None:
                index = build_index(catalogue, previous=self._index)
                _BUILT.put(key, index)
            self._index = index
            self.version = version
            INDEX_REBUILDS.inc()
            return True

    def current(self) -> MatcherIndex:
        """The index to answer with; checks the version when the poll interval has passed."""
        if self._index is None or (self._check_on_access and self._clock() - self._checked_at >= self._poll):
            self.refresh()
        assert self._index is not None
        return self._index
