"""Data files readable by the service user only: the data folder 0700, the database and the secret key 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import text

from core.db import make_engine
from core.settings import Settings


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_secret_key_and_database_are_private_from_the_start(tmp_path: Path) -> None:
    """Even with a permissive umask, the generated key is 0600 (created so, never narrowed after), the data folder
    0700, the SQLite file and its WAL files 0600; a second start reuses the same key."""
    old = os.umask(0o022)
    try:
        data = tmp_path / "data"
        settings = Settings(PARU_DATA_DIR=data)
        key = settings.resolved_secret_key()
        assert len(key) == 64 and Settings(PARU_DATA_DIR=data).resolved_secret_key() == key
        assert mode(data) == 0o700 and mode(data / "secret.key") == 0o600
        engine = make_engine(settings.resolved_database_url())
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        files = sorted(p.name for p in data.iterdir())
        assert "paru.sqlite3" in files
        for name in files:
            assert mode(data / name) == 0o600, name
        engine.dispose()
    finally:
        os.umask(old)


def test_an_older_wider_install_is_narrowed(tmp_path: Path) -> None:
    """A data folder and key left 0755/0644 by an older version are narrowed at the next start."""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "secret.key").write_text("a" * 64, encoding="utf-8")
    (data / "secret.key").chmod(0o644)
    assert Settings(PARU_DATA_DIR=data).resolved_secret_key() == b"a" * 64
    assert mode(data / "secret.key") == 0o600 and mode(data) == 0o700
