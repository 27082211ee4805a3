"""The licence files ship as one set: the notices quote Brightline's LICENSE word for word, and
every licence text the notices name is there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LICENSES = ROOT / "resources" / "licenses"


def test_the_notices_quote_the_licence_exactly() -> None:
    notices = (LICENSES / "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8")
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").strip() in notices


def test_every_licence_text_the_notices_name_is_there() -> None:
    notices = (LICENSES / "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w.-]+\.txt)`", notices)) - {"COPYING.txt"}
    assert named and {p.name for p in LICENSES.glob("*.txt")} == named
