"""The shared colours: every pair the window puts text on reads (WCAG AA), and the style sheet's
names resolve."""

from __future__ import annotations

import pytest

from brightline.ui import palette


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


TEXT_PAIRS = [
    (palette.TEXT, palette.BACKGROUND),
    (palette.TEXT_SECONDARY, palette.SURFACE),
    (palette.MUTED, palette.BACKGROUND),
    (palette.MUTED, palette.SURFACE),
    (palette.ACCENT, palette.BACKGROUND),
    (palette.ACCENT, palette.SELECTED),
    (palette.ON_ACCENT, palette.ACCENT),
    (palette.ON_ACCENT, palette.ACCENT_DEEP),
    (palette.WARNING_TEXT, palette.WARNING_BACK),
    (palette.NOTICE_TEXT, palette.NOTICE_BACK),
    (palette.ERROR_TEXT, palette.ERROR_BACK),
    (palette.SUCCESS_TEXT, palette.BACKGROUND),
    *[(strong, tint) for strong, tint in palette.VERDICT_COLOURS.values()],
    *[(palette.ON_ACCENT, strong) for strong, _tint in palette.VERDICT_COLOURS.values()],
    palette.UNKNOWN_VERDICT_COLOURS,
]


@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_text_colours_pass_wcag_aa_on_their_background(foreground: str, background: str) -> None:
    assert contrast(foreground, background) >= 4.5


def test_fill_names_colours_and_refuses_a_name_it_does_not_know() -> None:
    assert palette.fill("a { color: @ACCENT@; background: @SURFACE@; }") == "a { color: #0b5cad; background: #f6f8fa; }"
    with pytest.raises(KeyError):
        palette.fill("a { color: @ACCENTT@; }")
