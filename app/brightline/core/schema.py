"""A small typed reader over YAML mappings that records problems instead of raising.

Packs are read field by field: each read names the key's line, so a wrong type or an unknown
key points at the exact line an author must fix.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from brightline.core.ids import ID_RE as ID_RE  # the pack format's ids; here for the readers
from brightline.core.problems import Problem
from brightline.core.where import Where
from brightline.core.yamlio import line_of, line_of_item, line_of_key

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def is_date(text: str) -> bool:
    """Whether `text` is a real calendar date written YYYY-MM-DD."""
    match = DATE_RE.match(text)
    if not match:
        return False
    try:
        date(*(int(part) for part in match.groups()))
    except ValueError:
        return False
    return True


_KEY_SETS: dict[tuple[str, ...], frozenset[str]] = {}


def key_set(allowed: tuple[str, ...]) -> frozenset[str]:
    """`allowed` as a set (checking each key against a tuple of fifteen names was a tenth of
    reading a tree); the few key tuples of the schema are kept."""
    known = _KEY_SETS.get(allowed)
    if known is None:
        known = _KEY_SETS[allowed] = frozenset(allowed)
    return known


def type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


class Fields:
    """Reads the fields of one mapping (`what` names it in messages) and collects problems."""

    def __init__(
        self, data: Any, what: str, file: str, node: str, problems: list[Problem], allowed: tuple[str, ...]
    ) -> None:
        self.file = file
        self.node = node
        self.what = what
        self.problems = problems
        self.ok = isinstance(data, dict)
        self.data: dict[str, Any] = data if self.ok else {}
        self.line = line_of(data)
        if not self.ok:
            self.problem("schema.not_mapping", self.line, what=what, found=type_name(data))
            return
        known = key_set(allowed)
        if not known.issuperset(data):
            for key in data:
                if key not in known:
                    self.problem(
                        "schema.unknown_key", self.key_line(str(key)), key=key, what=what, allowed=", ".join(allowed)
                    )

    def where(self, line: int | None = None) -> Where:
        return Where(self.file, self.line if line is None else line, self.node)

    def problem(self, code: str, line: int, **params: Any) -> None:
        self.problems.append(Problem(code, Where(self.file, line, self.node), params))

    def key_line(self, key: str) -> int:
        return line_of_key(self.data, key, self.line)

    def text(self, key: str, required: bool = True, choices: tuple[str, ...] = ()) -> str:
        value = self.data.get(key)
        if value.__class__ is str:  # the usual case: every field of every pack is read here
            text = value.strip()
        elif value is None:
            if required and self.ok:
                self.problem("schema.missing", self.line, key=key, what=self.what)
            return ""
        elif isinstance(value, (dict, list)):
            self.problem("schema.not_text", self.key_line(key), key=key, found=type_name(value))
            return ""
        else:
            text = str(value).strip()
        if required and not text:
            self.problem("schema.empty", self.key_line(key), key=key)
        if choices and text and text not in choices:
            self.problem("schema.bad_value", self.key_line(key), key=key, value=text, allowed=", ".join(choices))
        return text

    def date(self, key: str, required: bool = True) -> str:
        """A date written YYYY-MM-DD (kept as text, like every scalar)."""
        value = self.text(key, required)
        if value and not is_date(value):
            self.problem("schema.bad_date", self.key_line(key), key=key, value=value)
        return value

    def ident(self, key: str, required: bool = True) -> str:
        value = self.text(key, required)
        if value and not ID_RE.match(value):
            self.problem("schema.bad_id", self.key_line(key), value=value)
        return value

    def text_list(self, key: str, required: bool = False, choices: tuple[str, ...] = ()) -> list[str]:
        value = self.data.get(key)
        if value is None:
            if required and self.ok:
                self.problem("schema.missing", self.line, key=key, what=self.what)
            return []
        if not isinstance(value, list):
            self.problem("schema.not_list", self.key_line(key), key=key, found=type_name(value))
            return []
        items: list[str] = []
        for index, item in enumerate(value):
            if item.__class__ is str:
                text = item.strip()
            elif item is None or isinstance(item, (dict, list)):
                line = line_of_item(value, index, self.key_line(key))
                self.problem("schema.not_text", line, key=f"{key}[{index + 1}]", found=type_name(item))
                continue
            else:
                text = str(item).strip()
            if choices and text not in choices:
                line = line_of_item(value, index, self.key_line(key))
                self.problem("schema.bad_value", line, key=key, value=text, allowed=", ".join(choices))
                continue
            items.append(text)
        return items

    def mapping(self, key: str, required: bool = False) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None:
            if required and self.ok:
                self.problem("schema.missing", self.line, key=key, what=self.what)
            return {}
        if not isinstance(value, dict):
            self.problem("schema.not_mapping", self.key_line(key), what=f"'{key}'", found=type_name(value))
            return {}
        return value

    def items(self, key: str, required: bool = False) -> list[tuple[int, Any]]:
        """The items of a list field with their lines."""
        value = self.data.get(key)
        if value is None:
            if required and self.ok:
                self.problem("schema.missing", self.line, key=key, what=self.what)
            return []
        if not isinstance(value, list):
            self.problem("schema.not_list", self.key_line(key), key=key, found=type_name(value))
            return []
        default = self.key_line(key)
        return [(line_of_item(value, i, default), item) for i, item in enumerate(value)]
