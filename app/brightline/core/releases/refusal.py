"""Why a release, a rollback statement or a key endorsement is refused: a code with parameters,
and the words for it (the command line and the window both say it with `describe`)."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, str] = {
    "release.unreadable": "cannot read the file: {reason}",
    "release.too_large": "the file is {size} bytes; a release may be at most {limit} bytes",
    "release.not_zip": "the file is not a whole release (a zip file): {reason}. It may be truncated or damaged: "
    "copy it again",
    "release.entry_name": "the release holds an entry named '{name}', {reason}; nothing outside the pack is "
    "ever written",
    "release.entry_link": "the release holds '{name}' as a symbolic link; a release holds only plain files",
    "release.entry_kind": "the release holds '{name}', which is not a plain file",
    "release.duplicate_entry": "the release holds '{name}' twice (or two names that differ only in case)",
    "release.unexpected_entry": "the release holds '{name}', which is not part of a release "
    "(only manifest.json, manifest.sig, endorsements.json and pack/…)",
    "release.too_many_entries": "the release holds more than {limit} entries",
    "release.bomb": "'{name}' would unpack from {compressed} to {size} bytes, more than {ratio} times its size: "
    "a release is never compressed that far, so it is refused as a zip bomb",
    "release.entry_too_large": "'{name}' would unpack to {size} bytes; a file may be at most {limit}",
    "release.unpacks_too_large": "the release would unpack to more than {limit} bytes",
    "release.compression": "'{name}' is compressed with method {method}; a release uses only none or deflate",
    "release.encrypted": "'{name}' is encrypted; a release is never encrypted",
    "release.entry_damaged": "'{name}' cannot be unpacked: {reason}. The file may be truncated or damaged: "
    "copy it again",
    "release.no_manifest": "the release has no manifest.json",
    "release.no_signature": "the release has no manifest.sig: it is not signed",
    "release.manifest": "the release's manifest is not valid: {reason}",
    "release.bad_signature": "the signature does not match the manifest: the release was changed after it "
    "was signed, or damaged",
    "release.untrusted_key": "it is signed by key {key_id}, which is not pinned on this machine "
    "(nor endorsed by a pinned key); pinned: {pinned}",
    "release.retired_key": "it is signed by key {key_id}, which key {new_key_id} replaced (endorsement of "
    "{made}); a release signed by a replaced key is refused",
    "release.file_missing": "the manifest names '{name}', which is not in the release",
    "release.file_unlisted": "the release holds 'pack/{name}', which its signed manifest does not name",
    "release.file_changed": "'{name}' is not the file the signature vouches for (its SHA-256 differs): "
    "the release was changed after it was signed",
    "release.newer_app": "the release needs Brightline {needed} or newer; this is {have}. Update Brightline first",
    "release.older": "it is release {sequence} of '{pack}', and release {installed} is installed already: "
    "an older release is never installed over a newer one (to go back, the author signs a rollback "
    "statement: 'brightline pack rollback')",
    "release.sequence_reused": "release {sequence} of '{pack}' is installed already with other content: one "
    "sequence number never stands for two releases",
    "release.withdrawn": "release {sequence} of '{pack}' was withdrawn by the author's rollback statement",
    "release.invalid_pack": "the pack in the release has problems and is not installed: {problem}",
    "release.no_keys": "no author key is pinned on this machine ({config}): a release can be checked only "
    "against the department's pinned keys. IT adds them to [packs] trusted_keys",
    "release.cannot_write": "cannot install into {folder}: {reason}. Installing needs an account that may "
    "write that folder (IT's)",
    "release.busy": "another installation into {folder} is under way; try again when it has finished",
    "statement.unreadable": "cannot read the statement: {reason}",
    "statement.invalid": "the file is not a signed statement: {reason}",
    "statement.bad_signature": "the statement's signature does not match it: it was changed or damaged",
    "statement.wrong_kind": "the file is a {found}, not a {wanted}",
    "rollback.no_release": "no release of '{pack}' is installed on this machine",
    "rollback.stale": "the statement rolls '{pack}' back from release {from_sequence}, but the newest release "
    "installed is {newest}: it was made for another moment and is not applied",
    "rollback.unknown_target": "the statement rolls '{pack}' back to release {to_sequence}, which is not an "
    "installed, verified release here (installed: {installed})",
    "release.not_installed": "release {sequence} of '{pack}' is not an installed, verified release here "
    "(installed: {installed}); name a release file instead",
}


class ReleaseRefused(Exception):
    """A release, statement or endorsement is refused: `code` (from MESSAGES) and `params`."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.event_note = ""  # why the machine's event log could not record it, if it could not

    @property
    def message(self) -> str:
        return describe(self.code, self.params)

    def __str__(self) -> str:
        return self.message


def describe(code: str, params: dict[str, Any]) -> str:
    """Words for a refusal code, quoted values cut and escaped as a pack problem's are."""
    from brightline.core.problems import describe as describe_problem  # only when a refusal is worded

    return describe_problem(code, params, MESSAGES)
