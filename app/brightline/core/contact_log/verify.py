"""Checking the log: chain heads, verification results, and the walk over the records.

What `ContactLog.verify` checks, all of it from the hashed bodies (see `records` for the formats):
  - the chain: ids 1..N without gaps, each body names the previous record's hash, each body's
    SHA-256 is its stored hash;
  - every column the views filter, sort and count by equals the body's value (format 2: the
    columns rebuilt by SQLite as the body's `index` object are the body's bytes; format 1: the
    body's values extracted by SQLite), so a report read from the indexes says what the bodies
    say;
  - every kept free text matches the body's commitment to it, every erased one is named by a
    redaction record after it, and every redaction's text is really gone;
  - format-2 records name this log's id;
  - every index is defined as this log defines it (the file's definitions were not edited), each
    index that holds every record holds exactly one entry per record, and the search index holds
    one entry per record;
  - SQLite's own `PRAGMA integrity_check` finds nothing: every page is sound and every entry of
    every index matches its row, column by column. It reads every record once for each index
    (most of a minute at a million records), so by default it runs only on a log of at most
    `store.INTEGRITY_CHECK_UP_TO` records; `full` (`log verify --full`, and the audit report)
    runs it at any size. Without it, an index edited in the file itself (a page rewritten by
    hand, its number of entries kept) could still show a record in the wrong filter or count it
    in the wrong place, until a full verify;
  - every one of the log's own checkpoints is validly signed by the key it names, which the log
    holds and whose id is its public key's (`checks.signed_heads`: a row signed by the key the
    log was opened with is signed again and compared, since Ed25519 signatures are
    deterministic; any other bytes are checked, so the verdict on each row is the check's);
  - heads seen before (the one this account remembers, checkpoints given on the command line,
    the log's own signed checkpoints) are still in the chain: a log shorter than one of them, or
    whose record at its count has another hash, or that is another log, fails.

A chain head `COUNT:HASH` names a log's state; a signed checkpoint (`checkpoints`) adds the log's
id, the time and a signature.

The records are the cost: about 7.5 us each on one core of the development machine (a million in
the design's 5 s needs both of its cores, `parallel`): the four SHA-256 (the body, about 1.8 KB,
and the three salted texts; hashlib's own cost, about 0.5 us a call, is most of the texts')
about 3.3 us, SQLite reading the row and writing its `index` object about 2 us, sqlite3 making
the row's Python values about 1 us, and `check_chain`'s loop the rest. Parsing the bodies instead
costs more than the whole budget.
"""

from __future__ import annotations

import hashlib
import json
from binascii import hexlify
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from brightline.core.contact_log.records import FREE_TEXT_FIELDS, GENESIS_HASH
from brightline.core.contact_log.schema import COMMIT_ORDER, REDACTION_FLAG

# Problem codes, in the order a walk can meet them.
MISSING = "missing"  # ids jump: this record (and maybe more) was deleted
OUT_OF_ORDER = "out_of_order"  # the row holds another record's content (moved or renumbered)
CHAIN_BROKEN = "chain_broken"  # does not follow the previous record (that one was changed …)
HASH_MISMATCH = "hash_mismatch"  # its content no longer matches its hash: edited
INDEX_MISMATCH = "index_mismatch"  # a column views filter or count by disagrees with the body
TEXT_MISMATCH = "text_mismatch"  # a kept free text does not match the body's commitment to it
OTHER_LOG = "other_log"  # a record names another log, or is not in this log's record format
TEXT_MISSING = "text_missing"  # a free text is gone and no redaction record names it
REDACTION_UNDONE = "redaction_undone"  # a redaction record names a text that is still there
SEARCH_INDEX = "search_index"  # the search index does not hold one entry per record
SCHEMA_CHANGED = "schema_changed"  # an index is not the one this log defines (edited schema)
INDEX_ENTRIES = "index_entries"  # an index holds more or fewer entries than there are records
TRUNCATED = "truncated"  # fewer records than a head seen before
HEAD_MISMATCH = "head_mismatch"  # the record at the earlier head's count is not the one seen
REPLACED = "replaced"  # a head seen before belongs to another log: this one replaced it
CHECKPOINT_FORGED = "checkpoint_forged"  # one of the log's own checkpoints is not validly signed
DAMAGED = "damaged"  # SQLite finds the database file damaged (params["sqlite"] says how)
COUNTS_CHANGED = "counts_changed"  # the department's kept counts differ from a machine's records

