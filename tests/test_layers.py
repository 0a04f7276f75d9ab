"""The project's structure: every module imports on its own, and the layers point one way."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("paru", "bot", "admin", "catalogue", "core")


def project_modules() -> list[str]:
    """Every module of the project's packages (migrations are loaded by Alembic, not imported)."""
    out = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(REPO).with_suffix("").parts
            out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def _import_alone(module: str) -> tuple[str, int, str]:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    return module, done.returncode, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


@pytest.mark.slow
def test_every_module_imports_on_its_own_in_a_fresh_interpreter() -> None:
    """``python -c "import bot.app"`` and the same for every other module: no import cycle hidden by import order."""
    modules = project_modules()
    assert "bot.app" in modules and "paru.app" in modules and len(modules) > 40
    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [(m, err) for m, code, err in pool.map(_import_alone, modules) if code != 0]
    assert failures == []


def test_the_layers_contract_holds() -> None:
    """``lint-imports`` (import-linter, configured in pyproject.toml) finds no import that runs back up a layer."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "0 broken" in done.stdout
