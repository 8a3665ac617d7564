"""Exports of the scores: JSON and CSV, numbers with two decimals (FORMAT.md section 5)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from fractions import Fraction

from ..model.framework import Framework
from ..score.scorecard import Scorecard, rounded

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


def _two(value: Fraction | None) -> float | None:
    return rounded(value, 2)


def assessment_record(card: Scorecard) -> dict:
    a = card.assessment
    areas = {}
    for result in card.areas:
        if result.score is None:
            continue
        areas[result.area.id] = {
            "score": _two(result.score),
            "target": result.target,
            "gap": _two(result.gap),
            "change": _two(result.change),
            "practices": {
                p.practice.id: {"level": p.level, "target": p.target}
                for p in result.practices
                if p.level is not None
            },
        }
    return {
        "team": a.team,
        "slug": card.loaded.slug,
        "group": a.group,
        "date": a.date.isoformat(),
        "path": card.loaded.path,
        "overall": _two(card.overall),
        "stage": card.stage.name if card.stage else None,
        "stage_level": card.stage_level,
        "change": _two(card.change),
        "areas": areas,
        "metrics": {key: {"value": m.value, "target": m.target} for key, m in a.metrics.items()},
        "next_steps": [
            {
                "area": s.area.id,
                "practice": s.practice.id,
                "level": s.level,
                "target": s.target,
                "priority": _two(s.priority),
                "step": s.text,
            }
            for s in card.next_steps
        ],
    }


def _ordered(cards: dict[str, list[Scorecard]]) -> list[Scorecard]:
    every = [card for history in cards.values() for card in history]
    return sorted(every, key=lambda c: (c.loaded.slug, c.assessment.date, c.loaded.path))


def to_json(framework: Framework, cards: dict[str, list[Scorecard]]) -> str:
    """{"framework": {...}, "assessments": [...]}, one assessment a line."""
    return "".join(json_chunks(framework, cards))


def _line(value: object) -> str:
    # Without `indent`, json.dumps runs its C encoder: a large organization's export is
    # written in a fraction of the time, and one assessment a line still diffs well.
    return json.dumps(value, ensure_ascii=False)


def json_chunks(framework: Framework, cards: dict[str, list[Scorecard]]) -> Iterator[str]:
    """The text of `to_json` in pieces, one per assessment, each made as it is asked for: a
    large organization's export is written out without holding every record at once."""
    fw = {"id": framework.id, "version": framework.version, "name": framework.name}
    yield '{"framework": ' + _line(fw) + ',\n "assessments": ['
    sep = "\n  "
    for card in _ordered(cards):
        yield sep + _line(assessment_record(card))
        sep = ",\n  "
    yield ("" if sep == "\n  " else "\n ") + "]}\n"


def _cell(value: Fraction | None) -> str:
    return "" if value is None else f"{rounded(value, 2):.2f}"


def to_csv(framework: Framework, cards: dict[str, list[Scorecard]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for card in _ordered(cards):
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


EXPORTERS = {"json": to_json, "csv": to_csv}
