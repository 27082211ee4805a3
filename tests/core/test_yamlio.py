"""The YAML readers give the same result.

Packs are read line by line (`yamlblock`, tests/core/test_yamlblock.py) when written in the block
style, else by libyaml (the C parser of ruamel.yaml.clib) when the file stays inside the plain
subset of YAML that packs use, and by ruamel.yaml's pure-Python reader otherwise (and when the C
extension is missing); "the fast reader" below is the first two together. These tests read every shipped pack file, generated packs and a set of edge
cases with both and compare everything: values, types, and the line of every mapping, key, list and
item. They also pin what the fast reader must hand over to the pure one, and that reading never
constructs an object from a tag.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest

from brightline.core import yamlio
from brightline.core.library import load_library
from brightline.core.yamlio import LineDict, LineList, YamlProblem, parse_text, read_yaml

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "decision_trees"
SHIPPED_FILES = sorted(p for p in SHIPPED.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())

needs_c = pytest.mark.skipif(not yamlio.c_reader_available(), reason="the C extension _ruamel_yaml is missing")


def shape(data: Any) -> Any:
    """Everything read_yaml returns, lines included, as plain values; types are checked exactly."""
    if isinstance(data, LineDict):
        assert type(data) is LineDict and set(data.key_lines) == set(data)
        return ("map", data.line, [(key, data.key_lines[key], shape(value)) for key, value in data.items()])
    if isinstance(data, LineList):
        assert type(data) is LineList and len(data.item_lines) == len(data)
        return ("seq", data.line, [(line, shape(value)) for line, value in zip(data.item_lines, data, strict=True)])
    assert data is None or type(data) is str, f"unexpected {type(data).__name__}: {data!r}"
    return data


def outcome(text: str, fast: bool) -> Any:
    """What reading `text` gives: the data's shape, or the problem's code, line and parameters."""
    try:
        return shape(parse_text(text, fast=fast))
    except YamlProblem as exc:
        return ("problem", exc.code, exc.line, exc.params)


def fast_only(text: str) -> Any:
    """The fast reader's own result (no fallback); fails the test when it hands the text over."""
    try:
        return shape(yamlio._parse_fast(text))
    except yamlio._NotPlain:
        pytest.fail("the fast reader handed this text to the pure one:\n" + text[:400])


def _read_line_by_line(text: str) -> bool:
    """Whether `yamlblock`, the first reader, takes `text` itself."""
    from brightline.core.yamlblock import NotBlock, read_block_yaml

    try:
        read_block_yaml(text, LineDict, LineList)
    except NotBlock:
        return False
    return not yamlio._unusual(text)


def hands_over(text: str) -> bool:
    """Whether the fast reader hands `text` to the pure one (a refusal of its own, such as an alias,
    is an answer, not a hand-over)."""
    try:
        yamlio._parse_fast(text)
    except yamlio._NotPlain:
        return True
    except YamlProblem:
        return False
    return False


# -- every shipped file, and generated packs ----------------------------------------------------


def test_every_shipped_file_is_found() -> None:
    assert len(SHIPPED_FILES) > 100


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="ruamel.yaml.clib is for CPython")
def test_the_install_has_the_fast_reader() -> None:
    # pyproject.toml asks for ruamel.yaml.clib; without it packs load ten times slower and the
    # tests marked needs_c would skip, so its absence must fail here instead.
    assert yamlio.c_reader_available()


