"""How a score is written for a reader: the one rule every page, comment and export shares.

Scores stay exact fractions through scoring; they are rounded only here, half to even: one
decimal where people read them (pages, pull-request comments), two in exports (FORMAT.md
section 5). A missing value is the same en dash everywhere.
"""

from __future__ import annotations

from fractions import Fraction

from .scorecard import rounded

NO_VALUE = "–"


def one(value: Fraction | float | None) -> str:
    """One decimal, as pages and comments show scores."""
    return NO_VALUE if value is None else f"{rounded(Fraction(value), 1):.1f}"


def two(value: Fraction | None) -> float | None:
    """Two decimals, as exports give scores."""
    return rounded(value, 2)
