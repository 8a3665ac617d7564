"""The figure of a chart: made in inches, titled, saved as SVG text.

Fixed layouts (no ``bbox_inches="tight"``, which draws twice) and no pyplot (no global figure
registry): a chart is a Figure made here and saved once.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .labels import short
from .style import HEAD, MUTED, SMALL, TITLE_MAX, with_dark_palette
from .text import fig_text


def new_figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), facecolor="none")


def inch_axes(fig: Figure, left: float, bottom: float, width: float, height: float, **kw) -> Axes:
    """Axes placed in inches: a fixed layout, so the figure is drawn once and never shifts."""
    fw, fh = fig.get_size_inches()
    return fig.add_axes((left / fw, bottom / fh, width / fw, height / fh), **kw)


def add_title(fig: Figure, title: str) -> None:
    if title:
        fw, fh = fig.get_size_inches()
        fig_text(
            fig,
            0.1 / fw,
            1 - 0.1 / fh,
            short(title, TITLE_MAX),
            ha="left",
            va="top",
            fontsize=HEAD,
            fontweight="bold",
        )


def to_svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return with_dark_palette(buf.getvalue())


def no_data(fig: Figure, message: str = "No data") -> None:
    fig_text(fig, 0.5, 0.5, message, ha="center", va="center", color=MUTED, fontsize=SMALL)
