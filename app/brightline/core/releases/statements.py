"""What an author signs: a release's manifest, a rollback statement, a key endorsement.

Every signature is Ed25519 (`brightline.core.signing`) over `KIND + "\\n" + the exact bytes` of
the document, KIND being its format name: a signature made for one kind of document can never
pass for another (a manifest for a rollback, say), nor for a workstation's log checkpoint.
Documents are JSON read strictly: UTF-8, no duplicate keys, no NaN, every field typed, nothing
unknown. The signed bytes are kept as they were signed; nothing is re-serialised to check them.

A release's manifest (`manifest.json`), signed in `manifest.sig` (`{"key", "signature"}`):

    {"format": "brightline-release-1", "pack": "pasadena", "version": "2.1.0", "sequence": 8,
     "effective": "2026-06-01", "min_app_version": "0.1.0", "published": "2026-05-20T10:00:00Z",
     "notes": "…", "files": {"pack.yaml": {"sha256": "…", "size": 1234}, "trees/x.yaml": …}}

Its records are NamedTuples, not dataclasses: the installed releases are checked on the way to
every first paint of a machine with keys pinned, and making five frozen dataclasses cost more
than the check itself (tests/benchmarks/README.md, "Signed releases").

A signed statement (a file of its own): `{"statement": "<the JSON document as text>", "key":
"ed25519:…", "signature": "<base64>"}`, the document being one of

    {"format": "brightline-rollback-1", "pack": "pasadena", "from_sequence": 8,
     "to_sequence": 7, "reason": "…", "made": "2026-06-02T08:00:00Z"}
    {"format": "brightline-key-endorsement-1", "old_key": "ed25519:…", "new_key": "ed25519:…",
     "made": "…", "note": "…"}

An endorsement, signed by the old key, makes the new key as trusted as the old one for the
releases that carry it (`trusted_signer`): a department rotates its author key without IT
touching every machine at once; IT then pins the new key and unpins the old one at its pace.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import date
from typing import Any, NamedTuple

from brightline.core.ids import ID_RE
from brightline.core.packfiles import LAYOUT, MANIFEST
from brightline.core.packtrust import ReleaseInfo
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.signing import (
    WorkstationKey,
    key_id,
    parse_public_key,
    public_key_text,
    verify_signature,
)

# The files that hold what is signed, in a release file and in an installed release's folder.
MANIFEST_ENTRY = "manifest.json"
SIGNATURE_ENTRY = "manifest.sig"
ENDORSEMENTS_ENTRY = "endorsements.json"
RELEASE_FORMAT = "brightline-release-1"
ROLLBACK_FORMAT = "brightline-rollback-1"
ENDORSEMENT_FORMAT = "brightline-key-endorsement-1"
KIND_NAMES = {
    RELEASE_FORMAT: "release manifest",
    ROLLBACK_FORMAT: "rollback statement",
    ENDORSEMENT_FORMAT: "key endorsement",
}
MAX_SEQUENCE = 2**53 - 1  # what every JSON reader keeps exactly
MAX_ENDORSEMENTS = 16
MAX_TEXT = 4000  # notes, reasons
MAX_STATEMENT = 64 * 1024
VERSION_RE = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6}){0,3}")
# A file of a pack, as the layout allows (`packfiles.LAYOUT`): no folder above, no '..', no link.
_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}"
FILE_NAME_RE = re.compile(
    "|".join(
        [re.escape(MANIFEST)]
        + [
            f"{re.escape(folder)}/{_NAME}(?:{'|'.join(re.escape(s) for s in suffixes)})"
            for folder, suffixes in LAYOUT.items()
        ]
    )
)
_HEX64 = re.compile(r"[0-9a-f]{64}")


def signed_bytes(kind: str, body: bytes) -> bytes:
    """What is signed for a document of format `kind`: its name, a line break, its bytes."""
    return kind.encode("ascii") + b"\n" + body


def app_version_tuple(text: str) -> tuple[int, ...]:
    """A version such as "0.1.0" as numbers, for comparing; ValueError for anything else."""
    if not VERSION_RE.fullmatch(text):
        raise ValueError(f"'{text}' is not a version (numbers and dots, e.g. 0.1.0)")
    return tuple(int(part) for part in text.split("."))


def version_at_least(have: str, needed: str) -> bool:
    """Whether version `have` is `needed` or newer (missing parts count as 0)."""
    a, b = app_version_tuple(have.split("+")[0].split("-")[0]), app_version_tuple(needed)
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)) >= b + (0,) * (width - len(b))


# -- strict JSON -------------------------------------------------------------------------------
def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key '{key}' is given twice")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def strict_json(data: bytes) -> Any:
    """JSON from UTF-8 bytes, refusing duplicate keys and NaN/Infinity; ValueError otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg}, line {exc.lineno})") from None


