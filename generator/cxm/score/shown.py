"""How a score is written for a reader: the one rule every page, chart, comment and export shares.

Scores stay exact fractions through scoring (FORMAT.md section 5); they are rounded only here.
A reader checks the numbers against each other, so what is shown must add up:
- a score shows one decimal, half to even, but never rounds across its whole level: 2.95 is
  at stage 2 and shows 2.9, not 3.0 beside "2 · Emerging";
- a change shows the difference of the two scores as shown (2.4 -> 2.5 is +0.1, whatever the
  exact change), and a gap the target minus the score as shown.
Exports give two decimals of the exact numbers, for tools that compute further.
A missing value is the same en dash everywhere.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .scorecard import rounded

NO_VALUE = "–"


def tenths(value: Fraction | float | None) -> int | None:
    """The score in tenths as shown: half to even, kept below the next whole level."""
    if value is None:
        return None
    exact = Fraction(value)
    shown = round(exact * 10)
    if exact < 0:  # not a score (scores are never below 0): plain rounding
        return shown
    return min(shown, math.floor(exact) * 10 + 9)


def value(score: Fraction | float | None) -> float | None:
    """The score as shown, as a number (for charts, which label what they draw)."""
    t = tenths(score)
    return None if t is None else t / 10


def one(score: Fraction | float | None) -> str:
    """A score with one decimal, as pages and comments show it."""
    t = tenths(score)
    return NO_VALUE if t is None else _decimal(t)


def change(before: Fraction | float | None, after: Fraction | float | None) -> int | None:
    """The change in tenths between two scores as shown; None when either is missing."""
    if before is None or after is None:
        return None
    return tenths(after) - tenths(before)


def gap(score: Fraction | float | None, target: Fraction | int) -> int | None:
    """How far the shown score is below the target, in tenths (0 at or above it)."""
    t = tenths(score)
    return None if t is None else max(0, round(Fraction(target) * 10) - t)


def signed(change_tenths: int) -> str:
    """A change in tenths as +0.3, -0.3 or 0.0."""
    text = _decimal(abs(change_tenths))
    return f"+{text}" if change_tenths > 0 else (f"-{text}" if change_tenths < 0 else text)


def _decimal(t: int) -> str:
    sign = "-" if t < 0 else ""
    whole, tenth = divmod(abs(t), 10)
    return f"{sign}{whole}.{tenth}"


def two(score: Fraction | None) -> float | None:
    """Two decimals of the exact number, as exports give scores."""
    return rounded(score, 2)
