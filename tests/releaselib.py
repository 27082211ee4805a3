"""Signed releases for tests: an author key, releases of the small `city` pack (tests/packlib.py),
a machine that pins the key, and release files rewritten on purpose."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from brightline.core.releases.install import Installed, install_release
from brightline.core.releases.machine import MachineReleases, read_machine
from brightline.core.releases.publish import ReleasePlan, publish
from brightline.core.releases.statements import RELEASE_FORMAT, sign
from brightline.core.signing import WorkstationKey, make_author_key, public_key_text

APP = "0.1.0"
TODAY = date(2026, 6, 15)
# Release 2 of `city` answers the judge's warrant differently: comply, where release 1 escalates.
CHANGED_OVERRIDE = """\
tree: detainer
replace:
  honour:
    type: outcome
    verdict: comply
    headline: Honour the judge's warrant at once.
    do: [Follow the warrant., Tell the watch commander afterwards.]
    cite: [base-law:warrant, city-policy:p1]
amend:
  decline:
    do: [Log it.]
    cite: [city-policy:p1]
"""


def author_key(folder: Path, name: str = "author.key") -> WorkstationKey:
    return make_author_key(folder / name)


def publish_city(
    root: Path,
    key: WorkstationKey,
    out: Path,
    sequence: int,
    effective: str = "2020-01-01",
    override: str | None = None,
    version: str = "",
    **plan: object,
) -> Path:
    """A release of the library's `city` pack (with `override` as its detainer override) in `out`."""
    work = out.parent / f"work-{out.stem}" / "city"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(root / "city", work)
    if override is not None:
        (work / "overrides/detainer.yaml").write_text(override, encoding="utf-8")
    if version:
        manifest = work / "pack.yaml"
        manifest.write_text(manifest.read_text().replace('version: "1.10"', f'version: "{version}"'))
    publish(work, key, out, ReleasePlan(sequence, effective, APP, **plan), root)  # type: ignore[arg-type]
    return out


def install(file: Path, machine: Path, key: WorkstationKey | set[bytes], root: Path, today: date = TODAY) -> Installed:
    pinned = key if isinstance(key, set) else {key.public_key}
    return install_release(file, machine, pinned, root, APP, today)


def read(machine: Path, key: WorkstationKey) -> MachineReleases:
    return read_machine(machine, {key.public_key}, APP)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too, but not the lock or the event log), by path."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in (".lock", "events.log")
    }


def entries(file: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(file) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def rezip(
    file: Path,
    out: Path,
    change: Callable[[list[tuple[zipfile.ZipInfo, bytes]]], list[tuple[zipfile.ZipInfo, bytes]]],
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """`file` with its entries rewritten by `change`, written to `out`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for info, data in change(entries(file)):
            archive.writestr(info, data)
    out.write_bytes(buffer.getvalue())
    return out


def resigned(key: WorkstationKey, manifest: dict[str, object]) -> list[tuple[str, bytes]]:
    """A manifest (as data) and its signature by `key`: for a release that is signed properly but
    says something no machine may accept."""
    body = json.dumps(manifest, indent=1).encode("utf-8")
    signature = sign(key, RELEASE_FORMAT, body)
    return [("manifest.json", body), ("manifest.sig", json.dumps(signature.data()).encode())]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def config_file(folder: Path, keys: list[WorkstationKey], installed: Path, releases: Path | None = None) -> Path:
    """A machine-wide brightline.toml pinning `keys`."""
    pinned = ", ".join(f'"{public_key_text(k.public_key)}"' for k in keys)
    text = f'[packs]\ntrusted_keys = [{pinned}]\ninstalled = "{installed.as_posix()}"\n'
    if releases is not None:
        text += f'releases = "{releases.as_posix()}"\n'
    path = folder / "brightline.toml"
    path.write_text(text, encoding="utf-8")
    return path
