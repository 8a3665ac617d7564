"""Line charts over dates: the organization trend, the score history, an outcome metric.

Trend and history are one chart of scores on integer levels (`_score_lines`); the metric
chart has its own scale, header and drawing order, and shares the panel and the date axis.
"""

from __future__ import annotations

import math

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .axis import date_ticks, int_ticks, ticks
from .figure import add_title, new_figure, no_data, to_svg
from .labels import clean, short
from .legend import Legend
from .panel import Panel
from .style import BLACK, BLUE, GRID, MUTED, PALETTE, VERMILLION, chart_salt, styled
from .text import fig_text
from .values import padded, present


def trend(
    dates: list[str],
    values: list[float | None],
    *,
    vmin: int,
    vmax: int,
    label: str = "Median overall score",
    title: str = "",
) -> str:
    """Organization trend over periods, each point labelled with its value."""
    salt = chart_salt("trend", dates, values, vmin, vmax, label, title)
    with styled(salt):
        fig = new_figure(8, 3.2)
        add_title(fig, title)
        if not dates:
            no_data(fig)
            return to_svg(fig)
        y = padded(values, len(dates))
        line = {"color": BLUE, "linewidth": 2.2, "marker": "o", "markersize": 5}
        ax, reach = _score_lines(
            fig,
            dates,
            [(line, 3, y)],
            vmin=vmin,
            vmax=vmax,
            titled=bool(title),
            left=0.75,
            right=0.3,
            rotate_after=10,
            pad=0.06,
            headroom=2,  # room for the labels above the top points
        )
        points = [(i, v, f"{v:.1f}") for i, v in enumerate(y) if not math.isnan(v)]
        ax.label_points(points, 7, ha="center", va="bottom", fontsize=8)
        labelpad = matplotlib.rcParams["axes.labelpad"] + reach
        ax.set_ylabel(short(label), fontsize=8.5, labelpad=labelpad)
        return to_svg(fig)


def history(
    dates: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    vmin: int,
    vmax: int,
    title: str = "",
) -> str:
    """Scores over assessments; the first series (the overall score) drawn bold and black."""
    salt = chart_salt("history", dates, series, vmin, vmax, title)
    with styled(salt):
        # Legend on the right, one row per series: grow the figure rather than overflow.
        fig = new_figure(8, max(3.5, 1.2 + 0.19 * len(series)))
        add_title(fig, title)
        if not dates:
            no_data(fig)
            return to_svg(fig)
        lines = [
            (*_history_line(index), padded(values, len(dates)))
            for index, (_, values) in enumerate(series)
        ]
        ax, _ = _score_lines(
            fig,
            dates,
            lines,
            vmin=vmin,
            vmax=vmax,
            titled=bool(title),
            left=0.55,
            right=2.75,
            rotate_after=6,
            pad=0.04,
            headroom=1,
        )
        if series:
            entries = [
                (style, short(name, 28))
                for (style, _, _), (name, _) in zip(lines, series, strict=True)
            ]
            fig.add_artist(
                Legend(
                    fig,
                    (1.02, 1.0),
                    ax.transAxes,
                    "upper left",
                    entries,
                    fontsize=8,
                    handlelength=2.2,
                    borderaxespad=0,
                )
            )
        return to_svg(fig)


