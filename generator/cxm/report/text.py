"""Diagnostics as text for a terminal, one problem a line, and the closing summary line."""

from __future__ import annotations

import functools
import os
from typing import TextIO

import click

from ..diagnostics import Diagnostic

# What a terminal, a log viewer or a text editor acts on instead of showing, when it comes from a
# YAML file into a message: C0 and C1 controls (ESC starts colours, OSC 8 hyperlinks, erasing a
# line; CR and LF start another), the line and paragraph separators, and the bidirectional
# controls that reorder the text shown ("Trojan Source").
_BIDI_CONTROLS = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
UNPRINTABLE = frozenset(
    chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *_BIDI_CONTROLS]
)
# Shown as Python writes them (\x1b, \n, \u202e): one line, the same text the JSON format holds.
_ESCAPES = {ord(c): repr(c)[1:-1] for c in UNPRINTABLE}


def printable(value: str, keep: str = "") -> str:
    """`value` with every UNPRINTABLE character but those in `keep` shown escaped."""
    return value.translate(_escapes(keep))


@functools.cache
def _escapes(keep: str) -> dict[int, str]:
    # Made once per `keep`: exports call this for every text cell.
    return {k: v for k, v in _ESCAPES.items() if chr(k) not in keep}


def colour_on(stream: TextIO) -> bool:
    """Whether to colour text for `stream`: on a terminal, unless NO_COLOR is set (no-color.org)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    return f"{_plural(files, 'file')} checked: {counts}"


def _plain(value: str, **_styles) -> str:
    return value


def line(d: Diagnostic, colour: bool = True) -> str:
    """One problem on one line: `path:line:column: severity: message [code]`."""
    style = click.style if colour else _plain
    where = f"{printable(d.path)}:{printable(d.place)}"
    return (
        f"{style(where, bold=True)}: "
        f"{style(d.severity, fg='red' if d.is_error else 'yellow', bold=True)}: "
        f"{printable(d.message)} {style(f'[{d.code}]', dim=True)}"
    )


def text(diagnostics: list[Diagnostic], files: int, colour: bool | None = None) -> str:
    """Every problem, then the summary. Colour: by default unless NO_COLOR is set (the CLI's
    click.echo drops it off a terminal); a caller writing elsewhere says whether it wants it."""
    if colour is None:
        colour = not os.environ.get("NO_COLOR")
    return "\n".join([*(line(d, colour) for d in diagnostics), summary(diagnostics, files)])
