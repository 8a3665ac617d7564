"""SVG charts for the scorecard site.

Pure functions: plain Python data in, SVG text out. No pyplot (no global figure registry),
no global rcParams changes (everything runs inside ``rc_context``), fixed layouts (no
``bbox_inches="tight"``, which draws twice) and byte-identical output for identical input
(fixed ``svg.hashsalt`` derived from the inputs, no date metadata).

Charts are white cards with dark text so they stay legible when the site is in dark mode.
Colours come from the Okabe-Ito palette (colour-blind safe), with the low-contrast members
used last. ``None`` means "not assessed": it leaves a gap and is never drawn as 0.
All user text is rendered literally (``parse_math=False``) and stays text in the SVG.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import textwrap
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from statistics import median

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

__all__ = ["distribution", "heatmap", "history", "metric_trend", "radar", "trend"]

# Okabe-Ito, ordered by contrast against white: blue, vermillion, bluish green, reddish purple
# and black pass 3:1 for graphics; orange and sky blue (~2.3:1) only when many series are needed.
# Yellow (1.3:1) is never used for lines or dots.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREY = "#666666"  # neutral, for "Previous": reads as "the past" without needing hue
PALETTE = [BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY, BLACK]

TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
GRID = "#d0d0d0"
MISSING_FILL = "#ececec"
MISSING_EDGE = "#9a9a9a"

LABEL_MAX = 40  # characters before a label is truncated with an ellipsis
TITLE_MAX = 90
WRAP = 16  # radar label line width

# DejaVu Sans ships with matplotlib, so text metrics (and thus the SVG) do not depend on the
# fonts installed on the build machine; the SVG still falls back to the viewer's sans-serif.
_RC = {
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "text.usetex": False,
    # Belt and braces: every Text created while a chart is drawn (legend entries, tick labels
    # made at draw time) renders literally, whatever created it.
    "text.parse_math": False,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": MUTED,
    "axes.facecolor": "white",
    "axes.linewidth": 0.8,
    "axes.unicode_minus": True,
    "axes.formatter.use_mathtext": False,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "figure.facecolor": "white",
    "figure.dpi": 100,
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "savefig.transparent": False,
    "path.simplify": True,
    "lines.solid_capstyle": "round",
    "hatch.linewidth": 0.6,
}

# Characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF): matplotlib would
# write them verbatim and break the SVG.
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# --------------------------------------------------------------------------- helpers


def _clean(text: object) -> str:
    """Any label from YAML -> one line of XML-safe text."""
    return " ".join(_XML_INVALID.sub("", str(text)).split())


def _short(text: object, limit: int = LABEL_MAX) -> str:
    s = _clean(text)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _wrap(text: object, width: int = WRAP) -> str:
    return "\n".join(textwrap.wrap(_short(text), width)) or " "


def _num(v: object) -> float:
    """Value -> float, with None (and NaN) as NaN so lines break there."""
    if v is None:
        return math.nan
    return float(v)  # type: ignore[arg-type]


def _present(v: object) -> bool:
    return v is not None and not math.isnan(float(v))  # type: ignore[arg-type]


def _salt(kind: str, *args: object) -> str:
    # Per-chart salt: ids (clip paths, markers, hatches) are stable across runs yet differ
    # between charts, so several SVGs inlined in one page never share an id.
    return hashlib.sha256(repr((kind, args)).encode("utf-8", "surrogatepass")).hexdigest()[:16]


@contextmanager
def _style(salt: str) -> Iterator[None]:
    with matplotlib.rc_context({**_RC, "svg.hashsalt": salt}), warnings.catch_warnings():
        # Emoji and other glyphs missing from DejaVu Sans only warn; the text stays text in the
        # SVG and the browser picks a font that has them.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        yield


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), facecolor="white")


def _axes(fig: Figure, left: float, bottom: float, width: float, height: float, **kw) -> Axes:
    """Axes placed in inches: a fixed layout, so the figure is drawn once and never shifts."""
    fw, fh = fig.get_size_inches()
    return fig.add_axes((left / fw, bottom / fh, width / fw, height / fh), **kw)


def _title(fig: Figure, title: str) -> None:
    if title:
        fw, fh = fig.get_size_inches()
        fig.text(
            0.15 / fw,
            1 - 0.12 / fh,
            _short(title, TITLE_MAX),
            ha="left",
            va="top",
            fontsize=11,
            fontweight="bold",
            parse_math=False,
        )


def _text_width(text: str, size: float) -> float:
    """Rough width in inches of one line of DejaVu Sans (no renderer needed, deterministic)."""
    return len(text) * size * 0.6 / 72


def _svg(fig: Figure) -> str:
    # No walk over fig.findobj(Text) to switch mathtext off (rcParams does, see _RC): the walk
    # made every hidden axis build ticks it never draws, a quarter of a radar chart's time.
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def _no_data(fig: Figure, message: str = "No data") -> None:
    fig.text(0.5, 0.5, message, ha="center", va="center", color=MUTED, parse_math=False)


def _int_ticks(vmin: float, vmax: float) -> list[int]:
    return list(range(math.ceil(vmin), math.floor(vmax) + 1))


def _plain_legend(legend) -> None:
    for t in legend.get_texts():
        t.set_parse_math(False)


def _date_ticks(ax: Axes, dates: Sequence[str], *, rotate: bool, fontsize: float = 8) -> None:
    """Categorical x axis: one tick per date, thinned when there are many."""
    n = len(dates)
    step = max(1, math.ceil(n / 16))
    idx = list(range(0, n, step))
    ax.set_xticks(
        idx,
        labels=[_short(dates[i], 20) for i in idx],
        rotation=40 if rotate else 0,
        ha="right" if rotate else "center",
        rotation_mode="anchor",
        fontsize=fontsize,
        parse_math=False,
    )
    ax.set_xlim(-0.5, max(n - 0.5, 0.5))


def _tidy(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(length=3, width=0.6)


def _series_style(index: int, name: str) -> dict:
    """Radar/history styling by role: first series solid, "Previous" dotted, "Target" dashed."""
    if name == "Target":
        return {"color": VERMILLION, "linestyle": (0, (5, 3)), "linewidth": 1.8, "fill": False}
    if name == "Previous":
        return {"color": GREY, "linestyle": (0, (1, 2)), "linewidth": 1.4, "fill": False}
    if index == 0:
        return {"color": BLUE, "linestyle": "-", "linewidth": 2.2, "fill": True}
    others = [c for c in PALETTE if c not in (BLUE, VERMILLION)]
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


# --------------------------------------------------------------------------- radar


def radar(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    vmin: int,
    vmax: int,
    title: str = "",
) -> str:
    """Spider chart, one polygon per series; None values leave a gap in that polygon."""
    salt = _salt("radar", labels, series, vmin, vmax, title)
    with _style(salt):
        if len(labels) < 3:
            return _bars(labels, series[0] if series else ("", []), vmin, vmax, title)
        fig = _figure(6, 6)
        ax = _axes(fig, 1.3, 1.2, 3.4, 3.4)
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
        ax.set_aspect("equal")
        ax.axis("off")
        _title(fig, title)

        n = len(labels)
        span = max(vmax - vmin, 1)
        # Start at 12 o'clock, go clockwise: the order readers expect from a scorecard.
        theta = np.pi / 2 - 2 * np.pi * np.arange(n) / n
        cos, sin = np.cos(theta), np.sin(theta)

        # Web: one polygonal ring per integer level, spokes, ring labels up the first spoke.
        levels = _int_ticks(vmin, vmax)
        rings = []
        for level in levels:
            r = (level - vmin) / span
            rings.append(np.column_stack([np.append(cos, cos[0]) * r, np.append(sin, sin[0]) * r]))
        # Inner rings light, the outer (vmax) ring darker to frame the chart.
        ax.add_collection(LineCollection(rings[:-1], colors=GRID, linewidths=0.7, zorder=1))
        ax.add_collection(LineCollection(rings[-1:], colors="#9a9a9a", linewidths=0.9, zorder=1))
        ax.add_collection(
            LineCollection(
                [[(0, 0), (c, s)] for c, s in zip(cos, sin, strict=True)],
                colors=GRID,
                linewidths=0.7,
                zorder=1,
            )
        )
        for level in levels:
            ax.text(
                0.03,
                (level - vmin) / span,
                str(level),
                fontsize=7,
                color=MUTED,
                ha="left",
                va="bottom",
                zorder=5,
                # Keep ring numbers readable where a polygon edge crosses them.
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.8},
                parse_math=False,
            )

        fontsize = 8.5 if n <= 12 else 7.5
        texts = [_wrap(label) for label in labels]
        radii, aligns = _place_labels(texts, cos, sin, fontsize, inches_per_unit=1.7)
        for i, text in enumerate(texts):
            ha, va = aligns[i]
            ax.text(
                radii[i] * cos[i],
                radii[i] * sin[i],
                text,
                ha=ha,
                va=va,
                multialignment=ha,
                fontsize=fontsize,
                clip_on=False,
                parse_math=False,
            )

        handles = []
        # Draw the first series last so the "Current" polygon sits on top.
        order = [*range(1, len(series)), 0] if series else []
        for index in order:
            name, values = series[index]
            st = _series_style(index, name)
            vals = [_num(v) for v in values[:n]]
            vals += [math.nan] * (n - len(vals))
            ok = [not math.isnan(v) for v in vals]
            r = np.array(
                [
                    min(max((v - vmin) / span, 0.0), 1.0) if o else 0
                    for v, o in zip(vals, ok, strict=True)
                ]
            )
            xs, ys = cos * r, sin * r
            z = 4 if index == 0 else 3
            if any(ok):
                for run in _cyclic_runs(ok):
                    if st["fill"] and len(run) > 1:
                        # A gap keeps the wedge open: fill only between assessed neighbours.
                        closed = run[0] == run[-1]
                        pts = (
                            [(xs[i], ys[i]) for i in run]
                            if closed
                            else [(0, 0)] + [(xs[i], ys[i]) for i in run]
                        )
                        ax.add_patch(
                            Polygon(
                                pts,
                                closed=True,
                                facecolor=st["color"],
                                alpha=0.18,
                                edgecolor="none",
                                zorder=z - 1,
                            )
                        )
                    ax.plot(
                        [xs[i] for i in run],
                        [ys[i] for i in run],
                        color=st["color"],
                        linestyle=st["linestyle"],
                        linewidth=st["linewidth"],
                        zorder=z,
                    )
                idx = [i for i in range(n) if ok[i]]
                ax.plot(
                    xs[idx],
                    ys[idx],
                    linestyle="none",
                    marker="o",
                    markersize=4 if index == 0 else 3,
                    color=st["color"],
                    zorder=z,
                )
            handles.append(
                (
                    index,
                    Line2D(
                        [],
                        [],
                        color=st["color"],
                        linestyle=st["linestyle"],
                        linewidth=st["linewidth"],
                        marker="o",
                        markersize=4,
                        label=_short(name, 24),
                    ),
                )
            )
        if handles:
            handles.sort(key=lambda h: h[0])
            leg = fig.legend(
                handles=[h for _, h in handles],
                loc="lower center",
                bbox_to_anchor=(0.5, 0.01),
                ncol=min(len(handles), 4),
                handlelength=3,
                fontsize=8.5,
            )
            _plain_legend(leg)
        return _svg(fig)


def _place_labels(
    texts: list[str], cos: np.ndarray, sin: np.ndarray, fontsize: float, inches_per_unit: float
) -> tuple[list[float], list[tuple[str, str]]]:
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
            _text_width(max(t.split("\n"), key=len), fontsize) / inches_per_unit,
            (t.count("\n") + 1) * fontsize * 1.2 / 72 / inches_per_unit,
        )
        for t in texts
    ]
    radii = [1.09] * n

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
    return radii, aligns


def _bars(
    labels: list[str], first: tuple[str, list[float | None]], vmin: int, vmax: int, title: str
) -> str:
    """Radar fallback for fewer than 3 axes (a polygon needs three): horizontal bars."""
    n = len(labels)
    label_w = min(max((_text_width(_short(x), 8.5) for x in labels), default=0) + 0.3, 3.2)
    top = 0.55 if title else 0.25
    height = top + 0.5 + 0.45 * max(n, 1)
    fig = _figure(6, height)
    _title(fig, title)
    if n == 0:
        _no_data(fig)
        return _svg(fig)
    ax = _axes(fig, label_w, 0.45, 6 - label_w - 0.4, 0.45 * n)
    _tidy(ax)
    values = list(first[1][:n]) + [None] * (n - len(first[1]))
    for i, v in enumerate(values):
        if _present(v):
            ax.barh(i, float(v) - vmin, left=vmin, height=0.55, color=BLUE)
            ax.text(float(v), i, f" {float(v):.1f}", va="center", fontsize=8, parse_math=False)
        else:
            ax.text(
                vmin,
                i,
                " not assessed",
                va="center",
                fontsize=8,
                color=MUTED,
                style="italic",
                parse_math=False,
            )
    ax.set_yticks(range(n), labels=[_short(x) for x in labels], fontsize=8.5, parse_math=False)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(vmin, vmax + 0.001 * (vmax - vmin))
    ax.set_xticks(_int_ticks(vmin, vmax))
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    return _svg(fig)


# --------------------------------------------------------------------------- history


def history(
    dates: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    vmin: int,
    vmax: int,
    title: str = "",
) -> str:
    """Scores over assessments; the first series (the overall score) drawn bold and black."""
    salt = _salt("history", dates, series, vmin, vmax, title)
    with _style(salt):
        n_series = len(series)
        # Legend on the right, one row per series: grow the figure rather than overflow.
        height = max(3.5, 1.2 + 0.19 * n_series)
        fig = _figure(8, height)
        _title(fig, title)
        if not dates:
            _no_data(fig)
            return _svg(fig)
        top = 0.5 if title else 0.2
        rotate = len(dates) > 6
        bottom = 0.8 if rotate else 0.45
        ax = _axes(fig, 0.55, bottom, 8 - 0.55 - 2.75, height - bottom - top)
        _tidy(ax)
        x = np.arange(len(dates))
        for index, (name, values) in enumerate(series):
            y = [_num(v) for v in values[: len(dates)]]
            y += [math.nan] * (len(dates) - len(y))
            if index == 0:
                color, lw, ms, marker, z = BLACK, 2.6, 5.5, "o", 4
            else:
                color = [c for c in PALETTE if c != BLACK][(index - 1) % (len(PALETTE) - 1)]
                # Cycle markers too, so series stay distinguishable beyond the six colours.
                marker = "osD^v<>"[((index - 1) // (len(PALETTE) - 1)) % 7]
                lw, ms, z = 1.2, 3.5, 3
            ax.plot(
                x,
                y,
                color=color,
                linewidth=lw,
                marker=marker,
                markersize=ms,
                label=_short(name, 28),
                zorder=z,
                clip_on=False,
            )
        _date_ticks(ax, dates, rotate=rotate)
        pad = 0.04 * max(vmax - vmin, 1)
        ax.set_ylim(vmin - pad, vmax + pad)
        ax.set_yticks(_int_ticks(vmin, vmax))
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        if series:
            leg = ax.legend(
                loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0, handlelength=2.2
            )
            _plain_legend(leg)
        return _svg(fig)


# --------------------------------------------------------------------------- heatmap

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
    salt = _salt("heatmap", row_labels, col_labels, values, vmin, vmax, title)
    with _style(salt):
        nr, nc = len(row_labels), len(col_labels)
        cell_w, cell_h = 0.55, 0.28
        rows = [_short(r) for r in row_labels]
        cols = [_short(c) for c in col_labels]
        left = min(max((_text_width(r, 8) for r in rows), default=0) + 0.3, 3.0)
        # Column labels sit on top at 45 degrees, so the top margin follows the longest one.
        col_h = min(max((_text_width(c, 8) for c in cols), default=0) * 0.72 + 0.25, 2.1)
        top = col_h + (0.5 if title else 0.15)
        width = max(left + nc * cell_w + 1.3 + min(col_h, 1.4), 4.0)
        height = top + max(nr, 1) * cell_h + 0.25
        fig = _figure(width, height)
        _title(fig, title)
        if nr == 0 or nc == 0:
            _no_data(fig)
            return _svg(fig)
        ax = _axes(fig, left, 0.25, nc * cell_w, nr * cell_h)

        data = np.full((nr, nc), np.nan)
        for i, row in enumerate(values[:nr]):
            for j, v in enumerate(row[:nc]):
                if _present(v):
                    data[i, j] = float(v)
        cmap = matplotlib.colormaps[CMAP]
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

        norm = matplotlib.colors.Normalize(vmin=vmin, vmax=vmax)
        ink = {}  # colour per shown value: at most (vmax - vmin) * 10 + 1 of them
        cells = []
        missing_marks = []
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
        ax.add_artist(_TextBatch(fig, ax.transData, cells, fontsize=7.5, ha="center"))
        ax.add_artist(_TextBatch(fig, ax.transData, missing_marks, fontsize=8, ha="center"))
        # Row labels as a batch too: 250 tick objects cost more than the texts themselves.
        shift = ScaledTranslation(-4 / 72, 0, fig.dpi_scale_trans)
        ax.add_artist(
            _TextBatch(
                fig,
                ax.get_yaxis_transform() + shift,
                [(0, i + 0.5, r, TEXT) for i, r in enumerate(rows)],
                fontsize=8,
                ha="right",
            )
        )

        ax.set_xlim(0, nc)
        ax.set_ylim(nr, 0)
        ax.xaxis.tick_top()
        ax.set_xticks(
            np.arange(nc) + 0.5,
            labels=cols,
            rotation=45,
            ha="left",
            rotation_mode="anchor",
            fontsize=8,
            parse_math=False,
        )
        ax.set_yticks([])
        ax.tick_params(length=0, pad=3)
        for spine in ax.spines.values():
            spine.set_visible(False)

        # Hand-made colour bar: vector steps (Figure.colorbar rasterizes its gradient),
        # top-aligned with the grid and of bounded height however many rows there are.
        bar_h = min(nr * cell_h, 2.6)
        fh = height
        cax = _axes(fig, left + nc * cell_w + 0.3, fh - top - bar_h, 0.16, bar_h)
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
        cax.set_xticks([])
        cax.yaxis.tick_right()
        cax.set_yticks(_int_ticks(vmin, vmax))
        cax.tick_params(length=2, labelsize=7.5)
        cax.set_ylim(vmin, vmax)
        for spine in cax.spines.values():
            spine.set_linewidth(0.5)
        if len(missing):
            # Key for the hatched cells, just under the colour bar.
            kax = _axes(fig, left + nc * cell_w + 0.3, fh - top - bar_h - 0.45, 0.16, 0.16)
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
        return _svg(fig)


class _TextBatch(Artist):
    """Many one-line texts drawn straight through the renderer.

    A Text artist per heatmap cell (create, lay out, draw) was most of the time of a 250-row
    heatmap. Here one template Text carries the style and, passed as ``mtext``, lets the SVG
    backend write each item as an anchored ``<text>`` (text-anchor from ``ha``), exactly as
    Text.draw would; the layout maths is done once per distinct string instead of per item.
    """

    def __init__(
        self,
        fig: Figure,
        transform,
        items: list[tuple[float, float, str, str]],
        *,
        fontsize: float,
        ha: str,
    ) -> None:
        super().__init__()
        self.set_zorder(3)  # above the cells (Artist's default 0 would draw underneath)
        self._items = items
        self._template = Text(
            0, 0, "", ha=ha, va="center", fontsize=fontsize, transform=transform, parse_math=False
        )
        self._template.set_figure(fig)

    def draw(self, renderer) -> None:
        if not self.get_visible() or not self._items:
            return
        t = self._template
        prop = t.get_fontproperties()
        trans = t.get_transform()
        # Vertical centring as Text does for one line: the box is at least as tall as "lp".
        _, lp_h, lp_d = renderer.get_text_width_height_descent("lp", prop, ismath=False)
        sizes: dict[str, tuple[float, float, float]] = {}
        shift = {"left": 0.0, "center": 0.5, "right": 1.0}[t.get_ha()]
        flip_h = renderer.get_canvas_width_height()[1] if renderer.flipy() else None
        gc = renderer.new_gc()
        renderer.open_group("textbatch", gid=self.get_gid())
        for x, y, text, color in self._items:
            if text not in sizes:
                sizes[text] = renderer.get_text_width_height_descent(text, prop, ismath=False)
            w, h, d = sizes[text]
            height, descent = max(h, lp_h), max(d, lp_d)
            px, py = trans.transform((x, y))
            py = py - height / 2 + descent  # baseline
            if flip_h is not None:
                py = flip_h - py
            t.set_position((x, y))  # the SVG backend reads the anchor from mtext
            gc.set_foreground(color)
            renderer.draw_text(gc, px - shift * w, py, text, prop, 0, False, mtext=t)
        renderer.close_group("textbatch")
        gc.restore()
        self.stale = False


def _ink(rgba) -> str:
    """Black or white, whichever contrasts more with the cell colour (WCAG luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(rgba))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Equal contrast against black and white at luminance ~0.179.
    return BLACK if lum > 0.179 else "#ffffff"


