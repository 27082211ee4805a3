"""The library snapshot: a returning start gets exactly the library a full load gives, any change to
any pack file is seen at once, and a damaged or planted snapshot is ignored, never obeyed."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from brightline.core.library import load_library, snapshot_fingerprint
from brightline.core.snapshot import MAGIC, read_snapshot
from packlib import TREE, write


def load(packs: Path, cache: Path) -> object:
    return load_library(packs, cache_file=cache, reuse_validation=True)


def snapshot_of(cache: Path) -> Path:
    return cache.with_name(cache.stem + ".snapshot")


def test_a_start_from_the_snapshot_gives_the_same_library_as_a_full_load(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "packs.json"
    first = load(packs, cache)
    assert snapshot_of(cache).is_file()
    again = load(packs, cache)
    fresh = load_library(packs)  # no cache at all
    assert again == first == fresh
    assert again is not first


def test_a_changed_tree_is_read_again_not_taken_from_the_snapshot(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "packs.json"
    load(packs, cache)
    write(packs / "base/trees/detainer.yaml", TREE.replace("What kind of paper is it?", "Did a judge sign it?"))
    library = load(packs, cache)
    texts = [n.text for t in library.packs["base"].trees.values() for n in t.nodes.values()]  # type: ignore[attr-defined]
    assert "Did a judge sign it?" in texts
    assert "What kind of paper is it?" not in texts


def test_a_broken_pack_stays_broken_when_started_from_the_snapshot(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "packs.json"
    write(packs / "base/trees/detainer.yaml", TREE.replace("[base-law:warrant]", "[base-law:nope]"))
    first = load(packs, cache)
    again = load(packs, cache)
    assert [p.format() for p in again.problems] == [p.format() for p in first.problems]  # type: ignore[attr-defined]
    assert any("has no provision 'nope'" in p.format() for p in again.problems)  # type: ignore[attr-defined]
    assert "base" not in again.packs  # type: ignore[attr-defined]


def test_a_damaged_snapshot_is_ignored_and_written_again(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "packs.json"
    expected = load(packs, cache)
    snapshot = snapshot_of(cache)
    snapshot.write_bytes(snapshot.read_bytes()[: len(MAGIC) + 100])  # cut off, as by a full disk
    assert load(packs, cache) == expected
    assert read_snapshot(snapshot, snapshot_fingerprint(packs, [])) == expected


class _Planted:
    """Unpickles as a call to os.system: what a planted snapshot could try."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("touch PLANTED",))


def test_a_planted_snapshot_cannot_make_the_loader_call_anything(packs: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "packs.json"
    expected = load(packs, cache)
    fingerprint = snapshot_fingerprint(packs, [])
    snapshot_of(cache).write_bytes(MAGIC + fingerprint.encode() + b"\n" + pickle.dumps(_Planted()))
    assert load(packs, cache) == expected
    assert not (tmp_path / "PLANTED").exists()


def test_a_start_from_the_snapshot_reads_no_pack_yaml(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "packs.json"
    load(packs, cache)
    code = (
        "import sys; from pathlib import Path; from brightline.core.library import load_library; "
        f"lib = load_library(Path({str(packs)!r}), cache_file=Path({str(cache)!r}), reuse_validation=True); "
        "print(sorted(lib.packs), 'brightline.core.loader' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split("]")[-1].strip() == "False"
    assert "'base'" in out.stdout


def test_a_deferred_snapshot_is_written_only_when_asked_and_then_used(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "packs.json"
    library = load_library(packs, cache_file=cache, reuse_validation=True, defer_snapshot=True)
    assert not snapshot_of(cache).exists()
    library.save_snapshot()
    assert snapshot_of(cache).is_file()
    library.save_snapshot()  # a second call (the window was built, then the app quit) does nothing more
    assert read_snapshot(snapshot_of(cache), snapshot_fingerprint(packs, [])) == library
    assert load(packs, cache) == library
