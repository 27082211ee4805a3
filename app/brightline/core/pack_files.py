"""Which folders under a packs root are packs, and which files lie in a folder: the one way the
library and the start-up cache list pack files, so that a cache always covers every file the
library may read.

Light to import (os and pathlib only): the window's start lists the files before it has loaded
anything of the model.
"""

from __future__ import annotations

import os
from pathlib import Path

SHARED_FOLDER = "shared"


def pack_folders(root: Path) -> list[Path]:
    """The pack folders directly under `root`, in name order (not `shared`, nothing hidden)."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    return sorted(
        Path(entry.path)
        for entry in entries
        if entry.is_dir() and entry.name != SHARED_FOLDER and not entry.name.startswith((".", "_"))
    )


def files_under(folder: str) -> list[str]:
    """Every file below `folder`, sorted; a folder that cannot be listed counts as empty."""
    found: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    found.extend(files_under(entry.path))
                elif entry.is_file():
                    found.append(entry.path)
    except OSError:
        return []
    return sorted(found)