def _history_line(index: int) -> tuple[dict, float]:
    """Style and zorder of a history series: the first bold black on top, then the palette."""
    if index == 0:
        color, lw, ms, marker, z = BLACK, 2.6, 5.5, "o", 4
    else:
        color = [c for c in PALETTE if c != BLACK][(index - 1) % (len(PALETTE) - 1)]
        # Cycle markers too, so series stay distinguishable beyond the six colours.
        marker = "osD^v<>"[((index - 1) // (len(PALETTE) - 1)) % 7]
        lw, ms, z = 1.2, 3.5, 3
    return {"color": color, "linewidth": lw, "marker": marker, "markersize": ms}, z


def _score_lines(
    fig: Figure,
    dates: list[str],
    lines: list[tuple[dict, float, list[float]]],
    *,
    vmin: int,
    vmax: int,
    titled: bool,
    left: float,
    right: float,
    rotate_after: int,
    pad: float,
    headroom: float,
) -> tuple[Panel, float]:
    """Scores over dates: a line per (style, zorder, values), the date axis, and the score
    axis on integer levels from vmin to vmax, *pad* (a fraction of the range) below and
    *headroom* pads above. Returns the panel and how far (points) its level labels reach."""
    top = 0.5 if titled else 0.2
    ax, rotate = _date_panel(fig, dates, left, right, top, (0.45, 0.8), rotate_after)
    for style, z, y in lines:
        ax.plot(range(len(dates)), y, **style, zorder=z, clip_on=False)
    date_ticks(ax, dates, rotate=rotate)
    pad = pad * max(vmax - vmin, 1)
    ax.set_ylim(vmin - pad, vmax + headroom * pad)
    return ax, ticks(ax, "left", int_ticks(vmin, vmax), grid=(GRID, 0.6), measure=True)


def _date_panel(
    fig: Figure,
    dates: list[str],
    left: float,
    right: float,
    top: float,
    bottoms: tuple[float, float],
    rotate_after: int,
) -> tuple[Panel, bool]:
    """The plot area, margins in inches; beyond *rotate_after* dates their labels rotate, so
    the bottom margin is the second of *bottoms*. Returns the panel and whether they rotate."""
    width, height = fig.get_size_inches()
    rotate = len(dates) > rotate_after
    bottom = bottoms[1] if rotate else bottoms[0]
    ax = Panel(fig, left, bottom, width - left - right, height - bottom - top)
    ax.spines("left", "bottom")
    return ax, rotate


def _fmt(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}"


def metric_trend(
    dates: list[str],
    values: list[float | None],
    *,
    name: str,
    unit: str = "",
    vmin: float,
    vmax: float,
    better: str = "higher",
    target: float | None = None,
    title: str = "",
) -> str:
    """Small chart of one outcome metric, with its target and which direction is better."""
    if better not in ("higher", "lower"):
        raise ValueError(f"better must be 'higher' or 'lower', not {better!r}")
    salt = chart_salt("metric", dates, values, name, unit, vmin, vmax, better, target, title)
    with styled(salt):
        fig = new_figure(4, 2.5)
        add_title(fig, title)
        _metric_header(fig, bool(title), better, target)
        if not dates:
            no_data(fig)
            return to_svg(fig)
        top = 0.72 if title else 0.42
        ax, rotate = _date_panel(fig, dates, 0.62, 0.2, top, (0.4, 0.62), 4)
        y = padded(values, len(dates))
        ax.plot(range(len(dates)), y, color=BLUE, linewidth=1.8, marker="o", markersize=4, zorder=3)
        reach = _metric_scale(ax, y, vmin, vmax, target)
        date_ticks(ax, dates, rotate=rotate, fontsize=7)
        points = [(i, v, _fmt(v)) for i, v in enumerate(y) if not math.isnan(v)]
        ax.label_points(
            points if len(points) <= 6 else points[-1:], 5, ha="center", va="bottom", fontsize=7
        )
        ylabel = short(name, 28) + (f" ({short(unit, 12)})" if clean(unit) else "")
        ax.set_ylabel(ylabel, fontsize=8, labelpad=matplotlib.rcParams["axes.labelpad"] + reach)
        return to_svg(fig)


def _metric_header(fig: Figure, titled: bool, better: str, target: float | None) -> None:
    """The line under the title: target key on the left, better direction on the right
    (inside the plot they would collide with the point labels)."""
    width, height = fig.get_size_inches()
    header_y = 1 - (0.42 if titled else 0.12) / height
    note = "↑ higher is better" if better == "higher" else "↓ lower is better"
    fig_text(fig, 1 - 0.15 / width, header_y, note, ha="right", va="top", fontsize=7.5, color=MUTED)
    if present(target):
        fig.add_artist(
            Legend(
                fig,
                (0.1 / width, header_y + 0.07 / height),
                fig.transSubfigure,
                "upper left",
                [
                    (
                        {"color": VERMILLION, "linestyle": (0, (4, 3)), "linewidth": 1.2},
                        f"target {_fmt(float(target))}",  # type: ignore[arg-type]
                    )
                ],
                fontsize=7.5,
                handlelength=2.2,
                borderaxespad=0,
            )
        )


def _metric_scale(
    ax: Panel, y: list[float], vmin: float, vmax: float, target: float | None
) -> float:
    """The value axis, with nice ticks, and the target line; returns how far (points) the
    tick labels reach. Never hides a value: the range widens to the data and the target."""
    has_target = present(target)
    seen = [v for v in y if not math.isnan(v)] + ([float(target)] if has_target else [])
    lo, hi = min([float(vmin), *seen]), max([float(vmax), *seen])
    span = (hi - lo) or 1.0
    ax.set_ylim(lo - 0.08 * span, hi + 0.18 * span)
    locator = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10])
    reach = ticks(ax, "left", locator.tick_values(*ax.get_ylim()), grid=(GRID, 0.5), measure=True)
    if has_target:
        ax.plot(
            [0, 1],
            [float(target)] * 2,  # type: ignore[arg-type]
            transform=ax.get_yaxis_transform(),
            color=VERMILLION,
            linestyle=(0, (4, 3)),
            linewidth=1.2,
            zorder=2,
        )
    return reach
