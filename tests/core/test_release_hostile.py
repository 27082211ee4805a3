"""Hostile release files: each is refused with a message saying why, nothing is half-installed,
the releases installed before are exactly as they were and the guidance still comes from them,
and the refusal is in the machine's event log."""

from __future__ import annotations

import json
import os
import stat
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.core import packfiles
from brightline.core.library import load_library
from brightline.core.paths import resolve_paths
from brightline.core.releases.events import read_events
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.releases.trust import trust_from
from packlib import make_library
from releaselib import (
    CHANGED_OVERRIDE,
    TODAY,
    author_key,
    entries,
    install,
    publish_city,
    read,
    resigned,
    rezip,
    sha256,
    snapshot,
)

Entries = list[tuple[zipfile.ZipInfo, bytes]]


class Setting:
    """A machine with releases 1 and 2 of `city` installed, and a valid release 3 to spoil."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.root = make_library(tmp_path)
        self.key = author_key(tmp_path)
        self.machine = tmp_path / "machine"
        install(publish_city(self.root, self.key, tmp_path / "city-1.zip", 1), self.machine, self.key, self.root)
        two = publish_city(self.root, self.key, tmp_path / "city-2.zip", 2, override=CHANGED_OVERRIDE)
        install(two, self.machine, self.key, self.root)
        self.three = publish_city(self.root, self.key, tmp_path / "city-3.zip", 3, notes="three")

    def manifest(self) -> dict[str, object]:
        return json.loads(dict((i.filename, d) for i, d in entries(self.three))["manifest.json"])

    def spoil(self, change: Callable[[Entries], Entries]) -> Path:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate names some cases write on purpose
            return rezip(self.three, self.tmp / "hostile.zip", change)

    def with_manifest(self, manifest: dict[str, object], extra: list[tuple[str, bytes]] = ()) -> Path:  # type: ignore[assignment]
        """Release 3 with `manifest`, properly signed by the pinned key, and `extra` entries."""

        def change(old: Entries) -> Entries:
            kept = [(i, d) for i, d in old if i.filename not in ("manifest.json", "manifest.sig")]
            return (
                [(zipfile.ZipInfo(n), d) for n, d in resigned(self.key, manifest)]
                + kept
                + [(zipfile.ZipInfo(n), d) for n, d in extra]
            )

        return self.spoil(change)


def _info(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def tampered_file(s: Setting) -> Path:
    return s.spoil(
        lambda old: [
            (i, d.replace(b"Log it.", b"Hold them.") if i.filename.endswith("detainer.yaml") else d) for i, d in old
        ]
    )


def tampered_manifest(s: Setting) -> Path:
    return s.spoil(
        lambda old: [
            (i, d.replace(b'"sequence": 3', b'"sequence": 4') if i.filename == "manifest.json" else d) for i, d in old
        ]
    )


def wrong_key(s: Setting) -> Path:
    return publish_city(s.root, author_key(s.tmp, "stranger.key"), s.tmp / "stranger-3.zip", 3)


def replayed_older(s: Setting) -> Path:
    return s.tmp / "city-1.zip"


def entry_out_of_the_pack(s: Setting) -> Path:
    return s.spoil(lambda old: old + [(_info("pack/../../outside.yaml"), b"id: x\n")])


def entry_from_the_root(s: Setting) -> Path:
    return s.spoil(lambda old: old + [(_info("/etc/cron.d/brightline"), b"* * * * * root id\n")])


def entry_with_backslashes(s: Setting) -> Path:
    return s.spoil(lambda old: old + [(_info("pack\\..\\..\\outside.yaml"), b"id: x\n")])


def symlink_entry(s: Setting) -> Path:
    def change(old: Entries) -> Entries:
        return [(i, d) for i, d in old if not i.filename.endswith("detainer.yaml")] + [
            (_info("pack/overrides/detainer.yaml", stat.S_IFLNK | 0o777), b"/etc/passwd")
        ]

    return s.spoil(change)


def signed_manifest_naming_a_file_out_of_the_pack(s: Setting) -> Path:
    manifest = s.manifest()
    files = dict(manifest["files"])  # type: ignore[call-overload]
    files["../outside.yaml"] = {"sha256": sha256(b"id: x\n"), "size": 6}
    return s.with_manifest({**manifest, "files": files})


def signed_manifest_naming_an_absolute_file(s: Setting) -> Path:
    manifest = s.manifest()
    files = {**manifest["files"], "/etc/passwd": {"sha256": sha256(b"x"), "size": 1}}  # type: ignore[dict-item]
    return s.with_manifest({**manifest, "files": files})


def zip_bomb(s: Setting) -> Path:
    zeros = b"\0" * (packfiles.MAX_FILE_BYTES - 1)  # within the size of a file, but compressed a thousand times
    return s.spoil(lambda old: old + [(_info("pack/documents/zeros.txt"), zeros)])


def too_much_in_all(s: Setting) -> Path:
    noise = [os.urandom(packfiles.MAX_FILE_BYTES - 10) for _ in range(5)]  # each a valid size; 5 MiB in all
    return s.spoil(lambda old: old + [(_info(f"pack/documents/n{k}.txt"), n) for k, n in enumerate(noise)])


def truncated(s: Setting) -> Path:
    data = s.three.read_bytes()
    (s.tmp / "truncated.zip").write_bytes(data[: len(data) * 2 // 3])
    return s.tmp / "truncated.zip"


def for_a_newer_app(s: Setting) -> Path:
    return s.with_manifest({**s.manifest(), "min_app_version": "99.0"})


def duplicate_entry(s: Setting) -> Path:
    def change(old: Entries) -> Entries:
        override = next((i, d) for i, d in old if i.filename.endswith("detainer.yaml"))
        return old + [(_info(override[0].filename), override[1].replace(b"Log it.", b"Hold them."))]

    return s.spoil(change)


def duplicate_in_another_case(s: Setting) -> Path:
    return s.spoil(lambda old: old + [(_info("pack/overrides/DETAINER.yaml"), b"tree: detainer\n")])


def unlisted_file(s: Setting) -> Path:
    return s.spoil(lambda old: old + [(_info("pack/trees/extra.yaml"), b"id: extra\n")])


def missing_file(s: Setting) -> Path:
    return s.spoil(lambda old: [(i, d) for i, d in old if not i.filename.endswith("detainer.yaml")])


def other_compression(s: Setting) -> Path:
    def change(old: Entries) -> Entries:
        for info, _ in old:
            info.compress_type = zipfile.ZIP_BZIP2
        return old

    return s.spoil(change)


def not_a_zip(s: Setting) -> Path:
    (s.tmp / "noise.zip").write_bytes(os.urandom(5000))
    return s.tmp / "noise.zip"


def a_pack_that_does_not_load(s: Setting) -> Path:
    broken = CHANGED_OVERRIDE.replace("amend:\n  decline:", "amend:\n  no-such-node:")
    return publish_city_unchecked(s, broken)


def publish_city_unchecked(s: Setting, override: str) -> Path:
    """Release 3 with `override`, signed properly though its pack does not load (an author who
    skipped the checks `pack publish` makes)."""
    manifest = s.manifest()
    data = override.encode()
    files = {**manifest["files"], "overrides/detainer.yaml": {"sha256": sha256(data), "size": len(data)}}  # type: ignore[dict-item]
    path = s.with_manifest({**manifest, "files": files})
    return rezip(
        path,
        s.tmp / "unloadable.zip",
        lambda old: [(i, data if i.filename.endswith("detainer.yaml") else d) for i, d in old],
    )


CASES: dict[str, tuple[Callable[[Setting], Path], str, str]] = {
    "tampered file": (tampered_file, "release.file_changed", "changed after it was signed"),
    "tampered manifest": (tampered_manifest, "release.bad_signature", "signature does not match"),
    "wrong key": (wrong_key, "release.untrusted_key", "not pinned on this machine"),
    "replayed older release": (replayed_older, "release.older", "an older release is never installed"),
    "entry with ../": (entry_out_of_the_pack, "release.entry_name", "leads out of its folder"),
    "absolute entry": (entry_from_the_root, "release.entry_name", "path from the root"),
    "backslash entry": (entry_with_backslashes, "release.entry_name", "backslash"),
    "symlink entry": (symlink_entry, "release.entry_link", "symbolic link"),
    "signed manifest naming ../": (
        signed_manifest_naming_a_file_out_of_the_pack,
        "release.manifest",
        "'../outside.yaml'",
    ),
    "signed manifest naming an absolute path": (
        signed_manifest_naming_an_absolute_file,
        "release.manifest",
        "not a file of a pack",
    ),
    "zip bomb (ratio)": (zip_bomb, "release.bomb", "zip bomb"),
    "zip bomb (total size)": (too_much_in_all, "release.unpacks_too_large", "would unpack to more than"),
    "truncated file": (truncated, "release.not_zip", "truncated or damaged"),
    "for a newer app": (for_a_newer_app, "release.newer_app", "needs Brightline 99.0 or newer"),
    "duplicate entry": (duplicate_entry, "release.duplicate_entry", "twice"),
    "duplicate in another case": (duplicate_in_another_case, "release.duplicate_entry", "differ only in case"),
    "file the manifest does not name": (unlisted_file, "release.file_unlisted", "does not name"),
    "file the manifest names, missing": (missing_file, "release.file_missing", "not in the release"),
    "other compression": (other_compression, "release.compression", "only none or deflate"),
    "not a zip": (not_a_zip, "release.not_zip", "not a whole release"),
    "a pack that does not load": (
        a_pack_that_does_not_load,
        "release.invalid_pack",
        "has problems and is not installed",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_release_is_refused_and_changes_nothing(tmp_path: Path, case: str) -> None:
    setting = Setting(tmp_path)
    make, code, words = CASES[case]
    hostile = make(setting)
    before = snapshot(setting.machine)
    with pytest.raises(ReleaseRefused) as refused:
        install(hostile, setting.machine, setting.key, setting.root)
    assert refused.value.code == code, refused.value.message
    assert words in refused.value.message
    assert snapshot(setting.machine) == before  # nothing half-installed, nothing removed
    assert not any(p.name.startswith(".incoming") for p in setting.machine.iterdir())
    assert not (tmp_path / "outside.yaml").exists()
    last = read_events(setting.machine)[-1]
    assert last["event"] == "refused" and last["detail"] == refused.value.message
    # The guidance still comes from release 2, as installed.
    releases = read(setting.machine, setting.key)
    trust = trust_from(releases, resolve_paths(), TODAY, {setting.key.public_key})
    assert trust.standings["city"].in_force.sequence == 2  # type: ignore[union-attr]
    library = load_library(setting.root, trust=trust)
    assert library.pack("city").trees["detainer"].nodes["honour"].verdict == "comply"
