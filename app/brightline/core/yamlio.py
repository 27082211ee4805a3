"""Safe YAML reading for packs.

Every scalar is read as text: `no`, `yes`, `1.10` and `2018-01-01` stay exactly as written, so
nothing in a pack silently turns into a boolean, a float or a date. Duplicate keys are errors
that name both lines. Nodes keep their line numbers so that every problem can point at a line.

Three readers give the same result, each taking what the one before hands over:

- `yamlblock` reads the block style packs are written in, line by line (every shipped file); it
  hands over anything else, and needs neither ruamel.yaml nor its C extension;
- the fast one reads the events of libyaml (the C parser of ruamel.yaml.clib, module
  `_ruamel_yaml`) and builds LineDict / LineList / str / None from them directly. It takes only
  the plain subset of YAML that packs are written in, and whenever a file steps outside it
  (anchors, tags, complex or duplicate keys, flow mappings, directives, several documents, tabs,
  backslashes, unusual line breaks, any error) it gives up and says so;
- the pure-Python round-trip reader of ruamel.yaml, which reads everything else, reports every
  error (with the messages and lines authors know) and is the reference for the other two.

The C parser implements YAML 1.1, packs are YAML 1.2: in a flow sequence, `[sb54:7284.4-a]` is
one plain scalar in YAML 1.2 but an error in libyaml 0.1.7. Such items are quoted before the C
parser sees them (`['sb54:7284.4-a']`, same line, same text) and each one is checked to have come
back as a quoted item of a flow sequence at exactly the place it was quoted; otherwise the file
goes to the pure reader. No tag can make any reader build an object of its choosing: the fast
readers refuse tags, and the pure one has no constructors for Python objects (unknown tags are kept
as text, mappings and lists).

The readers hold a hostile file to the same limits, with the same words and lines: an alias is
refused where it stands (before it is looked up, so a few hundred bytes can never stand for
gigabytes), and so is nesting deeper than MAX_DEPTH, a line longer than MAX_LINE_CHARS and a text
longer than MAX_TEXT_CHARS. The pure reader being slow, one pack may give it at most
MAX_SLOW_CHARS (`SlowReading`).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from brightline.core import yamlblock
from brightline.core.packfiles import FileRefused, PackFile, read_file

# Limits that keep a hostile file from costing much time or memory, the same in both readers (no
# shipped pack nests deeper than about 6 levels, has a line over 600 characters or a text over
# 5,000). Aliases are refused outright: a few hundred bytes of them can stand for gigabytes.
MAX_DEPTH = 64
MAX_LINE_CHARS = 10_000
MAX_TEXT_CHARS = 100_000
# The pure-Python reader is about 25 times slower than libyaml (tests/benchmarks/README.md): with
# libyaml at hand, one pack may give the pure reader at most this many characters, so that a pack
# written to need it cannot make loading take minutes (`SlowReading`). Without libyaml everything
# goes to the pure reader, and only the limits of `brightline.core.packfiles` bound the time.
MAX_SLOW_CHARS = 256 * 1024


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while packs are read. Reading builds hundreds of
    thousands of small containers that form no cycles, and each collection on the way walks all of
    them again: pausing made reading a large library a third faster. Reference counting still
    frees everything as usual; only the search for cycles waits until the end."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class YamlProblem(Exception):
    """A file could not be read as a pack YAML file; `line` is 1-based (0 when unknown)."""

    def __init__(self, code: str, line: int, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.params = params


@lru_cache(maxsize=1)
def _yaml_classes() -> tuple[Any, Any, Any, Any, Any]:
    """ruamel.yaml, imported on first parse only: a start from the library cache reads no YAML."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

    class LimitedComposer(Composer):
        """The pure reader's composer, with the fast reader's limits and words: no alias (refused
        before it is looked up, so one never stands for its anchor's node), no collection deeper
        than MAX_DEPTH (`self.depth` counts the collections around the node), no text longer
        than MAX_TEXT_CHARS."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            line = event.start_mark.line + 1
            if isinstance(event, AliasEvent):
                raise YamlProblem("yaml.alias", line, alias=event.anchor)
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)) and self.depth >= MAX_DEPTH:
                raise YamlProblem("yaml.too_deep", line, limit=MAX_DEPTH)
            if isinstance(event, ScalarEvent) and len(event.value) > MAX_TEXT_CHARS:
                raise YamlProblem("yaml.long_text", line, length=len(event.value), limit=MAX_TEXT_CHARS)
            return super().compose_node(parent, index)

    class TextConstructor(RoundTripConstructor):
        def construct_as_text(self, node: Any) -> str:
            return str(self.construct_scalar(node))

        def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
            if key in mapping:
                first = next(
                    (k for k, _ in node.value if k is not key_node and getattr(k, "value", None) == key_node.value),
                    None,
                )
                first_line = first.start_mark.line + 1 if first is not None else node.start_mark.line + 1
                raise YamlProblem(
                    "yaml.duplicate_key", key_node.start_mark.line + 1, key=str(key), first_line=first_line
                )
            return True

    for tag in ("int", "float", "bool", "timestamp"):
        TextConstructor.add_constructor(f"tag:yaml.org,2002:{tag}", TextConstructor.construct_as_text)
    return YAML, CommentedMap, CommentedSeq, TextConstructor, LimitedComposer


def _new_yaml() -> Any:
    yaml_class, _, _, constructor, composer = _yaml_classes()
    yaml = yaml_class(typ="rt", pure=True)
    yaml.Constructor = constructor
    yaml.Composer = composer
    return yaml


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping read from YAML that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):  # type: ignore[type-arg]
    """A sequence read from YAML that remembers the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


