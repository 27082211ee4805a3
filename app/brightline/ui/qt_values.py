"""Values from the Qt namespace that the first screen needs, as plain ints.

PySide builds the Python side of the whole Qt namespace (about 90 enums) the first time any of it
is imported or crosses into Python: about a fifth of a bare window's start-up. The widgets shown
before the first paint therefore pass these ints, through Qt properties where a setter wants an
enum (`label.setProperty("textFormat", PLAIN_TEXT)`), and import `Qt` only in code that runs
later. tests/ui/test_qt_values.py checks every value here against Qt's own, and that the first
paint happens before the Qt namespace is built.
"""

from __future__ import annotations

# Qt.ItemDataRole
DISPLAY_ROLE = 0
TOOL_TIP_ROLE = 3
ACCESSIBLE_TEXT_ROLE = 11
USER_ROLE = 256
# Qt.TextFormat
PLAIN_TEXT = 0
RICH_TEXT = 1
# Qt.TextInteractionFlag
TEXT_SELECTABLE_BY_MOUSE = 1
# Qt.ScrollBarPolicy
SCROLL_BAR_ALWAYS_OFF = 1
# Qt.AlignmentFlag and Qt.TextFlag, for QPainter.drawText
ALIGN_LEFT = 0x0001
ALIGN_TOP = 0x0020
ALIGN_BOTTOM = 0x0040
TEXT_WORD_WRAP = 0x1000
# Qt.Key
KEY_ESCAPE = 0x01000000
KEY_UP = 0x01000013
KEY_DOWN = 0x01000015
KEY_PAGE_UP = 0x01000016
KEY_PAGE_DOWN = 0x01000017
