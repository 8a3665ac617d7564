"""The radar chart: one polygon per series around the areas, bars below three areas."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

from .axis import int_ticks, ticks
from .figure import add_title, new_figure, no_data, to_svg
from .labels import short, text_width, wrap
from .legend import key
from .panel import Panel
from .style import (
    BODY,
    GREY,
    GRID,
    LINE,
    MUTED,
    PALETTE,
    SMALL,
    TEXT,
    VERMILLION,
    WIDTH,
    chart_salt,
    styled,
)
from .text import add_texts
from .values import padded, present

_UNIT = 1.3  # inches from the centre to the outer ring
_LEGEND = 0.45  # inches below the web for the legend


def radar(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    vmin: int,
    vmax: int,
    title: str = "",
) -> str:
    """Spider chart, one polygon per series; None values leave a gap in that polygon."""
    salt = chart_salt("radar", labels, series, vmin, vmax, title)
    with styled(salt):
        if len(labels) < 3:
            return _bars(labels, series[0] if series else ("", []), vmin, vmax, title)
        n = len(labels)
        # Start at 12 o'clock, go clockwise: the order readers expect from a scorecard.
        theta = np.pi / 2 - 2 * np.pi * np.arange(n) / n
        cos, sin = np.cos(theta), np.sin(theta)
        fontsize = BODY if n <= 12 else SMALL
        texts = [wrap(label) for label in labels]
        placed = _place_labels(texts, cos, sin, fontsize, inches_per_unit=_UNIT)
        # The figure as tall as the web and its labels reach (a fixed height left a blank band
        # above a web whose top label is short), the legend below.
        above = max(1.0, *(box[3] for box in placed.boxes)) * _UNIT + 0.12
        below = -min(-1.0, *(box[1] for box in placed.boxes)) * _UNIT + 0.12
        centre = _LEGEND + below
        fig = new_figure(WIDTH, centre + above + (0.35 if title else 0))
        # Square, so one data unit is as tall as wide.
        ax = Panel(fig, WIDTH / 2 - _UNIT, centre - _UNIT, 2 * _UNIT, 2 * _UNIT)
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
        add_title(fig, title)
        _web(ax, cos, sin, vmin, vmax)
        _area_labels(ax, texts, placed, cos, sin, fontsize)
        # Draw the first series last so the "Current" polygon sits on top.
        for index in [*range(1, len(series)), 0] if series else []:
            name, values = series[index]
            style = _series_style(index, name)
            _polygon(ax, index, style, padded(values, n), cos, sin, vmin, vmax)
        if series:
            _legend(fig, series)
        return to_svg(fig)


def _web(ax: Panel, cos: np.ndarray, sin: np.ndarray, vmin: int, vmax: int) -> None:
    """One polygonal ring per integer level, spokes, ring labels up the first spoke."""
    span = max(vmax - vmin, 1)
    levels = int_ticks(vmin, vmax)
    rings = []
    for level in levels:
        r = (level - vmin) / span
        rings.append(np.column_stack([np.append(cos, cos[0]) * r, np.append(sin, sin[0]) * r]))
    # Inner rings light, the outer (vmax) ring darker to frame the chart.
    ax.add_artist(LineCollection(rings[:-1], colors=GRID, linewidths=0.7, zorder=1))
    ax.add_artist(LineCollection(rings[-1:], colors=MUTED, linewidths=0.9, zorder=1))
    ax.add_artist(
        LineCollection(
            [[(0, 0), (c, s)] for c, s in zip(cos, sin, strict=True)],
            colors=GRID,
            linewidths=0.7,
            zorder=1,
        )
    )
    # Ring numbers left of the top spoke, where the polygons start.
    add_texts(
        ax.figure,
        ax.transData,
        [(-0.03, (level - vmin) / span, str(level), MUTED) for level in levels],
        fontsize=SMALL,
        ha="right",
        va="center_baseline",
        zorder=5,
    )


def _area_labels(
    ax: Panel, texts: list[str], placed: _Placed, cos: np.ndarray, sin: np.ndarray, fontsize: float
) -> None:
    """The area names around the web, grouped by alignment."""
    by_align: dict[tuple[str, str], list] = {}
    for i, text in enumerate(texts):
        r = placed.radii[i]
        by_align.setdefault(placed.aligns[i], []).append((r * cos[i], r * sin[i], text, TEXT))
    for (ha, va), items in by_align.items():
        add_texts(ax.figure, ax.transData, items, fontsize=fontsize, ha=ha, va=va,
                  multialignment=ha)  # fmt: skip


def _polygon(
    ax: Panel,
    index: int,
    style: dict,
    vals: list[float],
    cos: np.ndarray,
    sin: np.ndarray,
    vmin: int,
    vmax: int,
) -> None:
    """One series: its outline (open at the gaps), the first one filled, a dot per value."""
    span = max(vmax - vmin, 1)
    n = len(vals)
    ok = [not math.isnan(v) for v in vals]
    r = np.array(
        [min(max((v - vmin) / span, 0.0), 1.0) if o else 0 for v, o in zip(vals, ok, strict=True)]
    )
    xs, ys = cos * r, sin * r
    z = 4 if index == 0 else 3
    if not any(ok):
        return
    for run in _cyclic_runs(ok):
        if style["fill"] and len(run) > 1:
            # A gap keeps the wedge open: fill only between assessed neighbours.
            closed = run[0] == run[-1]
            pts = (
                [(xs[i], ys[i]) for i in run]
                if closed
                else [(0, 0)] + [(xs[i], ys[i]) for i in run]
            )
            ax.add_artist(
                Polygon(
                    pts,
                    closed=True,
                    facecolor=style["color"],
                    alpha=0.18,
                    edgecolor="none",
                    zorder=z - 1,
                )
            )
        ax.plot(
            [xs[i] for i in run],
            [ys[i] for i in run],
            color=style["color"],
            linestyle=style["linestyle"],
            linewidth=style["linewidth"],
            zorder=z,
        )
    idx = [i for i in range(n) if ok[i]]
    ax.plot(
        xs[idx],
        ys[idx],
        linestyle="none",
        marker="o",
        markersize=4 if index == 0 else 3,
        color=style["color"],
        zorder=z,
    )


def _legend(fig: Figure, series: list[tuple[str, list[float | None]]]) -> None:
    """A key per series, in the series' order, under the chart."""
    entries = []
    for index, (name, _) in enumerate(series):
        style = _series_style(index, name)
        keys = ("color", "linestyle", "linewidth")
        entries.append(({**{k: style[k] for k in keys}, "marker": "o", "markersize": 4},
                        short(name, 24)))  # fmt: skip
    key(fig, WIDTH / 2, _LEGEND / 2, entries, align="center")


