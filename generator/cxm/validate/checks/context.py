"""What every assessment check reads: the assessment, its document, the framework, today."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...diagnostics import MAX_PER_FILE, Diagnostic
from ...load.document import Document, shown
from ...model.assessment import Assessment
from ...model.framework import Area, Framework
from ..locations import diagnostic_at, did_you_mean


@dataclass(frozen=True)
class CheckContext:
    """One file's checks share it: what they read, and how they make a Diagnostic."""

    assessment: Assessment
    doc: Document
    framework: Framework
    today: dt.date
    # Actions set aside as invalid (placeholders in `assessment`): the checks skip them.
    set_aside: frozenset[int] = frozenset()
    # Read by many checks: computed once per file.
    low: int = field(init=False)
    high: int = field(init=False)
    area_ids: list[str] = field(init=False)
    areas: dict[str, Area] = field(init=False)  # by id: `framework.area` scans the list
    assessors: frozenset[str] = field(init=False)
    # Counts suggestions across all checks of the file (mutable, so the context can be frozen).
    _suggested: itertools.count = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        low, high = self.framework.scale
        set_ = object.__setattr__
        set_(self, "low", low)
        set_(self, "high", high)
        set_(self, "area_ids", [area.id for area in self.framework.areas])
        # Reversed: the first area with an id wins, as in `framework.area`.
        set_(self, "areas", {area.id: area for area in reversed(self.framework.areas)})
        set_(self, "assessors", frozenset(self.assessment.assessors))
        set_(self, "_suggested", itertools.count(1))

    def suggest(self, word: object, choices: Iterable[str]) -> str:
        # Fuzzy matching is the slow part of a diagnostic: only for those a file shows.
        return did_you_mean(word, choices) if next(self._suggested) <= MAX_PER_FILE else ""

    def error(self, code: str, loc: tuple, message: str, key: bool = False) -> Diagnostic:
        doc = self.doc
        pos = doc.key_pos(loc) if key else doc.value_pos(loc)
        return diagnostic_at(doc, pos, "error", code, message)

    def warning(self, code: str, loc: tuple, message: str, key: bool = True) -> Diagnostic:
        doc = self.doc
        pos = doc.key_pos(loc) if key else doc.value_pos(loc)
        return diagnostic_at(doc, pos, "warning", code, message)

    def in_scale(self, loc: tuple, value: int | None, what: str) -> tuple[Diagnostic, ...]:
        # A tuple, not a generator: this runs for every level and target of every file.
        if value is not None and not self.low <= value <= self.high:
            message = f"{what} {shown(value)} is outside the scale {self.low}..{self.high}"
            return (self.error("out-of-range", loc, message),)
        return ()
