"""Opening the store the same way everywhere: the server's lifespan, the command line and the tests.

Here, above ``core`` and ``catalogue``, because opening the store also seeds an empty catalogue.
"""

from __future__ import annotations

from sqlalchemy import Engine

from catalogue.store import seed_if_empty, upgrade_seed
from core.db import (
    Store,
    check_connection,
    connect,
    current_revision,
    head_revision,
    migration_lock,
    session_factory,
    transaction,
    upgrade,
)
from core.settings import Settings


def prepare(engine: Engine) -> None:
    """Migrate to the newest schema, seed an empty catalogue or take in what newer seed files add; once, even when
    several workers start together."""
    check_connection(engine)
    with migration_lock(engine):
        if current_revision(engine) != head_revision(engine):
            upgrade(engine)
        with transaction(session_factory(engine)) as session:
            if not seed_if_empty(session):
                upgrade_seed(session)


def open_store(settings: Settings, url: str | None = None, *, migrate: bool = True) -> Store:
    """Connect (raising :class:`core.db.DatabaseError` with a reason if that fails), migrate and seed."""
    store = connect(url or settings.resolved_database_url())
    if migrate:
        try:
            prepare(store.engine)
        except Exception:
            store.close()
            raise
    return store
