"""Whatever is done to the files start-up keeps, `brightline walk` prints and the window shows what
the packs say: every kept file is flipped, truncated, replaced and forged (a validly formatted entry
with another verdict and headline, a start index with other titles), and both are compared with a
fresh load of the packs. Nothing found in the cache or data folder, old cache files included, can
run code."""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brightline.cli import main
from brightline.core.library import load_library
from brightline.core.paths import Paths, resolve_paths
from brightline.core.startcache import write_shipped_index
from brightline.core.startcache.sealed import MAGIC, seal
from brightline.core.walk import Walk
from brightline.ui.app import build, run
from brightline.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
FORGED_HEADLINE = "Hold the person for 48 hours for ICE."
FORGED_TITLE = "Nothing to see here"


@pytest.fixture
def paths(fixture_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """A copy of the fixture packs with their shipped start index, configured; data, cache and key
    in the test's own folders (tests/conftest.py)."""
    root = tmp_path / "packs"
    shutil.copytree(fixture_root, root)
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(root))
    monkeypatch.delenv("BRIGHTLINE_PACKS", raising=False)
    paths = resolve_paths()
    assert write_shipped_index(paths, load_library(root))
    return paths


def cli(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    assert code == 0, err.getvalue()
    return out.getvalue()


def walks(paths: Paths) -> list[tuple[str, str, str]]:
    """(pack, tree, answers) for every tree, answering the first option at every step."""
    found = []
    for pack_id, pack in load_library(paths.packs).packs.items():
        for tree_id, tree in pack.trees.items():
            walk, answers = Walk(tree), []
            while not walk.finished:
                walk.answer(0)
                answers.append("1")
            found.append((pack_id, tree_id, ",".join(answers)))
    return found


def printed(paths: Paths) -> list[str]:
    """What `brightline list` and `brightline walk` print, for every tree."""
    return [cli("list")] + [cli("walk", "--pack", p, "--tree", t, "--answers", a) for p, t, a in walks(paths)]


def shown(window: MainWindow) -> dict[str, Any]:
    """What the first screen shows: the packs offered, the chosen pack's banner and situations,
    the broken-pack notice."""
    header = window.header.packs
    proxy = window.picker.proxy
    return {
        "packs": [(header.itemData(i), header.itemText(i)) for i in range(header.count())],
        "chosen": header.currentData(),
        "banner": window.banner.text(),
        "situations": [proxy.index(row, 0).data() for row in range(proxy.rowCount())],
        "notice": window.notice.text() if not window.notice.isHidden() else "",
        "title": window.windowTitle(),
    }


def outcomes(window: MainWindow, paths: Paths) -> list[tuple[str, str, str]]:
    """Every tree of every pack walked through the window: the verdict banner and the outcome's text."""
    seen = []
    controller = window.controller
    chosen = controller.pack_id
    for pack_id, tree_id, answers in walks(paths):
        controller.select_pack(pack_id)
        controller.open_tree(tree_id)
        for _ in answers.split(","):
            controller.answer(0)
        assert controller.finished
        seen.append((window.outcome.banner.text(), window.outcome.body.toPlainText(), window.walk_header.title()))
        controller.close()
    controller.select_pack(chosen)  # the next window starts with the same pack (it is remembered)
    return seen


_OPEN: list[MainWindow] = []


@pytest.fixture(autouse=True)
def _close_windows() -> Any:
    """Windows stay referenced until the test ends (qtbot holds them weakly) and are closed then."""
    yield
    while _OPEN:
        window = _OPEN.pop()
        window.contact_log = None
        window.close()


def window_view(qtbot: QtBot, paths: Paths, window: MainWindow) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    qtbot.addWidget(window)
    _OPEN.append(window)
    first_paint = shown(window)
    with qtbot.waitSignal(window.built, timeout=10_000):
        pass  # the library is loaded, and what was not kept is kept again
    return first_paint, shown(window), outcomes(window, paths)


def fresh_view(qtbot: QtBot, paths: Paths) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    """The window on a library read from the packs just now, nothing kept involved."""
    window = build(paths, ["brightline"], load_library(paths.packs, list(paths.extra_packs))).window
    return window_view(qtbot, paths, window)


def started_view(qtbot: QtBot, paths: Paths) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    """The window as `brightline` starts it, from whatever is kept."""
    started = run(paths, ["brightline"], exec=False)
    assert not isinstance(started, int)
    return window_view(qtbot, paths, started.window)


# -- ways to tamper with a kept file ------------------------------------------------------------------
def split(data: bytes) -> tuple[dict[str, str], bytes]:
    header, body = data[len(MAGIC) :].split(b"\n", 1)
    return json.loads(header), body


def forge_body(kind: str, body: bytes) -> bytes:
    """The same entry, validly formatted, saying something else: every decline becomes a comply
    that holds the person; every situation and pack gets another title."""
    data = json.loads(body)
    if kind == "library":
        names = [name for name, _fields in data["classes"]]
        node_fields = data["classes"][names.index("Node")][1]
        verdict, headline = node_fields.index("verdict") + 1, node_fields.index("headline") + 1
        changed = 0
        for row in data["objects"]:
            if row[0] == names.index("Node") and row[verdict] == "decline":
                row[verdict], row[headline] = "comply", FORGED_HEADLINE
                changed += 1
        assert changed
    else:
        for pack in data["packs"]:
            pack["name"] = "Forged " + pack["name"]
            for situation in pack["situations"]:
                situation[1] = FORGED_TITLE
    return json.dumps(data).encode("utf-8")


def forged(mac: Callable[[dict[str, str]], bytes | None]) -> Callable[[bytes, Paths], bytes]:
    def tamper(data: bytes, paths: Paths) -> bytes:
        header, body = split(data)
        return seal(header["kind"], header["packs"], header["made_for"], forge_body(header["kind"], body), mac(header))

    return tamper


def keep_the_old_mac(data: bytes, paths: Paths) -> bytes:
    header, body = split(data)
    header["sha256"] = __import__("hashlib").sha256(forge_body(header["kind"], body)).hexdigest()
    return MAGIC + json.dumps(header).encode() + b"\n" + forge_body(header["kind"], body)


def flip_byte(at: float) -> Callable[[bytes, Paths], bytes]:
    def tamper(data: bytes, paths: Paths) -> bytes:
        index = int(len(data) * at)
        return data[:index] + bytes([data[index] ^ 0x20]) + data[index + 1 :]

    return tamper


def the_other_entry(data: bytes, paths: Paths) -> bytes:
    header, _body = split(data)
    other = paths.start_index if header["kind"] == "library" else paths.library_cache
    return other.read_bytes()


TAMPERINGS: dict[str, Callable[[bytes, Paths], bytes]] = {
    "a byte flipped in the header": flip_byte(0.01),
    "a byte flipped in the middle": flip_byte(0.5),
    "the last byte flipped": flip_byte(0.9999),
    "truncated": lambda data, paths: data[: len(data) // 3],
    "emptied": lambda data, paths: b"",
    "replaced by the other entry": the_other_entry,
    "forged, the old MAC kept": keep_the_old_mac,
    "forged, with an attacker's key": forged(lambda header: b"attacker" * 4),
    "forged, with no MAC (as shipped)": forged(lambda header: None),
}
USER_FILES = ("start_index", "library_cache")


def returning(paths: Paths) -> None:
    """What a returning user has: this user's entries for these packs, made by a command."""
    cli("list")
    assert paths.start_index.is_file() and paths.library_cache.is_file()


@pytest.mark.parametrize("how", TAMPERINGS)
@pytest.mark.parametrize("entry", USER_FILES)
def test_a_tampered_user_entry_never_changes_what_is_printed_or_shown(
    qtbot: QtBot, paths: Paths, entry: str, how: str
) -> None:
    expected_print, expected_window = printed(paths), fresh_view(qtbot, paths)
    returning(paths)
    path: Path = getattr(paths, entry)
    for done in range(2):  # the second time, over what the first start and command wrote again
        path.write_bytes(TAMPERINGS[how](path.read_bytes(), paths))
        first_paint, after_load, walked = started_view(qtbot, paths)
        assert first_paint == expected_window[0] and after_load == expected_window[1], done
        assert walked == expected_window[2], done
        assert FORGED_HEADLINE not in str(walked) and FORGED_TITLE not in str(first_paint)
        path.write_bytes(TAMPERINGS[how](path.read_bytes(), paths))
        assert printed(paths) == expected_print, done


def test_an_entry_kept_for_other_pack_bytes_is_not_used(qtbot: QtBot, paths: Paths) -> None:
    """This user's own, validly made entries, but for the packs as they were before an update."""
    detainer = paths.packs / "testville" / "trees" / "detainer.yaml"
    original = detainer.read_bytes()
    detainer.write_bytes(
        original.replace(b"verdict: decline", b"verdict: comply").replace(b"title: ", b"title: Old ", 1)
    )
    returning(paths)
    older = {name: getattr(paths, name).read_bytes() for name in USER_FILES}
    detainer.write_bytes(original)
    expected_print, expected_window = printed(paths), fresh_view(qtbot, paths)
    for name, data in older.items():
        getattr(paths, name).write_bytes(data)
    assert printed(paths) == expected_print
    assert started_view(qtbot, paths) == expected_window


@pytest.mark.parametrize("how", [name for name in TAMPERINGS if not name.startswith(("forged", "replaced"))])
def test_a_damaged_shipped_index_is_not_used(qtbot: QtBot, paths: Paths, how: str) -> None:
    expected = fresh_view(qtbot, paths)
    shipped = paths.shipped_start_index
    shipped.write_bytes(TAMPERINGS[how](shipped.read_bytes(), paths))
    assert started_view(qtbot, paths) == expected


def test_a_shipped_index_for_other_packs_or_from_a_users_cache_is_not_used(qtbot: QtBot, paths: Paths) -> None:
    detainer = paths.packs / "testville" / "trees" / "detainer.yaml"
    original = detainer.read_bytes()
    detainer.write_bytes(original.replace(b"title: ", b"title: Old ", 1))
    assert write_shipped_index(paths, load_library(paths.packs))  # the packs before an update
    detainer.write_bytes(original)
    expected = fresh_view(qtbot, paths)
    assert started_view(qtbot, paths) == expected
    paths.start_index.unlink()
    returning(paths)
    user_index = paths.start_index.read_bytes()
    paths.start_index.unlink()
    for planted in (user_index, forged(lambda header: None)(user_index, paths)):
        paths.shipped_start_index.write_bytes(planted)  # made for this user's folders, not the shipped packs
        assert started_view(qtbot, paths) == expected
        paths.start_index.unlink()


def test_a_forged_shipped_index_is_corrected_as_soon_as_the_library_is_loaded(qtbot: QtBot, paths: Paths) -> None:
    """The shipped index is trusted as far as the pack folder it lies in (startcache's notes):
    whoever can rewrite it can rewrite the packs. Even so, what it painted is replaced by what
    the packs say once the library has loaded, and guidance only ever comes from the library."""
    expected = fresh_view(qtbot, paths)
    shipped = paths.shipped_start_index
    shipped.write_bytes(forged(lambda header: None)(shipped.read_bytes(), paths))
    _first_paint, after_load, walked = started_view(qtbot, paths)
    assert (after_load, walked) == expected[1:]
    assert started_view(qtbot, paths) == expected  # and this user's own index is used from then on


# -- nothing kept can run code -------------------------------------------------------------------------
class _Planted:
    """Unpickles as a call to os.system, as the planted snapshot of issue 12 did."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def plant_old_caches(folder: Path, marker: Path) -> None:
    """Files named like the caches of earlier versions, made to run a command when loaded."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(_Planted(marker))
    (folder / "packs.snapshot").write_bytes(b"brightline library snapshot 1\n" + payload)
    code = compile(f"import os; os.system('touch {marker}')", "planted", "exec")
    import marshal

    (folder / "start.index").write_bytes(b"brightline start index 1\n" + marshal.dumps(code))
    (folder / "packs.json").write_text(json.dumps({"version": 2, "files": {}, "validations": {}}))
    for name in ("library.json", "start-index.json"):
        (folder / name).write_bytes(MAGIC + b'{"kind": "library"}\n' + payload)


def test_nothing_in_the_cache_or_data_folder_can_run_code(paths: Paths, tmp_path: Path) -> None:
    marker = tmp_path / "PLANTED"
    plant_old_caches(paths.cache, marker)
    plant_old_caches(paths.data / "cache", marker)  # where the caches used to live
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIGHTLINE_QUIT_WHEN_READY="built")
    for command in (["list"], ["walk", "--pack", "testville", "--tree", "detainer", "--answers", "3,1"], []):
        done = subprocess.run(
            [sys.executable, "-m", "brightline", *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        assert not marker.exists(), command
