"""What a release changed, for an officer's role; the acknowledgments kept and the supervisor's
report; the short training set made from the changed outcomes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from brightline.core.acknowledgments import (
    Acknowledgment,
    AcknowledgmentStore,
    acknowledgment_report,
    has_acknowledged,
    officer,
)
from brightline.core.change_training import change_scenarios
from brightline.core.changes import compare_trees
from brightline.core.library import load_library
from brightline.core.releases.versions import in_force_changes, pack_changes, version_of
from brightline.core.training import TrainingSession
from brightline.core.walk import Walk
from brightline.ui.releases.wording import change_lines, counts
from packlib import make_library, write
from releaselib import APP, CHANGED_OVERRIDE, TODAY, author_key, install, publish_city, read


@pytest.fixture
def installed(tmp_path: Path) -> tuple[Path, Path, object]:
    root = make_library(tmp_path)
    key = author_key(tmp_path)
    machine = tmp_path / "machine"
    install(publish_city(root, key, tmp_path / "city-1.zip", 1), machine, key, root)
    two = publish_city(root, key, tmp_path / "city-2.zip", 2, override=CHANGED_OVERRIDE, version="1.11", notes="why")
    install(two, machine, key, root)
    return root, machine, key


def test_the_changes_in_force_say_what_answers_differently_old_beside_new(installed: tuple[Path, Path, object]) -> None:
    root, machine, key = installed
    found = in_force_changes(read(machine, key), root, "city", TODAY)  # type: ignore[arg-type]
    assert found is not None
    old, new, changes = found
    assert (old.label, new.label) == ("release 1 (version 1.10)", "release 2 (version 1.11)")
    assert new.release is not None and new.release.notes == "why"
    [tree] = changes
    assert tree.tree_id == "detainer" and tree.audiences == ["booking"]
    [honour] = [n for n in tree.nodes if n.node_id == "honour"]
    assert honour.verdict_changed and (honour.verdict_before, honour.verdict_after) == ("escalate", "comply")
    assert "+ do: Tell the watch commander afterwards." in honour.details
    assert "- do: Call." in honour.details
    assert honour.reached_by == "What kind of paper is it? \u2192 A warrant signed by a judge"
    text = "\n".join(change_lines(changes, "booking"))
    assert "The answer changed (after: What kind of paper is it? \u2192 A warrant signed by a judge)" in text
    assert "before: ESCALATE \u2014 Under the proposed policy, call the watch commander." in text
    assert "now:    COMPLY \u2014 Under the proposed policy, honour the judge's warrant at once." in text
    assert counts(changes, "booking") == "1 situation changed: 1 answer different."
    # The tree is for booking staff: patrol officers are not shown it.
    assert change_lines(changes, "patrol") == [] and counts(changes, "patrol").startswith("Nothing changed")


def test_versions_are_named_as_files_installed_releases_or_the_programs_pack(
    installed: tuple[Path, Path, object], tmp_path: Path
) -> None:
    root, machine, key = installed
    releases = read(machine, key)  # type: ignore[arg-type]
    pinned = {key.public_key}  # type: ignore[attr-defined]
    program = version_of("city@program", root, pinned, APP, releases, TODAY)
    one = version_of("city@1", root, pinned, APP, releases, TODAY)
    two_file = version_of(str(tmp_path / "city-2.zip"), root, pinned, APP, releases, TODAY)
    assert program.release is None and one.release is not None and two_file.release is not None
    assert pack_changes(program, one) == []  # release 1 is the program's pack as it was signed
    assert [n.node_id for t in pack_changes(one, two_file) for n in t.nodes if n.verdict_changed] == ["honour"]


def test_questions_added_and_removed_are_named(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    before = load_library(root).pack("base").trees
    tree = root / "base/trees/detainer.yaml"
    tree.write_text(
        tree.read_text().replace(
            '      - label: "no"\n        next: honour', '      - label: "no"\n        next: ask-copy'
        )
        + "  ask-copy:\n    type: question\n    text: Is a judge's order attached?\n"
        "    options:\n      - label: 'Yes'\n        next: honour\n      - label: 'No'\n        next: note-copy\n"
    )
    assert load_library(root).problems == []
    after = load_library(root).pack("base").trees
    [change] = compare_trees(before, after)
    added = [n for n in change.nodes if n.change == "added"]
    assert [(n.node_id, n.kind) for n in added] == [("ask-copy", "question")]
    assert "New question" in "\n".join(change_lines([change]))
    assert "answer 'no' now leads to ask-copy (was honour)" in [d for n in change.nodes for d in n.details]


def test_an_acknowledgment_is_kept_once_with_exactly_the_fields_the_department_syncs(tmp_path: Path) -> None:
    store = AcknowledgmentStore(tmp_path / "data" / "acknowledgments.sqlite3")
    assert store.since() == [] and store.all() == []  # no file yet: nothing, and nothing made
    who, badge = officer("  Ana   Lee ", "S-12", "alee")
    ack = Acknowledgment(who, badge, "booking-01", "city", 2, "1.11", "2026-06-15T10:00:00+00:00")
    assert store.record(ack) and not store.record(ack)
    assert officer("", "", "jdoe") == ("jdoe", "os:jdoe")
    store.record(Acknowledgment("jdoe", "os:jdoe", "booking-01", "city", 2, "1.11", "2026-06-15T11:00:00+00:00"))
    rows = store.since()
    assert [row_id for row_id, _ in rows] == [1, 2] and rows[0][1] == ack
    assert [a.who for _, a in store.since(1)] == ["jdoe"]
    with sqlite3.connect(store.path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(acknowledgment)")]
    assert columns == [
        "id", "who", "badge_or_account", "machine", "pack_id", "sequence", "version", "acknowledged_at"
    ]  # fmt: skip
    with pytest.raises(ValueError, match="not a name or badge"):
        officer("Ana\x1b[2J", "S-12", "alee")


def test_the_supervisors_report_lists_who_has_and_who_has_not(installed: tuple[Path, Path, object]) -> None:
    root, machine, key = installed
    releases = read(machine, key)  # type: ignore[arg-type]
    infos = [r.info for r in releases.usable("city")]
    one, two = infos
    acks = [
        Acknowledgment("Ana Lee", "S-12", "booking-01", "city", 1, "1.10", "2026-01-02T10:00:00+00:00"),
        Acknowledgment("Bo Ruiz", "P-7", "laptop-3", "city", 1, "1.10", "2026-01-03T10:00:00+00:00"),
        Acknowledgment("Ana Lee", "S-12", "booking-01", "city", 2, "1.11", "2026-06-15T10:00:00+00:00"),
    ]
    report = acknowledgment_report(infos, acks, roster=[("Cy Tran", "B-3")])
    assert [(r.pack_id, r.sequence) for r in report] == [("city", 2), ("city", 1)]
    newest, older = report
    assert [a.person for a in newest.acknowledged] == ["Ana Lee (S-12)"]
    assert newest.outstanding == [("Bo Ruiz", "P-7"), ("Cy Tran", "B-3")]
    # Ana read release 2, which stands in for release 1; Cy read neither.
    assert [a.person for a in older.acknowledged] == ["Ana Lee (S-12)", "Bo Ruiz (P-7)"]
    assert older.outstanding == [("Cy Tran", "B-3")]
    assert (
        has_acknowledged(acks, "S-12", two)
        and not has_acknowledged(acks, "P-7", two)
        and has_acknowledged(acks, "P-7", one)
    )


def test_changed_outcomes_become_a_training_set_played_on_the_releases_own_tree(
    installed: tuple[Path, Path, object],
) -> None:
    root, machine, key = installed
    found = in_force_changes(read(machine, key), root, "city", TODAY)  # type: ignore[arg-type]
    assert found is not None
    _, new, changes = found
    scenarios = change_scenarios(new.pack, changes, "booking", new.label)
    assert [s.expected_outcome for s in scenarios] == ["honour"]  # the one outcome the release changed
    honour = next(s for s in scenarios if s.expected_outcome == "honour")
    assert "What kind of paper is it? A warrant signed by a judge." in honour.narrative
    assert honour.debrief[0].point.startswith("Before release 2 (version 1.11): ESCALATE")
    assert honour.debrief[1].point.startswith("Now: COMPLY") and honour.debrief[1].cite
    assert change_scenarios(new.pack, changes, "patrol") == []
    session = TrainingSession(new.pack, [honour], "Ana Lee", "self-paced")
    walk = session.begin()
    assert isinstance(walk, Walk)
    walk.answer(1)  # the facts say: a warrant signed by a judge
    result = session.finish()
    assert result.right_outcome and result.points == result.max_points


def test_a_situation_added_or_removed_is_said(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    before = load_library(root).pack("base").trees
    write(
        root / "base/trees/second.yaml",
        (root / "base/trees/detainer.yaml").read_text().replace("id: detainer", "id: second"),
    )
    after = load_library(root).pack("base").trees
    assert [(c.tree_id, c.change) for c in compare_trees(before, after)] == [("second", "added")]
    assert [(c.tree_id, c.change) for c in compare_trees(after, before)] == [("second", "removed")]
    assert "  This situation is no longer offered." in change_lines(compare_trees(after, before))
