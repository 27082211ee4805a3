"""Where Brightline finds its packs and resources and keeps its data and caches — resolved in one place.

Packs and resources are found the same way from a source checkout, an installed package and a
PyInstaller bundle. The rest follows the platform's rules for each user's folders
(`brightline.core.folders`: the XDG rules, which ignore relative XDG_* values; on Windows and
macOS, platformdirs), each with an override:

| folder | holds | override | default on Linux |
| --- | --- | --- | --- |
| data | contact log, training records, settings | `--data-dir`, `BRIGHTLINE_DATA_DIR` | `~/.local/share/brightline` |
| cache | what start-up keeps (`brightline.core.startcache`) | `BRIGHTLINE_CACHE_DIR` | `~/.cache/brightline` |
| config | the user's own secret that authenticates the cache | `BRIGHTLINE_CONFIG_DIR` | `~/.config/brightline` |

The data folder may be shared by several accounts (a booking workstation); the cache and config
folders are always the user's own. Nothing is ever written inside the application's own folder.

With author keys pinned on the machine, `Paths.trust` says which packs may be read: the program's
own and the verified releases installed on the machine, never an extra folder
(`brightline.core.releases.trust` makes it; None: no keys pinned, every folder named is read).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from brightline.core import folders

if TYPE_CHECKING:
    from brightline.core.packtrust import PackTrust


def _bundle_root() -> Path:
    """The folder holding decision_trees/ and resources/ for this way of running: the bundle's own
    folder when frozen by PyInstaller (installers/brightline.spec puts them there), the package's
    `shipped` folder when installed from a wheel (setup.py puts them there), else the checkout
    this package sits in (editable installs and running from the source folder)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    # The package's own folder, beside this module: the packs and the style sheet must be plain
    # files (Qt and the pack reader open them by path), which a package run from a zip file could
    # not give, so importlib.resources would add nothing but its import, a tenth of the window's
    # start (tests/benchmarks/README.md, "Figures behind the code").
    package = Path(__file__).resolve().parents[1]
    shipped = package / "shipped"
    if shipped.is_dir():
        return shipped
    return package.parents[1]


def default_data_dir() -> Path:
    return Path(folders.user_data_dir())


def default_cache_dir() -> Path:
    return Path(folders.user_cache_dir())


def default_config_dir() -> Path:
    return Path(folders.user_config_dir())


class Paths:
    """The resolved places; built once at start-up and passed to whatever needs them, never changed.

    A plain class rather than a frozen dataclass: importing `dataclasses` and generating the class
    lengthened every start of the window (tests/benchmarks/README.md, "Figures behind the code")."""

    __slots__ = ("packs", "extra_packs", "resources", "data", "cache", "config", "trust")

    def __init__(
        self,
        packs: Path,
        extra_packs: tuple[Path, ...],
        resources: Path,
        data: Path,
        cache: Path,
        config: Path,
        trust: PackTrust | None = None,
    ) -> None:
        self.packs: Final = packs
        self.extra_packs: Final = extra_packs
        self.resources: Final = resources
        self.data: Final = data
        self.cache: Final = cache
        self.config: Final = config
        self.trust: Final = trust

    def __repr__(self) -> str:
        return (
            f"Paths(packs={self.packs!r}, extra_packs={self.extra_packs!r}, resources={self.resources!r}, "
            f"data={self.data!r}, cache={self.cache!r}, config={self.config!r}, trust={self.trust!r})"
        )

    def trusting(self, trust: PackTrust) -> Paths:
        """These places with pack trust decided: only the program's packs and `trust`'s verified
        releases are read; the extra folders named are refused (`trust.refused` lists them)."""
        return Paths(self.packs, (), self.resources, self.data, self.cache, self.config, trust)

    @property
    def contact_log(self) -> Path:
        return self.data / "contact-log.sqlite3"

    @property
    def start_index(self) -> Path:
        """What the first screen shows (`brightline.core.startcache`), as the last start left it."""
        return self.cache / "start-index.json"

    @property
    def library_cache(self) -> Path:
        """The validated library (`brightline.core.startcache`), as the last full load left it."""
        return self.cache / "library.json"

    @property
    def cache_key(self) -> Path:
        """The user's secret that authenticates the cache; outside the cache folder, readable by the
        user only."""
        return self.config / "cache-key"

    @property
    def shipped_start_index(self) -> Path:
        """The start index of the shipped packs, written when the program was installed or built."""
        return self.packs / ".start-index"

    @property
    def training_log(self) -> Path:
        return self.data / "training.sqlite3"

    @property
    def keys(self) -> Path:
        """This account's private folder: its signing key and the heads of the logs it has seen.
        Never the data folder, which several accounts may share (`brightline.core.signing`)."""
        from brightline.core.signing import key_folder

        return key_folder()


def _override(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return Path(value).expanduser() if value else None


def resolve_paths(data_dir: str | os.PathLike[str] | None = None, extra_packs: list[str] | None = None) -> Paths:
    """Resolve every path once: arguments win over environment variables over defaults."""
    root = _bundle_root()
    data = Path(data_dir).expanduser() if data_dir else _override("BRIGHTLINE_DATA_DIR")
    extra = [Path(p) for p in extra_packs or []]
    env_packs = os.environ.get("BRIGHTLINE_PACKS")
    if env_packs:
        extra += [Path(p) for p in env_packs.split(os.pathsep) if p]
    packs = Path(os.environ.get("BRIGHTLINE_PACKS_ROOT") or root / "decision_trees")
    return Paths(
        packs=packs,
        extra_packs=tuple(extra),
        resources=root / "resources",
        data=data or default_data_dir(),
        cache=_override("BRIGHTLINE_CACHE_DIR") or default_cache_dir(),
        config=_override("BRIGHTLINE_CONFIG_DIR") or default_config_dir(),
    )
