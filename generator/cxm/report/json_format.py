"""Diagnostics as a JSON list, for other tools."""

from __future__ import annotations

import json

from ..diagnostics import Diagnostic
from .text import UNPRINTABLE

# JSON itself escapes only the C0 controls; a tool that prints a message would still pass the
# C1 controls and bidi overrides to its terminal. Every unprintable character is a \u escape.
_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in UNPRINTABLE if ord(c) >= 0x20}


def json_format(diagnostics: list[Diagnostic], files: int) -> str:
    text = json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False)
    return text.translate(_ESCAPES)
