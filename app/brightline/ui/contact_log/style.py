"""The look of the contact-log windows, on top of resources/style.qss (which they inherit).

Kept here rather than in the shared style sheet: these widgets are created only when the log is
used, and a style sheet set on a top-level window styles only that window.
"""

from __future__ import annotations

LOG_STYLE = """
#logHeading { font-size: 20px; font-weight: 700; color: #1f2328; }
#logIntro, #logMuted { color: #57606a; font-size: 14px; }
#logFacts { background: #f6f8fa; border: 1px solid #d8dee4; border-radius: 8px; }
#factLabel { color: #57606a; font-size: 13px; font-weight: 600; }
#factText { font-size: 15px; }
#formProblems { color: #8a1c12; background: #fdecea; border: 2px solid #b3261e; border-radius: 6px;
                padding: 8px 10px; font-weight: 600; }
#statusWarning { color: #6b3d00; background: #fff1d6; border: 1px solid #b36b00; border-radius: 6px;
                 padding: 6px 10px; font-size: 14px; }
#statusHint { color: #57606a; font-size: 13px; }
QLineEdit, QPlainTextEdit { font-size: 15px; padding: 5px 8px; border: 1px solid #b9c0ca;
                             border-radius: 6px; background: #ffffff; }
QLineEdit:focus, QPlainTextEdit:focus { border: 2px solid #0b5cad; padding: 4px 7px; }
QDateTimeEdit { font-size: 15px; padding: 4px 6px; }
*[invalid="true"] { border: 2px solid #b3261e; }
QTableView { border: 1px solid #d8dee4; gridline-color: #eaeef2; selection-background-color: #dde9f7;
             selection-color: #1f2328; font-size: 14px; }
QTableView:focus { border: 2px solid #0b5cad; }
QHeaderView::section { background: #f6f8fa; border: none; border-bottom: 1px solid #d8dee4;
                       padding: 6px 8px; font-size: 13px; font-weight: 600; color: #3d444d; }
QCheckBox { font-size: 15px; }
"""
