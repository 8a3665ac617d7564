"""The heatmap: teams x areas, each cell annotated, coloured on the site's stage ramp."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.collections import PatchCollection, QuadMesh
from matplotlib.colors import Colormap, LinearSegmentedColormap, Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import ScaledTranslation

from .axis import int_ticks
from .figure import add_title, new_figure, no_data, to_svg
from .labels import short, svg_text_width
from .panel import Panel
from .style import (
    CELL_EDGE,
    INK_DARK,
    INK_LIGHT,
    MISSING_EDGE,
    MISSING_FILL,
    MUTED,
    RAMP,
    SMALL,
    TEXT,
    WIDTH,
    chart_salt,
    styled,
)
from .text import add_texts, inch_text
from .values import present

KEY_LABEL = "Colour = area score; darker is higher"


def stage_colours(name: str = "cxm-stages") -> Colormap:
    """The site's stage ramp as a continuous map, light (low) to dark (high)."""
    return LinearSegmentedColormap.from_list(name, RAMP)


def heatmap(
    row_labels: list[str],
    col_labels: list[str],
    values: list[list[float | None]],
    *,
    vmin: int,
    vmax: int,
    title: str = "",
    not_applicable: list[list[bool]] | None = None,
) -> str:
    """Teams x areas, narrow enough for a phone: area names upright above their columns,
    each cell annotated, unassessed cells hatched grey with an en dash ("n/a" where the area
    does not apply to the team), a stage key on top."""
    na = not_applicable or []
    salt = chart_salt("heatmap", row_labels, col_labels, values, vmin, vmax, title, na)
    with styled(salt):
        nr, nc = len(row_labels), len(col_labels)
        cell_h = 0.25
        rows = [short(r, 24) for r in row_labels]
        cols = [short(c, 26) for c in col_labels]
        left = min(max((svg_text_width(r, SMALL) / 72 for r in rows), default=0) + 0.15, 2.0)
        cell_w = max(min((WIDTH - left - 0.05) / max(nc, 1), 0.5), 0.36)
        col_h = max((svg_text_width(c, SMALL) / 72 for c in cols), default=0) + 0.12
        top = col_h + 0.72 + (0.3 if title else 0)
        width = max(left + nc * cell_w + 0.05, 3.5)
        height = top + max(nr, 1) * cell_h + 0.05
        fig = new_figure(width, height)
        add_title(fig, title)
        if nr == 0 or nc == 0:
            no_data(fig)
            return to_svg(fig)
        # A panel, not an Axes: the heatmap shows none of an Axes' spines, ticks or labels.
        ax = Panel(fig, left, 0.05, nc * cell_w, nr * cell_h)
        data = np.full((nr, nc), np.nan)
        for i, row in enumerate(values[:nr]):
            for j, v in enumerate(row[:nc]):
                if present(v):
                    data[i, j] = float(v)
        cmap = stage_colours()
        _cells(ax, data, cmap, vmin, vmax)
        _annotations(ax, data, cmap, vmin, vmax, na)
        ax.set_xlim(0, nc)
        ax.set_ylim(nr, 0)
        shift = ScaledTranslation(-4 / 72, 0, fig.dpi_scale_trans)
        items = [(0, i + 0.5, r, TEXT) for i, r in enumerate(rows)]
        add_texts(fig, ax.get_yaxis_transform() + shift, items, fontsize=SMALL, ha="right",
                  va="center")  # fmt: skip
        up = ScaledTranslation(0, 4 / 72, fig.dpi_scale_trans)
        items = [(j + 0.5, 1, c, TEXT) for j, c in enumerate(cols)]
        add_texts(fig, ax.get_xaxis_transform() + up, items, fontsize=SMALL, ha="left",
                  va="center", rotation=90, rotation_mode="anchor")  # fmt: skip
        missing = "not assessed" if np.isnan(data).any() else ""
        if any(any(row) for row in na):
            unassessed = _unassessed(data, na)
            missing = "not assessed; n/a: not applicable" if unassessed else "n/a: not applicable"
        _stage_key(fig, height - 0.25 - (0.3 if title else 0), cmap, vmin, vmax, missing)
        return to_svg(fig)


