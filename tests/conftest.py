"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalogue.matcher import MatcherIndex, build_index
from catalogue.models import Catalogue
from catalogue.seed import load_seed

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