def _plain(node: Any) -> Any:
    """ruamel's round-trip objects as LineDict / LineList / str / None."""
    _, CommentedMap, CommentedSeq, _, _ = _yaml_classes()  # noqa: N806
    if isinstance(node, CommentedMap):
        out = LineDict()
        out.line = int(node.lc.line) + 1
        out.key_lines = {}
        for key, value in node.items():
            text = str(key)
            out[text] = _plain(value)
            try:
                out.key_lines[text] = int(node.lc.key(key)[0]) + 1
            except (KeyError, TypeError):
                out.key_lines[text] = out.line
        return out
    if isinstance(node, CommentedSeq):
        seq = LineList(_plain(item) for item in node)
        seq.line = int(node.lc.line) + 1
        seq.item_lines = []
        for index in range(len(node)):
            try:
                seq.item_lines.append(int(node.lc.item(index)[0]) + 1)
            except (KeyError, TypeError, IndexError):
                seq.item_lines.append(seq.line)
        return seq
    if node is None:
        return None
    return str(node)


class _NotPlain(Exception):
    """The fast reader met something outside the plain subset of YAML it takes: use the pure one.
    `line`: where (1-based), when known; 0 when not."""

    def __init__(self, line: int = 0) -> None:
        super().__init__(line)
        self.line = line


class SlowReading:
    """How much more of one pack the pure-Python reader may still read (see MAX_SLOW_CHARS)."""

    def __init__(self) -> None:
        self.left = MAX_SLOW_CHARS

    def spend(self, text: str, line: int) -> None:
        """Count `text` against the allowance, or raise YamlProblem when it is spent."""
        if _c_reader() is None:  # everything is read slowly then: there is nothing to choose
            return
        if len(text) > self.left:
            raise YamlProblem("yaml.slow", line or _first_unusual_line(text), limit=MAX_SLOW_CHARS)
        self.left -= len(text)


# Bytes that may appear anywhere: LF, CR (as CRLF, checked apart), printable ASCII but the
# backslash (the escapes of the two readers differ), and every byte of a multi-byte character
# (checked apart). Tabs and other control characters are read differently or refused.
_ORDINARY_BYTES = bytes(b for b in range(256) if b in (10, 13) or (0x20 <= b <= 0x7E and b != 0x5C) or b >= 0x80)
_ASCII_BYTES = bytes(range(128))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[bytes], re.Pattern[str], re.Pattern[str]]:
    """The patterns of the fast reader, compiled on first use (a start from the snapshot reads no
    YAML and need not pay for them)."""
    return (
        # Characters past ASCII that YAML 1.1 reads as line breaks (U+0085, U+2028, U+2029), other
        # C1 controls, a byte order mark after the start, non-characters.
        re.compile("[\x80-\x9f\u2028\u2029\ufeff\ufffe\uffff]"),
        # A block scalar header followed by a comment without a space, or by a line of spaces only.
        re.compile(rb"[|>][-+0-9]*(?:#| *(?:#[^\n]*)?\r?\n +\r?\n)"),
        # A flow sequence on one line holding no nested collection, quote or comment; and in it an
        # item holding ':' (a citation, `[sb54:7284.4-a]`): plain text in YAML 1.2, an error for
        # libyaml 0.1.7. The item starts with a letter or digit, holds no space, quote, '#', '?',
        # backslash or flow indicator, does not end in ':', and a ',' or ']' follows it.
        re.compile(r"\[[^\[\]{}#'\"\n]*\]"),
        re.compile(r"[\[,] *([A-Za-z0-9][^\s,\[\]{}#'\"?\\:]*:[^\s,\[\]{}#'\"?\\]*(?<!:))(?= *[,\]])"),
    )


