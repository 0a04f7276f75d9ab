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
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