# --------------------------------------------------------------------------- distribution


def distribution(
    labels: list[str],
    values: list[list[float]],
    *,
    vmin: int,
    vmax: int,
    targets: list[float | None] | None = None,
    title: str = "",
) -> str:
    """One row per area: every team's score as a dot, the median as a bar, the target as a
    diamond. Dots are spread vertically by a fixed sequence, so there is no randomness."""
    salt = _salt("distribution", labels, values, vmin, vmax, targets, title)
    with _style(salt):
        n = len(labels)
        names = [_short(x) for x in labels]
        left = min(max((_text_width(x, 8.5) for x in names), default=0) + 0.3, 3.0)
        top = 0.5 if title else 0.2
        row_h = 0.42
        height = top + max(n, 1) * row_h + 0.75
        fig = _figure(8, height)
        _title(fig, title)
        if n == 0:
            _no_data(fig)
            return _svg(fig)
        ax = _axes(fig, left, 0.75, 8 - left - 0.35, n * row_h)
        _tidy(ax)

        xs, ys, med_x, med_y = [], [], [], []
        for i, row in enumerate(values[:n]):
            vals = [float(v) for v in row if _present(v)]
            for k, v in enumerate(vals):
                # Golden-ratio sequence: evenly spread, reproducible jitter.
                xs.append(v)
                ys.append(i + ((k * 0.6180339887) % 1 - 0.5) * 0.5)
            if vals:
                med_x.append(median(vals))
                med_y.append(i)
        ax.scatter(xs, ys, s=16, color=BLUE, alpha=0.6, linewidths=0, zorder=3)
        ax.vlines(
            med_x,
            [y - 0.36 for y in med_y],
            [y + 0.36 for y in med_y],
            colors=BLACK,
            linewidth=2.6,
            zorder=4,
        )
        tx = [(float(t), i) for i, t in enumerate((targets or [])[:n]) if _present(t)]
        if tx:
            ax.scatter(
                [t for t, _ in tx],
                [i for _, i in tx],
                marker="D",
                s=42,
                color=VERMILLION,
                edgecolors="white",
                linewidths=0.8,
                zorder=5,
            )

        ax.set_yticks(range(n), labels=names, fontsize=8.5, parse_math=False)
        ax.set_ylim(n - 0.5, -0.5)
        pad = 0.15
        ax.set_xlim(vmin - pad, vmax + pad)
        ax.set_xticks(_int_ticks(vmin, vmax))
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        # Faint row bands guide the eye across wide charts.
        for i in range(0, n, 2):
            ax.axhspan(i - 0.5, i + 0.5, color="#f4f4f4", zorder=0, linewidth=0)

        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=5,
                color=BLUE,
                alpha=0.6,
                markeredgewidth=0,
                label="Team score",
            ),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="|",
                markersize=11,
                markeredgewidth=2.6,
                color=BLACK,
                label="Median",
            ),
        ]
        if tx:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="D",
                    markersize=6,
                    color=VERMILLION,
                    markeredgecolor="white",
                    label="Target",
                )
            )
        fh = fig.get_size_inches()[1]
        leg = fig.legend(
            handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.05 / fh), ncol=len(handles)
        )
        _plain_legend(leg)
        return _svg(fig)


