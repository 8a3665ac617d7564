"""Texts of a chart: plain matplotlib Text artists, literal (no mathtext), one per string."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.text import Text

from .style import TEXT


def add_texts(
    fig: Figure,
    transform,
    items: Sequence[tuple[float, float, str, str]],
    *,
    zorder: float = 3,
    **textprops,
) -> None:
    """One Text per (x, y, text, colour) in *transform*, all styled by *textprops*."""
    for x, y, s, color in items:
        if s:
            text = Text(x, y, s, color=color, parse_math=False, zorder=zorder, **textprops)
            text.set_transform(transform)
            fig.add_artist(text)


def fig_text(fig: Figure, x: float, y: float, s: str, *, color: str = TEXT, **textprops) -> None:
    """fig.text, literal: *x*, *y* as fractions of the figure."""
    add_texts(fig, fig.transSubfigure, [(x, y, s, color)], **textprops)


def inch_text(fig: Figure, x: float, y: float, s: str, *, color: str = TEXT, **textprops) -> None:
    """A text placed in inches from the figure's lower left corner."""
    add_texts(fig, fig.dpi_scale_trans, [(x, y, s, color)], **textprops)
