"""User text made fit for a chart: one line of XML-safe text, truncated, wrapped, measured.

All user text is rendered literally (``parse_math=False``) and stays text in the SVG.
"""

from __future__ import annotations

import functools
import re
import textwrap

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from .style import LABEL_MAX, WRAP

# Characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF): matplotlib would
# write them verbatim and break the SVG.
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: object) -> str:
    """Any label from YAML -> one line of XML-safe text."""
    return " ".join(_XML_INVALID.sub("", str(text)).split())


def short(text: object, limit: int = LABEL_MAX) -> str:
    s = clean(text)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def wrap(text: object, width: int = WRAP) -> str:
    return "\n".join(textwrap.wrap(short(text), width)) or " "


def text_width(text: str, size: float) -> float:
    """Rough width in inches of one line of DejaVu Sans (no renderer needed, deterministic)."""
    return len(text) * size * 0.6 / 72


@functools.lru_cache(maxsize=4096)
def svg_text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width in points of one line as the SVG backend measures it (no renderer needed; the
    font family comes from the charts' settings, so call it inside `style.styled`)."""
    font = FontProperties(size=size, weight=weight)
    return text_to_path.get_text_width_height_descent(text, font, False)[0]


def fitted(text: object, size: float, inches: float, weight: str = "normal") -> str:
    """One line of *text*, cut short with an ellipsis where it would be wider than *inches*."""
    s = clean(text)
    limit = inches * 72
    if svg_text_width(s, size, weight) <= limit:
        return s
    lo, hi = 0, len(s)  # the longest prefix that fits with its ellipsis: lo fits, hi does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if svg_text_width(s[:mid].rstrip() + "…", size, weight) <= limit:
            lo = mid
        else:
            hi = mid
    return s[:lo].rstrip() + "…"