class _Fields:
    """Typed reading of one JSON object; ValueError naming the field."""

    def __init__(self, data: Any, allowed: set[str], what: str) -> None:
        if not isinstance(data, dict):
            raise ValueError(f"the {what} must be a JSON object")
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ValueError(f"unknown field '{unknown[0]}' in the {what}")
        self.data = data

    def text(self, key: str, required: bool = True, pattern: re.Pattern[str] | None = None) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise ValueError(f"'{key}' must be a text of at most {MAX_TEXT} characters")
        if required and not value:
            raise ValueError(f"'{key}' is missing")
        if value and pattern is not None and not pattern.fullmatch(value):
            raise ValueError(f"'{key}' is '{value[:80]}', which is not allowed there")
        return value

    def number(self, key: str, least: int = 1) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= MAX_SEQUENCE:
            raise ValueError(f"'{key}' must be a whole number from {least} to {MAX_SEQUENCE}")
        return value

    def day(self, key: str) -> str:
        value = self.text(key)
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{key}' is '{value[:40]}'; it must be a date YYYY-MM-DD") from None
        if len(value) != 10:
            raise ValueError(f"'{key}' must be a date YYYY-MM-DD")
        return value

    def key(self, key: str) -> bytes:
        return parse_public_key(self.text(key))


# -- signatures --------------------------------------------------------------------------------
class Signature(NamedTuple):
    """A signature and the public key that made it (whether that key is trusted is asked apart)."""

    key: bytes
    signature: bytes

    @property
    def key_id(self) -> str:
        return key_id(self.key)

    def verifies(self, kind: str, body: bytes) -> bool:
        return verify_signature(self.key, signed_bytes(kind, body), self.signature)

    def data(self) -> dict[str, str]:
        return {"key": public_key_text(self.key), "signature": base64.b64encode(self.signature).decode("ascii")}


def sign(key: WorkstationKey, kind: str, body: bytes) -> Signature:
    """`key`'s signature of a document of format `kind`."""
    return Signature(key.public_key, key.sign(signed_bytes(kind, body)))


