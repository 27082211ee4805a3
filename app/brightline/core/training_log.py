"""Training records: who played which scenario, when, with what score — kept apart from the
contact log (its own SQLite file), so nothing of training ever mixes with real contacts.

A scenario presented to a class (`mode` PRESENTED) is filed under the class's name, never a
trainee's; completion counts a trainee's own runs only (a class earns no certificate), per pack.
Schema 2 adds `right_verdict` (another outcome with the expected verdict); rows written before
hold NULL there.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from brightline.core.training import Result

SCHEMA_VERSION = 2
# The mode of a run presented to a class (the others, "self-paced" and "terminal", are one trainee's).
PRESENTED = "presenter"
SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY,
    trainee TEXT NOT NULL,
    played_at TEXT NOT NULL,
    pack_id TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    tree_id TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    mode TEXT NOT NULL,
    right_outcome INTEGER NOT NULL,
    right_path INTEGER,
    points INTEGER NOT NULL,
    max_points INTEGER NOT NULL,
    seconds REAL NOT NULL,
    path TEXT NOT NULL,
    missed_node TEXT,
    right_verdict INTEGER
);
CREATE INDEX IF NOT EXISTS results_trainee ON results (trainee, played_at);
"""


class TrainingLogError(Exception):
    """The training records cannot be read or written; the message names the file and why."""


@dataclass(frozen=True)
class TrainingRecord:
    id: int
    trainee: str
    played_at: str
    pack_id: str
    pack_version: str
    scenario_id: str
    scenario_title: str
    tree_id: str
    difficulty: str
    mode: str
    right_outcome: bool
    right_path: bool | None
    points: int
    max_points: int
    seconds: float
    path: list[str]
    missed_node: str
    right_verdict: bool | None = None  # None: recorded before Brightline kept it

    @property
    def presented(self) -> bool:
        """A run presented to a class (filed under the class's name)."""
        return self.mode == PRESENTED

    @property
    def same_response_only(self) -> bool:
        """Another outcome than the expected one, with the expected verdict."""
        return bool(self.right_verdict) and not self.right_outcome