# Plain scalars the pure reader resolves to null (its YAML 1.2 and 1.1 resolvers agree on these).
_NULL_TEXTS = frozenset(("", "~", "null", "Null", "NULL"))


@lru_cache(maxsize=1)
def _c_reader() -> tuple[Any, ...] | None:
    """libyaml's parser and the event classes it returns, or None when the C extension is missing."""
    try:
        # A plain import, so that PyInstaller sees the extension module and bundles it.
        from _ruamel_yaml import CParser  # type: ignore[import-not-found]
        from ruamel.yaml.error import YAMLError
        from ruamel.yaml.events import (
            DocumentEndEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
            StreamEndEvent,
        )
    except ImportError:
        return None
    return (
        CParser,
        YAMLError,
        ScalarEvent,
        MappingStartEvent,
        SequenceStartEvent,
        MappingEndEvent,
        SequenceEndEvent,
        DocumentEndEvent,
        StreamEndEvent,
    )


def c_reader_available() -> bool:
    """Whether the fast reader (libyaml, through the `_ruamel_yaml` extension) can be used."""
    return _c_reader() is not None


def _unusual(text: str, data: bytes | None = None) -> bool:
    """Whether `text` (whose UTF-8 bytes are `data`, when the caller has them) holds anything the
    readers may read differently (then the pure one reads it). Byte operations and plain
    searches: a regular expression over every character of a large file would cost as much as a
    tenth of parsing it."""
    if data is None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: only the pure reader says what it makes of it
            return True
    if data.translate(None, _ORDINARY_BYTES):
        return True
    unusual_wide, odd_block_header, _, _ = _patterns()
    if not text.isascii():
        wide = data.translate(None, _ASCII_BYTES).decode("utf-8")  # the multi-byte characters alone
        if unusual_wide.search(wide, 1 if text.startswith("\ufeff") else 0):
            return True
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return True
    if data.startswith((b"%", b"...")) or b"\n%" in data or b"\n..." in data:
        return True
    for indicator in (b"|", b">"):
        at = data.find(indicator)
        while at != -1:
            if odd_block_header.match(data, at):
                return True
            at = data.find(indicator, at + 1)
    return False


def _quote_flow_colon_items(text: str) -> tuple[str, set[tuple[int, int]]]:
    """`text` with every flow item holding ':' (see _patterns) put in single quotes, and where each
    opening quote is in the new text as (0-based line, column)."""
    _, _, simple_flow_sequence, flow_colon_item = _patterns()
    pieces: list[str] = []
    places: set[tuple[int, int]] = set()
    done = scanned = line = line_start = 0
    quotes_on_line = 0  # items quoted so far on `line`: each moved what follows by two columns
    for flow in simple_flow_sequence.finditer(text):
        if ":" not in flow.group():
            continue
        for match in flow_colon_item.finditer(text, flow.start(), flow.end()):
            start, end = match.span(1)
            breaks = text.count("\n", scanned, start)
            if breaks:
                line += breaks
                line_start = text.rfind("\n", scanned, start) + 1
                quotes_on_line = 0
            scanned = start
            places.add((line, start - line_start + 2 * quotes_on_line))
            quotes_on_line += 1
            pieces += (text[done:start], "'", text[start:end], "'")
            done = end
    if not pieces:
        return text, places
    pieces.append(text[done:])
    return "".join(pieces), places


def _parse_fast(text: str, data: bytes | None = None) -> Any:
    """The document as LineDict / LineList / str / None, read by `yamlblock` when it takes the
    file, else from libyaml's events; raises _NotPlain for anything the pure reader must read (see
    the module docstring). `data`: the text's UTF-8 bytes, when the caller has them."""
    if _unusual(text, data):
        raise _NotPlain
    if len(text) <= MAX_TEXT_CHARS:  # else a text in it may be over the limit: the others say so
        try:
            return yamlblock.read_block_yaml(text, LineDict, LineList)
        except yamlblock.NotBlock:
            pass
    classes = _c_reader()
    if classes is None:
        raise _NotPlain
    (
        c_parser,
        yaml_error,
        scalar_event,
        mapping_start,
        sequence_start,
        mapping_end,
        sequence_end,
        document_end,
        stream_end,
    ) = classes
    long_texts = len(text) > MAX_TEXT_CHARS  # else no text in it can be over the limit
    text, quoted = _quote_flow_colon_items(text)
    try:
        return _build(
            c_parser(text).get_event,
            quoted,
            long_texts,
            scalar_event,
            mapping_start,
            sequence_start,
            mapping_end,
            sequence_end,
            document_end,
            stream_end,
        )
    except (yaml_error, ValueError) as exc:  # not valid for libyaml: the pure reader says why
        mark = getattr(exc, "problem_mark", None)
        raise _NotPlain(mark.line + 1 if mark is not None else 0) from exc


