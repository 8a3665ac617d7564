"""Axes' ticks, tick labels and grid lines, drawn as matplotlib's Axis would draw them.

A matplotlib Tick is two lines, two texts and a grid line, each created, laid out and drawn
on its own: most of a chart's time. Here the marks of an axis are one Line2D of markers, its
labels plain Text artists and its grid one LineCollection, at the same positions.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import TICKDOWN, TICKLEFT, TICKRIGHT, TICKUP, Line2D
from matplotlib.text import Text
from matplotlib.ticker import NullLocator, ScalarFormatter
from matplotlib.transforms import ScaledTranslation

from .labels import svg_text_width
from .panel import Panel
from .style import GRID, SMALL, TEXT
from .text import add_texts

_MARKERS = {"bottom": TICKDOWN, "top": TICKUP, "left": TICKLEFT, "right": TICKRIGHT}


def int_ticks(vmin: float, vmax: float) -> list[int]:
    return list(range(math.ceil(vmin), math.floor(vmax) + 1))


class _View:
    """What ScalarFormatter asks of an axis: the shown interval."""

    def __init__(self, lo: float, hi: float) -> None:
        self.interval = (lo, hi)

    def get_view_interval(self) -> tuple[float, float]:
        return self.interval


def scalar_labels(locs: Sequence[float], lo: float, hi: float) -> tuple[list[str], str]:
    """Labels of *locs* (and the shared offset) as the default ScalarFormatter of an axis
    showing *lo* to *hi* writes them."""
    formatter = ScalarFormatter()
    formatter.set_axis(_View(lo, hi))
    return formatter.format_ticks([float(v) for v in locs]), formatter.get_offset()


def ticks(
    ax: Axes | Panel,
    side: str,
    locs: Sequence[float],
    labels: Sequence[str] | None = None,
    *,
    fontsize: float = SMALL,
    length: float = 3,
    width: float = 0.6,
    pad: float = 3.5,
    rotation: float = 0,
    ha: str | None = None,
    grid: tuple[str, float] | None = None,
    zorder: float = 0.5,
    measure: bool = False,
) -> float:
    """Ticks, tick labels and grid lines of one axis, drawn as matplotlib's Axis would.

    Labels sit ``length + pad`` points off the spine, as for outward ticks. ``labels=None``
    formats like the default ScalarFormatter. Set the axis limits first: ticks outside them
    are dropped. With *measure*, returns how far (points) the labels reach from the spine, to
    place an axis label beyond them.
    """
    fig = ax.get_figure()
    horizontal = side in ("bottom", "top")
    if isinstance(ax, Axes):
        # Matplotlib itself makes no Tick objects.
        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(NullLocator())
    lo, hi = sorted(ax.get_xlim() if horizontal else ax.get_ylim())
    locs = [float(v) for v in locs]
    offset = ""
    if labels is None:
        labels, offset = scalar_labels(locs, lo, hi)  # over all locations, as Axis does
    tol = (hi - lo) * 1e-10
    shown = [(v, t) for v, t in zip(locs, labels, strict=True) if lo - tol <= v <= hi + tol]
    edge = 1.0 if side in ("top", "right") else 0.0
    trans = ax.get_xaxis_transform() if horizontal else ax.get_yaxis_transform()
    points = [(v, edge) if horizontal else (edge, v) for v, _ in shown]
    if grid and shown:
        ax.add_artist(_grid(horizontal, [v for v, _ in shown], trans, grid, zorder))
    if length and shown:
        ax.add_artist(_marks(side, points, trans, length, width, zorder))
    items = [(*p, t, TEXT) for p, (_, t) in zip(points, shown, strict=True)]
    _labels(fig, side, items, trans, length + pad, ha, fontsize, rotation, zorder)
    if offset and not horizontal:
        ax.add_artist(_offset(ax, side, offset, fontsize))
    if not measure:
        return 0.0
    return length + pad + max((svg_text_width(t, fontsize) for _, t in shown), default=0.0)


def _grid(
    horizontal: bool, locs: list[float], trans, grid: tuple[str, float], zorder: float
) -> LineCollection:
    """The grid lines of one axis, (colour, width) as *grid* says: one LineCollection."""
    return LineCollection(
        [[(v, 0), (v, 1)] if horizontal else [(0, v), (1, v)] for v in locs],
        colors=grid[0],
        linewidths=grid[1],
        capstyle="round",  # as Line2D's
        transform=trans,
        zorder=zorder,
    )


def _marks(side: str, points, trans, length: float, width: float, zorder: float) -> Line2D:
    """The tick marks of one axis: one Line2D of tick markers."""
    return Line2D(
        *zip(*points, strict=True),
        transform=trans,
        linestyle="none",
        marker=_MARKERS[side],
        markersize=length,
        markeredgewidth=width,
        color=TEXT,
        zorder=zorder,
        clip_on=False,
    )


def _labels(
    fig: Figure,
    side: str,
    items: list[tuple[float, float, str, str]],
    trans,
    away: float,
    ha: str | None,
    fontsize: float,
    rotation: float,
    zorder: float,
) -> None:
    """The tick labels of one axis, *away* points off the spine, outwards."""
    horizontal = side in ("bottom", "top")
    edge = side in ("top", "right")
    away = away / 72 * (1 if edge else -1)
    shift = (
        ScaledTranslation(0, away, fig.dpi_scale_trans)
        if horizontal
        else ScaledTranslation(away, 0, fig.dpi_scale_trans)
    )
    if horizontal:
        va = "bottom" if edge else "top"
        ha = ha or "center"
    else:
        va = "center_baseline"
        ha = ha or ("left" if edge else "right")
    add_texts(
        fig,
        trans + shift,
        items,
        fontsize=fontsize,
        ha=ha,
        va=va,
        rotation=rotation,
        rotation_mode="anchor" if rotation else None,
        zorder=zorder,
    )


def _offset(ax: Axes | Panel, side: str, offset: str, fontsize: float) -> Text:
    """ScalarFormatter's shared offset or power of ten, above the axis as matplotlib puts it."""
    edge = 1.0 if side in ("top", "right") else 0.0
    return Text(
        edge,
        1,
        offset,
        transform=ax.transAxes + ScaledTranslation(0, 3 / 72, ax.get_figure().dpi_scale_trans),
        ha=side,
        va="baseline",
        fontsize=fontsize,
        clip_on=False,
        parse_math=False,
    )