def parse_signature(data: Any) -> Signature:
    """A signature from its JSON form (`Signature.data`); ValueError otherwise."""
    fields = _Fields(data, {"key", "signature"}, "signature")
    public = fields.key("key")
    try:
        signature = base64.b64decode(fields.text("signature"), validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if len(signature) != 64:
        raise ValueError("the signature is not 64 bytes in base64")
    return Signature(public, signature)


# -- a release's manifest ------------------------------------------------------------------------
class FileEntry(NamedTuple):
    sha256: str
    size: int


class Manifest(NamedTuple):
    """A release's manifest, as signed."""

    pack: str
    version: str
    sequence: int
    effective: str
    min_app_version: str
    published: str
    notes: str
    files: dict[str, FileEntry]

    def digests(self) -> dict[str, str]:
        """Each file's SHA-256 (hex), by its name in the pack (`packfiles.list_pack`'s `signed`)."""
        return {name: entry.sha256 for name, entry in self.files.items()}

    def to_bytes(self) -> bytes:
        """The manifest as it is written and signed (sorted keys, one field a line)."""
        data = {
            "format": RELEASE_FORMAT,
            "pack": self.pack,
            "version": self.version,
            "sequence": self.sequence,
            "effective": self.effective,
            "min_app_version": self.min_app_version,
            "published": self.published,
            "notes": self.notes,
            "files": {name: {"sha256": e.sha256, "size": e.size} for name, e in sorted(self.files.items())},
        }
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    """The manifest from its bytes; ReleaseRefused("release.manifest") saying what is wrong."""
    try:
        fields = _Fields(
            strict_json(data),
            {"format", "pack", "version", "sequence", "effective", "min_app_version", "published", "notes", "files"},
            "manifest",
        )
        if fields.text("format") != RELEASE_FORMAT:
            raise ValueError(f"'format' must be '{RELEASE_FORMAT}'")
        pack = fields.text("pack", pattern=ID_RE)
        if len(pack) > 64:
            raise ValueError("'pack' is longer than 64 characters")
        min_app = fields.text("min_app_version", pattern=VERSION_RE)
        files_data = fields.data.get("files")
        if not isinstance(files_data, dict) or not files_data:
            raise ValueError("'files' must name the pack's files")
        files: dict[str, FileEntry] = {}
        for name, entry in files_data.items():
            if not FILE_NAME_RE.fullmatch(name):
                raise ValueError(
                    f"it names the file '{name[:120]}', which is not a file of a pack "
                    "(pack.yaml, or a file directly in one of the pack's folders; never '..', a path from "
                    "the root or a link)"
                )
            entry_fields = _Fields(entry, {"sha256", "size"}, f"entry of '{name}'")
            files[name] = FileEntry(entry_fields.text("sha256", pattern=_HEX64), entry_fields.number("size", least=0))
        if MANIFEST not in files:
            raise ValueError(f"'files' does not name the pack's {MANIFEST}")
        return Manifest(
            pack=pack,
            version=fields.text("version"),
            sequence=fields.number("sequence"),
            effective=fields.day("effective"),
            min_app_version=min_app,
            published=fields.text("published", required=False),
            notes=fields.text("notes", required=False),
            files=files,
        )
    except ValueError as exc:
        raise ReleaseRefused("release.manifest", reason=str(exc)) from None


# -- signed statements -----------------------------------------------------------------------------
class Endorsement(NamedTuple):
    """The old key vouches for the new one."""

    old_key: bytes
    new_key: bytes
    made: str
    note: str
    signature: Signature


class Rollback(NamedTuple):
    """An author withdraws the releases of `pack` after `to_sequence`, up to `from_sequence`
    (0 for `to_sequence`: back to the program's own pack)."""

    pack: str
    from_sequence: int
    to_sequence: int
    reason: str
    made: str
    signature: Signature


def make_statement(key: WorkstationKey, kind: str, document: dict[str, Any]) -> bytes:
    """A signed statement file holding `document` (its "format" set to `kind`)."""
    body = json.dumps({**document, "format": kind}, sort_keys=True, ensure_ascii=False)
    signature = sign(key, kind, body.encode("utf-8"))
    return (json.dumps({"statement": body, **signature.data()}, indent=1) + "\n").encode("utf-8")


def _read_statement(data: bytes | Any, kind: str) -> tuple[_Fields, Signature]:
    """The document of a signed statement of format `kind` (bytes of the file, or its parsed
    JSON), once its signature checks with the key it names; ReleaseRefused otherwise."""
    try:
        parsed = strict_json(data) if isinstance(data, bytes) else data
        outer = _Fields(parsed, {"statement", "key", "signature"}, "statement file")
        body = outer.data.get("statement")
        if not isinstance(body, str) or not body or len(body) > MAX_STATEMENT:
            raise ValueError("'statement' must be the signed statement, as text")
        signature = parse_signature({"key": outer.data.get("key"), "signature": outer.data.get("signature")})
        document = strict_json(body.encode("utf-8"))
    except ValueError as exc:
        raise ReleaseRefused("statement.invalid", reason=str(exc)) from None
    found = document.get("format") if isinstance(document, dict) else None
    if found != kind:
        raise ReleaseRefused(
            "statement.wrong_kind", found=KIND_NAMES.get(str(found), "something else"), wanted=KIND_NAMES[kind]
        )
    if not signature.verifies(kind, body.encode("utf-8")):
        raise ReleaseRefused("statement.bad_signature")
    return _Fields(document, set(document), KIND_NAMES[kind]), signature


def read_endorsement(data: bytes | Any) -> Endorsement:
    """A key endorsement from its file (or parsed JSON); ReleaseRefused when it is not one, or
    not signed by the old key it names."""
    fields, signature = _read_statement(data, ENDORSEMENT_FORMAT)
    try:
        _Fields(fields.data, {"format", "old_key", "new_key", "made", "note"}, "key endorsement")
        endorsement = Endorsement(
            fields.key("old_key"),
            fields.key("new_key"),
            fields.text("made", False),
            fields.text("note", False),
            signature,
        )
    except ValueError as exc:
        raise ReleaseRefused("statement.invalid", reason=str(exc)) from None
    if endorsement.old_key != signature.key:
        raise ReleaseRefused("statement.invalid", reason="an endorsement must be signed by the old key it names")
    return endorsement


def read_rollback(data: bytes) -> Rollback:
    """A rollback statement from its file; ReleaseRefused when it is not one or its signature
    does not check (whether its key is trusted is the caller's question)."""
    fields, signature = _read_statement(data, ROLLBACK_FORMAT)
    try:
        _Fields(fields.data, {"format", "pack", "from_sequence", "to_sequence", "reason", "made"}, "rollback statement")
        rollback = Rollback(
            pack=fields.text("pack", pattern=ID_RE),
            from_sequence=fields.number("from_sequence"),
            to_sequence=fields.number("to_sequence", least=0),
            reason=fields.text("reason"),
            made=fields.text("made", False),
            signature=signature,
        )
    except ValueError as exc:
        raise ReleaseRefused("statement.invalid", reason=str(exc)) from None
    if rollback.to_sequence >= rollback.from_sequence:
        raise ReleaseRefused("statement.invalid", reason="a rollback goes back to an older release")
    return rollback


def trusted_signer(signer: bytes, endorsements: list[Endorsement], pinned: set[bytes]) -> bool:
    """Whether `signer` is pinned, or endorsed by a pinned key through a chain of `endorsements`."""
    trusted = set(pinned)
    for _ in range(min(len(endorsements), MAX_ENDORSEMENTS)):
        if signer in trusted:
            break
        grown = {e.new_key for e in endorsements if e.old_key in trusted} - trusted
        if not grown:
            break
        trusted |= grown
    return signer in trusted


def pinned_list(pinned: set[bytes]) -> str:
    """The pinned keys by id, for a message."""
    return ", ".join(sorted(key_id(k) for k in pinned)) or "none"


def read_endorsements(data: bytes) -> list[Endorsement]:
    """The key endorsements a release carries (`endorsements.json`: a JSON list of signed
    statements); ReleaseRefused when it is not that."""
    if not data:
        return []
    try:
        parsed: Any = strict_json(data)
    except ValueError as exc:
        raise ReleaseRefused("release.manifest", reason=f"endorsements.json: {exc}") from None
    if not isinstance(parsed, list) or len(parsed) > MAX_ENDORSEMENTS:
        raise ReleaseRefused(
            "release.manifest", reason=f"endorsements.json must be a list of at most {MAX_ENDORSEMENTS} endorsements"
        )
    return [read_endorsement(item) for item in parsed]


def release_info(manifest: Manifest, signature: Signature) -> ReleaseInfo:
    """What is shown of a release."""
    return ReleaseInfo(
        pack_id=manifest.pack,
        sequence=manifest.sequence,
        version=manifest.version,
        effective=manifest.effective,
        key_id=signature.key_id,
        published=manifest.published,
        notes=manifest.notes,
    )
