"""The validated library as JSON data, and back, driven by the model's own dataclass fields.

Nothing here names a field: the classes and their fields come from the annotations of `Library`
(or another root dataclass) and of every dataclass they reach (`dataclasses.fields`,
`typing.get_type_hints`), so a field added to the model is kept and read back like the others.
A type the codec does not know makes `ModelCodec` raise `Unsupported`, and the library is then
simply not cached (the round trip test for every shipped pack says so first).

The data is one table of objects, children before parents, each object once however many packs
share it (a layered pack shares its parent's trees, nodes and sources):

    {"classes": [[name, [field, …]], …], "objects": [[class number, value, …], …]}

The last object is the root (the library). A value is what its field's annotation says: text, a whole
number, true/false, a list or a mapping of such values, or, for a model object, the number of an
earlier row of the table. Reading checks each value against the annotation and each reference
against the class it must be, and builds objects only by calling the model's own constructors;
the classes and fields the data names must be exactly those of this program.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

Encode = Callable[[Any], Any]
Decode = Callable[[Any, list[Any]], Any]


class Unsupported(TypeError):
    """The model holds a value of a type this codec does not keep."""


class _Bad(ValueError):
    pass


class ModelCodec:
    """Turns a tree of dataclass objects under `root` (a Library) into JSON bytes and back."""

    def __init__(self, root: type) -> None:
        self._root = root
        self._classes: list[type] = []
        self._number: dict[type, int] = {}
        self._fields: dict[type, list[tuple[str, Encode, Decode]]] = {}
        # For reading a row: its length, the (place, type) of its plain values, checked in line,
        # and the (place, decoder) of the others.
        self._reading: dict[type, tuple[int, list[tuple[int, type]], list[tuple[int, Decode]]]] = {}
        self._plan(root)
        self._schema = [[cls.__qualname__, [name for name, _e, _d in self._fields[cls]]] for cls in self._classes]
        self._table: list[list[Any]] = []
        self._rows: dict[int, int] = {}

    # -- the plan: an encoder and a decoder for each field of each class -------------------------
    def _plan(self, cls: type) -> None:
        if cls in self._number:
            return
        self._number[cls] = -1  # being planned (a class that contains itself still gets a number)
        try:
            hints = typing.get_type_hints(cls)
        except Exception as exc:  # noqa: BLE001 - an annotation that names what this module cannot see
            raise Unsupported(f"the annotations of {cls.__qualname__} cannot be read: {exc}") from exc
        fields = []
        plain: list[tuple[int, type]] = []
        others: list[tuple[int, Decode]] = []
        for place, field in enumerate(dataclasses.fields(cls), start=1):
            if not field.init or field.kw_only:
                # Rows are read back by calling the constructor with every field in order.
                raise Unsupported(f"{cls.__qualname__}.{field.name} is not an ordinary constructor argument")
            hint = hints[field.name]
            encode, decode = self._codec(hint)
            fields.append((field.name, encode, decode))
            if hint in _SCALARS:
                plain.append((place, hint))
            else:
                others.append((place, decode))
        self._fields[cls] = fields
        self._reading[cls] = (len(fields) + 1, plain, others)
        self._number[cls] = len(self._classes)
        self._classes.append(cls)

    def _codec(self, hint: Any) -> tuple[Encode, Decode]:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint in _SCALARS:
            return _scalar(hint)
        if hint is Any:
            return _plain, _plain_decode
        if isinstance(hint, type) and issubclass(hint, PurePath):
            return _path_encode, _path_decode
        if hint in (datetime.date, datetime.datetime):
            return _when(hint)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            self._plan(hint)
            return self._reference(hint)
        if origin is typing.Literal and all(type(a) is str for a in args):
            return _literal(frozenset(args))
        if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
            (inner,) = [a for a in args if a is not type(None)]
            return _optional(*self._codec(inner))
        if origin is list and len(args) == 1:
            return _sequence(list, *self._codec(args[0]))
        if origin in (set, frozenset) and len(args) == 1:
            return _sequence(origin, *self._codec(args[0]))
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return _sequence(tuple, *self._codec(args[0]))
        if origin is tuple and args and Ellipsis not in args:
            return _fixed_tuple([self._codec(a) for a in args])
        if origin is dict and len(args) == 2 and args[0] is str:
            return _mapping(*self._codec(args[1]))
        raise Unsupported(f"the library cache cannot keep a value of type {hint!r}")

    def _reference(self, cls: type) -> tuple[Encode, Decode]:
        def encode(value: Any) -> int:
            if value.__class__ is not cls:
                raise Unsupported(f"expected a {cls.__qualname__}, found {value.__class__.__qualname__}")
            return self._row(value)

        def decode(value: Any, objects: list[Any]) -> Any:
            if value.__class__ is not int or not 0 <= value < len(objects) or objects[value].__class__ is not cls:
                raise _Bad(f"not a reference to a {cls.__qualname__}")
            return objects[value]

        return encode, decode

    # -- writing ---------------------------------------------------------------------------------
    def _row(self, obj: Any) -> int:
        """The number of `obj`'s row, added (after its children's) when it has none yet."""
        number = self._rows.get(id(obj))
        if number is None:
            cls = obj.__class__
            row = [self._number[cls]] + [encode(getattr(obj, name)) for name, encode, _d in self._fields[cls]]
            number = self._rows[id(obj)] = len(self._table)
            self._table.append(row)
        return number

    @classmethod
    def for_library(cls) -> ModelCodec:
        from brightline.core.library import Library

        return cls(Library)

    def dumps(self, root: Any) -> bytes:
        """`root` as JSON bytes; Unsupported when it holds something the codec cannot keep."""
        if root.__class__ is not self._root:
            raise Unsupported(f"not a {self._root.__qualname__}")
        self._table, self._rows = [], {}
        try:
            self._row(root)
            data = {"classes": self._schema, "objects": self._table}
            return json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")
        finally:
            self._table, self._rows = [], {}

    # -- reading ---------------------------------------------------------------------------------
    def loads(self, body: bytes) -> Any:
        """The root object `dumps` wrote; ValueError for anything else."""
        try:
            data = json.loads(body.decode("utf-8"))
        except RecursionError as exc:
            raise ValueError("nested too deeply") from exc
        if not isinstance(data, dict) or set(data) != {"classes", "objects"} or data["classes"] != self._schema:
            raise ValueError("not made from this program's model")
        rows = data["objects"]
        if rows.__class__ is not list or not rows:
            raise ValueError("no objects")
        objects: list[Any] = []
        classes, reading = self._classes, self._reading
        for row in rows:
            if row.__class__ is not list or not row or row[0].__class__ is not int or not 0 <= row[0] < len(classes):
                raise _Bad("not an object")
            cls = classes[row[0]]
            size, plain, others = reading[cls]
            if len(row) != size:
                raise _Bad(f"a {cls.__qualname__} with other fields")
            for place, kind in plain:
                if row[place].__class__ is not kind:
                    raise _Bad(f"a {cls.__qualname__} with a value of another type")
            for place, decode in others:
                row[place] = decode(row[place], objects)
            objects.append(cls(*row[1:]))
        root = objects[-1]
        if root.__class__ is not self._root:
            raise _Bad(f"the last object is not a {self._root.__qualname__}")
        return root


# -- encoders and decoders for values that are not model objects ------------------------------------
_SCALARS = (str, int, bool, float)


def _scalar(kind: type) -> tuple[Encode, Decode]:
    def encode(value: Any) -> Any:
        if value.__class__ is not kind:
            raise Unsupported(f"expected {kind.__name__}, found {value.__class__.__name__}")
        return value

    def decode(value: Any, _objects: list[Any]) -> Any:
        if value.__class__ is not kind:
            raise _Bad(f"expected {kind.__name__}")
        return value

    return encode, decode


def _plain(value: Any) -> Any:
    """A value of type Any: kept only when it is plain JSON data that reads back equal."""
    if value is None or value.__class__ in (str, int, bool, float):
        return value
    if value.__class__ is list:
        return [_plain(item) for item in value]
    if value.__class__ is dict and all(key.__class__ is str for key in value):
        return {key: _plain(item) for key, item in value.items()}
    raise Unsupported(f"a value of type {value.__class__.__name__} where any value may be")


def _plain_decode(value: Any, _objects: list[Any]) -> Any:
    return value  # json.loads made it: plain data, nothing else


def _path_encode(value: Any) -> str:
    if not isinstance(value, PurePath):
        raise Unsupported("expected a path")
    return str(value)


def _path_decode(value: Any, _objects: list[Any]) -> Path:
    if value.__class__ is not str:
        raise _Bad("expected a path")
    return Path(value)


def _when(kind: type[datetime.date]) -> tuple[Encode, Decode]:
    def encode(value: Any) -> str:
        if value.__class__ is not kind:
            raise Unsupported(f"expected {kind.__name__}")
        return str(value.isoformat())

    def decode(value: Any, _objects: list[Any]) -> Any:
        if value.__class__ is not str:
            raise _Bad(f"expected {kind.__name__}")
        return kind.fromisoformat(value)

    return encode, decode


def _literal(allowed: frozenset[str]) -> tuple[Encode, Decode]:
    def encode(value: Any) -> str:
        if value not in allowed:
            raise Unsupported(f"{value!r} is not one of {sorted(allowed)}")
        return str(value)

    def decode(value: Any, _objects: list[Any]) -> str:
        if value.__class__ is not str or value not in allowed:
            raise _Bad("not an allowed value")
        return str(value)

    return encode, decode


def _optional(encode: Encode, decode: Decode) -> tuple[Encode, Decode]:
    return (lambda value: None if value is None else encode(value)), (
        lambda value, objects: None if value is None else decode(value, objects)
    )


def _sequence(kind: Callable[[list[Any]], Any], encode: Encode, decode: Decode) -> tuple[Encode, Decode]:
    def encode_all(value: Any) -> list[Any]:
        if not isinstance(value, (list, tuple, set, frozenset)):
            raise Unsupported(f"expected a collection, found {value.__class__.__name__}")
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [encode(item) for item in items]

    def decode_all(value: Any, objects: list[Any]) -> Any:
        if value.__class__ is not list:
            raise _Bad("expected a list")
        return kind([decode(item, objects) for item in value])

    return encode_all, decode_all


def _fixed_tuple(parts: list[tuple[Encode, Decode]]) -> tuple[Encode, Decode]:
    def encode(value: Any) -> list[Any]:
        if value.__class__ is not tuple or len(value) != len(parts):
            raise Unsupported("expected a tuple")
        return [enc(item) for (enc, _d), item in zip(parts, value, strict=True)]

    def decode(value: Any, objects: list[Any]) -> tuple[Any, ...]:
        if value.__class__ is not list or len(value) != len(parts):
            raise _Bad("expected a tuple")
        return tuple(dec(item, objects) for (_e, dec), item in zip(parts, value, strict=True))

    return encode, decode


def _mapping(encode: Encode, decode: Decode) -> tuple[Encode, Decode]:
    def encode_all(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict) or any(key.__class__ is not str for key in value):
            raise Unsupported("expected a mapping with text keys")
        return {key: encode(item) for key, item in value.items()}

    def decode_all(value: Any, objects: list[Any]) -> dict[str, Any]:
        if value.__class__ is not dict:
            raise _Bad("expected a mapping")
        return {key: decode(item, objects) for key, item in value.items()}

    return encode_all, decode_all
