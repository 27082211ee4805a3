"""Safe YAML reading for packs.

Every scalar is read as text: `no`, `yes`, `1.10` and `2018-01-01` stay exactly as written, so
nothing in a pack silently turns into a boolean, a float or a date. Duplicate keys are errors
that name both lines. Nodes keep their line numbers so that every problem can point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

MAX_FILE_BYTES = 1024 * 1024


class YamlProblem(Exception):
    """A file could not be read as a pack YAML file; `line` is 1-based (0 when unknown)."""

    def __init__(self, code: str, line: int, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.params = params


class _TextConstructor(RoundTripConstructor):
    def construct_as_text(self, node: Any) -> str:
        return str(self.construct_scalar(node))

    def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
        if key in mapping:
            first = next(
                (k for k, _ in node.value if k is not key_node and getattr(k, "value", None) == key_node.value),
                None,
            )
            first_line = first.start_mark.line + 1 if first is not None else node.start_mark.line + 1
            raise YamlProblem("yaml.duplicate_key", key_node.start_mark.line + 1, key=str(key), first_line=first_line)
        return True


for _tag in ("int", "float", "bool", "timestamp"):
    _TextConstructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _TextConstructor.construct_as_text)


def _new_yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _TextConstructor
    return yaml


def read_yaml(path: Path) -> Any:
    """Read one pack file; raise YamlProblem for anything that is not clean UTF-8 YAML."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem("file.unreadable", 0, reason=exc.strerror or str(exc)) from exc
    if size > MAX_FILE_BYTES:
        raise YamlProblem("file.too_large", 0, size=size, limit=MAX_FILE_BYTES)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem("file.unreadable", 0, reason=exc.strerror or str(exc)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem("file.not_utf8", line, offset=exc.start) from exc
    try:
        return _new_yaml().load(text)
    except YamlProblem:
        raise
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        reason = (exc.problem or exc.context or "not valid YAML").strip()
        raise YamlProblem("yaml.syntax", line, reason=reason) from exc
    except YAMLError as exc:
        raise YamlProblem("yaml.syntax", 0, reason=str(exc).strip().splitlines()[0]) from exc


def line_of_key(mapping: Any, key: str, default: int = 0) -> int:
    """1-based line of `key` in a mapping read by read_yaml (default when unknown)."""
    if isinstance(mapping, CommentedMap):
        try:
            return int(mapping.lc.key(key)[0]) + 1
        except (KeyError, TypeError):
            pass
    return default


def line_of(node: Any, default: int = 0) -> int:
    """1-based line where a mapping or sequence starts."""
    if isinstance(node, (CommentedMap, CommentedSeq)):
        try:
            return int(node.lc.line) + 1
        except (AttributeError, TypeError):
            pass
    return default


def line_of_item(seq: Any, index: int, default: int = 0) -> int:
    """1-based line of item `index` in a sequence."""
    if isinstance(seq, CommentedSeq):
        try:
            return int(seq.lc.item(index)[0]) + 1
        except (KeyError, TypeError, IndexError):
            pass
    return default


@dataclass(frozen=True)
class Where:
    """Where a problem or an object comes from: file (relative for display), line, node."""

    file: str
    line: int = 0
    node: str = ""
