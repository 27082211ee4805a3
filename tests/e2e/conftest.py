"""Fixtures shared by the end-to-end tests: a small pack library to break on purpose."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from packlib import make_library  # noqa: E402


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """A library root: shared material, a `base` pack and a `city` pack that extends it."""
    return make_library(tmp_path)
