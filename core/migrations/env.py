"""Alembic environment: the engine comes from Paru (``core.db.alembic_config``), never from an ini file."""

from __future__ import annotations

from alembic import context

from core.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # pragma: no cover - only when someone runs the alembic CLI directly
    from core.db import make_engine
    from core.settings import get_settings

    engine = make_engine(get_settings().resolved_database_url())

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it and dropping the old one; with foreign keys on, dropping `inquiries`
        # would cascade and delete every follow-up. The pragma only takes effect outside a transaction.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        render_as_batch=sqlite,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