# --------------------------------------------------------------------------- trend


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
    salt = _salt("trend", dates, values, vmin, vmax, label, title)
    with _style(salt):
        height = 3.2
        fig = _figure(8, height)
        _title(fig, title)
        if not dates:
            _no_data(fig)
            return _svg(fig)
        top = 0.5 if title else 0.2
        rotate = len(dates) > 10
        bottom = 0.8 if rotate else 0.45
        ax = _axes(fig, 0.75, bottom, 8 - 0.75 - 0.3, height - bottom - top)
        _tidy(ax)
        y = [_num(v) for v in values[: len(dates)]]
        y += [math.nan] * (len(dates) - len(y))
        ax.plot(
            range(len(dates)),
            y,
            color=BLUE,
            linewidth=2.2,
            marker="o",
            markersize=5,
            clip_on=False,
            zorder=3,
        )
        for i, v in enumerate(y):
            if not math.isnan(v):
                ax.annotate(
                    f"{v:.1f}",
                    (i, v),
                    xytext=(0, 7),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    parse_math=False,
                )
        _date_ticks(ax, dates, rotate=rotate)
        pad = 0.06 * max(vmax - vmin, 1)
        ax.set_ylim(vmin - pad, vmax + 2 * pad)  # room for the labels above the top points
        ax.set_yticks(_int_ticks(vmin, vmax))
        ax.set_ylabel(_short(label), fontsize=8.5, parse_math=False)
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        return _svg(fig)


