"""The numbers pages show, as template filters: scores, changes, shares and metric values.

Scores are exact fractions until here; pages round them to one decimal, half to even.
"""

from __future__ import annotations

import functools
from fractions import Fraction

from markupsafe import Markup

from ..score import shown
from ..score.scorecard import rounded
from . import markup


@functools.lru_cache(maxsize=4096)
def one(value: Fraction | float | None) -> Markup:
    """One decimal, as pages show numbers (half to even)."""
    return Markup(shown.one(value))


@functools.lru_cache(maxsize=4096)
def signed(value: Fraction | float | None) -> Markup:
    if value is None:
        return Markup('<span class="cxm-change">–</span>')
    r = rounded(Fraction(value), 1)
    if r > 0:
        return Markup(f'<span class="cxm-change cxm-up" title="up">▲ +{r:.1f}</span>')
    if r < 0:
        return Markup(f'<span class="cxm-change cxm-down" title="down">▼ {r:.1f}</span>')
    return Markup('<span class="cxm-change cxm-flat" title="unchanged">■ 0.0</span>')


@functools.lru_cache(maxsize=4096)
def percent(value: Fraction | None) -> Markup:
    return Markup("–" if value is None else f"{rounded(Fraction(value) * 100, 0):.0f}%")


def metric_value(value: float | None, unit: str = "") -> Markup:
    if value is None:
        return Markup("–")
    number = f"{value:g}"
    unit = markup.text(unit)
    return Markup(
        f"{number}{unit}" if unit == "&#37;" else (f"{number} {unit}" if unit else number)
    )
