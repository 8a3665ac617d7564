"""The record of one assessment every export is made of, and the order exports list them in.

Numbers have two decimals (FORMAT.md section 5).
"""

from __future__ import annotations

from ..score.scorecard import Scorecard
from ..score.shown import two


def assessment_record(card: Scorecard, latest: bool) -> dict:
    a = card.assessment
    areas = {}
    for result in card.areas:
        if result.score is None:
            continue
        areas[result.area.id] = {
            "score": two(result.score),
            "target": result.target,
            "gap": two(result.gap),
            "change": two(result.change),
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
        # The version the file was made against; its ids are this version's (migrated).
        "framework_version": a.framework_version or card.framework.version,
        "latest": latest,
        "overall": two(card.overall),
        "stage": card.stage.name if card.stage else None,
        "stage_level": card.stage_level,
        "change": two(card.change),
        "areas": areas,
        "not_applicable": {
            f"{r.area.id}.{p.practice.id}": p.not_applicable
            for r in card.areas
            for p in r.practices
            if p.not_applicable is not None
        },
        "metrics": {key: {"value": m.value, "target": m.target} for key, m in a.metrics.items()},
        "next_steps": [
            {
                "area": s.area.id,
                "practice": s.practice.id,
                "level": s.level,
                "target": s.target,
                "priority": two(s.priority),
                "step": s.text,
            }
            for s in card.next_steps
        ],
    }


def latest_cards(cards: dict[str, list[Scorecard]]) -> set[int]:
    """The ids of each team's latest scorecard (by date, then file, as validation picks it)."""
    return {
        id(max(history, key=lambda c: (c.assessment.date, c.loaded.path)))
        for history in cards.values()
        if history
    }


def ordered(cards: dict[str, list[Scorecard]]) -> list[Scorecard]:
    """Every scorecard, by team slug, then date, then file."""
    every = [card for history in cards.values() for card in history]
    return sorted(every, key=lambda c: (c.loaded.slug, c.assessment.date, c.loaded.path))
