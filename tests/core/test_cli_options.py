"""A plain start of the window reads its options without building the parser, and must read them
exactly as the parser would; anything else is left to the parser (help, errors, commands)."""

from __future__ import annotations

import pytest

from brightline.cli.main import build_parser, cmd_gui, hoist_global_options, read_window_options

PLAIN_STARTS = [
    [],
    ["gui"],
    ["--data-dir", "/data/here"],
    ["--data-dir=/data/here"],
    ["--data-dir="],
    ["--data-dir", "/first", "--data-dir", "/second"],
    ["--packs", "/a", "--packs=/b"],
    ["-v"],
    ["--verbose", "gui"],
    ["gui", "--data-dir", "/data/here"],
    ["-v", "--packs", "/a", "--data-dir", "D", "gui"],
]


@pytest.mark.parametrize("argv", PLAIN_STARTS, ids=lambda argv: " ".join(argv) or "(none)")
def test_a_plain_start_reads_as_the_parser_reads_it(argv: list[str]) -> None:
    arguments = hoist_global_options(argv)
    fast = read_window_options(arguments)
    assert fast is not None
    parsed = build_parser().parse_args(arguments)
    assert vars(fast) == vars(parsed)
    assert getattr(fast, "handler", cmd_gui) is cmd_gui


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["-h"],
        ["--version"],
        ["walk", "--pack", "x"],
        ["validate"],
        ["gui", "extra"],
        ["--data-dir"],
        ["--data-dir", "--packs", "x"],
        ["--data"],
        ["-x"],
    ],
    ids=" ".join,
)
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    assert read_window_options(hoist_global_options(argv)) is None
