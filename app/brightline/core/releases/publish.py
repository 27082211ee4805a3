"""Publishing a release: a pack folder, checked as the program would show it, signed into one file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from brightline.core.packfiles import FileRefused, list_pack, read_file
from brightline.core.packtrust import PackTrust
from brightline.core.problems import Problem
from brightline.core.releases.container import write_release
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.releases.statements import (
    RELEASE_FORMAT,
    FileEntry,
    Manifest,
    app_version_tuple,
    read_endorsements,
    sign,
)
from brightline.core.signing import WorkstationKey


class PublishError(Exception):
    """The pack cannot be published as it is: `problems` says why, file by file."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class ReleasePlan:
    """What the author says about the release beyond its files."""

    sequence: int
    effective: str  # YYYY-MM-DD
    min_app_version: str
    notes: str = ""
    endorsements: bytes = b""  # endorsements.json: a JSON list of signed key endorsements
    published: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


def publish(
    folder: Path,
    key: WorkstationKey,
    output: Path,
    plan: ReleasePlan,
    shipped: Path,
    extra_roots: list[Path] | None = None,
    trust: PackTrust | None = None,
) -> Manifest:
    """Sign the pack in `folder` into the release file `output`.

    The files are listed and read exactly as the loader reads them (the same limits, no link
    followed); the pack is then loaded from those very bytes on top of the program's packs (and
    `extra_roots`, `trust`'s releases: what it may extend) and validated. PublishError lists
    every problem of the pack; nothing is written then. ValueError for a plan that is not valid."""
    app_version_tuple(plan.min_app_version)
    if not 1 <= plan.sequence < 2**53:
        raise ValueError("the sequence must be a whole number from 1")
    datetime.strptime(plan.effective, "%Y-%m-%d")
    try:
        read_endorsements(plan.endorsements)
    except ReleaseRefused as exc:
        raise ValueError(f"the endorsements: {exc.message}") from None
    listing = list_pack(folder)
    problems = listing.problems
    files: dict[str, bytes] = {}
    for file in listing.all_files():
        name = file.path.relative_to(folder).as_posix()
        try:
            files[name] = read_file(file)
        except FileRefused as exc:
            from brightline.core.packfiles import refusal_problem

            problems.append(refusal_problem(file.path, exc))
    if problems:
        raise PublishError(problems)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    from brightline.core.library import load_library

    # The pack stands in for any release of it in force here; others it may extend stay.
    releases = {f: d for f, d in (trust.releases if trust else {}).items() if f.name != folder.name}
    releases[folder] = digests
    library = load_library(
        shipped, extra_roots, trust=PackTrust(installed=trust.installed if trust else folder, releases=releases)
    )
    inside = str(folder.resolve())
    own = [p for p in library.problems if str(Path(p.where.file).resolve()).startswith(inside)]
    pack = next(
        (p for p in library.packs.values() if Path(p.manifest.where.file).resolve().parent == folder.resolve()), None
    )
    if pack is None or own:
        raise PublishError(own or library.broken.get(folder.name, []) or [_not_loaded(folder)])
    manifest = Manifest(
        pack=pack.id,
        version=pack.manifest.version,
        sequence=plan.sequence,
        effective=plan.effective,
        min_app_version=plan.min_app_version,
        published=plan.published,
        notes=plan.notes.strip(),
        files={name: FileEntry(digests[name], len(data)) for name, data in files.items()},
    )
    body = manifest.to_bytes()
    write_release(output, body, sign(key, RELEASE_FORMAT, body), files, plan.endorsements)
    return manifest


def _not_loaded(folder: Path) -> Problem:
    from brightline.core.where import Where

    return Problem("pack.missing_manifest", Where(str(folder / "pack.yaml")))
