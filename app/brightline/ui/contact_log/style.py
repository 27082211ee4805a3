"""The look of the contact-log windows, on top of resources/style.qss (which they inherit), and the
colours of the printed audit report.

Kept here rather than in the shared style sheet: these widgets are created only when the log is
used, and a style sheet set on a top-level window styles only that window. Colours are the
palette's (`brightline.ui.palette`); type sizes are multiples (`{em:F}`) of the size the
application draws body text at (`base_points`), so a larger system font makes every size larger.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from brightline.ui import palette

if TYPE_CHECKING:
    from brightline.reports.pdf import ChartColours

# @NAME@ is a palette colour; {em:1.33} a size of 1.33 times the body text's, in points.
_LOG_STYLE = """
#logHeading { font-size: {em:1.33}; font-weight: 700; color: @TEXT@; }
#logIntro, #logMuted { color: @MUTED@; font-size: {em:0.93}; }
#logFacts { background: @SURFACE@; border: 1px solid @LINE@; border-radius: 8px; }
#factLabel { color: @MUTED@; font-size: {em:0.87}; font-weight: 600; }
#factText { font-size: {em:1.0}; }
#formProblems { color: @ERROR_TEXT@; background: @ERROR_BACK@; border: 2px solid @ERROR_LINE@; border-radius: 6px;
                padding: 8px 10px; font-weight: 600; }
#formNotice { color: @WARNING_TEXT@; background: @WARNING_BACK@; border: 1px solid @WARNING_LINE@;
              border-radius: 6px; padding: 8px 10px; }
#statusWarning { color: @WARNING_TEXT@; background: @WARNING_BACK@; border: 1px solid @WARNING_LINE@;
                 border-radius: 6px; padding: 6px 10px; font-size: {em:0.93}; }
#statusHint { color: @MUTED@; font-size: {em:0.87}; }
#logHealth[look="quiet"] { color: @MUTED@; }
#logHealth[look="verified"] { color: @SUCCESS_TEXT@; }
#logHealth[look="warning"] { color: @ERROR_TEXT@; background: @ERROR_BACK@; border: 2px solid @ERROR_LINE@;
                             border-radius: 6px; padding: 6px; }
#logHealth[look="notice"] { color: @WARNING_TEXT@; background: @WARNING_BACK@; border: 1px solid @WARNING_LINE@;
                            border-radius: 6px; padding: 6px; }
#chainHead { color: @MUTED@; font-family: monospace; }
QLineEdit, QPlainTextEdit { font-size: {em:1.0}; padding: 5px 8px; border: 1px solid @CONTROL@;
                             border-radius: 6px; background: @BACKGROUND@; }
QLineEdit:focus, QPlainTextEdit:focus { border: 2px solid @ACCENT@; padding: 4px 7px; }
QDateTimeEdit { font-size: {em:1.0}; padding: 4px 6px; }
*[invalid="true"] { border: 2px solid @ERROR_LINE@; }
QTableView { border: 1px solid @LINE@; gridline-color: @GRID@; selection-background-color: @PRESSED@;
             selection-color: @TEXT@; font-size: {em:0.93}; }
QTableView:focus { border: 2px solid @ACCENT@; }
QHeaderView::section { background: @SURFACE@; border: none; border-bottom: 1px solid @LINE@;
                       padding: 6px 8px; font-size: {em:0.87}; font-weight: 600; color: @TEXT_SECONDARY@; }
QCheckBox { font-size: {em:1.0}; }
"""


def em_sizes(template: str, base_points: float) -> str:
    """`template` with each {em:F} replaced by F times `base_points`, in points."""
    return re.sub(r"\{em:([0-9.]+)\}", lambda m: f"{float(m.group(1)) * base_points:.1f}pt", template)


def base_points() -> float:
    """The size body text is drawn at in this application, in points: the application style
    sheet's base size (which follows the user's font, and their zoom where there is one), else the
    user's font itself. Read from a label as the style sheet draws it."""
    from PySide6.QtWidgets import QLabel

    probe = QLabel()
    probe.ensurePolished()
    font = probe.font()
    if font.pointSizeF() > 0:
        return font.pointSizeF()
    if font.pixelSize() > 0:
        return font.pixelSize() * 72 / max(1, probe.logicalDpiY())
    return 9.0


def log_style() -> str:
    """The contact-log windows' style sheet for the user's font."""
    return em_sizes(palette.fill(_LOG_STYLE), base_points())


def chart_colours() -> ChartColours:
    """The printed audit report's colours: each verdict's bar in the colour the window gives it."""
    from brightline.reports.pdf import ChartColours

    return ChartColours(
        bar=palette.CHART,
        muted=palette.MUTED,
        verdicts={verdict: strong for verdict, (strong, _tint) in palette.VERDICT_COLOURS.items()},
    )
