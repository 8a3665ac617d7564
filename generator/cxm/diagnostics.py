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
    "unknown-metric",
    "incomplete",
    "missing-evidence",
    "disagreement",
    "stale",
    "framework",
    "overdue-action",
)


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def strict(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Strict mode: every warning becomes an error."""
    return [replace(d, severity="error") for d in diagnostics]


def sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.column, d.code, d.message)


class CxmError(Exception):
    """A problem that stops a command: turned into a message and exit code at the CLI."""

    exit_code = 1


class UsageError(CxmError):
    """Bad flag, missing path or unreadable configuration: exit 2."""

    exit_code = 2
