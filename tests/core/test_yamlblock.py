"""The line-by-line reader (`yamlblock`) reads what it takes exactly as the pure-Python reader does.

The pure-Python reader of ruamel.yaml is the reference. Every shipped file, generated packs, the
edge cases of test_yamlio, random edits of pack files and random documents written in the block
style are read by both: whenever the line reader takes a text, values, types and every line
(mapping, key, list, item) must be the same. It must take every shipped file (or the cold load
would be slow again), and hand over what it does not read.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from test_yamlio import FAST_CASES, HANDED_OVER, SHIPPED, SHIPPED_FILES, outcome, shape

from brightline.core import yamlio
from brightline.core.yamlblock import NotBlock, read_block_yaml


def block(text: str) -> Any:
    """The line reader's result as `shape` gives it, or None when it hands the text over."""
    try:
        return shape(read_block_yaml(text, yamlio.LineDict, yamlio.LineList))
    except NotBlock:
        return None


def same_as_pure(text: str) -> bool:
    """Whether the line reader hands `text` over, or reads it as the pure reader does. (Texts
    `yamlio` never gives it, those it finds unusual, are not asked about.)"""
    if yamlio._unusual(text):
        return True
    taken = block(text)
    if taken is None:
        return True
    pure = outcome(text, fast=False)
    if isinstance(pure, tuple) and pure[0] == "problem" and "layout of comments" in str(pure[3]):
        return True  # ruamel.yaml itself gives up on such a layout: nothing to compare with
    return bool(taken == pure)


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: str(p.relative_to(SHIPPED)))
def test_every_shipped_file_is_read_line_by_line_as_the_pure_reader_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert block(text) == outcome(text, fast=False)


def test_generated_packs_are_read_line_by_line_alike(tmp_path: Path) -> None:
    import gen_packs

    gen_packs.write_library(tmp_path, 600, big_tree=150)
    for path in sorted(tmp_path.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert block(text) == outcome(text, fast=False), path


@pytest.mark.parametrize("name", [*FAST_CASES, *HANDED_OVER])
def test_edge_cases_are_handed_over_or_read_alike(name: str) -> None:
    assert same_as_pure({**FAST_CASES, **HANDED_OVER}[name])


@pytest.mark.parametrize(
    "text",
    [
        "a: one\n  two\n",  # a plain text over two lines
        "a: 'one\n  two'\n",  # a quoted text over two lines
        "a: [x,\n  y]\n",  # a flow list over two lines
        "a: |+\n  x\n\n",  # keep chomping
        "a: |2\n   x\n",  # an indentation indicator
        "a: >\n  x\n    more\n  y\n",  # a folded text with a more indented line
        "a: 1\na: 2\n",  # a duplicate key (the others name both lines)
        "- a\n- b\n",  # a list as the document
        "a: {x: 1}\n",  # a flow mapping
        "a: &x 1\nb: *x\n",  # an anchor and an alias
        "'a': 1\n",  # a quoted key
        "a:\n  - - b\n",  # a list in a list on one line
        "a: |\nb: 1\n",  # an empty block text
        "a: 1\r\nb: 2\r\n",  # Windows line ends (libyaml reads them)
        "\ufeffa: 1\n",  # a byte order mark
    ],
)
def test_what_the_line_reader_hands_over(text: str) -> None:
    assert block(text) is None


def test_lines_of_keys_items_and_lists() -> None:
    data = read_block_yaml(
        "# c\nid: x\nnodes:\n  q:\n    options:\n      - label: A\n        next: b\n\n      -\n        label: B\n"
        "    cite: [s:1, s:2]\n    say: |\n      one\n\n      two\n",
        yamlio.LineDict,
        yamlio.LineList,
    )
    assert (data.line, data.key_lines) == (2, {"id": 2, "nodes": 3})
    options = data["nodes"]["q"]["options"]
    assert (options.line, options.item_lines) == (6, [6, 10])
    assert data["nodes"]["q"]["cite"].item_lines == [11, 11]
    assert data["nodes"]["q"]["say"] == "one\n\ntwo\n"


PIECES = [*" :-?[]{},#'\"|>&*!%@`\n~.09az", "  ", "\n  ", "\n- ", ": ", "- ", "? ", " #c", "[a:b, c]", "[x]"]
PIECES += ["|\n", ">-\n", "|-\n", ">\n", "{a: b}", "---\n", "a:b", "[ :b ]", "<<: ", "null", "\n\n", "\n    "]
PIECES += ["'", "''", "x: y\n", "- a\n", "\n  - b", ", ", "[]", "[ ]", "\n#", " # x"]


def test_random_edits_of_pack_files_are_read_alike() -> None:
    rng = random.Random(20260607)
    sources = [p.read_text(encoding="utf-8") for p in SHIPPED_FILES if p.stat().st_size < 4000][:60]
    sources += list(FAST_CASES.values())
    taken = 0
    for _ in range(1500):
        text = rng.choice(sources)
        for _ in range(rng.randint(1, 4)):
            at = rng.randint(0, len(text))
            if rng.random() < 0.6:
                text = text[:at] + rng.choice(PIECES) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 3) :]
        assert same_as_pure(text), repr(text)
        taken += block(text) is not None and not yamlio._unusual(text)
    assert taken > 300


