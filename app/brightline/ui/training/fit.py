"""Type sizes (and the style sheet) for presenter mode: as large as the room needs, as small as the text needs to fit.

Sizes scale with the window (a 1920×1080 projector is 1.0). Text is shown at its largest size
that fits the space; text too long even at the smallest legible size scrolls instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics

from brightline.ui.answer_button import GAP, MIN_HEIGHT, PAD_X, PAD_Y

DEBRIEF_SCALE = 1.7  # the debrief's text against the window's (16 px → 27 px at 1920×1080)
REFERENCE_SCALE = 1.5  # the citations beside it
STEPS = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6)  # how far a text may shrink to fit, largest first


def room_scale(width: int, height: int) -> float:
    """1.0 at 1920×1080, less on a smaller window, never below 0.5."""
    return max(0.5, min(width / 1920, height / 1080))


def text_height(base: QFont, pixels: int, text: str, width: int, bold: bool = False) -> int:
    """The height of `text` wrapped at `width` in `base` at `pixels` (line spacing included)."""
    font = QFont(base)
    font.setPixelSize(max(1, pixels))
    font.setBold(bold)
    flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
    return QFontMetrics(font).boundingRect(QRect(0, 0, max(1, width), 1_000_000), flags, text).height()


def answer_height(base: QFont, pixels: int, label: str, width: int) -> int:
    """The height an AnswerButton of `width` needs for `label` at `pixels` (as it lays itself out)."""
    font = QFont(base)
    font.setPixelSize(max(1, pixels))
    badge = max(32, QFontMetrics(font).height() + 8)
    inner = max(40, width - (PAD_X + badge + GAP) - PAD_X)
    return max(MIN_HEIGHT, text_height(base, pixels, label, inner) + 2 * PAD_Y)


def fit_narrative(base: QFont, title: str, text: str, width: int, height: int, scale: float) -> tuple[int, int]:
    """(title, text) pixel sizes for a narrative in a `width`×`height` area."""
    for step in STEPS:
        title_px, text_px = round(44 * scale * step), round(52 * scale * step)
        # Paragraph gaps and line spacing in the label: about a third of a line per line.
        needed = text_height(base, title_px, title, width, bold=True) + int(
            text_height(base, text_px, text, width) * 1.2
        )
        if needed + 24 <= height:
            return title_px, text_px
    return round(44 * scale * STEPS[-1]), round(52 * scale * STEPS[-1])


def fit_question(
    base: QFont, question: str, answers: Sequence[str], width: int, height: int, scale: float, spacing: int
) -> tuple[int, int]:
    """(question, answer) pixel sizes for a question and its answer buttons in the area."""
    for step in STEPS:
        question_px, answer_px = round(56 * scale * step), round(44 * scale * step)
        needed = text_height(base, question_px, question, width, bold=True) + spacing * (len(answers) + 1)
        needed += sum(answer_height(base, answer_px, label, width) for label in answers)
        if needed <= height:
            return question_px, answer_px
    return round(56 * scale * STEPS[-1]), round(44 * scale * STEPS[-1])


def chrome_sizes(scale: float) -> dict[str, int]:
    """Sizes that do not depend on the text on show: the bars, prompts, captions, the summary."""
    return {
        "chrome": round(22 * scale),
        "prompt": round(26 * scale),
        "caption": round(34 * scale),
        "reached": round(48 * scale),
        "summary": round(44 * scale),
        "debrief": round(16 * DEBRIEF_SCALE * scale),
        "reference": round(16 * REFERENCE_SCALE * scale),
    }


def style_sheet(sizes: dict[str, int]) -> str:
    """Presenter mode's style sheet for these pixel sizes (it overrides the application's)."""
    return (
        "#presenterWindow, #presenterWindow QScrollArea > QWidget > QWidget { background: #ffffff; }"
        # Qt's rich text takes its base size from the view's font, not from a CSS body rule.
        f"QTextBrowser#presenterDebrief {{ font-size: {sizes['debrief']}px; }}"
        f"QTextBrowser#referenceText {{ font-size: {sizes['reference']}px; }}"
        f"#presenterWhere, #presenterKeys {{ font-size: {sizes['chrome']}px; color: #3d444d; }}"
        f"#presenterWarning {{ font-size: {sizes['chrome']}px; font-weight: 700; color: #6b3d00;"
        " background: #fff1d6; border: 2px dashed #b36b00; border-radius: 6px; padding: 4px 10px; }"
        f"QPushButton#presenterEnd {{ font-size: {sizes['chrome']}px; }}"
        f"#presenterTitle {{ font-size: {sizes['title']}px; font-weight: 700; color: #0b3d75; }}"
        f"#presenterNarrative {{ font-size: {sizes['narrative']}px; }}"
        f"#presenterQuestion {{ font-size: {sizes['question']}px; font-weight: 700; }}"
        f"#presenterAnswer {{ font-size: {sizes['answer']}px; }}"
        f"#presenterReached {{ font-size: {sizes['reached']}px; }}"
        f"#presenterCaption {{ font-size: {sizes['caption']}px; }}"
        f"#presenterSummary {{ font-size: {sizes['summary']}px; }}"
        f"#presenterPrompt {{ font-size: {sizes['prompt']}px; color: #0b3d75; font-weight: 600;"
        " border-top: 1px solid #d8dee4; padding-top: 8px; }"
        f"#panelHeading {{ font-size: {sizes['chrome']}px; }}"
        f"QPushButton#linkButton {{ font-size: {sizes['chrome']}px; }}"
    )
