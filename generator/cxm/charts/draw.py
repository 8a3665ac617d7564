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

import functools
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
from matplotlib.collections import LineCollection, PatchCollection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import TICKDOWN, TICKLEFT, TICKRIGHT, TICKUP, Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import text_to_path
from matplotlib.ticker import MaxNLocator, NullLocator, ScalarFormatter
from matplotlib.transforms import (
    Affine2D,
    Bbox,
    BboxTransformFrom,
    BboxTransformTo,
    IdentityTransform,
    ScaledTranslation,
    TransformedBbox,
    blended_transform_factory,
)

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


class _Panel:
    """A plot area drawn straight onto the figure, placed in inches.

    It gives the transforms, limits and clipping of an Axes, and draws its left and bottom
    spines and y label the same way, without creating one: an Axes builds (and its draw walks)
    axes, ticks, spines and titles the chart never shows, most of a small chart's time.
    Artists keep their own zorder and are drawn in the figure's zorder order.
    """

    def __init__(
        self, fig: Figure, left: float, bottom: float, width: float, height: float
    ) -> None:
        self.figure = fig
        self.bbox = TransformedBbox(
            Bbox.from_bounds(left, bottom, width, height), fig.dpi_scale_trans
        )
        self.viewLim = Bbox.unit()
        self.transAxes = BboxTransformTo(self.bbox)
        self.transData = BboxTransformFrom(self.viewLim) + self.transAxes
        self._xaxis_transform = blended_transform_factory(self.transData, self.transAxes)
        self._yaxis_transform = blended_transform_factory(self.transAxes, self.transData)

    def get_figure(self) -> Figure:
        return self.figure

    def get_xaxis_transform(self):
        return self._xaxis_transform

    def get_yaxis_transform(self):
        return self._yaxis_transform

    def set_xlim(self, lo: float, hi: float) -> None:
        self.viewLim.intervalx = (lo, hi)

    def set_ylim(self, lo: float, hi: float) -> None:
        self.viewLim.intervaly = (lo, hi)

    def get_xlim(self) -> tuple[float, float]:
        return tuple(self.viewLim.intervalx)

    def get_ylim(self) -> tuple[float, float]:
        return tuple(self.viewLim.intervaly)

    def add_artist(self, artist: Artist, *, clip: bool = True, transform=None) -> Artist:
        """Add in data coordinates unless a transform is given or set; clipped to the panel
        like an Axes child (the artist's clip_on still decides)."""
        if transform is not None:
            artist.set_transform(transform)
        elif not artist.is_transform_set():
            artist.set_transform(self.transData)
        if clip:
            artist.set_clip_box(self.bbox)
        self.figure.add_artist(artist)
        return artist

    def scatter(
        self, x, y, *, s: float, color: str, marker: str = "o", edgecolors: str | None = None, **kw
    ) -> None:
        """Axes.scatter for one size and colour: the same marker path and collection."""
        style = MarkerStyle(marker)
        collection = PathCollection(
            (style.get_path().transformed(style.get_transform()),),
            sizes=[s],
            offsets=np.column_stack([np.asarray(x, float), np.asarray(y, float)]),
            offset_transform=self.transData,
            facecolors=color,
            edgecolors=edgecolors or color,
            **kw,
        )
        self.add_artist(collection, transform=IdentityTransform())

    def plot(self, x, y, **kw) -> Line2D:
        return self.add_artist(Line2D(np.asarray(x, float), np.asarray(y, float), **kw))

    def text(self, x: float, y: float, s: str, *, transform=None, color: str = TEXT, **kw) -> None:
        """Axes.text (unclipped), drawn as a _TextBatch."""
        batch = _TextBatch(self.figure, transform or self.transData, [(x, y, s, color)], **kw)
        self.add_artist(batch, clip=False)

    def label_points(self, points: list[tuple[float, float, str]], dy: float, **kw) -> None:
        """Texts *dy* points above data points, as annotate(textcoords="offset points") places
        them; like an annotation, one is left out when its point is outside the panel."""
        (lo, hi), (bottom, top) = sorted(self.get_xlim()), sorted(self.get_ylim())
        items = [(x, y, s, TEXT) for x, y, s in points if lo <= x <= hi and bottom <= y <= top]
        shift = ScaledTranslation(0, dy / 72, self.figure.dpi_scale_trans)
        self.add_artist(_TextBatch(self.figure, self.transData + shift, items, **kw), clip=False)

    def spines(self, *sides: str) -> None:
        """Spines as an Axes draws them: unclipped, square caps, above the data's default."""
        ends = {"left": [(0, 0), (0, 1)], "bottom": [(0, 0), (1, 0)]}
        for side in sides:
            self.add_artist(
                PathPatch(
                    Path(ends[side]),
                    transform=self.transAxes,
                    facecolor="none",
                    edgecolor=matplotlib.rcParams["axes.edgecolor"],
                    linewidth=matplotlib.rcParams["axes.linewidth"],
                    capstyle="projecting",
                    zorder=2.5,
                ),
                clip=False,
            )

    def set_ylabel(self, label: str, *, fontsize: float, labelpad: float) -> None:
        """The y label *labelpad* points left of the spine, placed as YAxis places its label."""
        shift = ScaledTranslation(-labelpad / 72, 0, self.figure.dpi_scale_trans)
        self.text(
            0,
            0.5,
            label,
            transform=self.transAxes + shift,
            fontsize=fontsize,
            color=matplotlib.rcParams["axes.labelcolor"],
            ha="center",
            va="bottom",
            rotation=90,
            rotation_mode="anchor",
        )


