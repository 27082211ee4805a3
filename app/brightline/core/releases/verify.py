"""Checking a release against the keys pinned on this machine: the signature, the key, every file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from brightline.core.packtrust import ReleaseInfo
from brightline.core.releases.container import ReleaseContents
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.releases.statements import (
    RELEASE_FORMAT,
    Manifest,
    Signature,
    parse_manifest,
    release_info,
    trusted_signer,
    version_at_least,
)
from brightline.core.signing import key_id


@dataclass(frozen=True)
class VerifiedRelease:
    """A release whose signature, key and files all checked (`trusted` False: checked with the
    key it names only, as `brightline pack diff` does on a machine with no key pinned)."""

    manifest: Manifest
    signature: Signature
    contents: ReleaseContents
    trusted: bool = True

    @property
    def info(self) -> ReleaseInfo:
        return release_info(self.manifest, self.signature)


def verify_release(contents: ReleaseContents, pinned: set[bytes] | None, app_version: str) -> VerifiedRelease:
    """Check a release (as `container.read_release` unpacked it): its manifest is signed by the
    key it names, that key is pinned or endorsed by a pinned key (unless `pinned` is None), the
    files are exactly those the manifest names with their sizes and SHA-256, and this program is
    as new as the release needs. ReleaseRefused for the first thing that is not so."""
    signature = contents.signature
    if not signature.verifies(RELEASE_FORMAT, contents.manifest_bytes):
        raise ReleaseRefused("release.bad_signature")
    if pinned is not None and not trusted_signer(signature.key, contents.endorsements, pinned):
        raise ReleaseRefused(
            "release.untrusted_key", key_id=signature.key_id, pinned=", ".join(sorted(key_id(k) for k in pinned))
        )
    manifest = parse_manifest(contents.manifest_bytes)
    for name in sorted(set(manifest.files) - set(contents.files)):
        raise ReleaseRefused("release.file_missing", name=name)
    for name in sorted(set(contents.files) - set(manifest.files)):
        raise ReleaseRefused("release.file_unlisted", name=name)
    for name, entry in sorted(manifest.files.items()):
        data = contents.files[name]
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise ReleaseRefused("release.file_changed", name=name)
    if not version_at_least(app_version, manifest.min_app_version):
        raise ReleaseRefused("release.newer_app", needed=manifest.min_app_version, have=app_version)
    return VerifiedRelease(manifest, signature, contents, trusted=pinned is not None)
