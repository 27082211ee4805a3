"""Where data, caches and the cache key live: the platform's folders, each with its override, and
relative XDG_* values ignored as the XDG specification says."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from brightline.core.paths import resolve_paths

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rules are Linux's")


def test_each_folder_has_its_own_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for kind in ("data", "cache", "config"):
        monkeypatch.setenv(f"BRIGHTLINE_{kind.upper()}_DIR", str(tmp_path / kind))
    paths = resolve_paths()
    assert (paths.data, paths.cache, paths.config) == (tmp_path / "data", tmp_path / "cache", tmp_path / "config")
    assert resolve_paths(data_dir=tmp_path / "given").data == tmp_path / "given"  # --data-dir wins
    assert paths.start_index.parent == paths.library_cache.parent == paths.cache
    assert paths.cache_key.parent == paths.config  # the key is kept outside the cache folder


@linux_only
def test_the_defaults_follow_the_xdg_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for kind in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.delenv(f"BRIGHTLINE_{kind}_DIR")
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / kind.lower()))
    paths = resolve_paths()
    assert paths.data == tmp_path / "data" / "brightline"
    assert paths.cache == tmp_path / "cache" / "brightline"
    assert paths.config == tmp_path / "config" / "brightline"


@linux_only
def test_relative_xdg_values_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for kind in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.delenv(f"BRIGHTLINE_{kind}_DIR")
        monkeypatch.setenv(f"XDG_{kind}_HOME", "relative/folder")
    paths = resolve_paths()
    home = tmp_path / "home"
    assert paths.data == home / ".local" / "share" / "brightline"
    assert paths.cache == home / ".cache" / "brightline"
    assert paths.config == home / ".config" / "brightline"