@needs_c
@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: str(p.relative_to(SHIPPED)))
def test_shipped_file_reads_the_same_with_both_readers(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    # The fast reader takes every shipped file itself (or start-up would be slow again) ...
    fast = fast_only(text)
    # ... and gives exactly what the pure-Python reader gives, lines included.
    assert fast == outcome(text, fast=False)


@needs_c
def test_shipped_files_read_the_same_with_windows_line_ends_and_a_byte_order_mark() -> None:
    for path in SHIPPED_FILES[::7]:
        text = path.read_bytes().decode("utf-8")
        for variant in (text.replace("\n", "\r\n"), "\ufeff" + text):
            assert fast_only(variant) == outcome(variant, fast=False), path


@needs_c
def test_generated_packs_read_the_same_with_both_readers(tmp_path: Path) -> None:
    import gen_packs

    gen_packs.write_library(tmp_path, 600, big_tree=150)
    files = sorted(tmp_path.rglob("*.yaml"))
    assert len(files) > 15
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert fast_only(text) == outcome(text, fast=False), path


# -- edge cases -----------------------------------------------------------------------------------

# Text the fast reader takes itself: it must read it exactly as the pure reader does.
FAST_CASES = {
    "null-like and empty scalars": "a: ~\nb: null\nc:\nd: Null\ne: NULL\nf: ''\ng: \"\"\nh: '~'\ni: \"null\"\nj: nULL\n",
    "booleans stay text": "a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\ng: y\nh: n\n",
    "numbers stay text": "a: 1.10\nb: 010\nc: 0x1F\nd: 1e3\ne: .inf\nf: -.NaN\ng: 1_000\nh: +1\ni: 0o17\nj: 1:20\n",
    "dates stay text": "a: 2018-01-01\nb: 2018-01-01T10:00:00Z\nc: 2001-12-14 21:59:43.10 -5\n",
    "quoted": "a: 'it''s'\nb: \"x y\"\nc: 'multi\n  line\n\n  para'\nd: \"two\n  lines\"\n",
    "block scalars": "a: |\n  line one\n    indented\n\n  after blank\nb: >\n  folded\n  text\n\n  para\n\n"
    "    more indented\n  back\nc: |-\n  strip\n\n\nd: |+\n  keep\n\n\ne: >2\n   indent indicator\nf: x\n",
    "block scalar at the end of the file": "a: |\n  x\n\n\n",
    "block scalar keeping the last breaks": "a: |+\n  x\n\n",
    "block scalar starting with an empty line": "a: |\n\n  x\n",
    "folded with more indented lines": "a: >-\n  one\n   two\n  three\n\n\n  four\n",
    "plain over several lines": "a: one\n  two\n\n  three\nb: x #comment\nc: x# not comment\n",
    "lists and null items": "- \n- a\n-\n\n- b\n- # c\n- c\n",
    "flow sequences over lines": "a: [\n  one,\n  two\n  ,\n  three\n]\nb: [x,\n  y,\n\n  z]\n",
    "flow items holding a colon": "cite: [sb54:7284.6-a-1-b, truth-act:7283.1-b]\nb: [a:b,c:d , e]\n"
    "c:\n  - [x:y]\n  - [p, q:r:s]\n",
    "lists without indentation": "a:\n- x\n- y\nb:\n  - z\n",
    "comments everywhere": "# c\na: 1 # c\n# c\nb:\n  # c\n  - x # c\n  # c\n  - y\n",
    "empty values": "a:\nb: 1\nc:\n  d:\n  e: 1\n",
    "lists of mappings": "items:\n  - id: a\n    t: 1\n\n  - id: b\n    t: 2\n  -\n    id: c\n",
    "lists in lists": "-\n  - a\n  - b\n-\n  - c\n",
    "explicit keys": "? a\n: b\n? |\n  block key\n: c\n",
    "keys that look like numbers": "010: a\n0x1: b\n1.0: c\n1.00: d\n'': e\n",
    "indicators inside plain text": "a: -x\nb: ?x\nc: :x\nd: x:y\ne: '@x'\nf: x%\ng:h: c\nh: http://x.y/z#frag\n",
    "document markers": "---\na: 1\n",
    "nothing at all": "",
    "only a comment": "# nothing\n",
    "a list document": "- a\n- b\n",
    "windows line ends": "a: 1\r\nb: |\r\n  x\r\n  y\r\nc: 3\r\n",
    "byte order mark": "\ufeffa: 1\n",
    "text past ASCII": "a: café — ü § 7284.6\nb: 日本 😀\n",
    "merge-like text that is not a merge key": "a: <<\n'<<': b\n\"=\": c\nd: =\n",
}

# Text the fast reader must hand over: the pure reader's result (or problem) is the answer.
HANDED_OVER = {
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "duplicate key, nested": "top:\n  x: 1\n  y:\n    z: 1\n  x: 2\n",
    "duplicate key, quoted": "a: 1\n'a': 2\n",
    "duplicate key in a list item": "- a: 1\n  a: 2\n",
    "null keys": "~: a\nnull: b\n",
    "anchors and aliases": "base: &b\n  x: 1\nother: *b\n",
    "merge keys": "base: &b\n  x: 1\n  y: 2\nthing:\n  <<: *b\n  y: 3\n",
    "recursive alias": "a: &x\n  - *x\n",
    "python tags": "a: !!python/object:os.system ls\nb: !!python/object/apply:os.system [ls]\n",
    "custom tags": "a: !custom value\nb: !custom [1, 2]\nc: !custom {x: 1}\n",
    "standard tags": "a: !!str 123\nb: !!int 12\nd: !!bool yes\ne: !!null ''\nf: !!binary aGVsbG8=\n",
    "directives": "%YAML 1.1\n---\na: yes\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "document end markers": "a: 1\n...\n...\n",
    "complex keys": "? [a, b]\n: c\n",
    "flow mappings": "a: {x: 1, y: [a, b], z}\n",
    "single-pair mappings in a flow sequence": "b: [a: 1, b]\n",
    "question mark in a flow sequence": "a: [x?y, z]\n",
    "tabs": "a:\n\tb: 1\n",
    "tab after a colon": "b:\t1\n",
    "backslash escapes": 'a: "tab\\there \\u00e9"\n',
    "escaped quote the pure reader refuses": 'a: "\\\'"\n',
    "YAML 1.1 line breaks": "a: x\x85y\nb: x\u2028y\n",
    "control characters": "a: x\x07y\n",
    "comment right after a block header": "a: |#+\n  x\n\n",
    "block scalar whose first line is spaces": "a: |\n \n  x\n",
    "a scalar document": "|+\n# not a comment here\n\n",
    "an empty document": "---\n",
    "syntax error": "a: 1\n b: 2\n",
    "unclosed quote": "a: 'oops\nb: 2\n",
    "colon item in a flow sequence over lines": "a: [x,\n  y:z]\n",
    "colon item that is not in a flow sequence": "a: see [x:y] here\nb: |\n  [p:q]\n",
}


@needs_c
@pytest.mark.parametrize("name", FAST_CASES)
def test_edge_case_read_by_the_fast_reader(name: str) -> None:
    text = FAST_CASES[name]
    assert fast_only(text) == outcome(text, fast=False)


@needs_c
@pytest.mark.parametrize("name", HANDED_OVER)
def test_edge_case_handed_to_the_pure_reader(name: str) -> None:
    text = HANDED_OVER[name]
    if _read_line_by_line(text):  # yamlblock reads a few of them, exactly as the pure reader
        assert fast_only(text) == outcome(text, fast=False)
        return
    assert hands_over(text)
    assert outcome(text, fast=True) == outcome(text, fast=False)


def test_null_like_scalars_and_text() -> None:
    data = parse_text(FAST_CASES["null-like and empty scalars"])
    assert [data[k] for k in "abcde"] == [None] * 5
    assert [data[k] for k in "fghij"] == ["", "", "~", "null", "nULL"]
    assert parse_text(FAST_CASES["booleans stay text"]) == dict(
        zip("abcdefgh", "yes no on off true False y n".split(), strict=True)
    )
    assert parse_text(FAST_CASES["numbers stay text"])["a"] == "1.10"
    assert parse_text(FAST_CASES["dates stay text"])["a"] == "2018-01-01"


@pytest.mark.parametrize("fast", [True, False])
def test_duplicate_keys_name_both_lines(fast: bool) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_text("top:\n  x: 1\n  y: 2\n  x: 3\n", fast=fast)
    assert (caught.value.code, caught.value.line, caught.value.params) == (
        "yaml.duplicate_key",
        4,
        {"key": "x", "first_line": 2},
    )


@pytest.mark.parametrize("fast", [True, False])
def test_tags_never_construct_objects(fast: bool) -> None:
    data = parse_text(HANDED_OVER["python tags"] + "c: !!python/object/new:dict {x: 1}\n", fast=fast)
    assert data["a"] == "ls" and data["b"] == ["ls"] and data["c"] == {"x": "1"}
    assert type(data["c"]) is LineDict


@pytest.mark.parametrize("fast", [True, False])
def test_very_deep_nesting_is_a_problem_not_a_crash(fast: bool) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_text("a: " + "[" * 400 + "]" * 400 + "\n", fast=fast)
    assert (caught.value.code, caught.value.line, caught.value.params) == ("yaml.too_deep", 1, {"limit": 64})


def test_moderate_nesting_reads_the_same() -> None:
    text = "a: " + "[" * 100 + "x" + "]" * 100 + "\n"
    assert outcome(text, fast=True) == outcome(text, fast=False)


@needs_c
def test_random_edits_of_pack_files_read_the_same() -> None:
    """Small random edits of real pack files (a fixed seed): whenever the fast reader takes the
    result, the pure reader gives the same. (Where ruamel.yaml itself fails on a placement of
    comments, the fast reader may read what the pure one cannot: that is not compared.)"""
    rng = random.Random(20240611)
    sources = [p.read_text(encoding="utf-8") for p in SHIPPED_FILES if p.stat().st_size < 4000][:40]
    sources += list(FAST_CASES.values())
    pieces = list(" :-?[]{},#'\"|>&*!%@`\n~.09az") + [
        "  ",
        "\n  ",
        "\n- ",
        ": ",
        "- ",
        "? ",
        " #c",
        "[a:b, c]",
        "[x]",
        "|\n",
        ">-\n",
        "{a: b}",
        "---\n",
        "...\n",
        "a:b",
        "[ :b ]",
        "<<: ",
        "null",
        "=",
        "\r\n",
        "\t",
    ]
    compared = 0
    for _ in range(400):
        text = rng.choice(sources)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            if rng.random() < 0.6:
                text = text[:at] + rng.choice(pieces) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 3) :]
        if hands_over(text):
            continue
        pure = outcome(text, fast=False)
        if isinstance(pure, tuple) and pure[0] == "problem" and "layout of comments" in str(pure[3]):
            continue
        assert outcome(text, fast=True) == pure, repr(text)
        compared += 1
    assert compared > 100


