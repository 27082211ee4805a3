"""Where Brightline finds its packs and resources and keeps its data — resolved in one place.

Packs and resources are found the same way from a source checkout, an installed package and a
PyInstaller bundle. Data (contact log, training records, settings) lives in the user's data
folder: `--data-dir`, else `BRIGHTLINE_DATA_DIR`, else the platform's standard place. Nothing is
ever written inside the application's own folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Final

APP_NAME = "brightline"


def _bundle_root() -> Path:
    """The folder holding decision_trees/ and resources/ for this way of running: the bundle's own
    folder when frozen by PyInstaller (installers/brightline.spec puts them there), the package's
    `shipped` folder when installed from a wheel (setup.py puts them there), else the checkout
    this package sits in (editable installs and running from the source folder)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    from importlib.resources import files

    shipped = files("brightline") / "shipped"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[3]


def default_data_dir() -> Path:
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / "Brightline"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Brightline"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


class Paths:
    """The resolved places; built once at start-up and passed to whatever needs them, never changed.

    A plain class rather than a frozen dataclass: importing `dataclasses` and generating the class
    lengthened every start of the window (tests/benchmarks/README.md, "Figures behind the code")."""

    __slots__ = ("packs", "extra_packs", "resources", "data")

    def __init__(self, packs: Path, extra_packs: tuple[Path, ...], resources: Path, data: Path) -> None:
        self.packs: Final = packs
        self.extra_packs: Final = extra_packs
        self.resources: Final = resources
        self.data: Final = data

    def __repr__(self) -> str:
        return f"Paths(packs={self.packs!r}, extra_packs={self.extra_packs!r}, resources={self.resources!r}, data={self.data!r})"

    @property
    def contact_log(self) -> Path:
        return self.data / "contact-log.sqlite3"

    @property
    def pack_cache(self) -> Path:
        """Parsed pack files and the last validation, so that a start does not parse YAML again."""
        return self.data / "cache" / "packs.json"

    @property
    def start_index(self) -> Path:
        """What the first screen shows (`brightline.core.start_index`), as the last start left it."""
        return self.data / "cache" / "start.index"

    @property
    def shipped_start_index(self) -> Path:
        """The start index of the shipped packs, written when the program was installed or built."""
        return self.packs / ".start-index"

    @property
    def training_log(self) -> Path:
        return self.data / "training.sqlite3"


def resolve_paths(data_dir: str | os.PathLike[str] | None = None, extra_packs: list[str] | None = None) -> Paths:
    """Resolve every path once: arguments win over environment variables over defaults."""
    root = _bundle_root()
    data = Path(data_dir) if data_dir else None
    if data is None and os.environ.get("BRIGHTLINE_DATA_DIR"):
        data = Path(os.environ["BRIGHTLINE_DATA_DIR"])
    extra = [Path(p) for p in extra_packs or []]
    env_packs = os.environ.get("BRIGHTLINE_PACKS")
    if env_packs:
        extra += [Path(p) for p in env_packs.split(os.pathsep) if p]
    packs = Path(os.environ.get("BRIGHTLINE_PACKS_ROOT") or root / "decision_trees")
    return Paths(
        packs=packs,
        extra_packs=tuple(extra),
        resources=root / "resources",
        data=(data or default_data_dir()).expanduser(),
    )
