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


def _arrow(change_tenths: int | None) -> Markup:
    if change_tenths is None:
        return Markup('<span class="cxm-change">–</span>')
    text = shown.signed(change_tenths)
    if change_tenths > 0:
        return Markup(f'<span class="cxm-change cxm-up" title="up">▲ {text}</span>')
    if change_tenths < 0:
        return Markup(f'<span class="cxm-change cxm-down" title="down">▼ {text}</span>')
    return Markup(f'<span class="cxm-change cxm-flat" title="unchanged">■ {text}</span>')


@functools.lru_cache(maxsize=4096)
def signed(value: Fraction | float | None) -> Markup:
    """A change on its own (not of a shown score): one decimal with its arrow."""
    return _arrow(None if value is None else round(Fraction(value) * 10))


@functools.lru_cache(maxsize=4096)
def change(score: Fraction | float | None, exact_change: Fraction | None) -> Markup:
    """The change of a score as the difference of the two scores as shown.

    `{{ card.overall|change(card.change) }}`: the earlier score is `score - exact_change`.
    """
    if score is None or exact_change is None:
        return _arrow(None)
    before = Fraction(score) - Fraction(exact_change)
    return _arrow(shown.change(before, score))


@functools.lru_cache(maxsize=4096)
def gap(score: Fraction | float | None, target: Fraction | int) -> Markup:
    """How far the shown score is below the target, with one decimal."""
    tenths = shown.gap(score, target)
    return Markup(shown.NO_VALUE if tenths is None else shown.signed(tenths).lstrip("+"))


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


# What an action's status reads as: the file's ids are for machines.
STATUS_NAMES = {
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}


def status(value: str) -> str:
    return STATUS_NAMES.get(value, value.replace("_", " ").capitalize())
