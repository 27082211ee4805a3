"""The XDG folders Brightline works out itself say what platformdirs says, whatever the environment
holds: variables unset, empty, relative or absolute, and a relative or missing HOME."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from platformdirs.unix import Unix

from brightline.core import folders

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG rules apply here")

VARIABLES = ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS")


def _values(tmp_path: Path) -> list[str | None]:
    return [None, "", "relative/folder", str(tmp_path / "absolute")]


def _expected() -> tuple[str, str, str, str]:
    user = Unix(folders.XDG_NAME, appauthor=False, roaming=True)
    site = Unix(folders.XDG_NAME, appauthor=False)
    return user.user_data_dir, user.user_cache_dir, user.user_config_dir, site.site_config_dir


def _ours() -> tuple[str, str, str, str]:
    return folders.user_data_dir(), folders.user_cache_dir(), folders.user_config_dir(), folders.site_config_dir()


@pytest.mark.parametrize("home", ["absolute", "relative", "unset"])
def test_the_user_and_machine_folders_are_platformdirs_own(
    home: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if home == "absolute":
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
    elif home == "relative":
        monkeypatch.setenv("HOME", "not/absolute")
    else:
        monkeypatch.delenv("HOME", raising=False)
    for values in itertools.product(_values(tmp_path), repeat=2):
        # Every value for the data and config homes; the others follow the same rule.
        for variable, value in zip(("XDG_DATA_HOME", "XDG_CONFIG_HOME"), values, strict=True):
            if value is None:
                monkeypatch.delenv(variable, raising=False)
            else:
                monkeypatch.setenv(variable, value)
        assert _ours() == _expected(), values
    for value in _values(tmp_path):
        for variable in ("XDG_CACHE_HOME", "XDG_CONFIG_DIRS"):
            if value is None:
                monkeypatch.delenv(variable, raising=False)
            else:
                monkeypatch.setenv(variable, value)
        assert _ours() == _expected(), value


def test_the_machine_wide_folder_is_the_first_absolute_one_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"relative:{tmp_path / 'first'}:{tmp_path / 'second'}")
    assert folders.site_config_dir() == str(tmp_path / "first" / "brightline") == _expected()[3]
