"""Text fields take the text as written.

YAML 1.1 reads a plain `No`, `on`, `y` or `1984` as a boolean or a number; YAML 1.2 editors
and the JSON Schema read the first four as text. A model field that expects text (a team, an
assessor, an evidence, a key of `ratings`) takes the scalar's own text, which the loader kept
(`Document.texts`); a field that expects a number or a level keeps the number. Null (`~`,
`null`, nothing) stays null, as in every YAML version: an optional field left empty.
"""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel

from ..diagnostics import Diagnostic
from ..load.document import Document, quote

TEXT = "text"


@dataclass(frozen=True)
class _Mapping:
    text_keys: bool
    values: object  # the shape of every value


@dataclass(frozen=True)
class _List:
    items: object


def as_written(
    doc: Document, model: type[BaseModel], code: str | None = None
) -> tuple[Any, list[Diagnostic]]:
    """The document's data with every text field's value (and text key) as written, and a
    `duplicate-key` for a key that, as text, repeats another (`1: a` beside `"1": b`)."""
    walk = _Walk(doc, code, [])
    return walk.value(doc.data, ("model", model), (), ()), walk.diagnostics


@dataclass
class _Walk:
    doc: Document
    code: str | None
    diagnostics: list[Diagnostic]

    def value(self, value: Any, shape: object, here: tuple, there: tuple) -> Any:
        """`value` as `shape` reads it; `here` is its location in the new data, `there` in
        the file (they differ below a key that became text)."""
        if shape is TEXT:
            if value is not None and not isinstance(value, str | list | dict):
                written = self.doc.written(there)
                return value if written is None else written
            return value
        if isinstance(value, dict):
            if isinstance(shape, tuple):  # ("model", cls)
                return self._entries(value, _fields(shape[1]).get, False, here, there)
            if isinstance(shape, _Mapping):
                values = shape.values
                return self._entries(value, lambda _: values, shape.text_keys, here, there)
        elif isinstance(value, list) and isinstance(shape, _List):
            return [
                self.value(item, shape.items, (*here, i), (*there, i))
                for i, item in enumerate(value)
            ]
        return value

    def _entries(self, value: dict, shape_of, text_keys: bool, here: tuple, there: tuple) -> dict:
        # Runs for every mapping of every file: a value that is neither text to take as
        # written nor a mapping or list to walk is kept without building its location.
        out: dict = {}
        was: dict = {}  # key in `out` -> the key it was in the file
        for key, item in value.items():
            new_key = key
            if text_keys and key is not None and not isinstance(key, str):
                new_key = self.doc.written((*there, key), key=True) or key
                if new_key in out:
                    self._repeated(new_key, (*there, key), (*there, was[new_key]))
                    continue
                if new_key is not key:
                    self.doc.renamed[(*here, new_key)] = (*there, key)
            elif text_keys and new_key in was:  # a text key after a number that became it
                self._repeated(new_key, (*there, key), (*there, was[new_key]))
                continue
            if text_keys:
                was[new_key] = key
            shape = shape_of(key)
            if shape is None or item is None or item.__class__ is str:
                out[new_key] = item
            elif shape is TEXT or isinstance(item, dict | list):
                out[new_key] = self.value(item, shape, (*here, new_key), (*there, key))
            else:
                out[new_key] = item
        return out

    def _repeated(self, key: str, there: tuple, first: tuple) -> None:
        # Where this key is written: not through `renamed`, which maps its text to the other.
        pos = self.doc.keys.get(there) or self.doc.key_pos(there)
        message = (
            f"duplicate key {quote(key)} (first at line {self.doc.key_pos(first).line}): "
            "a name is text, and these two are the same text"
        )
        code = self.code or "duplicate-key"
        self.diagnostics.append(Diagnostic(self.doc.path, *pos, "error", code, message))


@functools.cache
def _fields(model: type[BaseModel]) -> dict[str, object]:
    return {name: _shape(info.annotation) for name, info in model.model_fields.items()}


def _shape(annotation: object) -> object:
    """What the walk needs to know of an annotation: text, a model, a mapping, a list or
    nothing (None: leave the value as it is)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return _shape(args[0])
    if annotation is str or (origin is Literal and all(isinstance(a, str) for a in args)):
        return TEXT
    if origin is Union or origin is types.UnionType:
        shapes = [_shape(a) for a in args if a is not type(None)]
        if TEXT in shapes:
            return TEXT
        return next((s for s in shapes if s is not None), None)
    if origin is list:
        return _List(_shape(args[0]))
    if origin is dict:
        return _Mapping(_shape(args[0]) == TEXT, _shape(args[1]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    return None
