"""The chart kinds by name, as pages ask for them and the chart workers draw them.

Each kind is a pure function: plain Python data in, SVG text out, the same bytes for the same
input. ``None`` means "not assessed": it leaves a gap and is never drawn as 0.
"""

from __future__ import annotations

from collections.abc import Callable

from .distribution import distribution, gaps
from .heatmap import heatmap
from .lines import history, metrics, trend
from .radar import radar

KINDS: dict[str, Callable[..., str]] = {
    "distribution": distribution,
    "gaps": gaps,
    "heatmap": heatmap,
    "history": history,
    "metrics": metrics,
    "radar": radar,
    "trend": trend,
}
