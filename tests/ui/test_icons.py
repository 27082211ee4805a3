"""The PNG icons the window reads are the renders of their SVG sources, and the window uses them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from brightline.ui.app import ICON_SIZES, window_icon

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def _icons_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("brightline_icons", ROOT / "installers" / "icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ICONS = _icons_module()


@pytest.mark.parametrize("name", sorted(ICONS.WINDOW_PNGS))
def test_each_png_is_the_render_of_its_svg(qtbot: QtBot, name: str) -> None:
    svg, width, height = ICONS.WINDOW_PNGS[name]
    kept = QImage(str(RESOURCES / "icons" / name))
    fresh = QImage.fromData(ICONS.render_png(ICONS.ART / svg, width, height))
    assert (kept.width(), kept.height()) == (width, height), f"run: python installers/icons.py --resources ({name})"
    kept = kept.convertToFormat(QImage.Format.Format_ARGB32)
    fresh = fresh.convertToFormat(QImage.Format.Format_ARGB32)
    # A few levels of anti-aliasing may differ between Qt versions; a changed drawing differs far more.
    worst = max(
        abs(a - b)
        for y in range(height)
        for x in range(width)
        for a, b in zip(kept.pixelColor(x, y).getRgb(), fresh.pixelColor(x, y).getRgb(), strict=True)
    )
    assert worst <= 24, f"{name} is not the render of {svg}: run python installers/icons.py --resources"


def test_the_window_icon_holds_every_size(qtbot: QtBot) -> None:
    icon = window_icon(RESOURCES)
    assert sorted(size.width() for size in icon.availableSizes()) == list(ICON_SIZES)
