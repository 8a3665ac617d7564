"""Pydantic errors as Diagnostics at their YAML positions, with 'did you mean' suggestions."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Callable, Iterable

from pydantic import BaseModel, ValidationError

from ..diagnostics import MAX_PER_FILE, Diagnostic
from ..load.document import Document, Position, quote, shown
from .written import as_written


def diagnostic_at(
    doc: Document, pos: Position, severity: str, code: str, message: str
) -> Diagnostic:
    return Diagnostic(doc.path, pos.line, pos.column, severity, code, message)


# How close a word must be to an id for "did you mean" (difflib's ratio).
SUGGEST_CUTOFF = 0.6


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=SUGGEST_CUTOFF)
    return f"; did you mean {quote(match[0])}?" if match else ""


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        # Keys are input: a key of a megabyte is shown short.
        text = shown(part)
        out += f"[{text}]" if isinstance(part, int) else (f".{text}" if out else text)
    return out or "file"


def _models_in(annotation: object) -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            found.add(item)
        else:
            stack.extend(typing.get_args(item))
    return found


def _fields_at(model: type[BaseModel], loc: tuple) -> set[str]:
    """Field names allowed in the mapping at `loc`, for 'did you mean' suggestions."""
    models = {model}
    for part in loc:
        nested = {
            m
            for current in models
            if isinstance(part, str) and part in current.model_fields
            for m in _models_in(current.model_fields[part].annotation)
        }
        if nested:
            models = nested
    return {name for m in models for name in m.model_fields}


# Plain words for some errors: a message, and optionally a code and "at the key" (see
# `wording.Said`); None leaves the error to the messages below.
Reword = Callable[[dict], "tuple[str, str | None, bool] | None"]


def pydantic_diagnostics(
    exc: ValidationError,
    doc: Document,
    model: type[BaseModel],
    code: str | None = None,
    wording: Reword | None = None,
) -> list[Diagnostic]:
    out = []
    # One more than a file shows: `cap` then says there are more.
    for error in exc.errors(include_url=False)[: MAX_PER_FILE + 1]:
        # Short forms add a 'level'/'value' step that is not in the text: drop it for positions.
        loc = tuple(error["loc"])
        kind = error["type"]
        said = wording(error) if wording is not None else None
        if said is not None:
            message, said_code, at_key = said
            here = tuple(part for part in loc if part != "[key]")
            pos = doc.key_pos(here) if at_key else doc.value_pos(here)
            default = "out-of-range" if kind in _BOUNDS else "invalid-value"
            out.append(diagnostic_at(doc, pos, "error", code or said_code or default, message))
            continue
        if kind == "missing":
            parent, name = loc[:-1], loc[-1]
            where = _dotted(parent)
            message = f"missing required field {quote(name)}" + (f" in {where}" if parent else "")
            # Where the field would be, when the document knows (a workbook's empty cell).
            pos, this_code = doc.keys.get(loc) or doc.value_pos(parent), "missing-field"
        elif kind == "extra_forbidden":
            name = loc[-1]
            message = f"unknown field {quote(name)}" + did_you_mean(
                name, _fields_at(model, loc[:-1])
            )
            pos, this_code = doc.key_pos(loc), "unknown-field"
        else:
            if loc and loc[-1] == "[key]":
                loc = loc[:-1]
                pos = doc.key_pos(loc)
            else:
                pos = doc.value_pos(loc)
            text = error["msg"].removeprefix("Value error, ")
            this_code = "invalid-value"
            if kind in _BOUNDS:
                this_code, text = "out-of-range", _out_of_range(error)
            message = f"{_dotted(loc)}: {text}"
        out.append(diagnostic_at(doc, pos, "error", code or this_code, message))
    return out


# Pydantic's range errors: the bound's name in the error's context, and how a message says it.
_BOUNDS = {
    "greater_than": ("gt", "above"),
    "greater_than_equal": ("ge", "at least"),
    "less_than": ("lt", "below"),
    "less_than_equal": ("le", "at most"),
}


def _out_of_range(error: dict) -> str:
    name, words = _BOUNDS[error["type"]]
    return (
        f"{shown(error['input'])} is out of range: it must be {words} {_number(error['ctx'][name])}"
    )


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def validate_model(
    doc: Document, model: type[BaseModel], code: str | None = None, wording: Reword | None = None
):
    """The document as `model`, or None and the diagnostics of why not.

    The model reads the data with text fields as written (`written.py`); `doc.data` becomes
    that data, which the checks of a file Pydantic rejects read too.
    """
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__
        return None, [
            diagnostic_at(
                doc,
                doc.value_pos(()),
                "error",
                code or "invalid-value",
                f"the file must be a mapping of fields, not a {kind}",
            )
        ]
    doc.data, repeated = as_written(doc, model, code)
    try:
        valid = model.model_validate(doc.data)
    except ValidationError as exc:
        return None, repeated + pydantic_diagnostics(exc, doc, model, code, wording)
    return (None, repeated) if repeated else (valid, [])
