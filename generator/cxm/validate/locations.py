"""Pydantic errors as Diagnostics at their YAML positions, with 'did you mean' suggestions."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable

from pydantic import BaseModel, ValidationError

from ..diagnostics import MAX_PER_FILE, Diagnostic
from ..load.document import Document, Position


def diagnostic_at(
    doc: Document, pos: Position, severity: str, code: str, message: str
) -> Diagnostic:
    return Diagnostic(doc.path, pos.line, pos.column, severity, code, message)


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
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


def pydantic_diagnostics(
    exc: ValidationError, doc: Document, model: type[BaseModel], code: str | None = None
) -> list[Diagnostic]:
    out = []
    # One more than a file shows: `cap` then says there are more.
    for error in exc.errors(include_url=False)[: MAX_PER_FILE + 1]:
        # Short forms add a 'level'/'value' step that is not in the text: drop it for positions.
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing":
            parent, name = loc[:-1], loc[-1]
            where = _dotted(parent)
            message = f"missing required field '{name}'" + (f" in {where}" if parent else "")
            pos, this_code = doc.value_pos(parent), "missing-field"
        elif kind == "extra_forbidden":
            name = loc[-1]
            message = f"unknown field '{name}'" + did_you_mean(name, _fields_at(model, loc[:-1]))
            pos, this_code = doc.key_pos(loc), "unknown-field"
        else:
            if loc and loc[-1] == "[key]":
                loc = loc[:-1]
                pos = doc.key_pos(loc)
            else:
                pos = doc.value_pos(loc)
            text = error["msg"].removeprefix("Value error, ")
            message = f"{_dotted(loc)}: {text}"
            this_code = "invalid-value"
        out.append(diagnostic_at(doc, pos, "error", code or this_code, message))
    return out


def validate_model(doc: Document, model: type[BaseModel], code: str | None = None):
    """The document as `model`, or None and the diagnostics of why not."""
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
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, pydantic_diagnostics(exc, doc, model, code)