WORDS = ["a", "b:c", "x#y", "yes", "null", "~", "1.0", "it's", "ok", "U visa", "-x", "é—§", "http://x/y", "a  b", "q?"]


class _Writer:
    """Random documents in the block style, with the turns authors take: lists at a key's
    indentation or further in, list items that open a mapping, blank and comment lines, block
    texts holding '#' lines, blank lines and more indented lines."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def plain(self) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(1, 4)))

    def scalar(self) -> str:
        rng, r = self.rng, self.rng.random()
        if r < 0.5:
            return self.plain()
        if r < 0.65:
            return "'" + self.plain().replace("'", "''") + "'"
        if r < 0.75:
            return '"' + self.plain() + '"'
        items = [
            rng.choice([self.plain(), "'q, r'", '"s"', "sb54:7284.6-a-1", "null"]) for _ in range(rng.randint(0, 4))
        ]
        return "[" + rng.choice([", ", ",", " , "]).join(items) + "]"

    def block_text(self, indent: int) -> str:
        rng = self.rng
        style = rng.choice(["|", "|-", ">", ">-"])
        width = indent + rng.randint(1, 3)
        lines = [style + rng.choice(["", "", "  # c"])]
        for _ in range(rng.randint(1, 5)):
            r = rng.random()
            if r < 0.2:
                lines.append("")
            elif r < 0.3:
                lines.append(" " * width + "# not a comment")
            elif r < 0.38 and style.startswith("|"):
                lines.append(" " * (width + 2) + self.plain())
            else:
                lines.append(" " * width + self.plain())
        return "\n".join(lines)

    def mapping(self, indent: int, depth: int, lines: list[str], first: str | None = None) -> None:
        rng = self.rng
        for n, key in enumerate(rng.sample(["id", "title", "text", "next", "do", "k:v", "x", "y"], rng.randint(1, 4))):
            lead = first if n == 0 and first is not None else " " * indent
            r = rng.random()
            if r < 0.5 or depth > 3:
                lines.append(f"{lead}{key}: {self.scalar()}" + rng.choice(["", "", " # c"]))
            elif r < 0.62:
                lines.append(f"{lead}{key}: {self.block_text(indent)}")
            elif r < 0.8:
                lines.append(f"{lead}{key}:")
                self.mapping(indent + rng.randint(1, 3), depth + 1, lines)
            else:
                lines.append(f"{lead}{key}:")
                self.sequence(indent + rng.choice([0, 2, 4]), depth + 1, lines)
            if rng.random() < 0.15:
                lines.append(rng.choice(["", " " * rng.randint(0, 6) + "# comment"]))

    def sequence(self, indent: int, depth: int, lines: list[str]) -> None:
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            r, gap = rng.random(), rng.choice([" ", " ", "  "])
            if r < 0.4 or depth > 3:
                lines.append(" " * indent + "-" + gap + self.scalar())
            elif r < 0.7:
                self.mapping(indent + 1 + len(gap), depth + 1, lines, " " * indent + "-" + gap)
            elif r < 0.8:
                lines.append(" " * indent + "-" + gap + self.block_text(indent))
            else:
                lines.append(" " * indent + "-")
                self.mapping(indent + rng.randint(1, 3), depth + 1, lines)

    def document(self) -> str:
        lines: list[str] = []
        self.mapping(0, 0, lines)
        return "\n".join(lines) + self.rng.choice(["\n", "", "\n\n"])


def test_random_block_documents_are_read_alike() -> None:
    writer = _Writer(20260608)
    taken = 0
    for _ in range(800):
        text = writer.document()
        assert same_as_pure(text), repr(text)
        taken += block(text) is not None
    assert taken > 600
