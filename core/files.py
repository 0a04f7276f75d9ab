"""Files only the service user may read: the data folder (0700), the SQLite database and the secret key (0600).

Created with those modes from the start (never created open and narrowed afterwards), and narrowed when an older
install left them wider.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) for the service user only; narrow it if it exists wider."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != PRIVATE_DIR:
        with contextlib.suppress(PermissionError):  # a folder we do not own (a mounted volume): leave it be
            path.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create an empty ``path`` readable by the service user only (or narrow an existing one)."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        if path.stat().st_mode & 0o777 != PRIVATE_FILE:
            with contextlib.suppress(PermissionError):
                path.chmod(PRIVATE_FILE)
    else:
        os.close(fd)
    return path


def write_private_once(path: Path, content: str) -> bool:
    """Write ``content`` to a new file created with mode 0600; returns False (writing nothing) if it exists."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(content)
    return True