_NULL_TEXTS = (1 << len(COMMIT_ORDER)) - 1  # the bits of a row's flags that say which texts are NULL


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
class ExpectedHead:
    """A head seen before that the log must still extend: the head, the log it was taken of
    ("" when not known, as for a bare COUNT:HASH) and where it came from, for the message."""

    head: ChainHead
    log_id: str = ""
    origin: str = "a head seen before"


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of a verification.

    `ok` and `head` (the chain as found). When not ok: `first_bad_id` is the first record that
    fails, `problem` one of the codes above and `params` extra facts (e.g. `previous`).
    `count` is how many records were checked good before the first failure (all when ok).
    `checked` lists the heads seen before that the log was found to extend.
    """

    ok: bool
    count: int
    head: ChainHead
    first_bad_id: int | None = None
    problem: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    checked: tuple[ExpectedHead, ...] = ()


@dataclass(frozen=True)
class Segment:
    """What checking a run of records found (a whole log, or one worker's share of it).

    `good`: how many records from `first` on are good; `last_hash`: the hash of the last good
    one (or the hash the run started from); `bad`: (id, problem, params) of the first bad one;
    `watched`: the hashes of the watched ids among the good ones; `erased`: (id, field) of each
    free text the body commits to that is no longer kept; `redactions`: (id, record, field) of
    each redaction record.
    """

    first: int
    good: int
    last_hash: str
    bad: tuple[int, str, dict[str, Any]] | None
    watched: dict[int, str]
    erased: tuple[tuple[int, str], ...] = ()
    redactions: tuple[tuple[int, int, str], ...] = ()


def _openings(log_id: str) -> tuple[bytes, ...]:
    """A format-2 body's opening up to its `_chain`'s previous hash, as canonical JSON writes it
    for a record of log `log_id`: one template for each pattern of NULL texts (a row's flags),
    filled with `%` by the three commitments, the id, the columns (`schema.chain_sql`'s index
    object) and the previous hash. A NULL text's commitment is null, and its hash is left out
    (`%.0s`)."""
    log = json.dumps(log_id, ensure_ascii=False).encode("utf-8")
    openings = []
    for nulls in range(_NULL_TEXTS + 1):
        commits = b",".join(
            b'"%s":null%%.0s' % name.encode() if nulls & (1 << bit) else b'"%s":"%%s"' % name.encode()
            for bit, name in enumerate(COMMIT_ORDER)
        )
        openings.append(b'{"_chain":{"commit":{%s},"id":%%d,"index":%%s,"log":%s,"prev_hash":"%%s"},' % (commits, log))
    return tuple(openings)


def check_chain(
    rows: Iterable[tuple[Any, ...]],
    first: int = 1,
    prev: str = GENESIS_HASH,
    last: int | None = None,
    watch: frozenset[int] = frozenset(),
    log_id: str = "",
    format_2_from: int | None = None,
) -> Segment:
    """Check rows for ids `first`..`last`, in order, as `schema.chain_sql` gives them: (id,
    hash, body, the salted notes, official's badge and official's name, flags, chain check).
    Records from `format_2_from` on are format 2 and must belong to log `log_id`.

    A format-2 body opens with its `_chain` object, which this rebuilds from what the body must
    hold: the commitments (hashed here from the kept texts), the id, the columns (the `index`
    object, written by SQLite from the columns exactly as canonical JSON writes it), the log's
    id and the previous hash. So one record costs its SHA-256, three short ones, one `%` and one
    byte comparison, and nothing is parsed unless something differs (then `_diagnose` says what).
    A format-1 record is checked by searching its body for the previous hash (in canonical JSON
    every quote inside a string is escaped, so `"prev_hash":"…"` can only be that key) and by
    SQLite's comparison of its columns with the values it extracts from the body. (Parsing a
    million bodies took longer than the whole 5-second budget; this loop is the budget's.)
    """
    want = first
    sha256 = hashlib.sha256  # local names: this loop runs a million times
    openings = _openings(log_id)
    link = prev.encode("ascii")
    v2_from = format_2_from if format_2_from is not None else 1 << 62
    watched: dict[int, str] = {}
    erased: list[tuple[int, str]] = []
    redactions: list[tuple[int, int, str]] = []
    bad: tuple[int, str, dict[str, Any]] | None = None
    for record_id, digest, body, notes, badge, name, flags, check in rows:
        if record_id != want:
            bad = (want, MISSING, {"next_present": record_id})
            break
        actual = hexlify(sha256(body).digest())
        if record_id >= v2_from:
            try:
                opening = openings[flags & _NULL_TEXTS] % (
                    hexlify(sha256(notes).digest()),
                    hexlify(sha256(badge).digest()),
                    hexlify(sha256(name).digest()),
                    record_id,
                    check,
                    link,
                )
            except (TypeError, IndexError):  # a text or check of another type: diagnosed below
                opening = b"-"
            if actual != digest or not body.startswith(opening):
                texts = _kept_texts(flags, notes, badge, name)
                bad = _diagnose(record_id, digest, actual, body, link, check, texts, log_id, erased)
                if bad:
                    break
            if flags & REDACTION_FLAG:
                named = _redaction(body)
                if named is None:
                    bad = (record_id, INDEX_MISMATCH, {})
                    break
                redactions.append((record_id, *named))
        else:
            problem = _link_problem(record_id, body, link)
            if problem:
                bad = problem
                break
            if actual != digest:
                bad = (record_id, HASH_MISMATCH, {})
                break
            if check != 1:
                bad = (record_id, INDEX_MISMATCH, {})
                break
        link = actual
        if record_id in watch:
            watched[record_id] = actual.decode("ascii")
        want += 1
    if bad is None and last is not None and want <= last:
        bad = (want, MISSING, {"next_present": None})
    return Segment(first, want - first, link.decode("ascii"), bad, watched, tuple(erased), tuple(redactions))


def check_segment(
    rows: Iterable[tuple[Any, ...]],
    first: int = 1,
    prev: str = GENESIS_HASH,
    last: int | None = None,
    watch: frozenset[int] = frozenset(),
    log_id: str = "",
    format_2_from: int | None = None,
) -> Segment:
    """`check_chain` over rows of the plainer shape the department's log gives: (id, hash as text,
    body, salted notes, official's name and official's badge as bytes or None, chain check,
    kind), where a format-2 chain check is the `_chain` from the id to the previous hash
    (`"id":…,"index":{…},"log":…,"prev_hash":"`), rebuilt from the columns: its `index` object
    is the check `check_chain` takes, and its id and log are the row's and the log's (what
    `check_chain` writes in)."""

    def chain_rows() -> Iterator[tuple[Any, ...]]:
        for record_id, digest, body, notes, official_name, official_badge, check, kind in rows:
            texts = (notes, official_badge, official_name)
            nulls = sum(1 << bit for bit, text in enumerate(texts) if text is None)
            plain = (b"" if text is None else text for text in texts)
            flags = nulls | (REDACTION_FLAG if kind == "redaction" else 0)
            yield (record_id, str(digest).encode(), body, *plain, flags, _index_part(check, record_id, log_id))

    return check_chain(chain_rows(), first, prev, last, watch, log_id, format_2_from)


def _index_part(check: Any, record_id: int, log_id: str) -> Any:
    """The `index` object of a chain check `"id":…,"index":{…},"log":…,"prev_hash":"` whose id
    and log are the record's and the log's; the check as it is otherwise (it is then compared
    as it is, and fails)."""
    if check.__class__ is not bytes:
        return check
    opening = b'"id":%d,"index":' % record_id
    closing = b',"log":%s,"prev_hash":"' % json.dumps(log_id, ensure_ascii=False).encode("utf-8")
    if check.startswith(opening) and check.endswith(closing):
        return check[len(opening) : -len(closing)]
    return b"-"


def _kept_texts(flags: int, *texts: Any) -> dict[str, Any]:
    """The salted texts of a row of `schema.chain_sql` by name, None where NULL (erased or empty)."""
    return {
        name: None if flags & (1 << bit) else text
        for bit, (name, text) in enumerate(zip(COMMIT_ORDER, texts, strict=True))
    }


def _link_problem(record_id: int, body: bytes, prev: bytes) -> tuple[int, str, dict[str, Any]] | None:
    """Why the body does not name the previous hash (None if it does): another record's content
    here, or a broken link."""
    if b'"prev_hash":"%s"' % prev in body:
        return None
    own_id = any(b'"id":%d%s' % (record_id, end) in body for end in (b",", b"}"))
    return (record_id, CHAIN_BROKEN, {"previous": record_id - 1}) if own_id else (record_id, OUT_OF_ORDER, {})


def _diagnose(
    record_id: int,
    digest: bytes,
    actual: bytes,
    body: bytes,
    prev: bytes,
    check: Any,
    texts: dict[str, bytes | None],
    log_id: str,
    erased: list[tuple[int, str]],
) -> tuple[int, str, dict[str, Any]] | None:
    """What is wrong with a format-2 record whose `_chain` did not match at once; None when only
    erased texts explain it (they are added to `erased`)."""
    problem = _link_problem(record_id, body, prev)
    if problem:
        return problem
    if actual != digest:
        return (record_id, HASH_MISMATCH, {})
    try:
        chain = json.loads(body)["_chain"]
        commits, index, own_log = dict(chain["commit"]), chain["index"], str(chain["log"])
    except (ValueError, KeyError, TypeError):
        return (record_id, OTHER_LOG, {})
    if own_log != log_id:
        return (record_id, OTHER_LOG, {})
    if chain.get("id") != record_id or chain.get("prev_hash") != prev.decode("ascii"):
        return (record_id, OUT_OF_ORDER, {})
    if check.__class__ is not bytes:
        return (record_id, INDEX_MISMATCH, {})
    try:
        if json.loads(check) != index:
            return (record_id, INDEX_MISMATCH, {})
    except ValueError:
        return (record_id, INDEX_MISMATCH, {})
    gone = [name for name in COMMIT_ORDER if texts[name] is None and commits.get(name) is not None]
    for name in COMMIT_ORDER:
        text, committed = texts[name], commits.get(name)
        if text is not None and (text.__class__ is not bytes or committed != hashlib.sha256(text).hexdigest()):
            return (record_id, TEXT_MISMATCH, {"field": name})
    if not gone:  # everything it holds is right, yet it is not written as this log writes records
        return (record_id, OTHER_LOG, {})
    erased += [(record_id, name) for name in gone]
    return None


def _redaction(body: bytes) -> tuple[int, str] | None:
    """(record, field) a redaction record's body names, or None if it does not name them."""
    try:
        content = json.loads(body)
        record, name = int(content["_chain"]["index"]["corrects"]), str(content["redacts"])
    except (ValueError, KeyError, TypeError):
        return None
    return (record, name) if name in FREE_TEXT_FIELDS else None


def combine(segments: Sequence[Segment], expected: Sequence[ExpectedHead] = (), log_id: str = "") -> VerifyResult:
    """The verdict on a log from its segments, in order (each starting where the last ended),
    checked against the heads seen before."""
    count = 0
    last_hash = GENESIS_HASH
    watched: dict[int, str] = {0: GENESIS_HASH}
    erased: list[tuple[int, str]] = []
    redactions: list[tuple[int, int, str]] = []
    for segment in segments:
        count += segment.good
        if segment.good:
            last_hash = segment.last_hash
        watched.update(segment.watched)
        erased += segment.erased
        redactions += segment.redactions
        if segment.bad:
            # Report the head as far as the chain is good; the rest cannot be trusted.
            return VerifyResult(False, count, ChainHead(count, last_hash), *segment.bad)
    head = ChainHead(count, last_hash)
    # Every erased text needs a redaction record after its record; every redaction, its text gone.
    redacted = {(record, name): rid for rid, record, name in redactions}
    for record_id, name in sorted(erased):
        if redacted.get((record_id, name), 0) <= record_id:
            return VerifyResult(False, count, head, record_id, TEXT_MISSING, {"field": name})
    gone = set(erased)
    for rid, record, name in redactions:
        if (record, name) not in gone:
            return VerifyResult(False, count, head, record, REDACTION_UNDONE, {"field": name, "redaction": rid})
    for seen in sorted(expected, key=lambda e: e.head.count):
        failed = compare_head(seen, log_id, head, watched.get)
        if failed:
            return failed
    return VerifyResult(True, count, head, checked=tuple(expected))


def compare_head(
    seen: ExpectedHead, log_id: str, head: ChainHead, hash_at: Callable[[int], str | None]
) -> VerifyResult | None:
    """The failed result if a log (its id, head, and the hash of its record n) does not extend
    the head seen before; None if it does."""
    params = {"expected": str(seen.head), "expected_count": seen.head.count, "origin": seen.origin}
    if seen.log_id and log_id and seen.log_id != log_id:
        return VerifyResult(False, head.count, head, None, REPLACED, {**params, "expected_log": seen.log_id})
    if seen.head.count > head.count:
        return VerifyResult(False, head.count, head, head.count + 1, TRUNCATED, params)
    if hash_at(seen.head.count) != seen.head.hash:
        return VerifyResult(False, head.count, head, seen.head.count or None, HEAD_MISMATCH, params)
    return None


def verify_rows(
    rows: Iterable[tuple[Any, ...]],
    expected: Sequence[ExpectedHead] = (),
    log_id: str = "",
    format_2_from: int | None = None,
) -> VerifyResult:
    """Verify a whole log from its rows (as `check_chain` takes them) in id order."""
    watch = frozenset(e.head.count for e in expected)
    return combine([check_chain(rows, watch=watch, log_id=log_id, format_2_from=format_2_from)], expected, log_id)


def _field(name: object) -> str:
    return {"notes": "notes", "official_name": "official's name", "official_badge": "official's badge"}.get(
        str(name), str(name)
    )


def describe(result: VerifyResult) -> str:
    """An English sentence for the CLI and reports (the window words codes itself)."""
    if result.ok:
        return f"OK: {result.count} records, head {result.head}"
    if result.problem in (DAMAGED, SEARCH_INDEX, REPLACED, SCHEMA_CHANGED, INDEX_ENTRIES, COUNTS_CHANGED):
        return "FAILED: " + _words(result)
    return f"FAILED: {_words(result)} ({result.count} records verified up to there)"


def _words(result: VerifyResult) -> str:
    n = result.first_bad_id
    p = result.params
    return {
        MISSING: f"record {n} is missing (deleted); the next record present is {p.get('next_present') or 'none'}",
        OUT_OF_ORDER: f"record {n} holds another record's content (records were moved or renumbered)",
        CHAIN_BROKEN: f"record {n} does not follow record {p.get('previous')}: record "
        f"{p.get('previous')} was changed after it was logged, or records between were removed",
        HASH_MISMATCH: f"record {n} was changed after it was logged (its content does not match its hash)",
        INDEX_MISMATCH: f"record {n}'s columns that views filter and count by do not match its "
        "content (they were edited, so counts and filters would mislead)",
        TEXT_MISMATCH: f"record {n}'s {_field(p.get('field'))} was changed after it was logged "
        "(it does not match the record's commitment to it)",
        OTHER_LOG: f"record {n} is not a record of this log (it names another log, or is in an old format)",
        TEXT_MISSING: f"record {n}'s {_field(p.get('field'))} was erased without a redaction record",
        REDACTION_UNDONE: f"record {n}'s {_field(p.get('field'))} was redacted by record "
        f"{p.get('redaction')} but is still there (put back after it was erased?)",
        SEARCH_INDEX: "the search index does not hold one entry per record (it was edited): "
        "a word search could miss records",
        SCHEMA_CHANGED: f"the log's index {p.get('name')} is {p.get('how')} (the file's definitions were "
        "edited): counts and filters could mislead",
        INDEX_ENTRIES: f"the index {p.get('index')} holds {p.get('entries')} entries for {result.count} records "
        "(it was edited): counts and filters could mislead",
        TRUNCATED: f"the log ends after record {result.count}, but {p.get('origin')} had "
        f"{p.get('expected_count')} records: records were removed from the end",
        HEAD_MISMATCH: f"record {n} is not the one in {p.get('origin')} (head {p.get('expected')}): "
        "the log was replaced or rewritten",
        REPLACED: f"{p.get('origin')} belongs to another log ({p.get('expected_log')}): this log replaced it",
        CHECKPOINT_FORGED: f"the log's own checkpoint at record {n} is not validly signed "
        f"({p.get('why')}): it was forged or edited",
        DAMAGED: f"the database file is damaged; SQLite says: {p.get('sqlite')}",
        COUNTS_CHANGED: f"the counts the department's audit report sums differ from the records of "
        f"{p.get('machines')} (they were changed on the server); the report counts from the records instead",
    }.get(result.problem, f"record {n}: {result.problem}")
