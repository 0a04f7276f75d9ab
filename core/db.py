"""The database: engine creation (SQLite pragmas, PostgreSQL pool), sessions, and Alembic run from code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from core.files import private_file

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Key of the PostgreSQL advisory lock that serialises migrations when several workers start at once.
_MIGRATION_LOCK = 0x70617275  # "paru"


class DatabaseError(RuntimeError):
    """The database cannot be used: a bad URL, a server that does not answer, a schema that is not migrated."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the admin, exports) run while the webhook writes; foreign keys are off by default in SQLite;
    # a busy timeout makes concurrent writers wait for each other instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, statement_timeout: float | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url``. A SQLite file is created with mode 0600 in a folder of mode 0700 and gets WAL and
    foreign keys; PostgreSQL gets a pool with a short checkout timeout and, with ``statement_timeout`` (seconds),
    a server-side limit on every statement, so a stalled database fails fast instead of hanging a request.

    Statement parameters are never logged (``hide_parameters``): they hold citizens' messages and user keys.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"not a database URL: {url!r}") from exc
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            private_file(Path(parsed.database))
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("pool_timeout", 5)
    connect_args: dict[str, Any] = {
        "connect_timeout": 3,
        # A link that stops answering is noticed by the kernel within seconds, not minutes.
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 2,
        "tcp_user_timeout": 5000,
    }
    if statement_timeout is not None:
        connect_args["options"] = f"-c statement_timeout={int(statement_timeout * 1000)}"
    return create_engine(url, connect_args=connect_args, **kwargs)


def make_write_engine(engine: Engine, statement_timeout: float | None = None) -> Engine:
    """An engine for the process's writer thread.

    For SQLite: transactions start with BEGIN IMMEDIATE, taking the write lock up front. A deferred transaction that
    reads first and writes later can fail at once with "database is locked" (a stale WAL snapshot) when another
    process wrote in between, without waiting for the busy timeout. Readers keep their own engine, so an export
    never holds the write lock. For PostgreSQL: a small pool of its own whose statements time out after
    ``statement_timeout`` seconds (the webhook's writes are small; an export's reads are not).
    """
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name != "sqlite":
        return make_engine(url, statement_timeout=statement_timeout, pool_size=4, max_overflow=4, pool_timeout=2)
    writer = make_engine(url, pool_size=1, max_overflow=0)

    @event.listens_for(writer, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy, not the driver, begin transactions

    @event.listens_for(writer, "begin")
    def _begin_immediate(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return writer


def check_connection(engine: Engine) -> None:
    """Raise :class:`DatabaseError` with a readable reason if the database does not answer."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        raise DatabaseError(f"cannot connect to the database ({engine.url.render_as_string()}): {reason}") from exc


@dataclass
class Store:
    """An open database: its engine and a session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def connect(url: str) -> Store:
    """An engine for ``url`` that answers (raising :class:`DatabaseError` with a reason if not), and its sessions."""
    engine = make_engine(url)
    try:
        check_connection(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(engine, session_factory(engine))


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold a lock that only one process at a time gets (PostgreSQL's advisory lock; SQLite's own file lock serves
    there), so several workers starting together migrate and seed once."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
        try:
            yield
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
            lock.commit()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine`` that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session in a transaction: committed on success, rolled back on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(engine: Engine) -> Config:
    """Alembic configured in code (no alembic.ini): our migrations folder, bound to ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the server does this on start; ``paru db upgrade`` by hand)."""
    check_connection(engine)
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None if it was never migrated."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """The newest revision in our migrations folder."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def schema_differences(engine: Engine) -> list[Any]:
    """Differences between the models and the migrated database (empty when they agree)."""
    from alembic.autogenerate import compare_metadata

    from core.models import Base

    config = alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    with engine.connect() as conn, EnvironmentContext(config, script):
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))
