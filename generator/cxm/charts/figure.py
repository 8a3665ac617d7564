"""The figure of a chart: made in inches, titled, saved as SVG text.

Fixed layouts (no ``bbox_inches="tight"``, which draws twice) and no pyplot (no global figure
registry): a chart is a Figure made here and saved once.
"""

from __future__ import annotations

import io

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from .labels import short
from .style import HEAD, MUTED, SMALL, TITLE_MAX, with_dark_palette
from .text import fig_text

# (text, font properties, sans-serif fonts) -> (width, height, descent) in points, as RendererSVG
# measures them; bounded, though a site's charts repeat a few hundred strings.
_MEASURED: dict[tuple[str, FontProperties, str], tuple[float, float, float]] = {}


class _Renderer(RendererSVG):
    """The SVG renderer, with its text measurements kept for the whole process.

    Matplotlib keeps a renderer's measurements only while that renderer lives, one savefig:
    every chart measured its dates, levels and area names afresh (a FreeType layout each, a
    tenth of a small chart's time). An SVG renderer measures at 72 dpi from the font alone,
    so a measurement holds for every chart drawn with the same font file.
    """

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        # A family name resolves to a file through the rc settings: the charts' sans-serif
        # list is part of the key (cheaper than resolving the file each time).
        key = (s, prop.copy(), tuple(matplotlib.rcParams["font.sans-serif"]))
        found = _MEASURED.get(key)
        if found is None:
            if len(_MEASURED) >= 20000:
                _MEASURED.clear()
            found = _MEASURED[key] = super().get_text_width_height_descent(s, prop, ismath)
        return found


class _Canvas(FigureCanvasSVG):
    """FigureCanvasSVG drawing with `_Renderer`: print_svg as matplotlib's, for a text stream."""

    def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None, **_):
        dpi = self.figure.dpi
        self.figure.dpi = 72  # restored by savefig
        width, height = self.figure.get_size_inches()
        svg = _Renderer(width * 72, height * 72, filename, image_dpi=dpi, metadata=metadata)
        renderer = MixedModeRenderer(
            self.figure, width, height, dpi, svg, bbox_inches_restore=bbox_inches_restore
        )
        self.figure.draw(renderer)
        renderer.finalize()


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), facecolor="none")
    _Canvas(fig)
    return fig


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
