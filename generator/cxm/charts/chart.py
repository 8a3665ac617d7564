"""A chart to draw: what the pages ask for and the chart workers draw."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chart:
    """A chart to draw: its kind (a name in `kinds.KINDS`), the arguments, where it goes."""

    path: str
    kind: str
    kwargs: dict
    alt: str
