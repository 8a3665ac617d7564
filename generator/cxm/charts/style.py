"""The look every chart shares: one type scale, one colour system, matplotlib settings.

Charts are drawn on a transparent background for the site's light palette; each SVG carries
a small style sheet that swaps its few neutral colours (text, grid, axes, the overall line)
for the dark palette when it is shown as ``chart.svg#only-dark`` (the ``:target`` of an
element it holds), so one file serves both palettes and nothing is drawn twice.

One type scale: no chart text is under `SMALL` points in a chart at most `WIDTH` inches
wide, so a chart shown full width on a 390 px phone (358 CSS px of content) still has text of
at least 9 px, and at its natural size on a desktop 14 px.

Colours: the site's stage ramp (light to dark blue) for the heatmap, its dark blue for
series, vermillion for targets and for "below target" (Okabe-Ito, colour-blind safe against
blue), neutral greys. No global rcParams changes: a chart is drawn inside `styled`, and its
SVG is byte-identical for identical input (fixed ``svg.hashsalt``, no date metadata).
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

WIDTH = 5.6  # inches: the widest chart; 403 SVG units
SMALL = 10.5  # points: the least chart text (ticks, keys, cell values)
BODY = 11.5  # points: labels that name things (areas, teams)
HEAD = 12.5  # points: the name of a small multiple

# The site's stage colours (site_templates/assets/cxm.css --cxm-0..4), light to dark.
RAMP = ["#e8eef6", "#c6d7ec", "#8fb3dc", "#2f6aad", "#173f78"]

# Series. LINE is the ramp's dark blue written one step off, so the dark palette can brighten
# lines without touching heatmap cells of the same colour.
LINE = "#2e69ac"  # 5.9:1 on white
VERMILLION = "#d55e00"  # targets, below target: 3.9:1 on white, 4.2:1 on the dark page
GREY = "#6b6b6b"  # "Previous", context lines
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
GRID = "#d0d0d0"
BAND = "#f2f4f7"  # faint row bands
CELL_EDGE = "#ffffff"  # heatmap cell separators: the page colour
MISSING_FILL = "#ececec"
MISSING_EDGE = "#9a9a9a"
# Ink on heatmap cells: chosen per cell colour, never swapped (written apart from TEXT).
INK_DARK = "#000000"
INK_LIGHT = "#fffffe"

PALETTE = [LINE, VERMILLION, "#009e73", "#cc79a7", "#e69f00", "#56b4e9"]

# The dark palette: each light colour -> its twin on Material's slate page (#1e2029).
# Text stays over 4.5:1 there, lines and marks over 3:1.
DARK = {
    TEXT: "#e3e5ea",
    MUTED: "#b1b6c0",
    GRID: "#434857",
    BAND: "#262935",
    LINE: "#8fb8e6",
    GREY: "#a3a3a3",
    CELL_EDGE: "#1e2029",
    MISSING_FILL: "#3a3d48",
    MISSING_EDGE: "#7d8290",
}

LABEL_MAX = 40  # characters before a label is truncated with an ellipsis
TITLE_MAX = 60
WRAP = 16  # radar label line width

# DejaVu Sans ships with matplotlib, so text metrics (and thus the SVG) do not depend on the
# fonts installed on the build machine; the SVG still falls back to the viewer's sans-serif.
_RC = {
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": SMALL,
    "text.usetex": False,
    # Every Text created while a chart is drawn renders literally, whatever created it.
    "text.parse_math": False,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": MUTED,
    "axes.facecolor": "none",
    "axes.linewidth": 0.8,
    "axes.unicode_minus": True,
    "axes.formatter.use_mathtext": False,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "xtick.labelsize": SMALL,
    "ytick.labelsize": SMALL,
    "legend.frameon": False,
    "legend.fontsize": SMALL,
    "figure.facecolor": "none",
    "figure.dpi": 100,
    "savefig.facecolor": "none",
    "savefig.edgecolor": "none",
    "savefig.transparent": True,
    "path.simplify": True,
    "lines.solid_capstyle": "round",
    "hatch.linewidth": 0.6,
    "hatch.color": MISSING_EDGE,
}


def chart_salt(kind: str, *args: object) -> str:
    # Per-chart salt: ids (clip paths, markers, hatches) are stable across runs yet differ
    # between charts, so several SVGs inlined in one page never share an id.
    return hashlib.sha256(repr((kind, args)).encode("utf-8", "surrogatepass")).hexdigest()[:16]


@contextmanager
def styled(salt: str) -> Iterator[None]:
    """The charts' settings, for drawing one chart; *salt* from `chart_salt`."""
    with matplotlib.rc_context({**_RC, "svg.hashsalt": salt}), warnings.catch_warnings():
        # Emoji and other glyphs missing from DejaVu Sans only warn; the text stays text in the
        # SVG and the browser picks a font that has them.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        yield


def _rules(selector: str) -> str:
    rules = []
    for light, dark in DARK.items():
        for prop in ("fill", "stroke"):
            rules.append(f'{selector}[style*="{prop}: {light}"]{{{prop}:{dark}!important}}')
    return "".join(rules)


# Shown as chart.svg#only-dark, the element of that id is the :target and every element
# after it takes the dark colours (attribute rules, so the drawing itself is untouched).
_MARK = '<g id="only-dark"/>'
_SHEET = f"<style>{_rules('#only-dark:target~* ')}</style>"


# A marker's shape in <defs> carries its own colours, which its <use> copies would keep: they
# take the colours of the <use> (which matplotlib writes in full) instead, so the sheet reaches.
_MARKER_STYLE = re.compile(r'(<path id="m[0-9a-f]+" d="[^"]*") style="[^"]*"')


def with_dark_palette(svg: str) -> str:
    """The SVG with its dark palette inside, shown when its URL ends in ``#only-dark``."""
    svg = _MARKER_STYLE.sub(r"\1", svg)
    start = svg.index(">", svg.index("<svg")) + 1
    return svg[:start] + "\n" + _MARK + _SHEET + svg[start:]
