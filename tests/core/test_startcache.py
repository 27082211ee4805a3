"""The start-up cache: what it keeps reads back exactly as the packs say, any change to any pack byte
makes it stale, and an entry that is damaged, foreign or not made with this user's key is never
used (tests/core/test_cache_tampering.py attacks it from outside)."""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import os
import shutil
import stat
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from brightline.cli import main
from brightline.core.library import Library, load_library
from brightline.core.paths import Paths, resolve_paths
from brightline.core.search import SituationIndex
from brightline.core.startcache import StartCache, StartIndex, write_shipped_index
from brightline.core.startcache.digest import pack_digest, pack_listing, pack_sizes
from brightline.core.startcache.model_codec import ModelCodec, Unsupported
from brightline.core.startcache.sealed import MAGIC, read_entry, seal
from packlib import TREE, write

SHIPPED = Path(__file__).resolve().parents[2] / "decision_trees"
QUERIES = ("", "detainer", "i247a", "hold", "copy", "warrant judge", "nothing like this", "booking")


@pytest.fixture
def paths(packs: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """The test's packs as the configured ones; data, cache and key in the test's own folders."""
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(packs))
    monkeypatch.delenv("BRIGHTLINE_PACKS", raising=False)
    return resolve_paths()


def kept(paths: Paths) -> Library:
    """A library as a returning start gets it: saved by one start, read by the next."""
    first = StartCache(paths)
    first.save(first.library())
    again = StartCache(paths).cached_library()
    assert again is not None, "the library was not kept"
    return again


# -- what is kept reads back as the packs say --------------------------------------------------------
def test_every_shipped_pack_reads_back_from_the_cache_as_a_fresh_load_gives_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(SHIPPED))
    paths = resolve_paths()
    fresh = load_library(paths.packs)
    assert fresh.packs and not fresh.broken
    again = kept(paths)
    for pack_id, pack in fresh.packs.items():
        assert again.packs[pack_id] == pack, pack_id  # dataclass equality, every field of every object
    assert again == fresh
    assert StartCache(paths).start_index() == StartIndex.of(fresh)


def test_problems_and_left_out_packs_read_back_too(paths: Paths) -> None:
    write(paths.packs / "base/trees/detainer.yaml", TREE.replace("[base-law:warrant]", "[base-law:nope]"))
    fresh = load_library(paths.packs)
    assert "base" in fresh.broken and any("has no provision 'nope'" in p.format() for p in fresh.problems)
    again = kept(paths)
    assert again == fresh
    assert [p.format() for p in again.problems] == [p.format() for p in fresh.problems]


def test_a_returning_command_reads_no_yaml_and_validates_nothing(paths: Paths) -> None:
    kept(paths)
    code = (
        "import sys; from brightline.core.paths import resolve_paths; from brightline.core.startcache import StartCache; "
        "lib = StartCache(resolve_paths()).library(); "
        "print(sorted(lib.packs), 'ruamel.yaml' in sys.modules, 'networkx' in sys.modules)"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "['base', 'city'] False False"


@dataclasses.dataclass
class _Note:
    text: str
    written: datetime.date


@dataclasses.dataclass
class _Grown:
    """A model grown the way others grow ours: dates, notes, optional and nested values."""

    effective: datetime.date
    notes: list[_Note]
    by_id: dict[str, _Note]
    reviewed: datetime.datetime | None = None
    pair: tuple[str, int] = ("a", 1)
    tags: tuple[str, ...] = ()
    folder: Path = Path("somewhere")
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)


def test_fields_added_to_the_model_flow_through_the_codec() -> None:
    note = _Note("Check the date.", datetime.date(2024, 3, 1))
    grown = _Grown(
        datetime.date(2025, 1, 1),
        [note, _Note("Second", datetime.date(2025, 2, 2))],
        {"first": note},
        datetime.datetime(2025, 1, 2, 3, 4, 5),
        ("b", 2),
        ("x", "y"),
        Path("/tmp/x"),
        {"size": 3, "words": ["a", None, 1.5, True]},
    )
    codec = ModelCodec(_Grown)
    again = codec.loads(codec.dumps(grown))
    assert again == grown
    assert again.by_id["first"] is again.notes[0]  # shared objects stay shared


