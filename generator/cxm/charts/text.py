"""Texts drawn straight through the renderer, with their layouts cached across charts.

A Text artist per heatmap cell or tick label (create, lay out, draw) was most of a chart's
time; a `TextBatch` draws many texts of one style as Text.draw would, byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text
from matplotlib.transforms import Affine2D

from .style import TEXT

# Text layouts by renderer kind, text and style: the same labels (areas, dates, levels, legend
# entries) recur in every chart a process draws, and Text lays each out again every time.
# Font families resolve through the fixed settings (style._RC), so the key holds them as given.
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


def lp_ascent(renderer, prop: FontProperties) -> float:
    """Ascent of "lp", the least height Legend gives a label (cached like the layouts)."""
    key = (*_font_key(renderer, prop), "lp ascent")
    if key not in _LAYOUTS:
        _, h, d = renderer.get_text_width_height_descent("lp", prop, ismath=False)
        _LAYOUTS[key] = h - d
    return _LAYOUTS[key]


def text_layout(
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


def draw_texts(
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
        (bx, by, bw, bh), lines = text_layout(renderer, t, text)
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


class TextBatch(Artist):
    """Texts of one style, drawn straight through the renderer.

    A Text artist per heatmap cell or tick label (create, lay out, draw) was most of a chart's
    time. One template Text carries the style (*textprops*: alignment, rotation, font, bbox)
    and the layouts are cached across charts; see draw_texts. Items are (x, y, text, colour).
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
        draw_texts(renderer, t, self._items, t.get_bbox_patch())
        renderer.close_group("textbatch")
        self.stale = False


def fig_text(fig: Figure, x: float, y: float, s: str, *, color: str = TEXT, **textprops) -> None:
    """fig.text, drawn as a TextBatch (cached layout)."""
    fig.add_artist(TextBatch(fig, fig.transSubfigure, [(x, y, s, color)], **textprops))
