"""The platform's folders for Brightline's files: each user's data, cache and configuration, and the
machine-wide configuration.

On Linux and the other systems that follow the XDG Base Directory rules, the rules are applied
here: a variable counts only when it holds an absolute path, and a relative or missing HOME is
looked up in the user database. They take a few lines, and importing platformdirs for them took
more of every start of the window than anything else the core does before its first paint
(tests/benchmarks/README.md, "Figures behind the code"); tests/core/test_folders.py holds them to
platformdirs' answers. On Windows and macOS, whose folders are the system's to say (known folders,
redirected profiles), platformdirs says.
"""

from __future__ import annotations

import os
import posixpath
import sys

# The folder name: lower case where the XDG rules apply, as the program is named elsewhere.
XDG_NAME = "brightline"
DISPLAY_NAME = "Brightline"


def _follows_xdg() -> bool:
    return sys.platform not in ("win32", "darwin")


def _home() -> str:
    """The user's home folder; RuntimeError when it cannot be told (as platformdirs raises)."""
    home = os.environ.get("HOME", "")
    if not posixpath.isabs(home):
        try:
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        except (ImportError, KeyError):
            home = ""
    if not posixpath.isabs(home):
        raise RuntimeError("could not determine the home folder; set an absolute HOME or XDG variable")
    return home.rstrip("/") or "/"


def _xdg(variable: str, under_home: str) -> str:
    given = os.environ.get(variable, "")
    base = given if posixpath.isabs(given) else posixpath.join(_home(), under_home)
    return os.path.join(base, XDG_NAME)


def _platformdirs(roaming: bool = False):  # type: ignore[no-untyped-def]  # platformdirs' own class
    from platformdirs import PlatformDirs

    return PlatformDirs(DISPLAY_NAME, appauthor=False, roaming=roaming)


def user_data_dir() -> str:
    """The contact log, training records and settings: roaming on Windows, as they follow the user."""
    if _follows_xdg():
        return _xdg("XDG_DATA_HOME", ".local/share")
    return str(_platformdirs(roaming=True).user_data_dir)


def user_cache_dir() -> str:
    if _follows_xdg():
        return _xdg("XDG_CACHE_HOME", ".cache")
    return str(_platformdirs(roaming=True).user_cache_dir)


def user_config_dir() -> str:
    if _follows_xdg():
        return _xdg("XDG_CONFIG_HOME", ".config")
    return str(_platformdirs(roaming=True).user_config_dir)


def site_config_dir() -> str:
    """The machine-wide configuration's folder: the first absolute folder of XDG_CONFIG_DIRS, else
    /etc/xdg."""
    if _follows_xdg():
        folders = [f for f in os.environ.get("XDG_CONFIG_DIRS", "").split(os.pathsep) if posixpath.isabs(f)]
        return os.path.join(folders[0] if folders else "/etc/xdg", XDG_NAME)
    return str(_platformdirs().site_config_dir)
