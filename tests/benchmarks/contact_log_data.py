"""Synthetic contact logs for the benchmarks and the larger tests.

`generate_log(path, n)` writes n realistic records (about 1.5 KB of JSON each: a four-step path,
citations, notes, an official's name and badge) in record format 2 through the real schema in one
transaction. It is fast enough for a million records because it (1) builds each record's
canonical JSON by splicing the id, contact time and previous hash into a few thousand
pre-serialised templates instead of serialising a million dicts — a sample is checked against
the store's own `record_content` — and (2) creates the indexes and the FTS index after the rows,
as sorted builds, with the journal off; the finished file is then switched to WAL like any log.
The schema is the shipping one: the DDL is read back from the file. (The records of one template
share their free texts' salts, which the store never does; verifying costs the same.)
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from brightline.core.contact_log import schema
from brightline.core.contact_log.checkpoints import CHECKPOINT_EVERY
from brightline.core.contact_log.records import (
    DOCUMENTS,
    FREE_TEXT_FIELDS,
    GENESIS_HASH,
    METHODS,
    ContactDraft,
    PathStep,
    canonical_json,
    record_content,
    record_from_row,
    salted,
    sha256_hex,
)
from brightline.core.contact_log.store import ContactLog, search_text, store_checkpoint
from brightline.core.contact_log.verify import ChainHead
from brightline.core.signing import load_or_create_key

STAFF = [
    (f"{first} {last}", f"PPD-{1000 + i}")
    for i, (first, last) in enumerate(
        (f, la)
        for f in ("Ana", "Ben", "Chen", "Dee", "Eli", "Fay", "Gus", "Hana")
        for la in ("Garcia", "Nguyen", "Smith", "Lee", "Patel", "Okafor")
    )
]
TREES = [
    ("detainer-received", "An ICE detainer (I-247A) arrived"),
    ("interview-request", "An ICE officer asks to interview someone in custody"),
    ("release-info-request", "A request for a release date or home address"),
    ("warrant-presented", "An agent shows a warrant"),
    ("sensitive-location", "Agents at a school, hospital, church or courthouse"),
    ("backup-request", "Agents at a scene ask for backup"),
]
VERDICT_WEIGHTS = {"decline": 55, "comply": 10, "comply-limited": 20, "escalate": 15}
AGENCIES = ["ICE ERO", "ICE HSI", "CBP", "ICE ERO Los Angeles", "US Marshals (on behalf of ICE)"]
NOTES = [
    "Officer asked for the release date and home address; declined as the policy requires.",
    "Fax received at 02:10, detainer form only, no judicial signature.",
    "Agent waited at the sally port; supervisor informed; interview consent form not signed.",
    "Phone call from the field office asking whether the person is still in custody.",
    "Email request for booking photo and address; referred to the records unit.",
]
# The slots spliced into each body, in the order the body holds them (in "_chain", sorted keys:
# "id", then "index" with the contact time, then "prev_hash").
_ID, _TIME, _PREV = _SLOTS = ("\x01ID\x01", "\x01CT\x01", "\x01PH\x01")


class _Template:
    """A record body cut at its slots, its salted texts, its columns and its search text."""

    def __init__(self, parts: list[str], texts: tuple[bytes | None, ...], columns: dict[str, object], search: str):
        self.parts, self.texts, self.columns, self.search = parts, texts, columns, search


def _template(rng: random.Random, log_id: str) -> _Template:
    staff = rng.choice(STAFF)
    tree = rng.choice(TREES)
    verdict = rng.choices(list(VERDICT_WEIGHTS), weights=list(VERDICT_WEIGHTS.values()))[0]
    draft = ContactDraft(
        contact_time=_TIME,
        staff_name=staff[0],
        staff_badge=staff[1],
        agency=rng.choice(AGENCIES),
        method=rng.choice(METHODS),
        document=rng.choice(DOCUMENTS),
        official_name=f"Officer {rng.choice('ABCDEFGHJK')}. {rng.randint(1, 900)}",
        official_badge=f"ERO-{rng.randint(10000, 99999)}",
        request_type=tree[0],
        request_title=tree[1],
        outcome_node=f"out-{verdict}-{rng.randint(1, 4)}",
        verdict=verdict,
        headline="Do not hold the person past their release time; the detainer is not a warrant.",
        notes=rng.choice(NOTES),
        pack_id="pasadena",
        pack_version=rng.choice(["1.0.0", "1.1.0", "1.2.0"]),
        pack_hash=sha256_hex(str(rng.random()).encode()),
        tree_id=tree[0],
        path=tuple(
            PathStep(
                f"q{k}",
                "Is the document signed by a judge of a court, not by an immigration officer?",
                rng.choice(["Yes, a judge", "No, an immigration officer", "I can't tell"]),
                f"2024-05-0{k + 1}T02:1{k}:00-07:00",
            )
            for k in range(4)
        ),
        citations=("PAS-POLICY:3.B", "CA-GOV-7284.6:a1C", "CA-GOV-7284.6:a1D"),
    )
    texts = {name: salted(getattr(draft, name)) for name in FREE_TEXT_FIELDS}
    content = record_content(draft, 0, _PREV, "2024-05-01T09:00:00.000000+00:00", log_id=log_id, key_id="", texts=texts)
    content["_chain"]["id"] = _ID
    text = canonical_json(content).decode("utf-8")
    parts: list[str] = []
    for slot in _SLOTS:  # in the order the body holds them
        quoted = '"' + slot.replace("\x01", "\\u0001") + '"'
        head, _, text = text.partition(quoted)
        parts.append(head)
    parts.append(text)
    index = content["_chain"]["index"]
    columns = {c: index["contact_time" if c == "contact_local" else c] for c in schema.INDEX_COLUMNS}
    return _Template(parts, tuple(texts.values()), columns, search_text(draft))


def _times(rng: random.Random, count: int) -> list[str]:
    return [
        f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00-08:00"
        for _ in range(count)
    ]


_COLUMNS = ("id", "hash", "body", *schema.TEXT_COLUMNS, *schema.INDEX_COLUMNS)


class RecordPlan:
    """Which template and contact time each record of a synthetic log takes (`at(record_id)`)."""

    def __init__(self, templates: list[_Template], times: list[str], picks: list[int]) -> None:
        self.templates, self.times, self.picks = templates, times, picks

    def at(self, record_id: int) -> tuple[_Template, str]:
        template = self.templates[self.picks[record_id % len(self.picks)]]
        return template, self.times[(record_id * 7919) % len(self.times)]


def record_plan(n: int, seed: int, log_id: str) -> RecordPlan:
    """The templates and times of a log of n records: the same for the same seed and log id."""
    rng = random.Random(seed)
    templates = [_template(rng, log_id) for _ in range(min(n, 2000) or 1)]
    # A pool of times reused in a random order: random.randint is the slow part otherwise.
    times = _times(rng, min(n, 50_000) or 1)
    picks = [rng.randrange(len(templates)) for _ in range(min(n, 65_536))]
    return RecordPlan(templates, times, picks)


def _rows(
    n: int, seed: int, log_id: str, texts: list[str] | None = None, heads: list[ChainHead] | None = None
) -> Iterator[tuple[object, ...]]:
    """Rows of _COLUMNS; when `texts` is given, appends each record's search text to it, and
    when `heads` is given, the head at every CHECKPOINT_EVERY records."""
    plan = record_plan(n, seed, log_id)
    prev = GENESIS_HASH
    for record_id in range(1, n + 1):
        template, when = plan.at(record_id)
        parts = template.parts
        body = f'{parts[0]}{record_id}{parts[1]}"{when}"{parts[2]}"{prev}"{parts[3]}'
        digest = sha256_hex(body.encode("utf-8"))
        if texts is not None:
            texts.append(template.search)
        if heads is not None and record_id % CHECKPOINT_EVERY == 0:
            heads.append(ChainHead(record_id, digest))
        yield (record_id, digest, body, *template.texts, *{**template.columns, "contact_local": when}.values())
        prev = digest


def checked_plan(n: int, seed: int, log_id: str) -> RecordPlan:
    """`record_plan`, once a few records spliced from it are checked against the store's own
    record_content. (For the department's benchmark, which writes such records to PostgreSQL.)"""
    _check_splicing(seed, log_id)
    return record_plan(n, seed, log_id)


def _sign_checkpoints(con: sqlite3.Connection, log_id: str, heads: list[ChainHead]) -> None:
    """The checkpoint rows the store would have signed while recording these records."""
    key = load_or_create_key()
    for head in heads:
        store_checkpoint(con, key, log_id, head, datetime(2024, 5, 1, 9, 0, tzinfo=UTC))


def _check_splicing(seed: int, log_id: str) -> None:
    """The spliced JSON and columns must be exactly what the store would have written."""
    for row in _rows(3, seed, log_id):
        record_id, digest, body = int(str(row[0])), str(row[1]), str(row[2])
        texts = tuple(row[3 : 3 + len(FREE_TEXT_FIELDS)])
        record = record_from_row(body, digest, texts)  # type: ignore[arg-type]
        content = record_content(
            record.draft, record_id, record.prev_hash, record.recorded_at, log_id=log_id, key_id="",
            texts=dict(zip(FREE_TEXT_FIELDS, texts, strict=True)),  # type: ignore[arg-type]
        )  # fmt: skip
        if canonical_json(content).decode("utf-8") != body:
            raise AssertionError("template splicing no longer matches the store's record_content")


def generate_log(path: Path, n: int, seed: int = 1) -> ChainHead:
    """Create a contact log at `path` (replacing any) holding `n` synthetic records, with the
    checkpoint the store signs every CHECKPOINT_EVERY records (by this account's key, as
    `signing.key_folder` finds it)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with ContactLog.open(path) as log:  # the real schema, created by the real code
        log_id = log.log_id
    _check_splicing(seed, log_id)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -262144")
        indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
        fts = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'contact_fts'").fetchone()
        con.execute("BEGIN")
        for name, _ in indexes:
            con.execute(f"DROP INDEX {name}")
        texts: list[str] = []
        heads: list[ChainHead] = []
        rows = _rows(n, seed, log_id, texts, heads)
        marks = ", ".join("?" * len(_COLUMNS))
        con.executemany(f"INSERT INTO contact ({', '.join(_COLUMNS)}) VALUES ({marks})", rows)
        _sign_checkpoints(con, log_id, heads)
        for _, sql in indexes:
            con.execute(sql)
        if fts:
            con.executemany("INSERT INTO contact_fts (rowid, text) VALUES (?, ?)", enumerate(texts, start=1))
        con.execute("COMMIT")
        con.execute("PRAGMA journal_mode = WAL")
        last = con.execute("SELECT id, hash FROM contact ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return ChainHead(int(last[0]), str(last[1])) if last else ChainHead(0, GENESIS_HASH)
