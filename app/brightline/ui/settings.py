"""UI state remembered between runs: the chosen pack, who the user is, the window's geometry and
zoom, and the staff member's name and badge for contact records ("remembered on this workstation").

This is the one module that touches QSettings. The file lives in the data folder
(`paths.data / "settings.ini"`), so `--data-dir` and `BRIGHTLINE_DATA_DIR` move it and tests never
touch the user's real settings. It is opened lazily, on the first read or write; when the folder
cannot be created the window keeps going with in-memory values for this run.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from brightline.core.catalogue import audience_choice

log = logging.getLogger("brightline.ui")


class UiSettings:
    """Typed access to the remembered UI state; `path=None` keeps everything in memory."""

    PACK = "walk/pack"
    AUDIENCE = "walk/audience"
    GEOMETRY = "window/geometry"
    ZOOM = "view/zoom"
    STAFF_NAME = "contact/staff_name"
    STAFF_BADGE = "contact/staff_badge"

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._qsettings: QSettings | None = None
        self._opened = path is None
        self._memory: dict[str, object] = {}

    def _settings(self) -> QSettings | None:
        if not self._opened:
            self._opened = True
            assert self._path is not None
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                log.warning("cannot create %s (%s); settings will not be remembered", self._path.parent, exc)
            else:
                self._qsettings = QSettings(str(self._path), QSettings.Format.IniFormat)
        return self._qsettings

    def _get(self, key: str) -> object:
        settings = self._settings()
        if settings is None:
            return self._memory.get(key)
        return settings.value(key)

    def _set(self, key: str, value: object) -> None:
        settings = self._settings()
        if settings is None:
            self._memory[key] = value
        elif settings.value(key) != value:
            # Only a change is written: QSettings rewrites and flushes the whole file to disk for
            # any value set, and the window sets the chosen pack at every start.
            settings.setValue(key, value)

    def sync(self) -> None:
        """Write pending changes to disk now (QSettings otherwise writes them later)."""
        settings = self._settings()
        if settings is not None:
            settings.sync()

    @property
    def pack_id(self) -> str:
        value = self._get(self.PACK)
        return value if isinstance(value, str) else ""

    @pack_id.setter
    def pack_id(self, value: str) -> None:
        self._set(self.PACK, value)

    @property
    def audience(self) -> str:
        return audience_choice(self._get(self.AUDIENCE))

    @audience.setter
    def audience(self, value: str) -> None:
        self._set(self.AUDIENCE, value)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._get(self.GEOMETRY)
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set(self.GEOMETRY, value)

    @property
    def zoom(self) -> float:
        """How much larger than the reading size the window's text is (1.0: as it comes)."""
        value = self._get(self.ZOOM)
        try:
            zoom = float(value) if isinstance(value, str | float | int) else 1.0
        except ValueError:
            return 1.0
        return zoom if 0.5 <= zoom <= 3.0 else 1.0

    @zoom.setter
    def zoom(self, value: float) -> None:
        self._set(self.ZOOM, f"{value:g}")

    @property
    def staff_name(self) -> str:
        value = self._get(self.STAFF_NAME)
        return value if isinstance(value, str) else ""

    @staff_name.setter
    def staff_name(self, value: str) -> None:
        self._set(self.STAFF_NAME, value)

    @property
    def staff_badge(self) -> str:
        value = self._get(self.STAFF_BADGE)
        return value if isinstance(value, str) else ""

    @staff_badge.setter
    def staff_badge(self, value: str) -> None:
        self._set(self.STAFF_BADGE, value)
