"""The look every chart shares: palette, text colours, label lengths, matplotlib settings.

Charts are white cards with dark text so they stay legible when the site is in dark mode.
Colours come from the Okabe-Ito palette (colour-blind safe), with the low-contrast members
used last. No global rcParams changes: a chart is drawn inside `styled`, an ``rc_context``,
and its SVG is byte-identical for identical input (a fixed ``svg.hashsalt`` derived from the
inputs, no date metadata).
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

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
