"""This account's Ed25519 signing key, and checking signatures made with any key.

Each operating-system account on each workstation has its own key, made on first use. It signs
the contact log's checkpoints (`brightline.core.contact_log.checkpoints`); the department server
will enrol its public key, and signed pack releases use the same functions.

Where the key lives: in the account's *key folder* (`key_folder()`), never in the data folder.
A data folder may be shared by every officer account of a booking workstation (README, "Where
the data lives"), and a private key there would be readable by all of them. The key folder is
`BRIGHTLINE_KEY_DIR` when set, else a per-user folder the other accounts cannot read:

    Linux    $XDG_CONFIG_HOME/brightline/keys (default ~/.config/brightline/keys)
    Windows  %LOCALAPPDATA%\\Brightline\\keys   (local, not roaming: a key belongs to one machine)
    macOS    ~/Library/Application Support/Brightline/keys

The folder is made 0700 and the key file 0600 (on Windows the per-user profile's access rules
do this). The same folder keeps the last head this account saw of each log
(`contact_log.heads`), for the same reason.

Key file (`signing-key`): one line of text, `brightline-ed25519-key-1 SEED_B64`, the 32-byte
Ed25519 seed in standard base64. A key id is the first 16 hex digits of the SHA-256 of the
32-byte public key.

A policy author's key (`brightline pack keygen`, `brightline.core.releases`) is another key, kept
by the author, never by a workstation: the same file format with the header
`brightline-author-key-1`, so that neither can be taken for the other. Its public key is written
as text `ed25519:` followed by the 32 bytes in standard base64 (44 characters, e.g.
`ed25519:Lk2D…=`): the form IT pins in the machine-wide configuration (`[packs] trusted_keys`).

PyNaCl (libsodium) does the cryptography: it is maintained by PyCA and its wheel is a quarter of
the size of `cryptography`'s, which matters for a bundle that must stay under 120 MB.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

KEY_FILE_NAME = "signing-key"
_KEY_HEADER = "brightline-ed25519-key-1"
AUTHOR_KEY_HEADER = "brightline-author-key-1"
PUBLIC_KEY_PREFIX = "ed25519:"
KEY_ID_LENGTH = 16


class SigningKeyError(Exception):
    """The signing key at `path` cannot be read, made or used; the message says why."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.detail = message