# -- without the C extension ----------------------------------------------------------------------


def _summary(root: Path) -> Any:
    library = load_library(root)
    return sorted(p.format() for p in library.problems), {
        pack_id: sorted(
            (t.id, n.id, n.where.line, tuple(n.cite)) for t in pack.trees.values() for n in t.nodes.values()
        )
        for pack_id, pack in library.packs.items()
    }


def test_without_the_c_extension_the_pure_reader_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    files = SHIPPED_FILES[::5]
    with_c = [shape(read_yaml(path)) for path in files]
    library_with_c = _summary(SHIPPED)
    # As if ruamel.yaml.clib were not installed: `import _ruamel_yaml` fails.
    monkeypatch.setitem(sys.modules, "_ruamel_yaml", None)
    yamlio._c_reader.cache_clear()
    try:
        assert not yamlio.c_reader_available()
        assert not hands_over(FAST_CASES["flow items holding a colon"])  # yamlblock needs no C
        assert hands_over(FAST_CASES["plain over several lines"])  # ... and libyaml is not there
        assert [shape(read_yaml(path)) for path in files] == with_c
        assert _summary(SHIPPED) == library_with_c
    finally:
        monkeypatch.undo()
        yamlio._c_reader.cache_clear()


# -- limits: the same refusal, at the same line, from both readers --------------------------------


