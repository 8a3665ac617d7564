"""The output formats of `cxm diff`, by the name `--format` takes."""

from __future__ import annotations

from collections.abc import Callable

from .compare import Diff
from .json_format import to_json
from .markdown import to_markdown

FORMATTERS: dict[str, Callable[[Diff, bool], str]] = {"markdown": to_markdown, "json": to_json}