def _build(
    next_event: Callable[[], Any],
    quoted: set[tuple[int, int]],
    long_texts: bool,
    scalar_event: type,
    mapping_start: type,
    sequence_start: type,
    mapping_end: type,
    sequence_end: type,
    document_end: type,
    stream_end: type,
) -> Any:
    """One document from an event stream, without recursion (the stack is a list). YamlProblem for
    an alias, nesting deeper than MAX_DEPTH and (when `long_texts`) a text longer than
    MAX_TEXT_CHARS, as the pure reader says them."""
    next_event()  # stream start
    event = next_event()
    if event.__class__ is stream_end:
        return None
    if event.version is not None or event.tags:  # document start with directives
        raise _NotPlain(event.start_mark.line + 1)
    null_texts = _NULL_TEXTS
    root: Any = None
    stack: list[tuple[Any, Any, bool, bool]] = []
    # The LineDict or LineList being filled (None at the top), its key_lines or item_lines, whether
    # it is a mapping, whether it is inside a flow collection; the key waiting for its value.
    container: Any = None
    lines: Any = None
    in_map = in_flow = False
    key: str | None = None
    key_line = 0
    while True:
        event = next_event()
        kind = event.__class__
        if kind is scalar_event:
            mark = event.start_mark
            if event.anchor is not None or event.ctag is not None:
                raise _NotPlain(mark.line + 1)
            value = event.value
            style = event.style
            if long_texts and len(value) > MAX_TEXT_CHARS:
                raise YamlProblem("yaml.long_text", mark.line + 1, length=len(value), limit=MAX_TEXT_CHARS)
            if not style:  # plain
                if value in null_texts:
                    value = None
            elif quoted and style == "'" and (mark.line, mark.column) in quoted:
                if not in_flow:
                    raise _NotPlain(mark.line + 1)
                quoted.discard((mark.line, mark.column))
            if in_map:
                if key is None:
                    # Null, merge and repeated keys: the pure reader's rules and messages.
                    if value is None or value in container or (value == "<<" and not style):
                        raise _NotPlain(mark.line + 1)
                    key = value
                    key_line = mark.line + 1
                else:
                    container[key] = value
                    lines[key] = key_line
                    key = None
            elif container is not None:
                line = mark.line + 1
                container.append(value)
                lines.append(line)
            else:  # the document is one scalar (never a pack file; libyaml reads some differently)
                raise _NotPlain(mark.line + 1)
        elif kind is mapping_end or kind is sequence_end:
            container, lines, in_map, in_flow = stack.pop()
        elif kind is mapping_start or kind is sequence_start:
            line = event.start_mark.line + 1
            if event.anchor is not None or event.ctag is not None:
                raise _NotPlain(line)
            if len(stack) == MAX_DEPTH:
                raise YamlProblem("yaml.too_deep", line, limit=MAX_DEPTH)
            flow = event.flow_style is True
            node: Any
            node_lines: Any
            if kind is mapping_start:
                if flow or in_flow:  # flow mappings and `[a: b]` read differently in YAML 1.1
                    raise _NotPlain(line)
                node = LineDict()
                node_lines = node.key_lines = {}
            else:
                node = LineList()
                node_lines = node.item_lines = []
            node.line = line
            if in_map:
                if key is None:  # a mapping or a list as a key
                    raise _NotPlain(line)
                container[key] = node
                lines[key] = key_line
                key = None
            elif container is not None:
                container.append(node)
                lines.append(line)
            else:
                root = node
            stack.append((container, lines, in_map, in_flow))
            container, lines, in_map, in_flow = node, node_lines, kind is mapping_start, in_flow or flow
        elif kind is document_end:
            break
        else:  # an alias: refused, as the pure reader refuses it
            raise YamlProblem("yaml.alias", event.start_mark.line + 1, alias=event.anchor)
    if next_event().__class__ is not stream_end or quoted:  # another document; a quote gone astray
        raise _NotPlain
    return root


