"""One parser reads every command line: global options before or after the command, Qt's options
for the window, and exit codes that tell a usage error (2) from something unknown (1)."""

from __future__ import annotations

import sys

import pytest

from brightline.cli.main import main, parse


@pytest.mark.parametrize(
    ("argv", "data_dir", "packs", "verbose"),
    [
        ([], None, [], False),
        (["list", "-v"], None, [], True),
        (["-v", "list"], None, [], True),
        (["list", "--data-dir", "/d"], "/d", [], False),
        (["--data-dir=/first", "list", "--data-dir", "/second"], "/second", [], False),
        (["--packs", "/a", "list", "--packs=/b"], None, ["/a", "/b"], False),
        (["log", "list", "-v", "--data-dir", "/d"], "/d", [], True),
        (["training", "list", "--packs", "/a"], None, ["/a"], False),
        (["gui", "--verbose"], None, [], True),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_global_options_stand_before_or_after_the_command(
    argv: list[str], data_dir: str | None, packs: list[str], verbose: bool
) -> None:
    args = parse(argv)
    assert (args.data_dir, args.packs, args.verbose) == (data_dir, packs, verbose)


def test_qt_options_reach_the_window() -> None:
    args = parse(["-platform", "offscreen", "-reverse", "-style=Windows", "gui", "-stylesheet", "x.qss"])
    assert args.command == "gui"
    assert args.qt_args == ["-platform", "offscreen", "-reverse", "-style", "Windows", "-stylesheet", "x.qss"]


def test_a_plain_start_is_the_window_with_no_qt_options() -> None:
    args = parse([])
    assert args.command == "gui" and args.qt_args == [] and args.handler == "brightline.cli.window:cmd_gui"


def test_qt_options_with_another_command_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse(["-platform", "offscreen", "list"])
    assert stopped.value.code == 2
    assert "-platform is one of Qt's options, for the window; 'list' does not take it" in capsys.readouterr().err


def test_pack_is_never_read_as_an_abbreviation_of_packs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse(["self-test", "--pack", "base"])
    assert stopped.value.code == 2
    assert "unrecognized arguments: --pack base" in capsys.readouterr().err


def test_building_the_parser_imports_no_command_module() -> None:
    for name in [m for m in sys.modules if m.startswith("brightline.cli.") and m != "brightline.cli.main"]:
        del sys.modules[name]
    parse(["--data-dir", "/d", "-v"])
    assert not [m for m in sys.modules if m.startswith("brightline.cli.") and m != "brightline.cli.main"]


def test_a_missing_packs_folder_is_an_error(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "not-here"
    assert main(["list", "--packs", str(missing)]) == 1
    assert f"--packs {missing}: there is no such folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("environ", "qt_args", "platform", "blocked"),
    [
        ({}, [], "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, [], "linux", True),
        ({"DISPLAY": ":0"}, [], "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, [], "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, [], "linux", False),
        ({}, ["-platform", "offscreen"], "linux", False),
        ({}, [], "win32", False),
        ({}, [], "darwin", False),
    ],
)
def test_only_a_linux_start_with_no_display_at_all_is_stopped(
    environ: dict[str, str], qt_args: list[str], platform: str, blocked: bool
) -> None:
    from brightline.cli.window import display_problem

    assert bool(display_problem(environ, qt_args, platform)) == blocked
