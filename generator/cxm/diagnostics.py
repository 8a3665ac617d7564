"""Diagnostics: every problem found in the input, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]

# Codes that users, CI and editors rely on (CLI.md). New ones may be added; these keep meaning.
CODES = (
    "yaml-syntax",
    "duplicate-key",
    "yaml-too-complex",
    "file-too-large",
    "encoding",
    "missing-field",
    "unknown-field",
    "invalid-value",
    "out-of-range",
    "unknown-area",
    "unknown-practice",
    "duplicate-assessment",
    "slug-collision",
    "group-collision",
    "unknown-metric",
    "incomplete",
    "missing-evidence",
    "disagreement",
    "stale",
    "framework",
    "overdue-action",
    "placeholder",
    "too-many-problems",
    "outside-project",
    "not-a-workbook",
    "formula",
)

# Problems shown per file: past this a file is rarely a draft with typos, and listing (and
# computing suggestions for) every one of 100,000 unknown keys would take seconds.
MAX_PER_FILE = 100


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    # In a workbook (`cxm import`): the sheet and the cell, e.g. "Assessment" and "D14"; then
    # `line` and `column` are the cell's row and column numbers (D14: line 14, column 4).
    sheet: str = ""
    cell: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def place(self) -> str:
        """Where a reader looks: `line:column`, or in a workbook `Sheet!D14`."""
        return f"{self.sheet}!{self.cell}" if self.cell else f"{self.line}:{self.column}"

    def as_dict(self) -> dict:
        out = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }
        if self.cell:
            out.update(sheet=self.sheet, cell=self.cell)
        return out


def strict(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Strict mode: every warning becomes an error."""
    return [replace(d, severity="error") for d in diagnostics]


def cap(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One file's diagnostics, the first MAX_PER_FILE of them in the order of the file, then one
    `too-many-problems` where the first one left out is (an error if any left out is)."""
    if len(diagnostics) <= MAX_PER_FILE:
        return diagnostics
    ordered = sorted(diagnostics, key=sort_key)
    shown, rest = ordered[:MAX_PER_FILE], ordered[MAX_PER_FILE:]
    first = rest[0]
    more = Diagnostic(
        first.path,
        first.line,
        first.column,
        "error" if any(d.is_error for d in rest) else "warning",
        "too-many-problems",
        f"more problems from here on are not shown (at most {MAX_PER_FILE} per file): "
        "fix these first",
    )
    return [*shown, more]


def sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.column, d.code, d.message)
