"""Signed releases: what publishing, installing and checking at start-up cost, with the shipped
`pasadena` pack as the release (issue 17). Context figures: DESIGN.md sets no budget for them.

- publish and install one release of pasadena (in-process, medians);
- `brightline list`, and the window's start to its first paint (`BRIGHTLINE_QUIT_WHEN_READY=1`),
  in fresh processes with the release installed and its key pinned, beside the same with no key
  pinned (medians, interleaved, caches warm): what pinning keys adds to every start
  (reading the machine-wide file, importing PyNaCl, verifying the signed manifests, checking every
  file of the release against its digest as it is read);
- refusing a zip bomb (a file within a pack file's size, compressed a thousand times) and a
  release of over a pack's size in all, before anything is unpacked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from benchlib import REPO, SHIPPED_PACKS, median, row


def _timed(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _run(command: list[str], env: dict[str, str]) -> float:
    """Seconds a fresh process of `command` takes."""
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=REPO, capture_output=True, check=True)
    return time.perf_counter() - started


def run(results: list[dict[str, Any]], quick: bool) -> None:
    from brightline import __version__
    from brightline.core.releases.install import install_release
    from brightline.core.releases.publish import ReleasePlan, publish
    from brightline.core.releases.refusal import ReleaseRefused
    from brightline.core.signing import make_author_key, public_key_text

    repeats = 3 if quick else 7
    with tempfile.TemporaryDirectory(prefix="bench-releases-") as temporary:
        base = Path(temporary)
        key = make_author_key(base / "author.key")
        work = base / "work" / "pasadena"
        shutil.copytree(SHIPPED_PACKS / "pasadena", work)
        release = base / "pasadena-1.zip"
        plan = ReleasePlan(1, "2024-01-01", __version__)
        publishing = [_timed(lambda: publish(work, key, release, plan, SHIPPED_PACKS)) for _ in range(repeats)]
        results.append(row("releases: publish pasadena (validate, hash, sign, zip)", median(publishing) * 1000, "ms"))
        installing = []
        for attempt in range(repeats):
            folder = base / f"installed-{attempt}"
            started = time.perf_counter()
            install_release(release, folder, {key.public_key}, SHIPPED_PACKS, __version__, date.today())
            installing.append(time.perf_counter() - started)
        results.append(row("releases: install pasadena (check, load, write, rename)", median(installing) * 1000, "ms"))

        config = base / "brightline.toml"
        config.write_text(
            f'[packs]\ntrusted_keys = ["{public_key_text(key.public_key)}"]\n'
            f'installed = "{(base / "installed-0").as_posix()}"\n'
        )
        env = dict(os.environ, BRIGHTLINE_PACKS_ROOT=str(SHIPPED_PACKS), XDG_CONFIG_DIRS=str(base / "none"))
        env.pop("BRIGHTLINE_DEPARTMENT", None)
        pinned_env = dict(env, BRIGHTLINE_DEPARTMENT=str(config))
        for kind in ("data", "cache", "config"):
            env[f"BRIGHTLINE_{kind.upper()}_DIR"] = str(base / f"plain-{kind}")
            pinned_env[f"BRIGHTLINE_{kind.upper()}_DIR"] = str(base / f"pinned-{kind}")
        for label, command, extra in (
            ("brightline list", [sys.executable, "-m", "brightline", "list"], {}),
            ("window start to first paint", [sys.executable, "-m", "brightline"], {"BRIGHTLINE_QUIT_WHEN_READY": "1"}),
        ):
            for warm in (env, pinned_env):  # the caches, as a returning user has them
                for _ in range(2):
                    subprocess.run(command, env={**warm, **extra}, cwd=REPO, capture_output=True, check=True)
            plain: list[float] = []
            pinned: list[float] = []
            for _ in range(5 if quick else 11):
                for runs, chosen in ((plain, env), (pinned, pinned_env)):
                    runs.append(_run(command, {**chosen, **extra}))
            results.append(row(f"releases: {label}, no key pinned (warm caches)", median(plain) * 1000, "ms"))
            results.append(row(f"releases: {label}, key pinned, release in force", median(pinned) * 1000, "ms"))

        bomb = base / "bomb.zip"
        with zipfile.ZipFile(release) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info, source.read(info))
            target.writestr("pack/documents/zeros.txt", b"\0" * (1024 * 1024 - 1))
        huge = base / "huge.zip"
        with zipfile.ZipFile(release) as source, zipfile.ZipFile(huge, "w", zipfile.ZIP_STORED) as target:
            for info in source.infolist():
                target.writestr(info, source.read(info))
            for number in range(5):
                target.writestr(f"pack/documents/noise-{number}.txt", os.urandom(1024 * 1024 - 16))
        for name, file in (("a zip bomb", bomb), ("5 MiB of files", huge)):
            refusing = []
            for _ in range(repeats):
                started = time.perf_counter()
                try:
                    install_release(
                        file, base / "installed-0", {key.public_key}, SHIPPED_PACKS, __version__, date.today()
                    )
                except ReleaseRefused:
                    refusing.append(time.perf_counter() - started)
            results.append(
                row(f"releases: refuse {name}", median(refusing) * 1000 if refusing else "not refused!", "ms")
            )
