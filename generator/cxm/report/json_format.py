"""Diagnostics as a JSON list, for other tools."""

from __future__ import annotations

import json

from ..diagnostics import Diagnostic


def json_format(diagnostics: list[Diagnostic], files: int) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False)