def test_a_value_the_codec_cannot_keep_is_refused_not_changed() -> None:
    codec = ModelCodec(_Grown)
    grown = _Grown(datetime.date(2025, 1, 1), [], {}, extra={"a tuple": (1, 2)})
    with pytest.raises(Unsupported):
        codec.dumps(grown)  # it would read back as a list: not kept at all

    @dataclasses.dataclass
    class _Odd:
        value: complex

    @dataclasses.dataclass
    class _Unseen:
        value: NameImportedOnlyForTypeCheckers  # type: ignore[name-defined]  # noqa: F821

    for odd in (_Odd, _Unseen):
        with pytest.raises(Unsupported):
            ModelCodec(odd)


# -- the start index -----------------------------------------------------------------------------
def test_the_start_index_shows_and_searches_as_the_library_would(paths: Paths) -> None:
    library = kept(paths)
    index = StartCache(paths).start_index()
    assert index is not None and index == StartIndex.of(library)
    assert [p.id for p in index.packs] == list(library.packs)
    for summary in index.packs:
        pack = library.packs[summary.id]
        m = pack.manifest
        assert (summary.name, summary.status, summary.version, summary.effective, summary.approved_by) == (
            m.name,
            m.status,
            m.version,
            m.effective,
            m.approved_by,
        )
        assert [(s.id, s.title, s.group, s.summary, s.audiences) for s in summary.situations] == [
            (t.id, t.title, t.group, t.summary, t.audiences) for t in pack.trees.values()
        ]
        summary.find_pack_with(lambda pack=pack: pack)  # as the window does: the words from the pack
        from_trees, from_index = SituationIndex(pack.trees.values()), summary.search_index()
        for query in QUERIES:
            for audience in ("", "booking", "patrol"):
                assert from_index.rank(query, audience) == from_trees.rank(query, audience), (query, audience)


def test_a_pack_left_out_is_in_the_index_with_its_first_problem(paths: Paths) -> None:
    tree = paths.packs / "city" / "overrides" / "detainer.yaml"
    tree.write_text(tree.read_text().replace("base-law:warrant, city-policy:p1", "nowhere:p9"))
    library = kept(paths)
    index = StartCache(paths).start_index()
    assert index is not None and [p.id for p in index.packs] == ["base"]
    [(key, count, first)] = index.broken
    assert (key, count) == ("city", len(library.broken["city"]))
    assert first == library.broken["city"][0].format() and "nowhere" in first


# -- the key: the SHA-256 of the pack bytes --------------------------------------------------------
def test_any_change_to_any_pack_file_makes_what_is_kept_stale(paths: Paths) -> None:
    kept(paths)
    tree = paths.packs / "base" / "trees" / "detainer.yaml"
    info = tree.stat()
    # One letter, the same size and the same time: only the bytes tell.
    tree.write_text(tree.read_text().replace("A detainer arrived", "A detainer arrivel"))
    os.utime(tree, ns=(info.st_atime_ns, info.st_mtime_ns))
    cache = StartCache(paths)
    assert cache.start_index() is None and cache.cached_library() is None
    library = cache.library()
    assert library.packs["base"].trees["detainer"].title == "A detainer arrivel"


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "shared/documents/policy.txt").write_text("Another text.\n"),
        lambda root: (root / "base/trees/detainer.yaml").rename(root / "base/trees/detainer2.yaml"),
        lambda root: write(root / "base/help/new.yaml", "id: new\ntitle: New\nbody: New.\n"),
        lambda root: shutil.rmtree(root / "city"),
    ],
    ids=["a shared document", "a renamed file", "a new file", "a pack removed"],
)
def test_the_digest_covers_every_file_the_library_is_read_from(packs: Path, change) -> None:  # type: ignore[no-untyped-def]
    before = pack_digest(packs)
    change(packs)
    assert pack_digest(packs) != before