def alias_bomb(levels: int) -> str:
    """The 'billion laughs': each level a list of nine aliases of the one before (9**levels items)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


REFUSED = {
    "alias bomb, 7 levels": (alias_bomb(7), ("yaml.alias", 2, {"alias": "a0"})),
    "alias bomb, 9 levels": (alias_bomb(9), ("yaml.alias", 2, {"alias": "a0"})),
    "an alias without its anchor": ("a: x\nb: *nowhere\n", ("yaml.alias", 2, {"alias": "nowhere"})),
    "a merge key": ("base: &b\n  x: 1\nthing:\n  <<: *b\n", ("yaml.alias", 4, {"alias": "b"})),
    "nesting one level too deep": ("a: " + "[" * 64 + "]" * 64 + "\n", ("yaml.too_deep", 1, {"limit": 64})),
    "deep block lists": (
        "".join("  " * i + "-\n" for i in range(70)),
        ("yaml.too_deep", 65, {"limit": 64}),
    ),
    "a long line": ("a: b\nc: " + "x" * 10_001 + "\n", ("yaml.long_line", 2, {"length": 10_004, "limit": 10_000})),
    "a long text": (
        "a: b\nc: |\n" + "  xxxxxxxxx\n" * 10_001,
        ("yaml.long_text", 2, {"length": 100_010, "limit": 100_000}),
    ),
}


@pytest.mark.parametrize("name", REFUSED)
@pytest.mark.parametrize("fast", [True, False])
def test_limits_are_refused_alike_by_both_readers(name: str, fast: bool) -> None:
    text, expected = REFUSED[name]
    assert outcome(text, fast=fast) == ("problem", *expected)


def test_an_alias_bomb_is_small_and_never_expanded() -> None:
    text = alias_bomb(9)
    assert len(text.encode()) < 600  # 9**9 = 387 million strings, were it expanded
    assert outcome(text, fast=True) == outcome(text, fast=False)


def test_nesting_up_to_the_limit_reads_the_same() -> None:
    text = "a: " + "[" * 63 + "x" + "]" * 63 + "\n"
    assert fast_only(text) == outcome(text, fast=False)


@needs_c
def test_the_pure_reader_reads_a_limited_share_of_one_pack() -> None:
    slow = yamlio.SlowReading()
    escaped = 'a: "tab\\there"\n' + "# padding\n" * 6000  # the escape sends it to the pure reader
    while slow.left >= len(escaped):
        assert parse_text(escaped, slow=slow) == {"a": "tab\there"}
    with pytest.raises(YamlProblem) as caught:
        parse_text(escaped, slow=slow)
    assert (caught.value.code, caught.value.line) == ("yaml.slow", 1)
    assert parse_text("a: plain\n", slow=slow) == {"a": "plain"}  # the fast reader is not limited
