"""The charts' legend: matplotlib's box arithmetic, without its tree of offset boxes."""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, IdentityTransform

from .text import draw_texts, lp_ascent, text_layout


class Legend(Artist):
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
        least = lp_ascent(renderer, t.get_fontproperties())
        handle_w = self._handlelength * fs
        text_x = handle_w + self.HANDLETEXTPAD * fs
        rows = []  # (width, top, descent) of each entry, relative to its baseline
        for label in self._labels:
            _, y0, w, h = text_layout(renderer, t, label)[0]
            top = max(self.HANDLEHEIGHT * fs, least, y0 + h)
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
        draw_texts(renderer, t, texts)
        renderer.close_group("legend")
        self.stale = False