def test_the_digest_does_not_depend_on_where_the_packs_lie(packs: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "installed" / "decision_trees"
    shutil.copytree(packs, elsewhere)
    assert pack_digest(elsewhere) == pack_digest(packs)
    extra = tmp_path / "department"
    write(extra / "dept/pack.yaml", "id: dept\n")
    assert pack_digest(packs, [extra]) != pack_digest(packs)  # extra packs are part of what is shown


def test_the_extra_pack_folders_and_the_working_folder_are_part_of_the_key(
    paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept(paths)
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working folder
    assert StartCache(paths).cached_library() is None


def test_nothing_is_kept_when_the_packs_change_during_the_start(paths: Paths) -> None:
    cache = StartCache(paths)
    library = cache.library()
    write(paths.packs / "base/trees/detainer.yaml", TREE.replace("A detainer arrived", "A detainer came"))
    cache.save(library)
    assert not paths.library_cache.exists() and not paths.start_index.exists()


# -- entries that are damaged or not this user's -----------------------------------------------------
@pytest.mark.parametrize("entry", ["start_index", "library_cache"])
@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: data.replace(MAGIC, b"brightline cache 0\n"),
        lambda data: b"",
        lambda data: MAGIC + b"{}\n" + data,
        lambda data: data + b" ",
    ],
    ids=["cut short", "one bit", "another format", "empty", "a second header", "one byte more"],
)
def test_a_damaged_entry_is_not_used(paths: Paths, entry: str, damage) -> None:  # type: ignore[no-untyped-def]
    fresh = kept(paths)
    path: Path = getattr(paths, entry)
    path.write_bytes(damage(path.read_bytes()))
    cache = StartCache(paths)
    assert (cache.start_index() if entry == "start_index" else cache.cached_library()) is None
    assert cache.library() == fresh


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("entry", ["start_index", "library_cache"])
def test_a_pipe_a_link_or_a_giant_in_place_of_an_entry_is_not_read(paths: Paths, entry: str, tmp_path: Path) -> None:
    """A planted named pipe would block the start; a link could lead anywhere; a sparse giant would
    cost its size in memory before anything was checked."""
    fresh = kept(paths)
    path: Path = getattr(paths, entry)
    giant = tmp_path / "giant"  # sparse: 300 MB that take no room on disk
    with giant.open("wb") as stream:
        stream.truncate(300 * 1024 * 1024)
    for plant in ("pipe", "link", "giant"):
        path.unlink()
        if plant == "pipe":
            os.mkfifo(path)
        elif plant == "link":
            path.symlink_to(giant)
        else:
            giant.rename(path)
        cache = StartCache(paths)
        assert (cache.start_index() if entry == "start_index" else cache.cached_library()) is None, plant
        assert cache.library() == fresh


def test_an_entry_made_with_another_key_is_not_used(paths: Paths) -> None:
    kept(paths)
    for path in (paths.start_index, paths.library_cache):
        header, body = path.read_bytes()[len(MAGIC) :].split(b"\n", 1)
        kind = json.loads(header)["kind"]
        made_for = json.loads(header)["made_for"]
        path.write_bytes(seal(kind, pack_digest(paths.packs), made_for, body, b"k" * 32))
        assert read_entry(path, kind, pack_digest(paths.packs), made_for, b"k" * 32) is not None  # well formed
    cache = StartCache(paths)
    assert cache.start_index() is None and cache.cached_library() is None


def test_the_key_is_the_users_own_and_a_doubtful_one_is_replaced(paths: Paths) -> None:
    kept(paths)
    key = paths.cache_key
    assert key.parent != paths.cache and key.stat().st_size == 32
    if hasattr(os, "getuid"):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        assert stat.S_IMODE(key.parent.stat().st_mode) & 0o077 == 0
        key.chmod(0o644)  # anyone could read it, and so forge entries: it is not trusted
        old = key.read_bytes()
        assert StartCache(paths).cached_library() is None
        kept(paths)  # the next write makes a new key, readable by the user alone
        assert key.read_bytes() != old and stat.S_IMODE(key.stat().st_mode) == 0o600


