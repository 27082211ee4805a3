"""The first of the YAML readers of `yamlio`: the block style packs are written in, line by line.

Packs are written in a small part of YAML (decision_trees/README.md): block mappings and lists,
one-line plain and quoted texts, `|` and `>` blocks, one-line `[a, b]` lists, comments. This reader
takes exactly that, line by line with plain string operations, and builds the same LineDict /
LineList / str / None, lines included, as the other readers. Whenever a file steps outside it (a
text over several lines, a flow list over several lines, keep chomping `|+`, an indentation
indicator, a quoted key, a duplicate key, anything it does not expect) it raises NotBlock and
`yamlio` hands the file to libyaml, then to the pure-Python reader, exactly as before.

It exists for the cold load budget (DESIGN.md: load and validate every shipped pack in under
100 ms): libyaml's events come to Python as ruamel.yaml objects, three Python constructors each,
and importing ruamel.yaml for them costs more than this whole reader; reading the shipped packs
through it takes a quarter of the instructions (tests/benchmarks/README.md). It is checked against
the pure-Python reader, the reference, on every shipped file, on generated packs, on edge cases and
on random edits (tests/core/test_yamlblock.py). It keeps nothing: there is no cache here.

The caller (`yamlio._parse_fast`) has already refused what every fast reader refuses: tabs,
backslashes, control characters and line breaks that YAML 1.1 reads differently; texts over
yamlio.MAX_TEXT_CHARS are left to the other readers, which report them.
"""

from __future__ import annotations

import bisect
import operator
from typing import Any

# Deeper nesting is handed over: the other readers report it (yamlio.MAX_DEPTH).
MAX_DEPTH = 64
# Plain texts the other readers read as null (their YAML 1.2 and 1.1 resolvers agree on these).
_NULL_TEXTS = frozenset(("", "~", "null", "Null", "NULL"))
# A plain text never starts with these (indicators, quotes, anchors, tags, reserved characters);
# `-` is taken when something other than a space follows it.
_NOT_PLAIN_START = frozenset("?:,[]{}#&*!|>'\"%@`")
# Keys handed over: null keys, the merge key, and a dash alone.
_ODD_KEYS = _NULL_TEXTS | {"<<", "-"}
# Letters and digits: a plain text starting with one needs no check of its first character.
_PLAIN_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class NotBlock(Exception):
    """The text steps outside the block style this reader takes; `line` is where (1-based)."""

    def __init__(self, line: int = 0) -> None:
        super().__init__(line)
        self.line = line


def read_block_yaml(text: str, line_dict: type, line_list: type) -> Any:
    """The document as `line_dict` / `line_list` (yamlio's LineDict / LineList) / str / None, or
    NotBlock. A document is a block mapping, or nothing at all (None)."""
    if "\r" in text or text.startswith("\ufeff"):
        raise NotBlock(1)
    return _Reader(text.split("\n"), line_dict, line_list).document()


