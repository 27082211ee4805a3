"""Packs in the window: the guidance banner, proposed policies marked, broken packs listed, the
choice of pack and of audience remembered."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brightline.core.library import load_library
from brightline.core.paths import resolve_paths
from brightline.ui.app import Started, run
from brightline.ui.main_window import MainWindow
from ui.helpers import choose_pack, open_situation, press
from ui.packs import write_fixture_packs


def test_banner_says_guidance_not_legal_advice_with_status_version_date_approver(window: MainWindow) -> None:
    text = window.banner.text()
    assert text.startswith("Guidance, not legal advice.")
    for expected in (
        "Testville Police Department",
        "Status: adopted policy",
        "version 2.1",
        "law as of 2024-03-01",
        "effective 2024-03-01",
        "approved by Testville City Council",
    ):
        assert expected in text
    assert not window.banner._warning.isVisible()


def test_packs_in_force_are_offered_first_and_proposals_are_labelled(window: MainWindow) -> None:
    combo = window.header.packs
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["Testville Police Department", "Proposalville draft policy [proposed policy]"]
    assert combo.currentData() == "testville"


def test_a_proposed_policy_is_visibly_marked(qtbot: QtBot, window: MainWindow) -> None:
    choose_pack(qtbot, window, "proposalville")
    assert window.banner._warning.isVisible()
    assert "PROPOSED POLICY" in window.banner.text()
    assert "not in force" in window.banner.text()
    assert "For study and training" in window.banner.text()
    assert "Status: proposed policy" in window.banner.text()
    assert "Proposalville" in window.windowTitle()
    # Its trees are inherited from the pack it extends and work as usual.
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)
    assert "DECLINE" in window.outcome.banner.text()
    assert "PROPOSED POLICY" in window.outcome.document_html()


def test_choosing_a_pack_closes_the_open_walk(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    choose_pack(qtbot, window, "proposalville")
    assert window.stack.currentWidget() is window.picker
    assert window.controller.walk is None


def test_the_chosen_pack_and_audience_are_remembered(
    qtbot: QtBot, open_window: Callable[..., MainWindow], data_dir: Path
) -> None:
    first = open_window()
    choose_pack(qtbot, first, "proposalville")
    first.header.audience.setCurrentIndex(first.header.audience.findData("patrol"))
    first.header.audience.activated.emit(first.header.audience.currentIndex())
    first.close()
    assert (data_dir / "settings.ini").is_file()
    second = open_window()
    assert second.header.packs.currentData() == "proposalville"
    assert second.controller.pack is not None and second.controller.pack.id == "proposalville"
    assert second.header.audience.currentData() == "patrol"
    assert second.picker.visible_tree_ids() == ["scene-assistance", "detainer"]


def test_the_users_own_situations_come_first(qtbot: QtBot, window: MainWindow) -> None:
    assert window.picker.visible_tree_ids() == ["detainer", "scene-assistance"]
    audience = window.header.audience
    audience.setCurrentIndex(audience.findData("supervisor"))
    audience.activated.emit(audience.currentIndex())
    assert window.picker.visible_tree_ids() == ["scene-assistance", "detainer"]
    window.picker.search.setFocus()
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Return)  # Enter opens the top one: the user's own
    assert window.walk_header.title() == "Agents at a scene ask for backup"
    window.controller.close()
    audience.setCurrentIndex(audience.findData("booking"))
    audience.activated.emit(audience.currentIndex())
    assert window.picker.visible_tree_ids() == ["detainer", "scene-assistance"]


def test_a_broken_pack_is_listed_and_the_others_still_work(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    fixture_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "broken-packs"
    shutil.copytree(fixture_root, root)
    shutil.copytree(root / "testville", root / "brokenville")
    manifest = root / "brokenville" / "pack.yaml"
    manifest.write_text(
        manifest.read_text()
        .replace("id: testville", "id: brokenville")
        .replace("status: adopted policy", "status: wishful thinking")
    )
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(root))
    paths = resolve_paths()
    window = open_window(load_library(paths.packs))
    notice = window.notice
    assert notice.isVisible()
    text = notice.text()
    # Plain words for an officer: which pack, that the others work; no command, no parser output.
    assert "The pack \u201cbrokenville\u201d has a problem and is left out." in text
    assert "Every other pack works as usual" in text
    assert "brightline validate" not in text and "pack.yaml" not in text
    assert window.header.packs.findData("brokenville") < 0
    details = notice.details_text()  # Details lists every problem, with its file and line
    assert "brokenville (1 problem)" in details and "pack.yaml" in details and "wishful thinking" in details
    open_situation(qtbot, window, "detainer")  # everything else works
    press(qtbot, window, Qt.Key.Key_1)
    assert "DECLINE" in window.outcome.banner.text()
    qtbot.mouseClick(notice.dismiss, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()


def test_with_no_pack_at_all_the_window_says_so(
    qtbot: QtBot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    (empty / "shared").mkdir(parents=True)
    window = open_window(load_library(empty))
    assert not window.header.packs.isEnabled()
    assert window.picker.visible_tree_ids() == []
    assert "no pack could be loaded" in window.picker._empty.text()
    assert window.banner.text() == "Guidance, not legal advice."
    qtbot.keyClicks(window.picker.search, "detainer")
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.picker


def test_unwritable_data_folder_still_opens(
    open_window: Callable[..., MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRIGHTLINE_DATA_DIR", str(blocker / "data"))
    window = open_window()
    assert window.header.packs.currentData() == "testville"
    window.close()  # saving the geometry must not fail either


def test_shipped_packs_walk_in_the_window_if_they_load(qtbot: QtBot, open_window: Callable[..., MainWindow]) -> None:
    shipped = Path(__file__).resolve().parents[2] / "decision_trees"
    library = load_library(shipped)
    if not library.packs:
        pytest.skip("no shipped pack loads yet")
    window = open_window(library)
    for pack_id, pack in library.packs.items():
        window.controller.select_pack(pack_id)
        tree_id = window.picker.visible_tree_ids()[0]
        assert tree_id in pack.trees
        window.picker.list.setFocus()
        qtbot.keyClick(window.picker.list, Qt.Key.Key_Return)
        for _ in range(len(pack.trees[tree_id].nodes)):
            if window.stack.currentWidget() is window.outcome:
                break
            press(qtbot, window, Qt.Key.Key_1)
        assert window.stack.currentWidget() is window.outcome
        assert window.outcome.banner.text().strip()
        window.controller.close()


def write_hostile_packs(folder: Path) -> dict[str, str]:
    """Extra packs, each copied from testville and spoiled one way; pack id → what the notice must say."""
    fixture = write_fixture_packs(folder.parent / "fixture-copy")
    said = {}

    def copy(pack_id: str) -> Path:
        pack = folder / pack_id
        shutil.copytree(fixture / "testville", pack)
        manifest = pack / "pack.yaml"
        manifest.write_text(manifest.read_text().replace("id: testville", f"id: {pack_id}"))
        return pack

    bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (copy("bombville") / "trees/bomb.yaml").write_text("\n".join(bomb) + "\n")
    said["bombville"] = "bomb.yaml:2: -: an alias ('*a0') is not allowed in pack files"
    (copy("loopville") / "help/up").symlink_to("..")
    said["loopville"] = "up:1: -: 'up' is a symbolic link"
    (copy("selfville") / "pack.yaml").write_text((folder / "selfville/pack.yaml").read_text() + "extends: selfville\n")
    said["selfville"] = "pack.yaml:1: -: 'extends' forms a cycle: selfville → selfville"
    return said


def test_hostile_extra_packs_are_listed_with_why_and_the_rest_work(
    qtbot: QtBot, data_dir: Path, packs_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra-packs"
    said = write_hostile_packs(extra)
    monkeypatch.setenv("BRIGHTLINE_PACKS", str(extra))
    for start in ("first", "again, from the start index"):
        started = run(resolve_paths(), ["brightline"], exec=False)
        assert isinstance(started, Started)
        window = started.window
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        notice = window.notice
        assert notice.isVisible(), start
        text = notice.text()
        assert "3 packs have problems and are left out" in text, start
        details = notice.details_text()
        for pack_id, words in said.items():
            assert f"\u201c{pack_id}\u201d" in text, (start, pack_id)
            assert f"{pack_id} (" in details and words in details, (start, pack_id)
            assert window.header.packs.findData(pack_id) < 0
        open_situation(qtbot, window, "detainer")  # the packs that load work as ever
        press(qtbot, window, Qt.Key.Key_1)
        assert "DECLINE" in window.outcome.banner.text()
        with qtbot.waitSignal(window.built, timeout=10_000, raising=False):
            pass  # the first start keeps its start index once the window is complete
        window.close()
    assert resolve_paths().start_index.is_file()
