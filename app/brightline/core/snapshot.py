"""A validated library kept on disk, so that a returning user's start neither reads YAML nor builds
the model again.

The snapshot is written after a full load and validation, beside the parse cache in the data
folder, and names the fingerprint of every file it was made from (`library._fingerprint`: the
bytes of every pack file, the program version and the folders). It is used only when the
fingerprint of the files on disk now is exactly the same; anything else — another version, one
changed byte, a truncated or foreign file — is ignored and the packs are read again.

It is a pickle because rebuilding the model from JSON cost ten times as long, but a pickle read
with `_ModelUnpickler`, which resolves only the model's own classes: a snapshot can describe packs,
nodes and paths and nothing else, so even a file planted in the data folder cannot make the
loader call anything.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

MAGIC = b"brightline library snapshot 1\n"

# Modules whose classes a snapshot may hold (classes only, never functions).
_ALLOWED_MODULES = frozenset(
    {"brightline.core.library", "brightline.core.model", "brightline.core.problems", "brightline.core.where", "pathlib"}
)


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module in _ALLOWED_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"a library snapshot may not refer to {module}.{name}")


def read_snapshot(path: Path, fingerprint: str) -> Any | None:
    """The object saved for exactly this fingerprint, or None (missing, stale, damaged, foreign)."""
    try:
        with path.open("rb") as stream:
            header = stream.read(len(MAGIC) + len(fingerprint) + 1)
            if header != MAGIC + fingerprint.encode("ascii") + b"\n":
                return None
            return _ModelUnpickler(stream).load()
    except Exception:  # noqa: BLE001 — any damage at all means: read the packs again
        return None


def write_snapshot(path: Path, fingerprint: str, value: object) -> None:
    """Save `value` for `fingerprint`, atomically; a snapshot that cannot be written only costs time."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as stream:
            stream.write(MAGIC + fingerprint.encode("ascii") + b"\n")
            # Straight into the file: a bytes copy of the whole library would raise the window's
            # peak memory on the start that writes it.
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, RecursionError, TypeError):
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
