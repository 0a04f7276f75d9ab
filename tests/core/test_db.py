"""The database: migrations agree with the models, SQLite is set up right, the catalogue is seeded once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from catalogue.links import policy
from catalogue.seed import load_seed
from catalogue.seed_history import LIST_KINDS
from catalogue.store import catalogue_version, get_procedure, load_catalogue, save_procedure
from core.db import (
    DatabaseError,
    Store,
    current_revision,
    head_revision,
    make_engine,
    schema_differences,
    transaction,
    upgrade,
)
from core.settings import Settings
from paru.runtime import open_store, prepare
from tests.conftest import fresh_database_url, test_settings


def test_migrations_match_the_models(db: Store) -> None:
    """After `paru db upgrade` the schema is exactly what the models declare; a drift fails this test."""
    assert current_revision(db.engine) == head_revision(db.engine) is not None
    assert schema_differences(db.engine) == []


def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    """The embedded SQLite file runs in WAL mode with foreign keys enforced."""
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'paru.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_default_database_is_a_file_in_the_data_folder(tmp_path: Path) -> None:
    """With no PARU_DATABASE_URL, Paru keeps a SQLite file under the data folder."""
    settings = test_settings(tmp_path)
    assert settings.resolved_database_url() == f"sqlite:///{(tmp_path / 'paru.sqlite3').resolve()}"
    store = open_store(settings)
    store.close()
    assert (tmp_path / "paru.sqlite3").is_file()


def test_catalogue_is_seeded_from_the_files(db: Store) -> None:
    """On first start the database holds exactly the seed catalogue."""
    seed = load_seed()
    with db.sessions() as session:
        stored = load_catalogue(session)
        assert catalogue_version(session) == 1
    assert stored.procedures == seed.procedures
    assert stored.examples == seed.examples
    assert stored.intent_examples == seed.intent_examples
    assert stored.vocabulary.english == seed.vocabulary.english
    assert {k: list(v) for k, v in stored.vocabulary.synonyms.items()} == {
        k: list(dict.fromkeys(v)) for k, v in seed.vocabulary.synonyms.items()
    }
    for attr in LIST_KINDS.values():  # stopwords, cues, report services, office words ...: each list, in file order
        assert list(getattr(stored.vocabulary, attr)) == list(dict.fromkeys(getattr(seed.vocabulary, attr))), attr
    assert "สำนักงานเขต" in stored.vocabulary.office_words


def test_seed_happens_once_and_staff_edits_survive_restarts(db: Store) -> None:
    """Starting again never re-seeds: the database owns the catalogue after the first start."""
    with transaction(db.sessions) as session:
        will = get_procedure(session, "will-making")
        save_procedure(
            session,
            dataclasses.replace(will, clip_url="https://www.tiktok.com/@bangnadistrictoffice/video/1"),
            policy(Settings()),
        )
    prepare(db.engine)
    prepare(db.engine)
    with db.sessions() as session:
        assert catalogue_version(session) == 2
        will = load_catalogue(session).procedure("will-making")
    assert will is not None and will.clip_url.endswith("/video/1")


def test_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    """A URL that cannot connect raises a DatabaseError that says why, not a driver traceback."""
    url = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"
    with pytest.raises(DatabaseError, match="cannot connect to the database"):
        open_store(test_settings(tmp_path, url), url)
    with pytest.raises(DatabaseError, match="unsupported database"):
        make_engine("mysql://root@127.0.0.1/paru")
    with pytest.raises(DatabaseError, match="not a database URL"):
        make_engine("this is not a url")


def test_migration_keeps_the_first_verdict_and_rating(backend: str, tmp_path: Path) -> None:
    """Revision 0004 on a database that stored repeated taps: the first verdict and the first rating of each inquiry
    stay, the rest go, and every inquiry gets its Bangkok day (23:30 UTC is the next day in Bangkok)."""
    with fresh_database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            upgrade(engine, "0003")
            with engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO inquiries (id, received_at, channel, text_purged, decision, intent, matches,"
                        " reply_status) VALUES (1, :at, 'line', false, 'answer', 'procedure', '[]', 'sent')"
                    ),
                    {"at": dt.datetime(2024, 3, 1, 23, 30)},
                )
                for i, (kind, rating) in enumerate(
                    [("helpful", None), ("helpful", None), ("not_helpful", None), ("rating", 5), ("rating", 1)]
                ):
                    conn.execute(
                        text(
                            "INSERT INTO followups (id, inquiry_id, kind, rating, created_at)"
                            " VALUES (:id, 1, :kind, :rating, :at)"
                        ),
                        {"id": i + 1, "kind": kind, "rating": rating, "at": dt.datetime(2024, 3, 1, 23, 31 + i)},
                    )
            upgrade(engine)
            with engine.connect() as conn:
                kept = conn.execute(text("SELECT kind, rating, slot FROM followups ORDER BY id")).all()
                day = conn.execute(text("SELECT received_day FROM inquiries")).scalar_one()
            assert [tuple(r) for r in kept] == [("helpful", None, "verdict"), ("rating", 5, "rating")]
            assert str(day) == "2024-03-02"
            assert schema_differences(engine) == []
        finally:
            engine.dispose()


def test_downgrade_from_agencies_files_their_questions_under_the_old_intent(backend: str, tmp_path: Path) -> None:
    """Going back below 0007 (an older release) keeps every row: an agency's label does not fit the narrower intent
    columns, so its examples and inquiries return to "other_agency", as they were filed before 0007."""
    from alembic import command

    from core.db import alembic_config

    with fresh_database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
            with engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO inquiries (id, received_at, received_day, channel, text_purged, decision, intent,"
                        " matches, reply_status) VALUES (1, :at, :day, 'line', false, 'none',"
                        " 'agency:company_registration', '[]', 'sent')"
                    ),
                    {"at": dt.datetime(2026, 12, 1, 3, 0), "day": dt.date(2026, 12, 1)},
                )
                conn.execute(
                    text(
                        "INSERT INTO examples (intent, lang, text, source, created_at)"
                        " VALUES ('agency:company_registration', 'th', 'x', 'staff', :at)"
                    ),
                    {"at": dt.datetime(2026, 12, 1, 3, 0)},
                )
            command.downgrade(alembic_config(engine), "0006")
            with engine.connect() as conn:
                assert conn.execute(text("SELECT intent FROM inquiries")).scalar_one() == "other_agency"
                assert conn.execute(text("SELECT intent FROM examples")).scalar_one() == "other_agency"
        finally:
            engine.dispose()
