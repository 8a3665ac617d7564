"""The diagnostic formatters, by the name `--format` takes."""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import Diagnostic
from .github import github
from .json_format import json_format
from .text import text

FORMATTERS: dict[str, Callable[[list[Diagnostic], int], str]] = {
    "text": text,
    "github": github,
    "json": json_format,
}
