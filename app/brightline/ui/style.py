"""The application's style sheet: resources/style.qss with the palette's colours, and type sizes that
follow the user's own font and the zoom they chose (View → Zoom).

The style sheet gives every font size in em of the reading size (`font-size: 1.4em`), a unit Qt's
style sheets do not take for fonts; `style_sheet` writes each in points: the user's font (the
application font the platform gives, before any style sheet) × READING × zoom × em. Rich text
sizes itself against its view's font (`brightline.ui.html`), so it follows too.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QApplication

from brightline.ui import palette

SHEET = "style.qss"

# The reading size against the user's own font: booking desks are read at arm's length, and the
# platforms' default (9 pt on Windows and most Linux desktops) is small for that; 9 pt gives 11.25 pt.
READING = 1.25
ZOOMS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)  # View → Zoom in / out steps through these
DEFAULT_POINTS = 9.0  # when the platform gives its font in pixels only

_EM = re.compile(r"font-size:\s*([0-9.]+)em")


def nearest_zoom(zoom: float) -> float:
    """The step of ZOOMS nearest to `zoom` (a remembered value that is not one of them, or junk)."""
    return min(ZOOMS, key=lambda step: abs(step - zoom))


def zoomed(zoom: float, steps: int) -> float:
    """`steps` steps in (positive) or out (negative) from `zoom`, within ZOOMS."""
    index = ZOOMS.index(nearest_zoom(zoom)) + steps
    return ZOOMS[max(0, min(len(ZOOMS) - 1, index))]


def verdict_rules() -> str:
    """The verdict banner's colours, one set per verdict (its `verdict` property), grey for any other."""
    rules = []
    for verdict, (strong, tint) in [("", palette.UNKNOWN_VERDICT_COLOURS), *palette.VERDICT_COLOURS.items()]:
        when = f'[verdict="{verdict}"]' if verdict else ""
        rules.append(
            f"#verdictBanner{when} {{ border-color: {strong}; background: {tint}; }}"
            f" #verdictWord{when} {{ color: {strong}; }}"
        )
    return "\n".join(rules)


def style_sheet(template: str, resources: Path, reading_points: float) -> str:
    """`template` with the palette's colours, its resource folder, and each em size in points."""
    sheet = template.replace("@RESOURCES@", resources.as_posix()).replace("@VERDICTS@", verdict_rules())
    sheet = palette.fill(sheet)
    return _EM.sub(lambda match: f"font-size: {float(match.group(1)) * reading_points:.2f}pt", sheet)


class AppStyle:
    """The application's style sheet, applied at a zoom; made once, before the first window."""

    def __init__(self, app: QApplication, resources: Path) -> None:
        self._app = app
        self._resources = resources
        try:
            self._template = (resources / SHEET).read_text(encoding="utf-8")
        except OSError:
            self._template = ""  # unstyled is still usable
        points = app.font().pointSizeF()
        self.user_points = points if points > 0 else DEFAULT_POINTS
        self.zoom = 1.0

    def reading_points(self) -> float:
        """The reading size now: the user's font, READING, the zoom."""
        return self.user_points * READING * self.zoom

    def apply(self, zoom: float) -> None:
        """Style the application at `zoom` (a step of ZOOMS); every widget follows at once."""
        self.zoom = nearest_zoom(zoom)
        if not self._template:
            return
        sheet = style_sheet(self._template, self._resources, self.reading_points())
        # Setting a style sheet re-polishes every widget alive: only when it changes (a reused
        # application, as under pytest-qt, has it in place already).
        if self._app.styleSheet() != sheet:
            self._app.setStyleSheet(sheet)
