"""The bundle check fails a bundle whose licence notices are missing or incomplete (on a folder
laid out like a bundle; tests/e2e/test_bundle.py checks a real one)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import check_bundle
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    internal = tmp_path / "brightline" / "_internal"
    shutil.copytree(ROOT / "resources" / "licenses", internal / "resources" / "licenses")
    (internal / "libQt6Core.so.6").write_bytes(b"\x7fELF")  # from PySide6: its licence is in resources/
    (internal / "libxcb-cursor.so.0").write_bytes(b"\x7fELF")  # from the build machine
    system = internal / "licenses" / "system"
    system.mkdir(parents=True)
    (system / "LIBRARIES.txt").write_text(
        "# comment\nlibxcb-cursor.so.0\tlibxcb-cursor0\tlibxcb-cursor0.copyright\n", encoding="utf-8"
    )
    (system / "libxcb-cursor0.copyright").write_text("MIT/X11\n", encoding="utf-8")
    return tmp_path / "brightline"


def test_a_complete_bundle_passes(bundle: Path) -> None:
    report = check_bundle.Report()
    check_bundle.check_notices(bundle, report)
    assert any(line.startswith("notices:") for line in report.lines)


def test_missing_lgpl_text_fails(bundle: Path) -> None:
    (bundle / "_internal" / "resources" / "licenses" / "LGPL-3.0.txt").unlink()
    with pytest.raises(check_bundle.CheckFailed, match="LGPL-3.0.txt"):
        check_bundle.check_notices(bundle, check_bundle.Report())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux bundles carry system libraries")
def test_a_system_library_without_its_licence_fails(bundle: Path) -> None:
    (bundle / "_internal" / "libfreetype.so.6").write_bytes(b"\x7fELF")
    with pytest.raises(check_bundle.CheckFailed, match="libfreetype.so.6"):
        check_bundle.check_notices(bundle, check_bundle.Report())
    (bundle / "_internal" / "libfreetype.so.6").unlink()
    (bundle / "_internal" / "licenses" / "system" / "libxcb-cursor0.copyright").unlink()
    with pytest.raises(check_bundle.CheckFailed, match="libxcb-cursor0.copyright"):
        check_bundle.check_notices(bundle, check_bundle.Report())
