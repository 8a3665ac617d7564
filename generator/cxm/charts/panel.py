"""A plot area drawn straight onto the figure: an Axes' transforms without the Axes."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.transforms import (
    Bbox,
    BboxTransformFrom,
    BboxTransformTo,
    IdentityTransform,
    ScaledTranslation,
    TransformedBbox,
    blended_transform_factory,
)

from .style import TEXT
from .text import add_texts


class Panel:
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
        """Axes.text (unclipped)."""
        add_texts(self.figure, transform or self.transData, [(x, y, s, color)], **kw)

    def label_points(
        self, points: list[tuple[float, float, str]], dy: float, color: str = TEXT, **kw
    ) -> None:
        """Texts *dy* points above data points, as annotate(textcoords="offset points") places
        them; like an annotation, one is left out when its point is outside the panel."""
        (lo, hi), (bottom, top) = sorted(self.get_xlim()), sorted(self.get_ylim())
        items = [(x, y, s, color) for x, y, s in points if lo <= x <= hi and bottom <= y <= top]
        shift = ScaledTranslation(0, dy / 72, self.figure.dpi_scale_trans)
        add_texts(self.figure, self.transData + shift, items, **kw)

    def spines(self, *sides: str) -> None:
        """Spines as an Axes draws them: unclipped, square caps, above the data's default; one
        LineCollection (a path per spine, so their corner is painted twice, as an Axes does)."""
        ends = {"left": [(0, 0), (0, 1)], "bottom": [(0, 0), (1, 0)]}
        self.add_artist(
            LineCollection(
                [ends[side] for side in sides],
                transform=self.transAxes,
                colors=matplotlib.rcParams["axes.edgecolor"],
                linewidths=matplotlib.rcParams["axes.linewidth"],
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