def _series_style(index: int, name: str) -> dict:
    """Radar styling by role: first series solid, "Previous" dotted, "Target" dashed."""
    if name == "Target":
        return {"color": VERMILLION, "linestyle": (0, (5, 3)), "linewidth": 1.8, "fill": False}
    if name == "Previous":
        return {"color": GREY, "linestyle": (0, (1, 2)), "linewidth": 1.4, "fill": False}
    if index == 0:
        return {"color": LINE, "linestyle": "-", "linewidth": 2.2, "fill": True}
    others = [c for c in PALETTE if c not in (LINE, VERMILLION)]
    color = others[(index - 1) % len(others)]
    return {"color": color, "linestyle": "-", "linewidth": 1.4, "fill": False}


def _cyclic_runs(ok: list[bool]) -> list[list[int]]:
    """Runs of consecutive assessed indices around a closed ring (wrapping past the end)."""
    n = len(ok)
    if all(ok):
        return [[*range(n), 0]]
    start = ok.index(False)
    runs: list[list[int]] = []
    current: list[int] = []
    for k in range(1, n + 1):
        i = (start + k) % n
        if ok[i]:
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


class _Placed(NamedTuple):
    radii: list[float]
    aligns: list[tuple[str, str]]
    boxes: list[tuple[float, float, float, float]]  # estimated (x0, y0, x1, y1) in data units


def _place_labels(
    texts: list[str], cos: np.ndarray, sin: np.ndarray, fontsize: float, inches_per_unit: float
) -> _Placed:
    """Radius and alignment of each radar label: aligned away from the centre, and pushed
    outwards (the more vertical of two neighbours) while estimated boxes overlap. Estimates
    come from character counts, so placement needs no renderer and stays deterministic."""
    n = len(texts)
    aligns = [
        (
            "left" if c > 0.1 else "right" if c < -0.1 else "center",
            "bottom" if s > 0.1 else "top" if s < -0.1 else "center",
        )
        for c, s in zip(cos, sin, strict=True)
    ]
    sizes = [
        (
            text_width(max(t.split("\n"), key=len), fontsize) / inches_per_unit,
            (t.count("\n") + 1) * fontsize * 1.2 / 72 / inches_per_unit,
        )
        for t in texts
    ]
    radii = [1.08] * n

    def box(i: int) -> tuple[float, float, float, float]:
        (ha, va), (w, h) = aligns[i], sizes[i]
        x, y = radii[i] * cos[i], radii[i] * sin[i]
        x0 = x if ha == "left" else x - w if ha == "right" else x - w / 2
        y0 = y if va == "bottom" else y - h if va == "top" else y - h / 2
        return x0, y0, x0 + w, y0 + h

    def overlap(a: tuple, b: tuple) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    for _ in range(40):
        moved = False
        for i in range(n):
            j = (i + 1) % n
            if overlap(box(i), box(j)):
                k = i if abs(sin[i]) >= abs(sin[j]) else j
                if radii[k] < 1.5:
                    radii[k] += 0.03
                    moved = True
        if not moved:
            break
    return _Placed(radii, aligns, [box(i) for i in range(n)])


def _bars(
    labels: list[str], first: tuple[str, list[float | None]], vmin: int, vmax: int, title: str
) -> str:
    """Radar fallback for fewer than 3 axes (a polygon needs three): horizontal bars."""
    n = len(labels)
    label_w = min(max((text_width(short(x), BODY) for x in labels), default=0) + 0.3, 2.4)
    top = 0.55 if title else 0.25
    height = top + 0.5 + 0.45 * max(n, 1)
    fig = new_figure(WIDTH, height)
    add_title(fig, title)
    if n == 0:
        no_data(fig)
        return to_svg(fig)
    ax = Panel(fig, label_w, 0.45, WIDTH - label_w - 0.5, 0.45 * n)
    ax.spines("left", "bottom")
    values = list(first[1][:n]) + [None] * (n - len(first[1]))
    for i, v in enumerate(values):
        if present(v):
            ax.add_artist(Rectangle((vmin, i - 0.275), float(v) - vmin, 0.55, facecolor=LINE))
            ax.text(float(v), i, f" {float(v):.1f}", va="center", fontsize=SMALL)
        else:
            ax.text(
                vmin, i, " not assessed", va="center", fontsize=SMALL, color=MUTED, style="italic"
            )
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(vmin, vmax + 0.001 * (vmax - vmin))
    ticks(ax, "left", range(n), [short(x) for x in labels], fontsize=BODY)
    ticks(ax, "bottom", int_ticks(vmin, vmax), grid=(GRID, 0.6))
    return to_svg(fig)
