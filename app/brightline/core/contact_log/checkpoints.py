"""Signed checkpoints: "this log held COUNT records ending in HASH at TIME", signed by a key.

A checkpoint anchors the log outside itself. Every export and audit report carries one, the log
takes one every CHECKPOINT_EVERY records (the `checkpoint` table), and `brightline log checkpoint`
prints one. Someone who files it (an auditor, a records officer, the department server) can later
prove the log still extends it: `brightline log verify --checkpoint FILE|LINE` checks that the
record at COUNT still has that HASH, which fails for a log that was rewritten, cut short or
edited, however carefully its own hashes were recomputed.

The compact line, one token an auditor can file and paste back:

    blcp1:LOG_ID:COUNT:HEAD_HASH:TIME:PUBLIC_KEY:SIGNATURE

LOG_ID is the log's id (32 hex digits), COUNT the number of records, HEAD_HASH the hash of record
COUNT (64 hex digits; 64 zeros for an empty log), TIME UTC as YYYYMMDDTHHMMSSZ, PUBLIC_KEY the
signer's 32-byte Ed25519 public key and SIGNATURE the 64-byte signature, both base64url without
padding. The signature is over the ASCII bytes of the line up to (not including) the last colon.
The line carries the public key so it can be checked anywhere; its key id (`signing.key_id`) is
what the words name and what a department compares with the keys it enrolled.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from brightline.core.contact_log.verify import ChainHead
from brightline.core.signing import WorkstationKey, key_id, verify_signature

LINE_PREFIX = "blcp1"
# A checkpoint row in the log every this many records (verify checks each signature: about
# 0.07 ms, or 0.025 ms to sign it again with the key that signed it; `checks.signed_heads`).
CHECKPOINT_EVERY = 100
_TIME_FORMAT = "%Y%m%dT%H%M%SZ"
_LINE = re.compile(r"blcp1:[0-9a-f]{32}:\d+:[0-9a-f]{64}:\d{8}T\d{6}Z:[A-Za-z0-9_-]{43}:[A-Za-z0-9_-]{86}")
_TIME = re.compile(r"\d{8}T\d{6}Z")
_CANDIDATE = re.compile(r"blcp1:[^\s\"',;<>]*")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64(text: str) -> bytes:
    """Bytes from base64url without padding (binascii.Error, a ValueError, if it is not)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Checkpoint:
    """One signed checkpoint (see the module docstring for its line)."""

    log_id: str
    count: int
    head: str
    at: str  # UTC, YYYYMMDDTHHMMSSZ
    public_key: bytes
    signature: bytes

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    @property
    def chain_head(self) -> ChainHead:
        return ChainHead(self.count, self.head)

    def signed_text(self) -> str:
        """What the signature is over: the line without its signature."""
        return signed_text(self.log_id, self.count, self.head, self.at, _b64(self.public_key))

    def line(self) -> str:
        """The compact line to file and paste back."""
        return f"{self.signed_text()}:{_b64(self.signature)}"

    def signature_ok(self) -> bool:
        """Whether the signature is the key's signature of this checkpoint."""
        return verify_signature(self.public_key, self.signed_text().encode("ascii"), self.signature)

    def when(self) -> datetime:
        return datetime.strptime(self.at, _TIME_FORMAT).replace(tzinfo=UTC)

    def words(self) -> str:
        """The checkpoint in a sentence, for people."""
        return (
            f"Checkpoint of contact log {self.log_id}: {self._records()}, the last with hash {self.head}; "
            f"taken {self.when():%Y-%m-%d %H:%M:%S} UTC, signed by key {self.key_id}."
        )

    def summary(self) -> str:
        """The checkpoint in a short sentence without its hashes (for a window's status line)."""
        return f"Signed checkpoint: {self._records()}, taken {self.when():%Y-%m-%d %H:%M} UTC by key {self.key_id}."

    def _records(self) -> str:
        return f"{self.count:,} record" + ("" if self.count == 1 else "s")

    @classmethod
    def parse(cls, line: str) -> Checkpoint:
        """Read a compact line; raises ValueError saying what is wrong with it."""
        text = line.strip()
        if not _LINE.fullmatch(text):
            raise ValueError(
                f"not a Brightline checkpoint line (blcp1:LOG:COUNT:HASH:TIME:KEY:SIGNATURE): {text[:80]!r}"
            )
        _, log_id, count, head, at, public_key, signature = text.split(":")
        try:
            when = datetime.strptime(at, _TIME_FORMAT)
            key, sig = unb64(public_key), unb64(signature)
        except (ValueError, binascii.Error) as exc:
            raise ValueError(f"a damaged checkpoint line ({exc}): {text[:80]!r}") from None
        if len(key) != 32 or len(sig) != 64 or when.year < 2000:
            raise ValueError(f"a damaged checkpoint line: {text[:80]!r}")
        return cls(log_id, int(count), head, at, key, sig)


def signed_text(log_id: str, count: int, head: str, at: str, public_key_b64: str) -> str:
    """What a checkpoint's signature is over (its line without the signature), from its parts
    and the signer's public key as the line writes it (`public_key_text`)."""
    return f"{LINE_PREFIX}:{log_id}:{count}:{head}:{at}:{public_key_b64}"


def public_key_text(public_key: bytes) -> str:
    """A public key as a checkpoint line writes it (base64url without padding)."""
    return _b64(public_key)


def when_taken(at: str) -> datetime:
    """The UTC time of a checkpoint's `at` (YYYYMMDDTHHMMSSZ); ValueError if it is not one."""
    if not _TIME.fullmatch(at):
        raise ValueError(f"not a checkpoint time: {at!r}")
    return datetime(int(at[0:4]), int(at[4:6]), int(at[6:8]), int(at[9:11]), int(at[11:13]), int(at[13:15]), tzinfo=UTC)


def take_checkpoint(key: WorkstationKey, log_id: str, head: ChainHead, at: datetime | None = None) -> Checkpoint:
    """A checkpoint of `head` of log `log_id`, signed now (or at `at`) by `key`."""
    stamp = (at or datetime.now(UTC)).astimezone(UTC).strftime(_TIME_FORMAT)
    unsigned = Checkpoint(log_id, head.count, head.hash, stamp, key.public_key, b"")
    return Checkpoint(log_id, head.count, head.hash, stamp, key.public_key, key.sign(unsigned.signed_text().encode()))


def find_checkpoints(text: str) -> tuple[list[Checkpoint], list[str]]:
    """The checkpoint lines in `text` (a filed note, an export, a pasted line) and, for anything
    that looks like one but is damaged, what is wrong with it."""
    found: list[Checkpoint] = []
    problems: list[str] = []
    for candidate in _CANDIDATE.findall(text):
        try:
            checkpoint = Checkpoint.parse(candidate)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if checkpoint not in found:
            found.append(checkpoint)
    return found, problems


def stored_signature(signature: bytes) -> str:
    """How the log's `checkpoint` table keeps a signature (base64url)."""
    return _b64(signature)


def from_row(log_id: str, count: int, head: str, at: str, signature: str, public_key: bytes) -> Checkpoint:
    """A checkpoint from the log's `checkpoint` table and the key that signed it; raises
    ValueError for a row that cannot be one."""
    datetime.strptime(str(at), _TIME_FORMAT)
    return Checkpoint(log_id, int(count), str(head), str(at), public_key, unb64(str(signature)))
