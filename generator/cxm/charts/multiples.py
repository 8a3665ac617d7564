"""Small multiples drawn as one plot: every panel's marks gathered into a few artists.

A history chart is ten small panels, each a frame, a level grid, tick marks, tick labels and
one or two lines: drawn panel by panel, that is some eighty artists, each created, laid out
and drawn on its own. Here the panels are places in inches on the figure (data mapped to
inches by `Place`), and every kind of mark of all panels is one artist: the frames one path,
the grids one LineCollection, the tick marks one line of markers per side, each line style one
Line2D (panels apart by a NaN), so the chart looks the same with a tenth of the artists.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import TICKDOWN, TICKLEFT, Line2D

from .style import TEXT
from .text import add_texts


@dataclass(frozen=True)
class Place:
    """A panel: its plot area in inches (left, bottom, width, height) and its data limits."""

    left: float
    bottom: float
    width: float
    height: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    def x(self, v: float) -> float:
        lo, hi = self.xlim
        return self.left + (v - lo) / (hi - lo) * self.width

    def y(self, v: float) -> float:
        lo, hi = self.ylim
        return self.bottom + (v - lo) / (hi - lo) * self.height


class Multiples:
    """What the panels draw, gathered by kind; `draw` adds one artist per kind and style."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.frames: list[Place] = []
        self.grid: list[list[tuple[float, float]]] = []
        self.marks: dict[str, list[tuple[float, float]]] = {"left": [], "bottom": []}
        self.lines: dict[int, tuple[dict, list[float], list[float]]] = {}
        # (textprops as a sorted tuple) -> [(x, y, text, colour)], in inches
        self.texts: dict[tuple, list[tuple[float, float, str, str]]] = {}

    def frame(self, place: Place) -> None:
        """Left and bottom spines, as an Axes draws them."""
        self.frames.append(place)

    def line(self, place: Place, days: Sequence[float], values: Sequence[float], style: dict):
        """Values over days (NaN leaves a gap), unclipped; one Line2D per style in the end."""
        _, xs, ys = self.lines.setdefault(id(style), (style, [], []))
        if xs:
            xs.append(math.nan)
            ys.append(math.nan)
        for d, v in zip(days, values, strict=True):
            xs.append(place.x(d))
            ys.append(place.y(v) if not math.isnan(v) else math.nan)

    def yticks(
        self,
        place: Place,
        locs: Sequence[float],
        labels: Sequence[str],
        *,
        grid: tuple[str, float],
        length: float,
        pad: float,
        fontsize: float,
    ) -> None:
        """Level grid, tick marks left of the spine, labels *length* + *pad* points off."""
        away = (length + pad) / 72
        self.grid_color = grid
        self.tick_length = length
        for v, label in zip(locs, labels, strict=True):
            y = place.y(v)
            self.grid.append([(place.left, y), (place.left + place.width, y)])
            self.marks["left"].append((place.left, y))
            self.text(
                place.left - away,
                y,
                label,
                fontsize=fontsize,
                ha="right",
                va="center_baseline",
                zorder=0.5,
            )

    def xtick(
        self,
        place: Place,
        v: float,
        label: str,
        *,
        length: float,
        pad: float,
        fontsize: float,
        ha: str,
    ) -> None:
        x = place.x(v)
        self.marks["bottom"].append((x, place.bottom))
        self.text(
            x,
            place.bottom - (length + pad) / 72,
            label,
            fontsize=fontsize,
            ha=ha,
            va="top",
            zorder=0.5,
        )

    def text(self, x: float, y: float, s: str, *, color: str = TEXT, **textprops) -> None:
        """A text at (x, y) inches; texts of one style are added together."""
        self.texts.setdefault(tuple(sorted(textprops.items())), []).append((x, y, s, color))

    def draw(self) -> None:
        fig, inches = self.fig, self.fig.dpi_scale_trans
        if self.grid:
            # Butt ends: a panel's clip box cuts its grid lines' round caps at its edges.
            color, width = self.grid_color
            grid = LineCollection(self.grid, colors=color, linewidths=width, capstyle="butt")
            grid.set(transform=inches, zorder=0.5)
            fig.add_artist(grid)
        for side, marker in (("left", TICKLEFT), ("bottom", TICKDOWN)):
            if self.marks[side]:
                xs, ys = zip(*self.marks[side], strict=True)
                fig.add_artist(
                    Line2D(
                        xs,
                        ys,
                        transform=inches,
                        linestyle="none",
                        marker=marker,
                        markersize=self.tick_length,
                        markeredgewidth=0.6,
                        color=TEXT,
                        zorder=0.5,
                        clip_on=False,
                    )
                )
        for props, items in self.texts.items():
            if dict(props).get("zorder") == 0.5:
                add_texts(fig, inches, items, **dict(props))
        if self.frames:
            # One path per spine (a LineCollection draws each on its own), so the corner
            # where two meet is painted twice, as two spines of an Axes are.
            spines = []
            for p in self.frames:
                corner = (p.left, p.bottom)
                spines += [[corner, (p.left, p.bottom + p.height)],
                           [corner, (p.left + p.width, p.bottom)]]  # fmt: skip
            fig.add_artist(
                LineCollection(
                    spines,
                    transform=inches,
                    colors=matplotlib.rcParams["axes.edgecolor"],
                    linewidths=matplotlib.rcParams["axes.linewidth"],
                    capstyle="projecting",
                    zorder=2.5,
                )
            )
        for style, xs, ys in self.lines.values():
            fig.add_artist(Line2D(xs, ys, transform=inches, clip_on=False, **style))
        for props, items in self.texts.items():
            if dict(props).get("zorder") != 0.5:
                add_texts(fig, inches, items, **dict(props))
