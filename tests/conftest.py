"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import hypothesis  # noqa: F401  (see below)
import pytest

from catalogue.matcher import MatcherIndex, build_index
from catalogue.models import Catalogue
from catalogue.seed import load_seed

# Hypothesis is imported here, at collection, even when no selected test uses it: its pytest plugin would otherwise
# import it while printing the summary, deep in pytest's hooks, where CPython 3.11.7's parser fails on its modules
# ("SystemError: AST constructor recursion depth mismatch") and a passing run exits 1.
REPO = Path(__file__).resolve().parents[1]
#: The read-only material from outside the project (question sets, LINE samples); CI lays it beside the clone.
SHARED = Path(os.environ.get("PARU_SHARED_DIR", REPO.parent / "shared"))


def shared_file(*parts: str) -> Path:
    """A file under ``shared/``; the test fails (not skips) when it is missing, so CI cannot pass on nothing."""
    path = SHARED.joinpath(*parts)
    assert path.is_file(), f"missing {path}: set PARU_SHARED_DIR to the shared/ folder"
    return path


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The seed catalogue shipped with the project."""
    return load_seed()


@pytest.fixture(scope="session")
def index(catalogue: Catalogue) -> MatcherIndex:
    """One matcher index for the whole session (building it takes under a second)."""
    return build_index(catalogue)


# -- databases -----------------------------------------------------------------------------------------------------
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from core.db import Store  # noqa: E402
from core.settings import Settings  # noqa: E402
from paru.runtime import open_store  # noqa: E402

#: The PostgreSQL server the tests may create databases on (trust auth, as on the CI machine).
POSTGRES_ADMIN_URL = os.environ.get("PARU_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


@contextmanager
def fresh_database_url(backend: str, folder: Path) -> Iterator[str]:
    """A brand-new empty database of ``backend``, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'paru-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"paru_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_settings(folder: Path, url: str = "") -> Settings:
    """Settings for a test: its own data folder and secret key."""
    return Settings(PARU_DATA_DIR=folder, PARU_DATABASE_URL=url, PARU_SECRET_KEY="test-secret-key")


test_settings.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each database test runs once on SQLite and once on PostgreSQL."""
    return str(request.param)


@pytest.fixture
def db(backend: str, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated and seeded store on the backend under test."""
    with fresh_database_url(backend, tmp_path) as url:
        store = open_store(test_settings(tmp_path, url), url)
        try:
            yield store
        finally:
            store.close()