class _Reader:
    """One document being read: its lines, each line's indentation and text after it, and the
    lines that hold content (neither blank nor a comment), in order."""

    __slots__ = ("lines", "bodies", "indents", "content", "line_dict", "line_list", "depth")

    def __init__(self, lines: list[str], line_dict: type, line_list: type) -> None:
        self.lines = lines
        self.bodies = bodies = [line.lstrip(" ") for line in lines]
        self.indents = list(map(operator.sub, map(len, lines), map(len, bodies)))
        self.content = [index for index, body in enumerate(bodies) if body and body[0] != "#"]
        self.line_dict = line_dict
        self.line_list = line_list
        self.depth = 0

    def document(self) -> Any:
        content = self.content
        if not content:
            return None
        first = content[0]
        if self.indents[first] != 0 or self.bodies[first][:1] == "-":
            raise NotBlock(first + 1)
        root, after = self.mapping(0, 0, "")
        if after != len(content):
            raise NotBlock(content[after] + 1)
        return root

    # Positions below are indexes into `content` (the k-th content line), not line numbers.

    def nested(self, at: int, parent: int, in_mapping: bool) -> tuple[Any, int]:
        """The value that follows a `key:` or `-` with nothing after it, from content position
        `at`: a block mapping or list indented more than `parent` (a list may also stand at the
        key's own indentation), or null."""
        content = self.content
        if at == len(content):
            return None, at
        index = content[at]
        indent = self.indents[index]
        body = self.bodies[index]
        dash = body[:1] == "-" and body[1:2] in (" ", "")
        if indent > parent:
            return self.sequence(at, indent) if dash else self.mapping(at, indent, "")
        if in_mapping and indent == parent and dash:
            return self.sequence(at, indent)
        return None, at

    def mapping(self, at: int, indent: int, first: str) -> tuple[Any, int]:
        """A block mapping whose keys stand at `indent`, from content position `at` on; `first` is
        the first line's text when it follows a list item's `- ` (else the line is read as it
        stands). Returns the mapping and the position after it."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise NotBlock(self.content[at] + 1)
        content, bodies, indents = self.content, self.bodies, self.indents
        count = len(content)
        result = self.line_dict()
        key_lines: dict[str, int] = {}
        result.key_lines = key_lines
        result.line = content[at] + 1
        body = first
        while at < count:
            index = content[at]
            if body:
                first = ""
            else:
                body = bodies[index]
                here = indents[index]
                if here != indent or body[0] == "-" and body[1:2] in (" ", ""):
                    if here < indent or here == indent:  # a list at a key's indentation ends here
                        break
                    raise NotBlock(index + 1)
            split = body.find(": ")
            if split < 0:
                if body[-1] != ":":
                    raise NotBlock(index + 1)
                key, value = body[:-1].rstrip(" "), ""
            else:
                key, value = body[:split].rstrip(" "), body[split + 2 :].lstrip(" ")
            if (
                key in key_lines
                or key in _ODD_KEYS
                or key[0] in _NOT_PLAIN_START
                or key[0] == "-"
                and key[1:2] in (" ", "")
                or " #" in key
            ):
                raise NotBlock(index + 1)  # the other readers name both lines of a duplicate key
            key_lines[key] = index + 1
            body = ""
            if not value or value[0] == "#":
                result[key], at = self.nested(at + 1, indent, True)
            elif value[0] in "|>":
                result[key], at = self.block_text(index, indent, value)
            else:
                if value[0] in _PLAIN_START and " #" not in value and ": " not in value and value[-1] not in ": ":
                    result[key] = None if value in _NULL_TEXTS else value  # the usual line, in short
                else:
                    result[key] = self.scalar(value, index)
                at += 1
                if at < count and indents[content[at]] > indent:
                    raise NotBlock(content[at] + 1)  # the text goes on on the next line
        self.depth -= 1
        return result, at

    def sequence(self, at: int, indent: int) -> tuple[Any, int]:
        """A block list whose dashes stand at `indent`, from content position `at` on; returns the
        list and the position after it."""
        self.depth += 1
        content, bodies, indents = self.content, self.bodies, self.indents
        if self.depth > MAX_DEPTH:
            raise NotBlock(content[at] + 1)
        count = len(content)
        result = self.line_list()
        item_lines: list[int] = []
        result.item_lines = item_lines
        result.line = content[at] + 1
        while at < count:
            index = content[at]
            here = indents[index]
            body = bodies[index]
            if here != indent or body[0] != "-" or body[1:2] not in (" ", ""):
                if here <= indent:
                    break
                raise NotBlock(index + 1)
            rest = body[1:].lstrip(" ")
            item_lines.append(index + 1)
            if not rest or rest[0] == "#":
                value, at = self.nested(at + 1, indent, False)
                if value is not None:  # a mapping or a list: its own first line
                    item_lines[-1] = value.line
            elif rest[0] == "-" and rest[1:2] in (" ", ""):
                raise NotBlock(index + 1)  # a list in a list on one line
            elif rest[0] in "|>":
                value, at = self.block_text(index, indent, rest)
            elif rest[0] not in "'\"[{" and (": " in rest or rest[-1] == ":"):
                value, at = self.mapping(at, here + len(body) - len(rest), rest)
            else:
                value = self.scalar(rest, index)
                at += 1
                if at < count and indents[content[at]] > indent:
                    raise NotBlock(content[at] + 1)  # the text goes on on the next line
            result.append(value)
        self.depth -= 1
        return result, at

    # -- texts --------------------------------------------------------------------------------------

    def scalar(self, value: str, index: int) -> Any:
        """A text that stands on line `index`: plain, quoted, or a flow list `[a, b]`."""
        start = value[0]
        if start == "'" or start == '"':
            text, end = _quoted(value, index)
            _nothing_after(value, end, index)
            return text
        if start == "[":
            return self.flow_list(value, index)
        if start in _NOT_PLAIN_START or start == "-" and value[1:2] in (" ", ""):
            raise NotBlock(index + 1)
        comment = value.find(" #")
        if comment >= 0:
            value = value[:comment]
        value = value.rstrip(" ")
        if ": " in value or value[-1] == ":":
            raise NotBlock(index + 1)
        return None if value in _NULL_TEXTS else value

    def flow_list(self, value: str, index: int) -> Any:
        """`[a, 'b', c:d]` on one line: plain items are read as YAML 1.2 reads them (a colon not
        followed by a space is part of the text). Anything nested, empty or spread over lines is
        handed over."""
        if self.depth >= MAX_DEPTH:
            raise NotBlock(index + 1)
        close = value.find("]")
        inner = value[1:close]
        if close < 0 or "'" in inner or '"' in inner:
            items = self.flow_items(value, index)
        else:
            _nothing_after(value, close + 1, index)
            if not inner.strip(" "):
                items = []
            else:
                if ": " in inner or " #" in inner or "[" in inner or "{" in inner or "}" in inner:
                    raise NotBlock(index + 1)
                items = [item.strip(" ") for item in inner.split(",")]
                for position, item in enumerate(items):
                    if not item or item[0] in _NOT_PLAIN_START or item[-1] == ":" or item[:2] == "- " or item == "-":
                        raise NotBlock(index + 1)
                    if item in _NULL_TEXTS:
                        items[position] = None
        result = self.line_list(items)
        result.line = index + 1
        result.item_lines = [index + 1] * len(items)
        return result

    def flow_items(self, value: str, index: int) -> list[Any]:
        """The items of a flow list holding quoted items, read one character run at a time."""
        items: list[Any] = []
        at = 1
        end = len(value)
        while True:
            while at < end and value[at] == " ":
                at += 1
            if at == end:
                raise NotBlock(index + 1)  # the list goes on on the next line
            char = value[at]
            if char == "]" and not items:
                at += 1
                break
            if char == "'" or char == '"':
                text, at = _quoted(value, index, at)
                items.append(text)
            else:
                stop = at
                while stop < end and value[stop] not in ",]":
                    stop += 1
                item = value[at:stop].rstrip(" ")
                if (
                    not item
                    or stop == end
                    or item[0] in _NOT_PLAIN_START
                    or item[0] == "-"
                    and item[1:2] in (" ", "")
                    or ": " in item
                    or " #" in item
                    or item[-1] == ":"
                    or any(char in item for char in "[]{}'\"")
                ):
                    raise NotBlock(index + 1)
                items.append(None if item in _NULL_TEXTS else item)
                at = stop
            while at < end and value[at] == " ":
                at += 1
            if at == end:
                raise NotBlock(index + 1)
            if value[at] == "]":
                at += 1
                break
            if value[at] != ",":
                raise NotBlock(index + 1)
            at += 1
            rest = value[at:].lstrip(" ")
            if rest[:1] in ("]", ","):
                raise NotBlock(index + 1)  # a trailing or doubled comma
        _nothing_after(value, at, index)
        return items

    def block_text(self, index: int, parent: int, header: str) -> tuple[str, int]:
        """A `|` (literal) or `>` (folded) text whose header is `header` on line `index`; its lines
        must be indented more than `parent`. Clip and strip (`-`) chomping; keep (`+`), an
        indentation indicator and folded lines indented further are handed over. Returns the text
        and the content position after it."""
        style = header[0]
        chomp = header[1:2]
        rest = header[2:] if chomp == "-" else header[1:]
        if chomp == "+" or rest.strip(" ") and not (rest[0] == " " and rest.lstrip(" ").startswith("#")):
            raise NotBlock(index + 1)
        lines, bodies, indents = self.lines, self.bodies, self.indents
        count = len(lines)
        start = index + 1
        at = start
        while at < count and not bodies[at]:
            at += 1
        if at == count:
            raise NotBlock(index + 1)
        width = indents[at]
        if width <= parent or any(lines[i] for i in range(start, at)):
            raise NotBlock(index + 1)  # an empty text, or leading blank lines holding spaces
        end = at
        while end < count:
            if bodies[end]:
                if indents[end] < width:
                    break
            elif len(lines[end]) > width:
                raise NotBlock(end + 1)  # a blank line holding more spaces than the indentation
            end += 1
        last = end
        while not bodies[last - 1]:
            last -= 1
        content = [line[width:] for line in lines[start:last]]
        if style == "|":
            text = "\n".join(content)
        else:
            pieces: list[str] = []
            empty = 0
            for line in content:
                if not line:
                    empty += 1
                    continue
                if line[0] == " ":
                    raise NotBlock(index + 1)
                pieces.append("\n" * empty if empty or not pieces else " ")
                pieces.append(line)
                empty = 0
            text = "".join(pieces)
        # Clipping keeps the last line's break, when the file has one after it.
        text = text + "\n" if chomp != "-" and last < count else text
        return text, bisect.bisect_left(self.content, end)


def _quoted(value: str, index: int, start: int = 0) -> tuple[str, int]:
    """The quoted text that opens at `start` and closes on the same line ('' stands for ' in single
    quotes; the caller has refused backslashes), and the index after its closing quote."""
    quote = value[start]
    at = start + 1
    while True:
        close = value.find(quote, at)
        if close < 0:
            raise NotBlock(index + 1)  # it goes on on the next line
        if quote == "'" and value[close + 1 : close + 2] == "'":
            at = close + 2
            continue
        text = value[start + 1 : close]
        return (text.replace("''", "'") if quote == "'" else text), close + 1


def _nothing_after(value: str, at: int, index: int) -> None:
    """Only spaces, then perhaps a comment, may follow a quoted text or a flow list."""
    rest = value[at:]
    if rest and (rest[0] != " " or rest.lstrip(" ")[:1] not in ("", "#")):
        raise NotBlock(index + 1)
