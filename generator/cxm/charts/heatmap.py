"""The heatmap: teams x areas, each cell annotated, with a hand-made colour bar."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.colors import Colormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import NullLocator
from matplotlib.transforms import ScaledTranslation

from .axis import int_ticks, ticks
from .figure import add_title, inch_axes, new_figure, no_data, to_svg
from .labels import short, text_width
from .style import BLACK, MISSING_EDGE, MISSING_FILL, TEXT, chart_salt, styled
from .text import TextBatch
from .values import present

CMAP = "viridis"  # sequential, perceptually uniform, colour-blind safe, readable in greyscale


def heatmap(
    row_labels: list[str],
    col_labels: list[str],
    values: list[list[float | None]],
    *,
    vmin: int,
    vmax: int,
    title: str = "",
) -> str:
    """Teams x areas; each cell annotated; unassessed cells hatched grey with an en dash."""
    salt = chart_salt("heatmap", row_labels, col_labels, values, vmin, vmax, title)
    with styled(salt):
        nr, nc = len(row_labels), len(col_labels)
        cell_w, cell_h = 0.55, 0.28
        rows = [short(r) for r in row_labels]
        cols = [short(c) for c in col_labels]
        left = min(max((text_width(r, 8) for r in rows), default=0) + 0.3, 3.0)
        # Column labels sit on top at 45 degrees, so the top margin follows the longest one.
        col_h = min(max((text_width(c, 8) for c in cols), default=0) * 0.72 + 0.25, 2.1)
        top = col_h + (0.5 if title else 0.15)
        width = max(left + nc * cell_w + 1.3 + min(col_h, 1.4), 4.0)
        height = top + max(nr, 1) * cell_h + 0.25
        fig = new_figure(width, height)
        add_title(fig, title)
        if nr == 0 or nc == 0:
            no_data(fig)
            return to_svg(fig)
        ax = inch_axes(fig, left, 0.25, nc * cell_w, nr * cell_h)

        data = np.full((nr, nc), np.nan)
        for i, row in enumerate(values[:nr]):
            for j, v in enumerate(row[:nc]):
                if present(v):
                    data[i, j] = float(v)
        cmap = matplotlib.colormaps[CMAP]
        missing = _cells(ax, data, cmap, vmin, vmax)
        _annotations(ax, data, cmap, vmin, vmax)
        # Row labels as a batch too: 250 tick objects cost more than the texts themselves.
        shift = ScaledTranslation(-4 / 72, 0, fig.dpi_scale_trans)
        ax.add_artist(
            TextBatch(
                fig,
                ax.get_yaxis_transform() + shift,
                [(0, i + 0.5, r, TEXT) for i, r in enumerate(rows)],
                fontsize=8,
                ha="right",
                va="center",
            )
        )

        ax.set_xlim(0, nc)
        ax.set_ylim(nr, 0)
        ticks(ax, "top", np.arange(nc) + 0.5, cols, length=0, pad=3, rotation=45, ha="left")
        ax.yaxis.set_major_locator(NullLocator())
        for spine in ax.spines.values():
            spine.set_visible(False)

        # The colour bar is top-aligned with the grid, of bounded height however many rows.
        bar_h = min(nr * cell_h, 2.6)
        bar_x = left + nc * cell_w + 0.3
        _colour_bar(fig, (bar_x, height - top - bar_h, 0.16, bar_h), cmap, vmin, vmax)
        if missing:
            # Key for the hatched cells, just under the colour bar.
            _missing_key(fig, bar_x, height - top - bar_h - 0.45)
        return to_svg(fig)


def _cells(ax: Axes, data: np.ndarray, cmap: Colormap, vmin: int, vmax: int) -> int:
    """The coloured cells, the unassessed ones hatched grey; returns how many are missing."""
    ax.pcolormesh(
        np.ma.masked_invalid(data),
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        edgecolors="white",
        linewidth=0.8,
    )
    missing = np.argwhere(np.isnan(data))
    if len(missing):
        ax.add_collection(
            PatchCollection(
                [Rectangle((j, i), 1, 1) for i, j in missing],
                facecolor=MISSING_FILL,
                edgecolor=MISSING_EDGE,
                hatch="///",
                linewidth=0,
            )
        )
        # White separators on top of the hatched cells as well.
        ax.add_collection(
            PatchCollection(
                [Rectangle((j, i), 1, 1) for i, j in missing],
                facecolor="none",
                edgecolor="white",
                linewidth=0.8,
            )
        )
    return len(missing)


def _annotations(ax: Axes, data: np.ndarray, cmap: Colormap, vmin: int, vmax: int) -> None:
    """Each cell's value in the ink that reads on its colour; an en dash where unassessed."""
    norm = matplotlib.colors.Normalize(vmin=vmin, vmax=vmax)
    ink = {}  # colour per shown value: at most (vmax - vmin) * 10 + 1 of them
    cells = []
    missing_marks = []
    nr, nc = data.shape
    for i in range(nr):
        for j in range(nc):
            v = data[i, j]
            if math.isnan(v):
                missing_marks.append((j + 0.5, i + 0.5, "–", TEXT))
                continue
            shown = f"{v:.1f}"
            if shown not in ink:
                ink[shown] = _ink(cmap(norm(v)))
            cells.append((j + 0.5, i + 0.5, shown, ink[shown]))
    centred = {"ha": "center", "va": "center"}
    fig = ax.get_figure()
    ax.add_artist(TextBatch(fig, ax.transData, cells, fontsize=7.5, **centred))
    ax.add_artist(TextBatch(fig, ax.transData, missing_marks, fontsize=8, **centred))


def _ink(rgba) -> str:
    """Black or white, whichever contrasts more with the cell colour (WCAG luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(rgba))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Equal contrast against black and white at luminance ~0.179.
    return BLACK if lum > 0.179 else "#ffffff"


def _colour_bar(
    fig: Figure, place: tuple[float, float, float, float], cmap: Colormap, vmin: int, vmax: int
) -> None:
    """Hand-made colour bar at *place* (inches): vector steps, where Figure.colorbar would
    rasterize its gradient."""
    cax = inch_axes(fig, *place)
    steps = np.linspace(vmin, vmax, 65)
    cax.pcolormesh(
        [0, 1],
        steps,
        ((steps[:-1] + steps[1:]) / 2)[:, None],
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        edgecolors="none",
    )
    cax.xaxis.set_major_locator(NullLocator())
    cax.set_ylim(vmin, vmax)
    # The colour bar keeps matplotlib's default tick width and puts its axis above the mesh.
    ticks(cax, "right", int_ticks(vmin, vmax), fontsize=7.5, length=2, width=0.8, zorder=1.5)
    for spine in cax.spines.values():
        spine.set_linewidth(0.5)


def _missing_key(fig: Figure, left: float, bottom: float) -> None:
    """A hatched swatch labelled "not assessed", its lower left corner at (inches)."""
    kax = inch_axes(fig, left, bottom, 0.16, 0.16)
    kax.add_patch(
        Rectangle(
            (0, 0),
            1,
            1,
            facecolor=MISSING_FILL,
            edgecolor=MISSING_EDGE,
            hatch="///",
            linewidth=0.5,
        )
    )
    kax.set_xlim(0, 1)
    kax.set_ylim(0, 1)
    kax.axis("off")
    kax.text(
        1.3,
        0.5,
        "not assessed",
        va="center",
        fontsize=7.5,
        clip_on=False,
        transform=kax.transAxes,
        parse_math=False,
    )
