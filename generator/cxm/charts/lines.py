"""Line charts on a real time axis: the organization trend, a team's history (one small panel
per area), a team's outcome metrics (one small panel per metric). `_lines` draws the trend's
plot; the panels of the small multiples are gathered into a few artists by `multiples`."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .axis import day, int_ticks, scalar_labels, ticks, time_span, time_ticks
from .figure import add_title, new_figure, no_data, to_svg
from .labels import clean, fitted, short, svg_text_width
from .legend import key
from .multiples import Multiples, Place
from .panel import Panel
from .style import (
    BODY,
    GREY,
    GRID,
    LINE,
    MUTED,
    SMALL,
    TEXT,
    VERMILLION,
    WIDTH,
    chart_salt,
    styled,
)
from .values import padded, present

TARGET = {"color": VERMILLION, "linestyle": (0, (4, 3)), "linewidth": 1.4}


def _lines(
    fig: Figure,
    place: tuple[float, float, float, float],
    days: list[int],
    lines: list[tuple[dict, list[float]]],
    *,
    ylim: tuple[float, float],
    yticks: Sequence[float],
    xlim: tuple[float, float],
) -> Panel:
    """A plot at *place* (inches: left, bottom, width, height): each (style, values) a line
    over *days* (ordinals; NaN leaves a gap), left and bottom spines, level grid, time axis."""
    ax = Panel(fig, *place)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.spines("left", "bottom")
    for style, y in lines:
        ax.plot(days, y, clip_on=False, **style)
    ticks(ax, "left", yticks, grid=(GRID, 0.6), length=2, pad=3)
    time_ticks(ax, place[2])
    return ax


def trend(
    dates: list[str],
    values: list[float | None],
    *,
    counts: list[int] | None = None,
    vmin: int,
    vmax: int,
    label: str = "Median overall score",
    title: str = "",
) -> str:
    """The organization at the end of each quarter on a time axis (a quarter without an
    assessment is a visible gap), each dot sized by how many teams it stands for."""
    salt = chart_salt("trend", dates, values, counts, vmin, vmax, label, title)
    with styled(salt):
        height = 3.3 + (0.3 if title else 0)
        fig = new_figure(WIDTH, height)
        add_title(fig, title)
        if not dates:
            no_data(fig)
            return to_svg(fig)
        y = padded(values, len(dates))
        n = list(counts or [])[: len(dates)] + [0] * (len(dates) - len(counts or []))
        days = [day(d).toordinal() for d in dates]
        top = 0.75 + (0.3 if title else 0)
        pad = 0.12 * max(vmax - vmin, 1)
        ax = _lines(
            fig,
            (0.45, 0.45, WIDTH - 0.75, height - 0.45 - top),
            days,
            [({"color": LINE, "linewidth": 2.2, "zorder": 3}, y)],
            ylim=(vmin - pad, vmax + pad),
            yticks=int_ticks(vmin, vmax),
            xlim=time_span([day(d) for d in dates]),
        )
        most = max(n, default=0) or 1
        for d, v, k in zip(days, y, n, strict=True):
            if math.isnan(v):
                continue
            few = k * 2 < most  # fewer than half the teams of the fullest quarter: hollow
            size = 5 + 7 * math.sqrt(k / most)
            face = "none" if few else LINE
            ax.plot([d], [v], marker="o", markersize=size, color=LINE, mfc=face, zorder=4, mew=1.6)
        shown = [(d, v) for d, v in zip(days, y, strict=True) if not math.isnan(v)]
        if len(shown) <= 12:
            ax.label_points([(d, v, f"{v:.1f}") for d, v in shown], 9, fontsize=SMALL, ha="center")
            counted = [(d, v, f"{k}") for d, v, k in zip(days, y, n, strict=True) if counts]
            counted = [(d, v, t) for d, v, t in counted if not math.isnan(v)]
            ax.label_points(counted, -10, color=MUTED, fontsize=SMALL, ha="center", va="top")
        key(
            fig,
            0.1,
            height - top + 0.45,
            [
                ({"color": LINE, "linewidth": 2.2, "marker": "o", "markersize": 7}, short(label)),
                ({"color": MUTED, "linestyle": "none"}, "number under a dot: teams it covers"),
            ][: 2 if counts and len(shown) <= 12 else 1],
        )
        if counts:
            entry = {"linestyle": "none", "marker": "o", "markersize": 7, "color": LINE}
            key(
                fig,
                0.1,
                height - top + 0.2,
                [({**entry, "mfc": "none", "mew": 1.6}, "hollow: under half the teams")],
            )
        return to_svg(fig)


def history(
    dates: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    vmin: int,
    vmax: int,
    title: str = "",
) -> str:
    """Small multiples: one panel per series (the first, the overall score, bold), each area
    with the overall score faint behind it, dates on a time axis."""
    salt = chart_salt("history", dates, series, vmin, vmax, title)
    with styled(salt):
        cols = 2
        rows = max(1, math.ceil(len(series) / cols))
        cell_w, cell_h = (WIDTH - 0.1) / cols, 1.65
        top = 0.45 + (0.3 if title else 0)
        height = top + rows * cell_h
        fig = new_figure(WIDTH, height)
        add_title(fig, title)
        if not dates or not series:
            no_data(fig)
            return to_svg(fig)
        days = [day(d).toordinal() for d in dates]
        xlim = time_span([day(d) for d in dates])
        overall = padded(series[0][1], len(dates))
        bold = {"color": TEXT, "linewidth": 2.4, "marker": "o", "markersize": 5, "zorder": 4}
        area = {"color": LINE, "linewidth": 2, "marker": "o", "markersize": 4.5, "zorder": 4}
        faint = {"color": GREY, "linewidth": 1.2, "zorder": 3, "alpha": 0.55}
        key(
            fig,
            0.1,
            height - top + 0.22,
            [(area, "area score"), (faint, "overall score, for comparison")],
        )
        ylim = (vmin - 0.15, vmax + 0.15)
        yticks = sorted({vmin, (vmin + vmax) // 2, vmax})
        ylabels, _ = scalar_labels(yticks, *ylim)
        panels = Multiples(fig)
        for index, (name, values) in enumerate(series):
            y = padded(values, len(dates))
            lines = [(bold, y)] if index == 0 else [(faint, overall), (area, y)]
            left = 0.1 + (index % cols) * cell_w + 0.32
            bottom = height - top - (index // cols + 1) * cell_h + 0.42
            place = Place(left, bottom, cell_w - 0.78, cell_h - 0.8, xlim, ylim)
            panels.frame(place)
            for style, values_ in lines:
                panels.line(place, days, values_, style)
            # One level scale for all panels: its numbers left of each row only (the panel
            # beside shares them), as small multiples share an axis; a third fewer texts.
            shown = ylabels if index % cols == 0 else [""] * len(ylabels)
            panels.yticks(place, yticks, shown, grid=(GRID, 0.6), length=2, pad=3,
                          fontsize=SMALL)  # fmt: skip
            _ends(panels, place, days, y)
            weight = "bold" if index == 0 else "normal"
            panels.text(left - 0.3, bottom + cell_h - 0.72, short(name, 30), fontsize=BODY,
                        fontweight=weight, va="baseline", zorder=3)  # fmt: skip
        panels.draw()
        return to_svg(fig)


def _ends(
    panels: Multiples,
    place: Place,
    days: list[int],
    y: list[float],
    fmt: Callable[[float], str] = "{:.1f}".format,
) -> None:
    """A small multiple's time axis and value: the first and last date, the latest value
    right of the plot."""
    known = [(d, v) for d, v in zip(days, y, strict=True) if not math.isnan(v)]
    if known:
        _, v = known[-1]
        panels.text(place.left + place.width, place.y(v), f" {fmt(v)}", fontsize=SMALL,
                    va="center", ha="left", fontweight="bold", zorder=3)  # fmt: skip
    first, last = days[0], days[-1]
    tick = {"length": 2, "pad": 2, "fontsize": SMALL}
    if last == first:
        panels.xtick(place, first, _month(first), ha="center", **tick)
        return
    panels.xtick(place, first, _month(first), ha="left", **tick)
    panels.xtick(place, last, _month(last), ha="right", **tick)


def _month(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).strftime("%b %Y")


def _fmt(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}"


def metrics(
    dates: list[str],
    series: list[dict],
    *,
    title: str = "",
) -> str:
    """Small multiples of a team's outcome metrics: one panel per metric (name, unit, which
    direction is better, its target), each on a scale fitted to its values and target within
    the metric's bounds, the target dashed, dates on a time axis, the latest value at the end.

    Each of *series* is a dict: ``name``, ``values`` (one per date, None where not reported),
    ``vmin``, ``vmax``, and optionally ``unit``, ``better`` ("higher" or "lower") and
    ``target``.
    """
    for metric in series:
        if metric.get("better", "higher") not in ("higher", "lower"):
            raise ValueError(f"better must be 'higher' or 'lower', not {metric['better']!r}")
    salt = chart_salt("metrics", dates, series, title)
    with styled(salt):
        cols = 1 if len(series) == 1 else 2
        rows = max(1, math.ceil(len(series) / cols))
        cell_w, cell_h = (WIDTH - 0.1) / cols, 1.95
        top = 0.45 + (0.3 if title else 0)
        height = top + rows * cell_h
        fig = new_figure(WIDTH, height)
        add_title(fig, title)
        if not dates or not series:
            no_data(fig)
            return to_svg(fig)
        line = {"color": LINE, "linewidth": 2, "marker": "o", "markersize": 4.5, "zorder": 4}
        target_line = {**TARGET, "zorder": 3}
        targets = any(present(m.get("target")) for m in series)
        key(fig, 0.1, height - top + 0.22, [(line, "metric"), (TARGET, "target")][: 1 + targets])
        days = [day(d).toordinal() for d in dates]
        xlim = time_span([day(d) for d in dates])
        panels = Multiples(fig)
        for index, metric in enumerate(series):
            cell_left = 0.1 + (index % cols) * cell_w
            cell_top = height - top - (index // cols) * cell_h
            y = padded(metric["values"], len(dates))
            target = metric.get("target")
            ylim = _fitted(y, metric["vmin"], metric["vmax"], target)
            place = Place(cell_left + 0.5, cell_top - cell_h + 0.42, cell_w - 1.0,
                          cell_h - 1.02, xlim, ylim)  # fmt: skip
            _metric_panel(panels, place, metric, days, y, cell_left, cell_top)
            if present(target):
                panels.line(place, list(xlim), [float(target)] * 2, target_line)
            panels.line(place, days, y, line)
        panels.draw()
        return to_svg(fig)


def _metric_panel(
    panels: Multiples,
    place: Place,
    metric: dict,
    days: list[int],
    y: list[float],
    left: float,
    top: float,
) -> None:
    """A metric's frame, value scale, time axis and latest value, and above them its name and
    unit, then which direction is better and its target."""
    unit = clean(metric.get("unit") or "")
    room = place.left + place.width + 0.4 - left  # the panel's width, its value column included
    suffix = f" ({short(unit, 12)})" if unit else ""
    name = fitted(metric["name"], BODY, room - svg_text_width(suffix, BODY, "bold") / 72, "bold")
    label = name + suffix
    panels.text(left, top - 0.2, label, fontsize=BODY, fontweight="bold", va="baseline",
                zorder=3)  # fmt: skip
    note = (
        "↑ higher is better" if metric.get("better", "higher") == "higher" else "↓ lower is better"
    )
    target = metric.get("target")
    if present(target):
        note += f" · target {_fmt(float(target))}"
    panels.text(left, top - 0.42, note, color=MUTED, fontsize=SMALL, va="baseline", zorder=3)
    panels.frame(place)
    lo, hi = place.ylim
    locator = MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10])
    yticks = [v for v in locator.tick_values(lo, hi) if lo <= v <= hi]
    # The latest value as precise as the scale beside it: "3.0" next to "3.1", not "3".
    tick = "{:.0f}" if all(round(v, 6).is_integer() for v in yticks) else "{:.1f}"
    panels.yticks(place, yticks, [tick.format(v) for v in yticks], grid=(GRID, 0.6), length=2,
                  pad=3, fontsize=SMALL)  # fmt: skip
    _ends(panels, place, days, y, _fmt if tick == "{:.0f}" else tick.format)


def _fitted(y: list[float], vmin: float, vmax: float, target: float | None) -> tuple[float, float]:
    """The value range: the values and the target with room around them, never past the
    metric's own bounds (and never hiding a value that lies past them)."""
    seen = [v for v in y if not math.isnan(v)] + ([float(target)] if present(target) else [])  # type: ignore[arg-type]
    if not seen:
        return float(vmin), float(vmax)
    lo, hi = min(seen), max(seen)
    span = max(hi - lo, abs(hi) * 0.1, (vmax - vmin) * 0.05, 1e-9)
    lo2, hi2 = lo - 0.25 * span, hi + 0.3 * span
    lo2 = max(lo2, min(float(vmin), lo))
    hi2 = min(hi2, max(float(vmax), hi))
    if hi2 - lo2 < 1e-9:
        lo2, hi2 = lo - 1, hi + 1
    return lo2, hi2
