"""The start index: what the first screen shows, kept so that the window can paint before loading
the library. It must show exactly what the library would, rank searches the same way, and be
ignored the moment it no longer matches the files."""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from brightline.cli import main
from brightline.core.fingerprint import SIZES, TIMES
from brightline.core.library import load_library
from brightline.core.search import SituationIndex
from brightline.core.start_index import MAGIC, StartIndex, read_start_index, start_key, write_start_index

QUERIES = ("", "detainer", "i247a", "hold", "copy", "warrant judge", "nothing like this", "booking")


def test_the_index_shows_what_the_library_would(packs: Path, tmp_path: Path) -> None:
    library = load_library(packs)
    key = start_key(packs, [])
    path = tmp_path / "start.index"
    assert write_start_index(path, key, StartIndex.of(library))
    kept = read_start_index([path], key)
    assert kept is not None and kept == StartIndex.of(library)
    assert [p.id for p in kept.packs] == list(library.packs)
    for summary in kept.packs:
        pack = library.packs[summary.id]
        assert (summary.name, summary.status, summary.version, summary.effective, summary.approved_by) == (
            pack.manifest.name,
            pack.manifest.status,
            pack.manifest.version,
            pack.manifest.effective,
            pack.manifest.approved_by,
        )
        assert [(s.id, s.title, s.group, s.summary, s.audiences) for s in summary.situations] == [
            (t.id, t.title, t.group, t.summary, t.audiences) for t in pack.trees.values()
        ]
        # The search words kept are the tree's own: every query ranks exactly as on the trees.
        from_trees, from_index = SituationIndex(pack.trees.values()), summary.search_index()
        for query in QUERIES:
            for audience in ("", "booking", "patrol"):
                assert from_index.rank(query, audience) == from_trees.rank(query, audience), (query, audience)


def test_any_change_to_a_pack_file_makes_the_index_stale(packs: Path, tmp_path: Path) -> None:
    path = tmp_path / "start.index"
    key = start_key(packs, [])
    write_start_index(path, key, StartIndex.of(load_library(packs)))
    tree = packs / "base" / "trees" / "detainer.yaml"
    tree.write_text(tree.read_text().replace("A detainer arrived", "A detainer came"))
    changed = start_key(packs, [])
    assert changed != key
    assert read_start_index([path], changed) is None


def test_the_quick_keys_follow_each_files_size_and_time(packs: Path) -> None:
    by_times, by_sizes = start_key(packs, [], by=TIMES), start_key(packs, [], by=SIZES)
    assert len({by_times, by_sizes, start_key(packs, [])}) == 3  # never taken for one another
    tree = packs / "base" / "trees" / "detainer.yaml"
    info = tree.stat()
    tree.write_text(tree.read_text().replace("A detainer arrived", "A detainer came"))
    os.utime(tree, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert start_key(packs, [], by=TIMES) != by_times  # a new size
    assert start_key(packs, [], by=SIZES) != by_sizes
    resized = start_key(packs, [], by=SIZES)
    tree.write_text(tree.read_text().replace("A detainer came", "A detainer cane"))
    os.utime(tree, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    touched = start_key(packs, [], by=TIMES)
    assert touched != by_times  # the same size, a new time
    assert start_key(packs, [], by=SIZES) == resized  # as an install that sets new times
    (packs / "base" / "trees" / "new.yaml").write_text("id: new\n")
    assert start_key(packs, [], by=TIMES) != touched  # a new file
    assert start_key(packs, [], by=SIZES) != resized


def test_the_key_does_not_depend_on_where_the_shipped_packs_lie(packs: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "installed" / "decision_trees"
    shutil.copytree(packs, elsewhere)
    assert start_key(elsewhere, []) == start_key(packs, [])
    extra = tmp_path / "department"
    extra.mkdir()
    assert start_key(packs, [extra]) != start_key(packs, [])  # extra packs are part of what is shown


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[: len(MAGIC) + 10] + data[len(MAGIC) + 20 :],  # header no longer the key
        lambda data: data.split(b"\n", 2)[0] + b"\n" + data.split(b"\n", 2)[1] + b"\n" + b"\x00" * 50,  # garbage
        lambda data: b"",
    ],
)
def test_a_damaged_index_is_ignored(packs: Path, tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "start.index"
    key = start_key(packs, [])
    write_start_index(path, key, StartIndex.of(load_library(packs)))
    path.write_bytes(damage(path.read_bytes()))
    assert read_start_index([path], key) is None


def test_the_first_index_kept_under_the_key_is_used(packs: Path, tmp_path: Path) -> None:
    key = start_key(packs, [])
    index = StartIndex.of(load_library(packs))
    stale, good = tmp_path / "stale.index", tmp_path / "good.index"
    write_start_index(stale, "0" * len(key), index)
    write_start_index(good, key, index)
    assert read_start_index([tmp_path / "missing.index", stale, good], key) == index


def test_a_pack_left_out_is_in_the_index_with_its_first_problem(packs: Path) -> None:
    tree = packs / "city" / "overrides" / "detainer.yaml"
    tree.write_text(tree.read_text().replace("base-law:warrant, city-policy:p1", "nowhere:p9"))
    library = load_library(packs)
    assert "city" in library.broken
    index = StartIndex.of(library)
    assert [p.id for p in index.packs] == ["base"]
    [(key, count, first)] = index.broken
    assert (key, count) == ("city", len(library.broken["city"]))
    assert first == library.broken["city"][0].format() and "nowhere" in first


def test_an_index_that_cannot_be_written_only_says_so(packs: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    assert not write_start_index(blocker / "start.index", start_key(packs, []), StartIndex.of(load_library(packs)))


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_prepare_writes_the_shipped_index_beside_the_packs(
    packs: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(packs))
    monkeypatch.delenv("BRIGHTLINE_PACKS", raising=False)
    code, out, _err = run_cli("prepare")
    assert code == 0 and str(packs / ".start-index") in out
    kept = read_start_index([packs / ".start-index"], start_key(packs, [], by=SIZES))
    assert kept == StartIndex.of(load_library(packs))
    assert not list(data_dir.iterdir())  # nothing of a user's is made by preparing the program


def test_prepare_refuses_packs_with_problems(packs: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = packs / "base" / "trees" / "detainer.yaml"
    tree.write_text(tree.read_text().replace("next: decline", "next: nowhere"))
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(packs))
    code, _out, err = run_cli("prepare")
    assert code == 1
    assert "nowhere" in err and "no start index written" in err
    assert not (packs / ".start-index").exists()