def key_folder() -> Path:
    """This account's key folder (see the module docstring); not created here."""
    override = os.environ.get("BRIGHTLINE_KEY_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "Brightline" / "keys"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Brightline" / "keys"
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "brightline" / "keys"


def key_id(public_key: bytes) -> str:
    """The short name of a public key: 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:KEY_ID_LENGTH]


def public_key_text(public_key: bytes) -> str:
    """A public key as IT pins it: `ed25519:` and its 32 bytes in standard base64."""
    return PUBLIC_KEY_PREFIX + base64.b64encode(public_key).decode("ascii")


def parse_public_key(text: str) -> bytes:
    """The 32 bytes of a public key written as `public_key_text` writes it; ValueError saying
    what is wrong with it otherwise."""
    text = text.strip()
    if not text.startswith(PUBLIC_KEY_PREFIX):
        raise ValueError(
            f"a key must start with '{PUBLIC_KEY_PREFIX}' (e.g. '{PUBLIC_KEY_PREFIX}Lk2D…='), not {text[:20]!r}"
        )
    try:
        key = base64.b64decode(text[len(PUBLIC_KEY_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise ValueError(f"'{text[:60]}' is not an Ed25519 public key (32 bytes in base64 after '{PUBLIC_KEY_PREFIX}')")
    return key


def verify_signature(public_key: bytes, data: bytes, signature: bytes) -> bool:
    """Whether `signature` is an Ed25519 signature of `data` by `public_key` (False for
    anything malformed, never an exception)."""
    return signature_checker(public_key)(data, signature)


def signature_checker(public_key: bytes) -> Callable[[bytes, bytes], bool]:
    """`verify_signature` for many signatures by one key: `check(data, signature)`, the key read
    once (the log's checkpoints are thousands of signatures by one or two keys)."""
    from nacl.exceptions import BadSignatureError, CryptoError
    from nacl.signing import VerifyKey

    try:
        verify = VerifyKey(public_key).verify
    except (CryptoError, ValueError, TypeError):
        return lambda data, signature: False

    def check(data: bytes, signature: bytes) -> bool:
        try:
            verify(data, signature)
        except (BadSignatureError, CryptoError, ValueError, TypeError):
            return False
        return True

    return check


class WorkstationKey:
    """An Ed25519 key pair: `key_id`, `public_key` (32 bytes) and `sign(data)`."""

    def __init__(self, seed: bytes) -> None:
        from nacl.signing import SigningKey

        self._key = SigningKey(seed)
        self.public_key: bytes = bytes(self._key.verify_key)
        self.key_id: str = key_id(self.public_key)

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of `data`."""
        return bytes(self._key.sign(data).signature)

    def __repr__(self) -> str:
        return f"WorkstationKey({self.key_id})"


def _read_key(path: Path, header_wanted: str = _KEY_HEADER) -> WorkstationKey:
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningKeyError(path, f"the signing key cannot be read ({exc})") from exc
    header, _, encoded = text.strip().partition(" ")
    try:
        seed = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        seed = b""
    if header != header_wanted or len(seed) != 32:
        if header_wanted == AUTHOR_KEY_HEADER:
            raise SigningKeyError(path, "this is not a policy author's key (made by 'brightline pack keygen')")
        raise SigningKeyError(
            path,
            "this is not a Brightline signing key (damaged?). Keep it for the records officer, "
            "move it away, and a new key is made on next use",
        )
    if os.name != "nt":
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            try:
                path.chmod(0o600)  # others must never read it; tighten what a copy loosened
            except OSError as exc:
                raise SigningKeyError(
                    path, f"the signing key is readable by others and cannot be made private ({exc})"
                ) from exc
    return WorkstationKey(seed)


def load_or_create_key(folder: Path | None = None) -> WorkstationKey:
    """This account's key from `folder` (default `key_folder()`), made there on first use.

    Two processes starting at once make one key: the new key is written to a private temporary
    file and linked into place only if no key is there yet, so a key file is never half-written
    and never replaced. Raises SigningKeyError naming the file when it cannot be read or made.
    """
    folder = key_folder() if folder is None else folder
    path = folder / KEY_FILE_NAME
    if path.exists():
        return _read_key(path)
    import tempfile  # only to make a key: the signed releases' check at start imports this module

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        seed = os.urandom(32)
        fd, tmp = tempfile.mkstemp(prefix=".signing-key-", dir=folder)  # mkstemp files are 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(f"{_KEY_HEADER} {base64.b64encode(seed).decode('ascii')}\n")
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process made it first: use that one
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError as exc:
        raise SigningKeyError(path, f"cannot make a signing key here ({exc.strerror or exc})") from exc
    return _read_key(path)


def make_author_key(path: Path) -> WorkstationKey:
    """A new policy author's key, written to `path` readable by its owner only (0600). An
    existing file is never replaced: SigningKeyError says so."""
    seed = os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: a key already there (perhaps the only copy of a pinned key) is never overwritten.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        raise SigningKeyError(path, "a file is already there; an author key is never overwritten") from None
    except OSError as exc:
        raise SigningKeyError(path, f"cannot make an author key here ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f"{AUTHOR_KEY_HEADER} {base64.b64encode(seed).decode('ascii')}\n")
        handle.flush()
        os.fsync(handle.fileno())
    return WorkstationKey(seed)


def read_author_key(path: Path) -> WorkstationKey:
    """The policy author's key in `path` (made by `make_author_key`); SigningKeyError naming the
    file when it is not one. A key readable by others is made private first, as a workstation's."""
    return _read_key(path, AUTHOR_KEY_HEADER)
