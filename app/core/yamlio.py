"""Safe YAML reading for packs.

Every scalar is read as text: `no`, `yes`, `1.10` and `2018-01-01` stay exactly as written, so
nothing in a pack silently turns into a boolean, a float or a date. Duplicate keys are errors
that name both lines. Nodes keep their line numbers so that every problem can point at a line.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 1024 * 1024


class YamlProblem(Exception):
    """A file could not be read as a pack YAML file; `line` is 1-based (0 when unknown)."""

    def __init__(self, code: str, line: int, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.params = params


@lru_cache(maxsize=1)
def _yaml_classes() -> tuple[Any, Any, Any, Any, Any]:
    """ruamel.yaml, imported on first parse only: a warm start reads the parse cache instead."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.constructor import RoundTripConstructor

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
                raise YamlProblem("yaml.duplicate_key", key_node.start_mark.line + 1, key=str(key), first_line=first_line)
            return True

    for tag in ("int", "float", "bool", "timestamp"):
        TextConstructor.add_constructor(f"tag:yaml.org,2002:{tag}", TextConstructor.construct_as_text)
    return YAML, CommentedMap, CommentedSeq, TextConstructor, None


def _new_yaml() -> Any:
    yaml_class, _, _, constructor, _ = _yaml_classes()
    yaml = yaml_class(typ="rt", pure=True)
    yaml.Constructor = constructor
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


def encode(data: Any) -> Any:
    """LineDict / LineList data as plain JSON-able values, lines included (for the parse cache)."""
    if isinstance(data, LineDict):
        return {"l": data.line, "m": [[k, data.key_lines.get(k, data.line), encode(v)] for k, v in data.items()]}
    if isinstance(data, LineList):
        return {"l": data.line, "s": [[line, encode(v)] for line, v in zip(data.item_lines, data, strict=True)]}
    return data


def decode(data: Any) -> Any:
    """The inverse of `encode`."""
    if isinstance(data, dict):
        if "m" in data:
            out = LineDict()
            out.line = data["l"]
            out.key_lines = {}
            for key, line, value in data["m"]:
                out[key] = decode(value)
                out.key_lines[key] = line
            return out
        seq = LineList(decode(v) for _, v in data["s"])
        seq.line = data["l"]
        seq.item_lines = [line for line, _ in data["s"]]
        return seq
    return data


class ParseCache:
    """Parsed pack files keyed by the SHA-256 of their bytes, kept as JSON (never pickle: data stays
    data). Parsing YAML in pure Python is the slowest part of start-up; a file whose bytes have not
    changed is not parsed again. A missing, unreadable or foreign cache is simply rebuilt."""

    VERSION = 1

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, Any] = {}
        self.validations: dict[str, Any] = {}
        self.used: set[str] = set()
        self.dirty = False
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("version") == self.VERSION:
                self.entries = stored.get("files", {})
                self.validations = stored.get("validations", {})
        except (OSError, ValueError):
            pass

    def get(self, digest: str) -> Any:
        if digest in self.entries:
            self.used.add(digest)
            return decode(self.entries[digest])
        return _MISSING

    def put(self, digest: str, data: Any) -> None:
        self.entries[digest] = encode(data)
        self.used.add(digest)
        self.dirty = True

    def save(self) -> None:
        """Write the cache (only entries used this time, so it does not grow); failures are ignored."""
        if not self.dirty:
            return
        files = {k: v for k, v in self.entries.items() if k in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps({"version": self.VERSION, "files": files,
                                             "validations": self.validations}), encoding="utf-8")
            os.replace(temporary, self.path)
            self.dirty = False
        except OSError:
            pass  # a cache that cannot be written only costs time


_MISSING = object()


def read_yaml(path: Path, cache: ParseCache | None = None, digest_into: Any = None) -> Any:
    """Read one pack file as LineDict / LineList / str / None; raise YamlProblem for anything that is
    not clean UTF-8 YAML. `digest_into` (a hashlib object) receives the file's bytes, readable or not."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem("file.unreadable", 0, reason=exc.strerror or str(exc)) from exc
    if size > MAX_FILE_BYTES:
        if digest_into is not None:
            digest_into.update(f"{path}:{size}:{path.stat().st_mtime_ns}".encode())
        raise YamlProblem("file.too_large", 0, size=size, limit=MAX_FILE_BYTES)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem("file.unreadable", 0, reason=exc.strerror or str(exc)) from exc
    if digest_into is not None:
        digest_into.update(str(path).encode() + b"\0" + raw)
    digest = hashlib.sha256(raw).hexdigest()
    if cache is not None:
        cached = cache.get(digest)
        if cached is not _MISSING:
            return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem("file.not_utf8", line, offset=exc.start) from exc
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = _plain(_new_yaml().load(text))
    except YamlProblem:
        raise
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        reason = (exc.problem or exc.context or "not valid YAML").strip()
        raise YamlProblem("yaml.syntax", line, reason=reason) from exc
    except YAMLError as exc:
        raise YamlProblem("yaml.syntax", 0, reason=str(exc).strip().splitlines()[0]) from exc
    if cache is not None:
        cache.put(digest, data)
    return data


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


@dataclass(frozen=True)
class Where:
    """Where a problem or an object comes from: file (relative for display), line, node."""

    file: str
    line: int = 0
    node: str = ""
