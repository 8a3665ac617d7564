"""What Pydantic rejects in an assessment, said in the framework's words.

Pydantic speaks of types ("scores.technology.usability.level: Input should be a valid
integer"); a person who wrote `usability: 3.5` needs to hear that a level is a whole number
of the scale, without a `.level` they never wrote. `Wording` turns the errors people make
most into such messages; the others keep Pydantic's words (`locations.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ..load.document import Document, quote, shown
from ..model.assessment import Assessment
from ..model.framework import Framework
from .locations import did_you_mean

# Errors that are not about the type of a value: other messages say them (locations.py).
_NOT_TYPES = frozenset(
    {
        "missing",
        "extra_forbidden",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
    }
)
_NUMBER = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?")
# A text where a mapping belongs that reads like `key value`: a colon left out.
_KEY_AND_VALUE = re.compile(r"([a-z][a-z0-9_]*) +(\S.*)")


class Said(NamedTuple):
    message: str
    code: str | None = None  # None: the code Pydantic's error gives
    at_key: bool = False  # point at the key rather than the value


@dataclass(frozen=True)
class Wording:
    """Plain words for the Pydantic errors of one assessment file."""

    doc: Document
    fw: Framework

    def __call__(self, error: dict) -> Said | None:
        loc = tuple(part for part in error["loc"] if part != "[key]")
        if error["type"] in _NOT_TYPES or len(error["loc"]) != len(loc):
            return None  # a field left out or unknown, a bound, a key: locations.py says it
        if loc[:1] == ("scores",) and len(loc) == 2 and not isinstance(error["input"], dict):
            return self._area_not_a_mapping(loc[1], error["input"])
        level_of = self._level_of(loc)
        if level_of is not None:
            low, high = self.fw.scale
            return Said(
                f"{level_of} must be a whole number from {low} to {high}, "
                f"not {self._written(loc, error['input'])}"
            )
        if loc[:1] == ("metrics",) and len(loc) == 3 and loc[2] in ("value", "target"):
            return Said(
                f"{loc[2]} of {quote(loc[1])} must be a number{self._bounds(loc[1])}, "
                f"not {self._written(loc, error['input'])}"
            )
        if error["type"] == "dict_type" and isinstance(error["input"], str):
            return _colon_left_out(error["input"])
        return None

    def _level_of(self, loc: tuple) -> str | None:
        """What a level at `loc` is (`level of 'technology.usability'`), or None."""
        if loc[:1] == ("targets",) and len(loc) == 2:
            return f"target of {quote(loc[1])}"
        if loc[:1] != ("scores",) or len(loc) < 4:
            return None
        practice = quote(f"{loc[1]}.{loc[2]}")
        if len(loc) == 4 and loc[3] in ("level", "target"):
            return f"{loc[3]} of {practice}"
        if len(loc) == 5 and loc[3] == "ratings":
            return f"rating of {quote(loc[4])} for {practice}"
        return None

    def _written(self, loc: tuple, value: object) -> str:
        """The value as the file has it: `3.5`, `'yes'`, `the text '3'`."""
        for here in (loc, loc[:-1]):  # the short form has no `level` or `value` of its own
            written = self.doc.written(here)
            if written is not None:
                return shown(written) if _NUMBER.fullmatch(written) else quote(written)
        if isinstance(value, str):
            return f"the text {quote(value)}"
        if isinstance(value, dict | list):
            return "a mapping" if isinstance(value, dict) else "a list"
        return shown(value)

    def _area_not_a_mapping(self, name: str, value: object) -> Said:
        areas = [a.id for a in self.fw.areas]
        if name in areas:
            return Said(
                f"area {quote(name)} holds its practices, each with a level "
                f"(`practice: level`), not a value of its own: write them below it, indented",
            )
        owners = [a.id for a in self.fw.areas if any(p.id == name for p in a.practices)]
        if owners:
            return Said(
                f"{quote(name)} is a practice of {quote(owners[0])}, not an area: indent it "
                f"under {quote(owners[0])}, like the practices there",
                "unknown-area",
                at_key=True,
            )
        return Said(
            f"unknown area {quote(name)}" + did_you_mean(name, areas), "unknown-area", at_key=True
        )

    def _bounds(self, metric_id: str) -> str:
        spec = self.fw.metric(metric_id)
        if spec is None or (spec.min is None and spec.max is None):
            return ""
        if spec.min is not None and spec.max is not None:
            return f" from {_number(spec.min)} to {_number(spec.max)}"
        return (
            f" of at least {_number(spec.min)}"
            if spec.min is not None
            else (f" of at most {_number(spec.max)}")
        )


def _colon_left_out(text: str) -> Said | None:
    match = _KEY_AND_VALUE.fullmatch(text.strip())
    if match is None:
        return None
    key, value = match.groups()
    return Said(f"missing colon after {quote(key)}: write {quote(f'{key}: {value}')}")


def _number(value: float | None) -> str:
    return str(int(value)) if value is not None and float(value).is_integer() else str(value)


def not_an_assessment(data: object) -> str | None:
    """One line for a file that is plainly not an assessment: a framework, or a mapping
    without any field of an assessment (a mkdocs.yml); None for anything else."""
    if not isinstance(data, dict) or not data:
        return None
    keys = {k for k in data if isinstance(k, str)}
    if {"levels", "areas"} <= keys:  # a framework has `metrics` too
        what = "it is a framework (it has levels and areas)"
    elif keys & set(Assessment.model_fields):
        return None
    elif "site_name" in keys:
        what = "it is an MkDocs configuration (it has site_name)"
    else:
        what = "it has none of the fields of one"
    return f"not an assessment file: {what}; an assessment has team, date, assessors and scores"
