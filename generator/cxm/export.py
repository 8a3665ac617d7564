"""Exports of the scores: JSON and CSV, numbers with two decimals (FORMAT.md section 5)."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

from .models import Framework
from .scoring import Scorecard, rounded

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
    data = {
        "framework": {"id": framework.id, "version": framework.version, "name": framework.name},
        "assessments": [assessment_record(c) for c in _ordered(cards)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


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
