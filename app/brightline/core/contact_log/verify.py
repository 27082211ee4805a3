"""Checking the chain: chain heads, verification results, and the walk over the records.

A chain head `COUNT:HASH` is printed on every export and report. Someone who kept a head can
later check the log still holds those COUNT records unchanged (`verify(expected=head)`), which
catches what the chain alone cannot: records cut off the end.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from brightline.core.contact_log.records import GENESIS_HASH

# Problem codes, in the order a walk can meet them.
MISSING = "missing"  # ids jump: this record (and maybe more) was deleted
OUT_OF_ORDER = "out_of_order"  # the row holds another record's content (moved or renumbered)
CHAIN_BROKEN = "chain_broken"  # does not follow the previous record (that one was changed …)
HASH_MISMATCH = "hash_mismatch"  # its content no longer matches its hash: edited
TRUNCATED = "truncated"  # fewer records than a head seen before
HEAD_MISMATCH = "head_mismatch"  # the record at the earlier head's count is not the one seen


@dataclass(frozen=True)
class ChainHead:
    """How many records the log holds and the hash of the last one; text form `COUNT:HASH`."""

    count: int
    hash: str

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> ChainHead:
        """Parse `COUNT:HASH`; raises ValueError if it is not one."""
        count_text, sep, digest = text.strip().partition(":")
        digest = digest.lower()
        if not sep or not count_text.isdigit() or len(digest) != 64:
            raise ValueError(f"not a chain head (COUNT:HASH with a 64-digit hash): {text!r}")
        int(digest, 16)  # raises ValueError for a non-hex hash
        return cls(int(count_text), digest)


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of a verification.

    `ok` and `head` (the chain as found). When not ok: `first_bad_id` is the first record that
    fails, `problem` one of the codes above and `params` extra facts (e.g. `previous`).
    `count` is how many records were checked good before the first failure (all when ok).
    """

    ok: bool
    count: int
    head: ChainHead
    first_bad_id: int | None = None
    problem: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """What checking a run of records found (a whole log, or one worker's share of it).

    `good`: how many records from `first` on are good; `last_hash`: the hash of the last good
    one (or the hash the run started from); `bad`: (id, problem, params) of the first bad one;
    `watched`: the hash of the record with the watched id, if it was among the good ones.
    """

    first: int
    good: int
    last_hash: str
    bad: tuple[int, str, dict[str, Any]] | None
    watched: str | None


def check_segment(
    rows: Iterable[tuple[int, str, bytes]],
    first: int = 1,
    prev: str = GENESIS_HASH,
    last: int | None = None,
    watch: int = -1,
) -> Segment:
    """Check rows of (id, hash, canonical JSON body as bytes) for ids `first`..`last`, in order.

    A record is good when its id follows the previous one, its body names the previous
    record's hash, and the SHA-256 of its body is its stored hash. The previous hash is found
    in the body as the exact canonical pair `"prev_hash":"…"` rather than by parsing it: in
    canonical JSON every quote inside a string is escaped, so that byte sequence can only be
    the key itself, and no nested object of a record has that key. (Parsing a million bodies
    took longer than the whole 5-second budget; the hashing alone takes most of it.)
    """
    want = first
    marker = b'"prev_hash":"%s"' % prev.encode("ascii")
    watched: str | None = None
    sha256 = hashlib.sha256  # a local name: this loop runs a million times
    bad: tuple[int, str, dict[str, Any]] | None = None
    for record_id, digest, body in rows:
        if record_id != want:
            bad = (want, MISSING, {"next_present": record_id})
            break
        if marker not in body:
            # Say why, now that it matters: another record's content here, or a broken link.
            own_id = b'"id":%d,' % record_id in body or b'"id":%d}' % record_id in body
            bad = (record_id, CHAIN_BROKEN, {"previous": record_id - 1}) if own_id else (record_id, OUT_OF_ORDER, {})
            break
        actual = sha256(body).hexdigest()
        if actual != digest:
            bad = (record_id, HASH_MISMATCH, {})
            break
        prev = digest
        marker = b'"prev_hash":"%s"' % actual.encode("ascii")
        if record_id == watch:
            watched = digest
        want += 1
    if bad is None and last is not None and want <= last:
        bad = (want, MISSING, {"next_present": None})
    return Segment(first, want - first, prev, bad, watched)


def combine(segments: Sequence[Segment], expected: ChainHead | None = None) -> VerifyResult:
    """The verdict on a log from its segments, in order (each starting where the last ended)."""
    count = 0
    last_hash = GENESIS_HASH
    watched = GENESIS_HASH if expected is not None and expected.count == 0 else None
    for segment in segments:
        count += segment.good
        if segment.good:
            last_hash = segment.last_hash
        watched = segment.watched or watched
        if segment.bad:
            # Report the head as far as the chain is good; the rest cannot be trusted.
            return VerifyResult(False, count, ChainHead(count, last_hash), *segment.bad)
    head = ChainHead(count, last_hash)
    if expected is not None:
        if expected.count > count:
            return VerifyResult(False, count, head, count + 1, TRUNCATED, {"expected_count": expected.count})
        if watched != expected.hash:
            return VerifyResult(False, count, head, expected.count or None, HEAD_MISMATCH, {"expected": str(expected)})
    return VerifyResult(True, count, head)


def verify_rows(rows: Iterable[tuple[int, str, bytes]], expected: ChainHead | None = None) -> VerifyResult:
    """Verify a whole log from its rows of (id, hash, body bytes) in id order."""
    watch = expected.count if expected is not None else -1
    return combine([check_segment(rows, watch=watch)], expected)


def describe(result: VerifyResult) -> str:
    """An English sentence for the CLI and reports (the window words codes itself)."""
    if result.ok:
        return f"OK: {result.count} records, head {result.head}"
    n = result.first_bad_id
    p = result.params
    text = {
        MISSING: f"record {n} is missing (deleted); the next record present is {p.get('next_present') or 'none'}",
        OUT_OF_ORDER: f"record {n} holds another record's content (records were moved or renumbered)",
        CHAIN_BROKEN: f"record {n} does not follow record {p.get('previous')}: record "
        f"{p.get('previous')} was changed after it was logged, or records between were removed",
        HASH_MISMATCH: f"record {n} was changed after it was logged (its content does not match its hash)",
        TRUNCATED: f"the log ends after record {result.count}, but {p.get('expected_count')} "
        "records were seen before: records were removed from the end",
        HEAD_MISMATCH: f"record {n} is not the record seen before (head {p.get('expected')}): "
        "the log was replaced or rewritten",
    }.get(result.problem, f"record {n}: {result.problem}")
    return f"FAILED: {text} ({result.count} records verified up to there)"
