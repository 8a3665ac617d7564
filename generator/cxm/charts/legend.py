"""The charts' keys: a row of (handle, label) at a fixed place, measured without a renderer."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .labels import svg_text_width
from .style import MUTED, SMALL
from .text import inch_text


def key_width(entries: list[tuple[dict, str]], fontsize: float = SMALL) -> float:
    """Width in inches of a key row (see `key`)."""
    handle, gap = 0.3, 0.22
    return sum(handle + 0.06 + svg_text_width(label, fontsize) / 72 + gap for _, label in entries)


def key(
    fig: Figure,
    x: float,
    y: float,
    entries: list[tuple[dict, str]],
    *,
    fontsize: float = SMALL,
    align: str = "left",
) -> None:
    """Entries side by side, their middle line at *y* inches, from *x* inches (``align`` left)
    or centred on it. A handle is a Line2D's style: a line, a marker, or both."""
    handle, gap = 0.3, 0.22
    if align == "center":
        x -= (key_width(entries, fontsize) - gap) / 2
    for style, label in entries:
        line = Line2D([x, x + handle / 2, x + handle], [y, y, y], markevery=[1], **style)
        line.set_transform(fig.dpi_scale_trans)
        fig.add_artist(line)
        x += handle + 0.06
        inch_text(fig, x, y, label, color=MUTED, fontsize=fontsize, va="center_baseline")
        x += svg_text_width(label, fontsize) / 72 + gap
