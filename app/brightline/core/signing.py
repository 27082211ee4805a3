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

PyNaCl (libsodium) does the cryptography: it is maintained by PyCA and its wheel is a quarter of
the size of `cryptography`'s, which matters for a bundle that must stay under 120 MB.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import sys
import tempfile
from pathlib import Path

KEY_FILE_NAME = "signing-key"
_KEY_HEADER = "brightline-ed25519-key-1"
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


def verify_signature(public_key: bytes, data: bytes, signature: bytes) -> bool:
    """Whether `signature` is an Ed25519 signature of `data` by `public_key` (False for
    anything malformed, never an exception)."""
    from nacl.exceptions import BadSignatureError, CryptoError
    from nacl.signing import VerifyKey

    try:
        VerifyKey(public_key).verify(data, signature)
    except (BadSignatureError, CryptoError, ValueError, TypeError):
        return False
    return True


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


def _read_key(path: Path) -> WorkstationKey:
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningKeyError(path, f"the signing key cannot be read ({exc})") from exc
    header, _, encoded = text.strip().partition(" ")
    try:
        seed = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        seed = b""
    if header != _KEY_HEADER or len(seed) != 32:
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
