"""Jinja's `lstrip_blocks`, made safe for Markdown templates.

`lstrip_blocks` removes the spaces before a block tag that starts a line, which is right for a
line that holds only tags (it then vanishes whole) but wrong for one that goes on with text:
in Markdown an indent is meaning (the body of an admonition or a list item), and losing it
turns what follows into a code block. This extension marks such tags `{%+`, Jinja's own way
to keep the indent, in every template, built-in or override.
"""

from __future__ import annotations

import re

from jinja2.ext import Extension

# A line that starts with spaces and then a block tag Jinja would lstrip.
_INDENTED_TAG = re.compile(r"^([ \t]+)\{%(?![+-])(.*)$", re.M)
_TAGS = re.compile(r"\{%.*?%\}|\{#.*?#\}")


def _keep_indent(match: re.Match) -> str:
    indent, rest = match.groups()
    if _TAGS.sub("", "{%" + rest).strip():
        return f"{indent}{{%+{rest}"
    return match.group(0)


class KeepIndentOfContentLines(Extension):
    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _INDENTED_TAG.sub(_keep_indent, source)