# --------------------------------------------------------------------------- metric


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
    salt = _salt("metric", dates, values, name, unit, vmin, vmax, better, target, title)
    with _style(salt):
        width, height = 4, 2.5
        fig = _figure(width, height)
        _title(fig, title)
        # Header line under the title: target key on the left, better direction on the right
        # (inside the plot they would collide with the point labels).
        header_y = 1 - (0.42 if title else 0.12) / height
        note = "↑ higher is better" if better == "higher" else "↓ lower is better"
        fig.text(
            1 - 0.15 / width,
            header_y,
            note,
            ha="right",
            va="top",
            fontsize=7.5,
            color=MUTED,
            parse_math=False,
        )
        has_target = _present(target)
        if has_target:
            leg = fig.legend(
                handles=[
                    Line2D(
                        [],
                        [],
                        color=VERMILLION,
                        linestyle=(0, (4, 3)),
                        linewidth=1.2,
                        label=f"target {_fmt(float(target))}",  # type: ignore[arg-type]
                    )
                ],
                loc="upper left",
                bbox_to_anchor=(0.1 / width, header_y + 0.07 / height),
                fontsize=7.5,
                handlelength=2.2,
                borderaxespad=0,
            )
            _plain_legend(leg)
        if not dates:
            _no_data(fig)
            return _svg(fig)
        top = 0.72 if title else 0.42
        rotate = len(dates) > 4
        bottom = 0.62 if rotate else 0.4
        ax = _axes(fig, 0.62, bottom, width - 0.62 - 0.2, height - bottom - top)
        _tidy(ax)
        y = [_num(v) for v in values[: len(dates)]]
        y += [math.nan] * (len(dates) - len(y))
        ax.plot(range(len(dates)), y, color=BLUE, linewidth=1.8, marker="o", markersize=4, zorder=3)

        # Never hide a value: widen the range to the data and the target.
        seen = [v for v in y if not math.isnan(v)] + ([float(target)] if has_target else [])
        lo, hi = min([float(vmin), *seen]), max([float(vmax), *seen])
        span = (hi - lo) or 1.0
        ax.set_ylim(lo - 0.08 * span, hi + 0.18 * span)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        if has_target:
            ax.axhline(
                float(target),  # type: ignore[arg-type]
                color=VERMILLION,
                linestyle=(0, (4, 3)),
                linewidth=1.2,
                zorder=2,
            )
        points = [i for i, v in enumerate(y) if not math.isnan(v)]
        for i in points if len(points) <= 6 else points[-1:]:
            ax.annotate(
                _fmt(y[i]),
                (i, y[i]),
                xytext=(0, 5),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7,
                parse_math=False,
            )
        _date_ticks(ax, dates, rotate=rotate, fontsize=7)
        ylabel = _short(name, 28) + (f" ({_short(unit, 12)})" if _clean(unit) else "")
        ax.set_ylabel(ylabel, fontsize=8, parse_math=False)
        ax.grid(axis="y", color=GRID, linewidth=0.5)
        ax.set_axisbelow(True)
        return _svg(fig)
