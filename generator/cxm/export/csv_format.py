"""The CSV export: one row per assessed area, numbers with two decimals, for spreadsheets."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from ..model.framework import Framework
from ..score.scorecard import Scorecard, rounded
from .records import ordered

CSV_COLUMNS = (
    "team",
    "slug",
    "group",
    "date",
    "area",
    "score",
    "target",
    "gap",
    "overall",
    "stage",
)


def _cell(value: Fraction | None) -> str:
    return "" if value is None else f"{rounded(value, 2):.2f}"


def to_csv(framework: Framework, cards: dict[str, list[Scorecard]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for card in ordered(cards):
        a = card.assessment
        for result in card.areas:
            if result.score is None:
                continue
            writer.writerow(
                [
                    a.team,
                    card.loaded.slug,
                    a.group or "",
                    a.date.isoformat(),
                    result.area.id,
                    _cell(result.score),
                    result.target,
                    _cell(result.gap),
                    _cell(card.overall),
                    card.stage.name if card.stage else "",
                ]
            )
    return out.getvalue()