def day(text: str) -> dt.date:
    """An ISO date, or a quarter such as ``2025-Q1`` (its last day: the state at its end)."""
    text = str(text)
    if "-Q" in text:
        year, q = text.split("-Q")
        month = 3 * int(q)
        return dt.date(int(year) + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date.fromisoformat(text[:10])


def time_span(days: Sequence[dt.date]) -> tuple[float, float]:
    """The x range of a time axis: the dates with a little room, a year round a single one."""
    lo, hi = min(days).toordinal(), max(days).toordinal()
    pad = max((hi - lo) * 0.05, 20)
    return lo - pad, hi + pad


def time_ticks(ax: Panel, width: float, *, fontsize: float = SMALL, grid: bool = False) -> None:
    """A real time axis under *ax* (x in day ordinals, limits set): ticks on the first day of
    months, every 1, 3, 6 or 12 months (or more years), the most that fit in *width* inches."""
    lo, hi = ax.get_xlim()
    first, last = dt.date.fromordinal(math.ceil(lo)), dt.date.fromordinal(math.floor(hi))
    for step in (1, 3, 6, 12, 24, 60, 120):
        marks = _month_starts(first, last, step)
        labels = [str(d.year) if step >= 12 else d.strftime("%b %Y") for d in marks]
        need = sum(svg_text_width(t, fontsize) / 72 + 0.15 for t in labels)
        if need <= width:
            break
    ticks(
        ax,
        "bottom",
        [d.toordinal() for d in marks],
        labels,
        fontsize=fontsize,
        grid=(GRID, 0.5) if grid else None,
    )


def _month_starts(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    """First days of months between *first* and *last*, on multiples of *step* months."""
    out = []
    index = first.year * 12 + first.month - 1
    if first.day > 1:
        index += 1
    index = -(-index // step) * step
    while True:
        d = dt.date(index // 12, index % 12 + 1, 1)
        if d > last:
            return out
        out.append(d)
        index += step