def _title(fig: Figure, title: str) -> None:
    if title:
        fw, fh = fig.get_size_inches()
        _fig_text(
            fig,
            0.15 / fw,
            1 - 0.12 / fh,
            _short(title, TITLE_MAX),
            ha="left",
            va="top",
            fontsize=11,
            fontweight="bold",
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
    _fig_text(fig, 0.5, 0.5, message, ha="center", va="center", color=MUTED)


def _int_ticks(vmin: float, vmax: float) -> list[int]:
    return list(range(math.ceil(vmin), math.floor(vmax) + 1))


class _View:
    """What ScalarFormatter asks of an axis: the shown interval."""

    def __init__(self, lo: float, hi: float) -> None:
        self.interval = (lo, hi)

    def get_view_interval(self) -> tuple[float, float]:
        return self.interval


def _ticks(
    ax: Axes | _Panel,
    side: str,
    locs: Sequence[float],
    labels: Sequence[str] | None = None,
    *,
    fontsize: float = 8,
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

    A matplotlib Tick is two lines, two texts and a grid line, each created, laid out and
    drawn on its own: most of a chart's time. Here the marks are one Line2D of markers, the
    labels one _TextBatch and the grid one LineCollection, at the same positions (labels
    ``length + pad`` points off the spine, as for outward ticks). ``labels=None`` formats like
    the default ScalarFormatter. Set the axis limits first: ticks outside them are dropped.
    With *measure*, returns how far (points) the labels reach from the spine, to place an axis
    label beyond them.
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
        formatter = ScalarFormatter()
        formatter.set_axis(_View(lo, hi))
        labels = formatter.format_ticks(locs)  # over all locations, as Axis does
        offset = formatter.get_offset()
    tol = (hi - lo) * 1e-10
    shown = [(v, t) for v, t in zip(locs, labels, strict=True) if lo - tol <= v <= hi + tol]
    edge = 1.0 if side in ("top", "right") else 0.0
    sign = 1 if edge else -1
    trans = ax.get_xaxis_transform() if horizontal else ax.get_yaxis_transform()
    points = [(v, edge) if horizontal else (edge, v) for v, _ in shown]
    if grid and shown:
        segments = [[(v, 0), (v, 1)] if horizontal else [(0, v), (1, v)] for v, _ in shown]
        ax.add_artist(
            LineCollection(
                segments,
                colors=grid[0],
                linewidths=grid[1],
                capstyle="round",  # as Line2D's
                transform=trans,
                zorder=zorder,
            )
        )
    if length and shown:
        marker = {"bottom": TICKDOWN, "top": TICKUP, "left": TICKLEFT, "right": TICKRIGHT}[side]
        ax.add_artist(
            Line2D(
                *zip(*points, strict=True),
                transform=trans,
                linestyle="none",
                marker=marker,
                markersize=length,
                markeredgewidth=width,
                color=TEXT,
                zorder=zorder,
                clip_on=False,
            )
        )
    away = (length + pad) / 72 * sign
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
    ax.add_artist(
        _TextBatch(
            fig,
            trans + shift,
            [(*p, t, TEXT) for p, (_, t) in zip(points, shown, strict=True)],
            fontsize=fontsize,
            ha=ha,
            va=va,
            rotation=rotation,
            rotation_mode="anchor" if rotation else None,
            zorder=zorder,
        )
    )
    if offset and not horizontal:
        # ScalarFormatter's shared offset or power of ten, above the axis as matplotlib puts it.
        ax.add_artist(
            Text(
                edge,
                1,
                offset,
                transform=ax.transAxes + ScaledTranslation(0, 3 / 72, fig.dpi_scale_trans),
                ha=side,
                va="baseline",
                fontsize=fontsize,
                clip_on=False,
                parse_math=False,
            )
        )
    if not measure:
        return 0.0
    return length + pad + max((_svg_text_width(t, fontsize) for _, t in shown), default=0.0)


@functools.lru_cache(maxsize=4096)
def _svg_text_width(text: str, size: float) -> float:
    """Width in points of one line as the SVG backend measures it (no renderer needed; the
    font family comes from _RC, so call it inside _style)."""
    return text_to_path.get_text_width_height_descent(text, FontProperties(size=size), False)[0]


def _date_ticks(ax: _Panel, dates: Sequence[str], *, rotate: bool, fontsize: float = 8) -> None:
    """Categorical x axis: one tick per date, thinned when there are many."""
    n = len(dates)
    step = max(1, math.ceil(n / 16))
    idx = list(range(0, n, step))
    ax.set_xlim(-0.5, max(n - 0.5, 0.5))
    _ticks(
        ax,
        "bottom",
        idx,
        [_short(dates[i], 20) for i in idx],
        fontsize=fontsize,
        rotation=40 if rotate else 0,
        ha="right" if rotate else "center",
    )


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
        ax = _Panel(fig, 1.3, 1.2, 3.4, 3.4)  # square, so one data unit is as tall as wide
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
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
        ax.add_artist(LineCollection(rings[:-1], colors=GRID, linewidths=0.7, zorder=1))
        ax.add_artist(LineCollection(rings[-1:], colors="#9a9a9a", linewidths=0.9, zorder=1))
        ax.add_artist(
            LineCollection(
                [[(0, 0), (c, s)] for c, s in zip(cos, sin, strict=True)],
                colors=GRID,
                linewidths=0.7,
                zorder=1,
            )
        )
        ax.add_artist(
            _TextBatch(
                fig,
                ax.transData,
                [(0.03, (level - vmin) / span, str(level), MUTED) for level in levels],
                fontsize=7,
                ha="left",
                va="bottom",
                zorder=5,
                # Keep ring numbers readable where a polygon edge crosses them.
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.8},
            ),
            clip=False,
        )

        fontsize = 8.5 if n <= 12 else 7.5
        texts = [_wrap(label) for label in labels]
        radii, aligns = _place_labels(texts, cos, sin, fontsize, inches_per_unit=1.7)
        by_align: dict[tuple[str, str], list] = {}
        for i, text in enumerate(texts):
            item = (radii[i] * cos[i], radii[i] * sin[i], text, TEXT)
            by_align.setdefault(aligns[i], []).append(item)
        for (ha, va), items in by_align.items():
            ax.add_artist(
                _TextBatch(
                    fig, ax.transData, items, fontsize=fontsize, ha=ha, va=va, multialignment=ha
                ),
                clip=False,
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
                        ax.add_artist(
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
                    {
                        "color": st["color"],
                        "linestyle": st["linestyle"],
                        "linewidth": st["linewidth"],
                        "marker": "o",
                        "markersize": 4,
                    },
                    _short(name, 24),
                )
            )
        if handles:
            handles.sort(key=lambda h: h[0])
            fig.add_artist(
                _Legend(
                    fig,
                    (0.5, 0.01),
                    fig.transSubfigure,
                    "lower center",
                    [(props, label) for _, props, label in handles],
                    ncol=min(len(handles), 4),
                    handlelength=3,
                    fontsize=8.5,
                )
            )
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
    ax = _Panel(fig, label_w, 0.45, 6 - label_w - 0.4, 0.45 * n)
    ax.spines("left", "bottom")
    values = list(first[1][:n]) + [None] * (n - len(first[1]))
    for i, v in enumerate(values):
        if _present(v):
            ax.add_artist(Rectangle((vmin, i - 0.275), float(v) - vmin, 0.55, facecolor=BLUE))
            ax.text(float(v), i, f" {float(v):.1f}", va="center", fontsize=8)
        else:
            ax.text(vmin, i, " not assessed", va="center", fontsize=8, color=MUTED, style="italic")
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(vmin, vmax + 0.001 * (vmax - vmin))
    _ticks(ax, "left", range(n), [_short(x) for x in labels], fontsize=8.5)
    _ticks(ax, "bottom", _int_ticks(vmin, vmax), grid=(GRID, 0.6))
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
        ax = _Panel(fig, 0.55, bottom, 8 - 0.55 - 2.75, height - bottom - top)
        ax.spines("left", "bottom")
        x = np.arange(len(dates))
        entries = []
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
            style = {"color": color, "linewidth": lw, "marker": marker, "markersize": ms}
            ax.plot(x, y, **style, zorder=z, clip_on=False)
            entries.append((style, _short(name, 28)))
        _date_ticks(ax, dates, rotate=rotate)
        pad = 0.04 * max(vmax - vmin, 1)
        ax.set_ylim(vmin - pad, vmax + pad)
        _ticks(ax, "left", _int_ticks(vmin, vmax), grid=(GRID, 0.6))
        if entries:
            fig.add_artist(
                _Legend(
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
        centred = {"ha": "center", "va": "center"}
        ax.add_artist(_TextBatch(fig, ax.transData, cells, fontsize=7.5, **centred))
        ax.add_artist(_TextBatch(fig, ax.transData, missing_marks, fontsize=8, **centred))
        # Row labels as a batch too: 250 tick objects cost more than the texts themselves.
        shift = ScaledTranslation(-4 / 72, 0, fig.dpi_scale_trans)
        ax.add_artist(
            _TextBatch(
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
        _ticks(ax, "top", np.arange(nc) + 0.5, cols, length=0, pad=3, rotation=45, ha="left")
        ax.yaxis.set_major_locator(NullLocator())
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
        cax.xaxis.set_major_locator(NullLocator())
        cax.set_ylim(vmin, vmax)
        # The colour bar keeps matplotlib's default tick width and puts its axis above the mesh.
        _ticks(cax, "right", _int_ticks(vmin, vmax), fontsize=7.5, length=2, width=0.8, zorder=1.5)
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


# Text layouts by renderer kind, text and style: the same labels (areas, dates, levels, legend
# entries) recur in every chart a process draws, and Text lays each out again every time.
# Font families resolve through the fixed _RC, so the key holds them as given.
_LAYOUTS: dict[tuple, tuple] = {}


def _font_key(renderer, prop: FontProperties) -> tuple:
    return (
        type(getattr(renderer, "_renderer", renderer)).__name__,
        renderer.points_to_pixels(1.0),
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size(),
    )


def _lp_ascent(renderer, prop: FontProperties) -> float:
    """Ascent of "lp", the least height Legend gives a label (cached like the layouts)."""
    key = (*_font_key(renderer, prop), "lp ascent")
    if key not in _LAYOUTS:
        _, h, d = renderer.get_text_width_height_descent("lp", prop, ismath=False)
        _LAYOUTS[key] = h - d
    return _LAYOUTS[key]


def _text_layout(
    renderer, t: Text, text: str
) -> tuple[tuple[float, float, float, float], list[tuple[str, float, float]]]:
    """Box (x0, y0, width, height) and each line's baseline start, relative to the anchor in
    pixels, of *text* styled like *t*: Text._get_layout's numbers."""
    key = (
        *_font_key(renderer, t.get_fontproperties()),
        text,
        t.get_ha(),
        t.get_va(),
        t._get_multialignment(),
        t.get_rotation(),
        t.get_rotation_mode(),
    )
    hit = _LAYOUTS.get(key)
    if hit is None:
        t.set_text(text)
        bbox, info, _ = t._get_layout(renderer)
        # Lines are (text, metrics, (x, y)) in newer matplotlib, (text, metrics, x, y) in older.
        lines = [(ln[0], *(ln[2] if len(ln) == 3 else ln[2:4])) for ln in info]
        hit = (tuple(bbox.bounds), lines)
        if len(_LAYOUTS) > 50_000:
            _LAYOUTS.clear()
        _LAYOUTS[key] = hit
    return hit


def _draw_texts(
    renderer,
    template: Text,
    items: Sequence[tuple[float, float, str, str]],
    box: FancyBboxPatch | None = None,
) -> None:
    """Draw texts styled like *template* at positions in its transform, as Text.draw would:
    same layout, and a one-line text passes the template as ``mtext`` so the SVG backend
    writes an anchored ``<text>``. *box* (unrotated texts only) is drawn behind each text as
    Text draws its bbox patch."""
    items = [item for item in items if item[2]]
    if not items:
        return
    t = template
    prop = t.get_fontproperties()
    angle = t.get_rotation()
    flip_h = renderer.get_canvas_width_height()[1] if renderer.flipy() else None
    anchors = t.get_transform().transform([(x, y) for x, y, _, _ in items])
    gc = renderer.new_gc()
    for (x, y, text, color), (px, py) in zip(items, anchors, strict=True):
        (bx, by, bw, bh), lines = _text_layout(renderer, t, text)
        if box is not None:
            box.set_bounds(0, 0, bw, bh)
            box.set_transform(Affine2D().translate(px + bx, py + by))
            box.set_mutation_scale(renderer.points_to_pixels(t.get_size()))
            box.draw(renderer)
        t.set_position((x, y))  # the SVG backend reads the anchor from mtext
        gc.set_foreground(color)
        mtext = t if len(lines) == 1 else None
        for line, dx, dy in lines:
            ly = py + dy
            if flip_h is not None:
                ly = flip_h - ly
            renderer.draw_text(gc, px + dx, ly, line, prop, angle, False, mtext=mtext)
    gc.restore()


class _TextBatch(Artist):
    """Texts of one style, drawn straight through the renderer.

    A Text artist per heatmap cell or tick label (create, lay out, draw) was most of a chart's
    time. One template Text carries the style (*textprops*: alignment, rotation, font, bbox)
    and the layouts are cached across charts; see _draw_texts. Items are (x, y, text, colour).
    """

    def __init__(
        self,
        fig: Figure,
        transform,
        items: list[tuple[float, float, str, str]],
        *,
        zorder: float = 3,  # Text's default
        **textprops,
    ) -> None:
        super().__init__()
        self.set_zorder(zorder)
        self._items = items
        self._template = Text(0, 0, "", transform=transform, parse_math=False, **textprops)
        self._template.set_figure(fig)

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        renderer.open_group("textbatch", gid=self.get_gid())
        t = self._template
        _draw_texts(renderer, t, self._items, t.get_bbox_patch())
        renderer.close_group("textbatch")
        self.stale = False


def _fig_text(fig: Figure, x: float, y: float, s: str, *, color: str = TEXT, **textprops) -> None:
    """fig.text, drawn as a _TextBatch (cached layout)."""
    fig.add_artist(_TextBatch(fig, fig.transSubfigure, [(x, y, s, color)], **textprops))


class _Legend(Artist):
    """A frameless legend of one-line labels, placed as matplotlib's Legend places one.

    Legend builds a tree of offset boxes and lays every label out several times per draw; a
    fifth of a radar chart's time. This computes the same box arithmetic once: entries in
    columns (``np.array_split`` order), rows aligned on their baselines, ``loc`` and
    ``borderaxespad`` as in Legend, all lengths in multiples of the font size.
    """

    # Legend's defaults (rcParams legend.*), in font sizes.
    BORDERPAD, LABELSPACING, HANDLEHEIGHT, HANDLETEXTPAD, COLUMNSPACING = 0.4, 0.5, 0.7, 0.8, 2.0

    def __init__(
        self,
        fig: Figure,
        anchor: tuple[float, float],
        transform,
        loc: str,
        entries: list[tuple[dict, str]],
        *,
        fontsize: float,
        ncol: int = 1,
        handlelength: float = 2.0,
        borderaxespad: float = 0.5,
    ) -> None:
        super().__init__()
        self.set_zorder(5)
        self.set_figure(fig)
        self._anchor, self._anchor_transform, self._loc = anchor, transform, loc
        self._fontsize, self._ncol = fontsize, ncol
        self._handlelength, self._borderaxespad = handlelength, borderaxespad
        self._labels = [label for _, label in entries]
        self._handles = []
        for props, _ in entries:
            # Three points with the marker on the middle one, as HandlerLine2D draws a handle.
            handle = Line2D([], [], markevery=[1], **props)
            handle.set_figure(fig)
            self._handles.append(handle)
        self._text = Text(0, 0, "", ha="left", va="baseline", fontsize=fontsize, parse_math=False)
        self._text.set_figure(fig)
        self._text.set_transform(IdentityTransform())

    def draw(self, renderer) -> None:
        if not self.get_visible() or not self._handles:
            return
        fs = renderer.points_to_pixels(self._fontsize)
        t = self._text
        lp_ascent = _lp_ascent(renderer, t.get_fontproperties())
        handle_w = self._handlelength * fs
        text_x = handle_w + self.HANDLETEXTPAD * fs
        rows = []  # (width, top, descent) of each entry, relative to its baseline
        for label in self._labels:
            _, y0, w, h = _text_layout(renderer, t, label)[0]
            top = max(self.HANDLEHEIGHT * fs, lp_ascent, y0 + h)
            rows.append((text_x + w, top, -y0))
        sep = self.LABELSPACING * fs
        places = []  # (index, x, y): each entry's baseline start, relative to the first
        x, lows, highs = 0.0, [], []
        for column in filter(len, np.array_split(np.arange(len(rows)), self._ncol)):
            first_top = rows[column[0]][1]
            y = first_top
            for i in column:
                _, top, descent = rows[i]
                places.append((int(i), x, y - top))
                y -= top + descent + sep
            lows.append(y + sep)
            highs.append(first_top)
            x += max(rows[i][0] for i in column) + self.COLUMNSPACING * fs
        width = x - self.COLUMNSPACING * fs
        low, high = min(lows), max(highs)
        pad = self.BORDERPAD * fs
        box_w, box_h = width + 2 * pad, high - low + 2 * pad
        ax_, ay_ = self._anchor_transform.transform(self._anchor)
        gap = self._borderaxespad * fs
        if self._loc == "upper left":
            x0, y0 = ax_ + gap, ay_ - gap - box_h
        elif self._loc == "lower center":
            x0, y0 = ax_ - box_w / 2, ay_ + gap
        else:
            raise ValueError(self._loc)
        ox, oy = x0 + pad, y0 + pad - low
        renderer.open_group("legend", gid=self.get_gid())
        texts = []
        for i, x, y in sorted(places):
            handle = self._handles[i]
            handle.set_data(np.linspace(0, handle_w, 3), np.full(3, self.HANDLEHEIGHT * fs / 2))
            handle.set_transform(Affine2D().translate(ox + x, oy + y))
            handle.draw(renderer)
            texts.append((ox + x + text_x, oy + y, self._labels[i], t.get_color()))
        _draw_texts(renderer, t, texts)
        renderer.close_group("legend")
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
        ax = _Panel(fig, left, 0.75, 8 - left - 0.35, n * row_h)
        ax.spines("left", "bottom")

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
        ax.add_artist(
            LineCollection(
                [[(x, y - 0.36), (x, y + 0.36)] for x, y in zip(med_x, med_y, strict=True)],
                colors=BLACK,
                linewidths=2.6,
                zorder=4,
            )
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

        ax.set_ylim(n - 0.5, -0.5)
        pad = 0.15
        ax.set_xlim(vmin - pad, vmax + pad)
        _ticks(ax, "left", range(n), names, fontsize=8.5, length=0)
        _ticks(ax, "bottom", _int_ticks(vmin, vmax), grid=(GRID, 0.6))
        # Faint row bands guide the eye across wide charts.
        for i in range(0, n, 2):
            band = Rectangle((0, i - 0.5), 1, 1, color="#f4f4f4", zorder=0, linewidth=0)
            ax.add_artist(band, transform=ax.get_yaxis_transform())

        dots = {"color": BLUE, "alpha": 0.6, "markeredgewidth": 0}
        entries = [
            ({"linestyle": "none", "marker": "o", "markersize": 5, **dots}, "Team score"),
            (
                {
                    "linestyle": "none",
                    "marker": "|",
                    "markersize": 11,
                    "markeredgewidth": 2.6,
                    "color": BLACK,
                },
                "Median",
            ),
        ]
        if tx:
            diamond = {"marker": "D", "markersize": 6, "markeredgecolor": "white"}
            entries.append(({"linestyle": "none", "color": VERMILLION, **diamond}, "Target"))
        fh = fig.get_size_inches()[1]
        fig.add_artist(
            _Legend(
                fig,
                (0.5, 0.05 / fh),
                fig.transSubfigure,
                "lower center",
                entries,
                fontsize=8,
                ncol=len(entries),
            )
        )
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
        ax = _Panel(fig, 0.75, bottom, 8 - 0.75 - 0.3, height - bottom - top)
        ax.spines("left", "bottom")
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
        _date_ticks(ax, dates, rotate=rotate)
        pad = 0.06 * max(vmax - vmin, 1)
        ax.set_ylim(vmin - pad, vmax + 2 * pad)  # room for the labels above the top points
        reach = _ticks(ax, "left", _int_ticks(vmin, vmax), grid=(GRID, 0.6), measure=True)
        points = [(i, v, f"{v:.1f}") for i, v in enumerate(y) if not math.isnan(v)]
        ax.label_points(points, 7, ha="center", va="bottom", fontsize=8)
        labelpad = matplotlib.rcParams["axes.labelpad"] + reach
        ax.set_ylabel(_short(label), fontsize=8.5, labelpad=labelpad)
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
        _fig_text(
            fig, 1 - 0.15 / width, header_y, note, ha="right", va="top", fontsize=7.5, color=MUTED
        )
        has_target = _present(target)
        if has_target:
            fig.add_artist(
                _Legend(
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
        if not dates:
            _no_data(fig)
            return _svg(fig)
        top = 0.72 if title else 0.42
        rotate = len(dates) > 4
        bottom = 0.62 if rotate else 0.4
        ax = _Panel(fig, 0.62, bottom, width - 0.62 - 0.2, height - bottom - top)
        ax.spines("left", "bottom")
        y = [_num(v) for v in values[: len(dates)]]
        y += [math.nan] * (len(dates) - len(y))
        ax.plot(range(len(dates)), y, color=BLUE, linewidth=1.8, marker="o", markersize=4, zorder=3)

        # Never hide a value: widen the range to the data and the target.
        seen = [v for v in y if not math.isnan(v)] + ([float(target)] if has_target else [])
        lo, hi = min([float(vmin), *seen]), max([float(vmax), *seen])
        span = (hi - lo) or 1.0
        ax.set_ylim(lo - 0.08 * span, hi + 0.18 * span)
        locator = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10])
        reach = _ticks(
            ax, "left", locator.tick_values(*ax.get_ylim()), grid=(GRID, 0.5), measure=True
        )
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
        _date_ticks(ax, dates, rotate=rotate, fontsize=7)
        points = [(i, v, _fmt(v)) for i, v in enumerate(y) if not math.isnan(v)]
        ax.label_points(
            points if len(points) <= 6 else points[-1:], 5, ha="center", va="bottom", fontsize=7
        )
        ylabel = _short(name, 28) + (f" ({_short(unit, 12)})" if _clean(unit) else "")
        ax.set_ylabel(ylabel, fontsize=8, labelpad=matplotlib.rcParams["axes.labelpad"] + reach)
        return _svg(fig)
