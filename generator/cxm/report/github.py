"""Diagnostics as GitHub workflow commands: annotations on the pull request's files."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from .text import printable, summary


def _escape_data(value: str) -> str:
    # Controls from YAML text are shown escaped, as in the text format: the runner's log shows
    # ESC sequences as colours and links. CR and LF stay line breaks of the annotation.
    # GitHub workflow commands: data escapes %, CR, LF; properties also ',' and ':'.
    value = printable(value, keep="\r\n")
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(printable(value)).replace(":", "%3A").replace(",", "%2C")


def _in_cell(d: Diagnostic) -> str:
    # A workbook has no lines to annotate: the message names the cell.
    return f"{d.sheet}!{d.cell}: {d.message}" if d.cell else d.message


def github(diagnostics: list[Diagnostic], files: int) -> str:
    lines = [
        f"::{d.severity} file={_escape_property(d.path)},line={d.line},col={d.column}"
        f"::{_escape_data(_in_cell(d))} [{d.code}]"
        for d in diagnostics
    ]
    lines.append(summary(diagnostics, files))
    return "\n".join(lines)