def _cells(ax: Panel, data: np.ndarray, cmap: Colormap, vmin: int, vmax: int) -> int:
    """The coloured cells, the unassessed ones hatched grey; returns how many are missing."""
    nr, nc = data.shape
    xs, ys = np.meshgrid(np.arange(nc + 1), np.arange(nr + 1))
    mesh = QuadMesh(
        np.stack([xs, ys], axis=-1).astype(float),
        cmap=cmap,
        norm=Normalize(vmin=vmin, vmax=vmax),
        edgecolors=CELL_EDGE,
        linewidth=1,
    )
    mesh.set_array(np.ma.masked_invalid(data))
    ax.add_artist(mesh)
    missing = np.argwhere(np.isnan(data))
    if len(missing):
        ax.add_artist(
            PatchCollection(
                [Rectangle((j, i), 1, 1) for i, j in missing],
                facecolor=MISSING_FILL,
                edgecolor=MISSING_EDGE,
                hatch="///",
                linewidth=0,
            )
        )
        # White separators on top of the hatched cells as well.
        ax.add_artist(
            PatchCollection(
                [Rectangle((j, i), 1, 1) for i, j in missing],
                facecolor="none",
                edgecolor=CELL_EDGE,
                linewidth=1,
            )
        )
    return len(missing)


def _unassessed(data: np.ndarray, na: list[list[bool]]) -> bool:
    """Whether a missing cell is not assessed, rather than not applicable."""
    return any(
        not (i < len(na) and j < len(na[i]) and na[i][j]) for i, j in np.argwhere(np.isnan(data))
    )


def _annotations(
    ax: Panel, data: np.ndarray, cmap: Colormap, vmin: int, vmax: int, na: list[list[bool]]
) -> None:
    """Each cell's value in the ink that reads on its colour; an en dash where unassessed,
    "n/a" where the area does not apply."""
    norm = Normalize(vmin=vmin, vmax=vmax)
    ink = {}  # colour per shown value: at most (vmax - vmin) * 10 + 1 of them
    cells = []
    missing_marks = []
    nr, nc = data.shape
    for i in range(nr):
        for j in range(nc):
            v = data[i, j]
            if math.isnan(v):
                mark = "n/a" if i < len(na) and j < len(na[i]) and na[i][j] else "–"
                missing_marks.append((j + 0.5, i + 0.5, mark, TEXT))
                continue
            shown = f"{v:.1f}"
            if shown not in ink:
                ink[shown] = _ink(cmap(norm(v)))
            cells.append((j + 0.5, i + 0.5, shown, ink[shown]))
    centred = {"ha": "center", "va": "center_baseline", "fontsize": SMALL}
    fig = ax.get_figure()
    add_texts(fig, ax.transData, cells + missing_marks, **centred)


def _ink(rgba) -> str:
    """Black or white, whichever contrasts more with the cell colour (WCAG luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(rgba))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Equal contrast against black and white at luminance ~0.179.
    return INK_DARK if lum > 0.179 else INK_LIGHT


def _stage_key(fig: Figure, y: float, cmap: Colormap, vmin: int, vmax: int, missing: str) -> None:
    """What the colours mean, in words, then one swatch per level on a row, as the site's
    stage badges; what a grey cell means (`missing`) when there is one."""
    inch_text(fig, 0.1, y, KEY_LABEL, color=MUTED, fontsize=SMALL, va="center_baseline")
    y -= 0.27
    x = 0.1
    norm = Normalize(vmin=vmin, vmax=vmax)
    for level in int_ticks(vmin, vmax):
        colour = cmap(norm(level))
        fig.add_artist(
            Rectangle((x, y - 0.09), 0.3, 0.18, facecolor=colour, edgecolor=MISSING_EDGE,
                      linewidth=0.5, transform=fig.dpi_scale_trans)
        )  # fmt: skip
        inch_text(fig, x + 0.15, y, str(level), color=_ink(colour), fontsize=SMALL, ha="center",
                  va="center_baseline")  # fmt: skip
        x += 0.34
    if missing:
        x += 0.15
        fig.add_artist(
            Rectangle((x, y - 0.09), 0.3, 0.18, facecolor=MISSING_FILL, edgecolor=MISSING_EDGE,
                      hatch="///", linewidth=0.5, transform=fig.dpi_scale_trans)
        )  # fmt: skip
        inch_text(fig, x + 0.36, y, missing, color=MUTED, fontsize=SMALL,
                  va="center_baseline")  # fmt: skip
