"""Opening the store the same way everywhere: the server's lifespan, the command line and the tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from catalogue.store import seed_if_empty
from core.db import (
    check_connection,
    current_revision,
    head_revision,
    make_engine,
    session_factory,
    transaction,
    upgrade,
)
from core.settings import Settings

#: Key of the PostgreSQL advisory lock that serialises migrations when several workers start at once.
_MIGRATION_LOCK = 0x70617275  # "paru"


@dataclass
class Store:
    """An open database: its engine and a session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def prepare(engine: Engine) -> None:
    """Migrate to the newest schema and seed an empty catalogue, once even when several workers start together."""
    check_connection(engine)
    if engine.dialect.name == "postgresql":
        with engine.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
            try:
                _prepare_locked(engine)
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
                lock.commit()
    else:
        _prepare_locked(engine)


def _prepare_locked(engine: Engine) -> None:
    if current_revision(engine) != head_revision(engine):
        upgrade(engine)
    with transaction(session_factory(engine)) as session:
        seed_if_empty(session)


def open_store(settings: Settings, url: str | None = None, *, migrate: bool = True) -> Store:
    """Connect (raising :class:`core.db.DatabaseError` with a reason if that fails), migrate and seed."""
    engine = make_engine(url or settings.resolved_database_url())
    try:
        if migrate:
            prepare(engine)
        else:
            check_connection(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(engine, session_factory(engine))
