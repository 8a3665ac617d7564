"""Scores as the charts read them: ``None`` means "not assessed", a gap never drawn as 0."""

from __future__ import annotations

import math


def num(v: object) -> float:
    """Value -> float, with None (and NaN) as NaN so lines break there."""
    if v is None:
        return math.nan
    return float(v)  # type: ignore[arg-type]


def present(v: object) -> bool:
    return v is not None and not math.isnan(float(v))  # type: ignore[arg-type]


def padded(values: list[float | None], n: int) -> list[float]:
    """The first *n* values as floats, NaN for the missing and the unassessed."""
    y = [num(v) for v in values[:n]]
    return y + [math.nan] * (n - len(y))