class TrainingLog:
    """The training records file; opened per use so a locked or broken file never blocks the guide."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                db.close()
                raise TrainingLogError(
                    f"{self.path}: written by a newer Brightline (schema {version}); update Brightline"
                )
            db.executescript(SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(results)")}
            if "right_verdict" not in columns:  # a schema-1 file
                db.execute("ALTER TABLE results ADD COLUMN right_verdict INTEGER")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return db
        except (sqlite3.Error, OSError) as exc:
            raise TrainingLogError(f"{self.path}: cannot open the training records: {exc}") from exc

    def add(
        self,
        trainee: str,
        pack_id: str,
        pack_version: str,
        title: str,
        difficulty: str,
        mode: str,
        result: Result,
        played_at: datetime | None = None,
    ) -> int:
        """Store one played scenario; returns its record number."""
        trainee = " ".join(trainee.split())
        if not trainee:
            raise TrainingLogError("a trainee name is required")
        divergence = result.first_divergence
        missed = result.steps[divergence].node_id if divergence is not None else None
        when = (played_at or datetime.now(UTC)).isoformat(timespec="seconds")
        db = self._connect()
        try:
            with db:
                cursor = db.execute(
                    "INSERT INTO results (trainee, played_at, pack_id, pack_version, scenario_id, scenario_title,"
                    " tree_id, difficulty, mode, right_outcome, right_path, points, max_points, seconds, path,"
                    " missed_node, right_verdict) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        trainee,
                        when,
                        pack_id,
                        pack_version,
                        result.scenario_id,
                        title,
                        result.tree_id,
                        difficulty,
                        mode,
                        int(result.right_outcome),
                        None if result.right_path is None else int(result.right_path),
                        result.points,
                        result.max_points,
                        result.seconds,
                        json.dumps(result.path),
                        missed,
                        int(result.right_verdict),
                    ),
                )
            return int(cursor.lastrowid or 0)
        except sqlite3.Error as exc:
            raise TrainingLogError(f"{self.path}: cannot save the result: {exc}") from exc
        finally:
            db.close()

    def records(self, trainee: str = "", pack_id: str = "", scenario_id: str = "") -> list[TrainingRecord]:
        """Records, newest first, optionally for one trainee, pack or scenario."""
        if not self.path.exists():
            return []
        clauses, params = [], []
        for column, value in (("trainee", trainee), ("pack_id", pack_id), ("scenario_id", scenario_id)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        db = self._connect()
        try:
            rows = db.execute(f"SELECT * FROM results {where} ORDER BY played_at DESC, id DESC", params).fetchall()
        except sqlite3.Error as exc:
            raise TrainingLogError(f"{self.path}: cannot read the training records: {exc}") from exc
        finally:
            db.close()
        return [
            TrainingRecord(
                id=r[0],
                trainee=r[1],
                played_at=r[2],
                pack_id=r[3],
                pack_version=r[4],
                scenario_id=r[5],
                scenario_title=r[6],
                tree_id=r[7],
                difficulty=r[8],
                mode=r[9],
                right_outcome=bool(r[10]),
                right_path=None if r[11] is None else bool(r[11]),
                points=r[12],
                max_points=r[13],
                seconds=r[14],
                path=json.loads(r[15]),
                missed_node=r[16] or "",
                right_verdict=None if r[17] is None else bool(r[17]),
            )
            for r in rows
        ]


@dataclass(frozen=True)
class ItemStat:
    key: str  # a question node (tree/node) or a scenario id
    label: str
    attempts: int
    misses: int

    @property
    def miss_rate(self) -> float:
        return self.misses / self.attempts if self.attempts else 0.0


def item_analysis(records: list[TrainingRecord]) -> tuple[list[ItemStat], list[ItemStat]]:
    """Which questions trainees miss most, and which scenarios are hardest (most missed first)."""
    questions: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    scenarios: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    titles: dict[str, str] = {}
    for record in records:
        for node_id in record.path[:-1]:
            questions[f"{record.tree_id}/{node_id}"][0] += 1
        if record.missed_node:
            questions[f"{record.tree_id}/{record.missed_node}"][1] += 1
        key = f"{record.pack_id}/{record.scenario_id}"
        titles[key] = record.scenario_title
        scenarios[key][0] += 1
        scenarios[key][1] += int(record.points < record.max_points)
    by_miss = lambda s: (-s.miss_rate, -s.attempts, s.key)  # noqa: E731
    q = sorted((ItemStat(k, k, a, m) for k, (a, m) in questions.items()), key=by_miss)
    s = sorted((ItemStat(k, titles[k], a, m) for k, (a, m) in scenarios.items()), key=by_miss)
    return q, s


@dataclass(frozen=True)
class PackCompletion:
    """One trainee's standing in one pack: the scenarios passed with full marks, of how many."""

    pack_id: str
    passed: frozenset[str]
    total: int

    @property
    def complete(self) -> bool:
        """Every scenario of the pack passed with full marks: the set a certificate is for."""
        return self.total > 0 and len(self.passed) >= self.total


@dataclass(frozen=True)
class Completion:
    """One trainee's own runs (a class's presented runs are not counted): attempts, the last
    activity and where they stand in each pack played."""

    trainee: str
    attempts: int
    last: str
    packs: tuple[PackCompletion, ...]


def completion(records: list[TrainingRecord], scenario_ids: dict[str, list[str]]) -> dict[str, Completion]:
    """Per trainee (runs presented to a class left out): per pack played, the scenarios passed
    (full marks at least once) out of the pack's scenarios, the attempts and the last activity."""
    runs: dict[str, list[TrainingRecord]] = defaultdict(list)
    for record in records:
        if not record.presented:
            runs[record.trainee].append(record)
    table: dict[str, Completion] = {}
    for trainee, own in runs.items():
        passed: dict[str, set[str]] = defaultdict(set)
        for record in own:
            pack_passed = passed[record.pack_id]  # every pack played is listed, passed or not
            if record.points == record.max_points:
                pack_passed.add(record.scenario_id)
        packs = tuple(
            PackCompletion(pack_id, frozenset(ids), len(scenario_ids.get(pack_id, [])))
            for pack_id, ids in sorted(passed.items())
        )
        table[trainee] = Completion(trainee, len(own), max(r.played_at for r in own), packs)
    return table