def test_without_a_key_nothing_of_the_users_is_read(paths: Paths) -> None:
    kept(paths)
    paths.cache_key.unlink()
    cache = StartCache(paths)
    assert cache.start_index() is None and cache.cached_library() is None


def test_a_cache_that_cannot_be_written_costs_only_time(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = paths.data.parent / "a-file"
    blocker.write_text("where the cache folder should be")
    monkeypatch.setenv("BRIGHTLINE_CACHE_DIR", str(blocker / "cache"))
    blocked = resolve_paths()
    cache = StartCache(blocked)
    library = cache.library()
    cache.save(library)
    assert library.packs and StartCache(blocked).cached_library() is None


# -- the shipped start index (`brightline prepare`) --------------------------------------------------
def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_prepare_writes_the_shipped_index_beside_the_packs(paths: Paths, user_folders: dict[str, Path]) -> None:
    code, out, _err = run_cli("prepare")
    assert code == 0 and str(paths.shipped_start_index) in out
    assert StartCache(paths).start_index() == StartIndex.of(load_library(paths.packs))
    for folder in user_folders.values():
        assert not folder.exists() or not list(folder.iterdir())  # nothing of a user's is made


def test_the_shipped_index_is_found_wherever_the_program_is_installed(
    paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_shipped_index(paths, load_library(paths.packs))
    installed = tmp_path / "opt" / "decision_trees"
    shutil.copytree(paths.packs, installed)
    for file in installed.rglob("*"):
        os.utime(file, ns=(1_000_000_000, 1_000_000_000))  # an install sets its own times
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(installed))
    assert StartCache(resolve_paths()).start_index() == StartIndex.of(load_library(installed))
    monkeypatch.setenv("BRIGHTLINE_PACKS", str(tmp_path / "department"))  # not with extra packs
    assert StartCache(resolve_paths()).start_index() is None


def test_the_listing_changes_with_any_change_to_a_file_though_its_size_and_time_are_put_back(packs: Path) -> None:
    before = pack_listing(packs)
    tree = packs / "base" / "trees" / "detainer.yaml"
    info = tree.stat()
    tree.write_text(tree.read_text().replace("A detainer arrived", "A detainer arrivel"))
    os.utime(tree, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert tree.stat().st_size == info.st_size
    assert pack_listing(packs) != before  # its change time moved, which no user can set back
    assert pack_sizes(packs) == pack_sizes(packs) != ""


def test_a_shipped_index_after_a_change_that_kept_every_size_is_painted_then_the_library_tells(
    paths: Paths,
) -> None:
    write_shipped_index(paths, load_library(paths.packs))
    tree = paths.packs / "base" / "trees" / "detainer.yaml"
    tree.write_text(tree.read_text().replace("A detainer arrived", "A detainer arrivel"))
    cache = StartCache(paths)
    painted = cache.start_index()
    assert painted is not None  # the names and sizes are as shipped: the first screen paints from it
    library = cache.library()  # the guidance: always from the exact bytes
    assert library.packs["base"].trees["detainer"].title == "A detainer arrivel"
    assert painted != StartIndex.of(library)  # what the window then shows instead


def test_prepare_refuses_packs_with_problems(paths: Paths) -> None:
    write(paths.packs / "base/trees/detainer.yaml", TREE.replace("next: decline", "next: nowhere"))
    code, _out, err = run_cli("prepare")
    assert code == 1
    assert "nowhere" in err and "no start index written" in err
    assert not paths.shipped_start_index.exists()


def test_the_library_on_demand_is_loaded_once_and_says_so_once(packs: Path) -> None:
    from brightline.core.startcache import LibraryOnDemand

    loads: list[Library] = []
    heard: list[Library] = []

    def load() -> Library:
        loads.append(load_library(packs))
        return loads[-1]

    library = LibraryOnDemand(load)
    library.when_loaded(heard.append)
    assert library.loaded() is None and not loads  # asking whether it is loaded loads nothing
    first = library.get()
    assert library.get() is first and library.loaded() is first
    assert loads == [first] and heard == [first]
    given = LibraryOnDemand(first)
    given.when_loaded(heard.append)
    assert given.get() is first and heard == [first]
