"""Diagnostics as GitHub workflow commands: annotations on the pull request's files."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from .text import summary


def _escape_data(value: str) -> str:
    # GitHub workflow commands: data escapes %, CR, LF; properties also ',' and ':'.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: list[Diagnostic], files: int) -> str:
    lines = [
        f"::{d.severity} file={_escape_property(d.path)},line={d.line},col={d.column}"
        f"::{_escape_data(d.message)} [{d.code}]"
        for d in diagnostics
    ]
    lines.append(summary(diagnostics, files))
    return "\n".join(lines)