def _parse_pure(text: str) -> Any:
    """The document read by ruamel.yaml's pure-Python round-trip reader; YamlProblem when invalid."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _plain(_new_yaml().load(text))
    except YamlProblem:
        raise
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        reason = (exc.problem or exc.context or "not valid YAML").strip()
        raise YamlProblem("yaml.syntax", line, reason=reason) from exc
    except YAMLError as exc:  # a ReaderError (a character YAML never allows) has a position, not a mark
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 0
        raise YamlProblem("yaml.syntax", line, reason=str(exc).strip().splitlines()[0]) from exc
    except RecursionError as exc:  # cannot happen within MAX_DEPTH; kept as the last guard
        raise YamlProblem("yaml.too_deep", 0, limit=MAX_DEPTH) from exc
    except NotImplementedError as exc:  # ruamel.yaml gives up on some placements of comments
        raise YamlProblem("yaml.syntax", 0, reason="the YAML reader cannot read this layout of comments") from exc


def parse_text(text: str, fast: bool = True, slow: SlowReading | None = None, data: bytes | None = None) -> Any:
    """A YAML document as LineDict / LineList / str / None; YamlProblem when it is not valid or
    over a limit (MAX_LINE_CHARS, MAX_TEXT_CHARS, MAX_DEPTH, aliases; `slow`: what the pure reader
    may still read of this pack). `fast=False` uses the pure-Python reader only (the fast ones
    give the same result). `data`: the text's UTF-8 bytes, when the caller has them."""
    _check_lines(text)
    if fast:
        try:
            return _parse_fast(text, data)
        except _NotPlain as exc:
            if slow is not None:
                slow.spend(text, exc.line)
    return _parse_pure(text)


def _check_lines(text: str) -> None:
    """YamlProblem for the first line longer than MAX_LINE_CHARS (the pure reader scans a long
    line slowly, and no author writes one)."""
    if len(text) <= MAX_LINE_CHARS:
        return
    lengths = list(map(len, text.split("\n")))
    if max(lengths) > MAX_LINE_CHARS:
        index, length = next((i, n) for i, n in enumerate(lengths) if n > MAX_LINE_CHARS)
        raise YamlProblem("yaml.long_line", index + 1, length=length, limit=MAX_LINE_CHARS)


def _first_unusual_line(text: str) -> int:
    """The line of the first character the fast reader never takes (`_ORDINARY_BYTES`); 0 if none."""
    data = text.encode("utf-8", "surrogatepass")
    odd = set(data.translate(None, _ORDINARY_BYTES))
    if not odd:
        return 0
    at = min(data.find(bytes((byte,))) for byte in odd)
    return data.count(b"\n", 0, at) + 1


def read_yaml(path: Path | PackFile, digest_into: Any = None, slow: SlowReading | None = None) -> Any:
    """Read one pack file (a path, or a file as `brightline.core.packfiles` listed it) as LineDict /
    LineList / str / None; raise YamlProblem for anything that is not clean UTF-8 YAML or that
    `packfiles.read_file` refuses (a link, not a regular file, too large). `digest_into` (a
    hashlib object) receives the file's bytes, or the refusal; `slow` is what the pure-Python reader
    may still read of the file's pack (`parse_text`)."""
    shown = path.location if isinstance(path, PackFile) else path  # the text of its path, as listed
    try:
        raw = read_file(path)
    except FileRefused as exc:
        if digest_into is not None:
            digest_into.update(f"{shown}:{exc.code}:{sorted(exc.params.items())}".encode())
        raise YamlProblem(exc.code, 0, **exc.params) from exc
    if digest_into is not None:
        digest_into.update(str(shown).encode() + b"\0" + raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem("file.not_utf8", line, offset=exc.start) from exc
    return parse_text(text, slow=slow, data=raw)


def line_of_key(mapping: Any, key: str, default: int = 0) -> int:
    """1-based line of `key` in a mapping read by read_yaml (default when unknown)."""
    if isinstance(mapping, LineDict):
        return mapping.key_lines.get(key, default)
    return default


def line_of(node: Any, default: int = 0) -> int:
    """1-based line where a mapping or sequence starts."""
    if isinstance(node, (LineDict, LineList)):
        return node.line
    return default


def line_of_item(seq: Any, index: int, default: int = 0) -> int:
    """1-based line of item `index` in a sequence."""
    if isinstance(seq, LineList) and 0 <= index < len(seq.item_lines):
        return seq.item_lines[index]
    return default
