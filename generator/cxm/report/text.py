"""Diagnostics as text for a terminal, one problem a line, and the closing summary line."""

from __future__ import annotations

import click

from ..diagnostics import Diagnostic


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    return f"{_plural(files, 'file')} checked: {counts}"


# One problem a line: line breaks inside a name (a key, a team) are shown escaped.
_ONE_LINE = {ord(c): repr(c)[1:-1] for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


def text(diagnostics: list[Diagnostic], files: int) -> str:
    lines = []
    for d in diagnostics:
        colour = "red" if d.is_error else "yellow"
        where = f"{d.path.translate(_ONE_LINE)}:{d.line}:{d.column}"
        lines.append(
            f"{click.style(where, bold=True)}: "
            f"{click.style(d.severity, fg=colour, bold=True)}: {d.message.translate(_ONE_LINE)} "
            f"{click.style(f'[{d.code}]', dim=True)}"
        )
    lines.append(summary(diagnostics, files))
    return "\n".join(lines)
