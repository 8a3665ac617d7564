"""Checks of `scores`: each area and practice known to the framework, each practice's level,
and every area and practice assessed.

A new check of one practice's score goes in PRACTICE_CHECKS: it takes the context, the area
id, the practice id and the score, and runs only for practices the framework knows.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Diagnostic
from ...load.document import quote
from ...model.assessment import PracticeScore
from ...model.framework import Area
from .context import CheckContext
from .evidence import evidence_given
from .ratings import raters_agree, raters_listed_and_on_scale


def levels_on_scale(
    ctx: CheckContext, area_id: str, practice_id: str, score: PracticeScore
) -> tuple[Diagnostic, ...]:
    level, target = score.level, score.target
    low, high = ctx.low, ctx.high
    if (level is None or low <= level <= high) and (target is None or low <= target <= high):
        return ()  # the common case, without building a location
    loc = ("scores", area_id, practice_id)
    return ctx.in_scale((*loc, "level"), level, "level") + ctx.in_scale(
        (*loc, "target"), target, "target"
    )


def level_or_ratings(
    ctx: CheckContext, area_id: str, practice_id: str, score: PracticeScore
) -> tuple[Diagnostic, ...]:
    # Without either, the later checks of the practice find nothing to read.
    if score.level is None and not score.ratings:
        loc = ("scores", area_id, practice_id)
        return (
            ctx.error(
                "missing-field",
                loc,
                f"{quote(f'{area_id}.{practice_id}')} needs a level or ratings",
            ),
        )
    return ()


# Run in this order on each practice's score, before the next practice. They return tuples
# rather than yield: they run for every practice of every file, and a generator costs more
# than most of these checks.
PRACTICE_CHECKS = (
    levels_on_scale,
    level_or_ratings,
    raters_listed_and_on_scale,
    raters_agree,
    evidence_given,
)


def scored_practices_known(ctx: CheckContext) -> Iterable[Diagnostic]:
    """Each scored area and practice is in the framework; each known one's score then goes
    through PRACTICE_CHECKS, and each area's practices left out are `incomplete`."""
    for area_id, practices in ctx.assessment.scores.items():
        area = ctx.areas.get(area_id)
        if area is None:
            yield ctx.error(
                "unknown-area",
                ("scores", area_id),
                f"unknown area {quote(area_id)}" + ctx.suggest(area_id, ctx.area_ids),
                key=True,
            )
            continue
        practice_ids = [p.id for p in area.practices]
        for practice_id, score in practices.items():
            if practice_id not in practice_ids:
                yield ctx.error(
                    "unknown-practice",
                    ("scores", area_id, practice_id),
                    f"unknown practice {quote(practice_id)} in area {quote(area_id)}"
                    + ctx.suggest(practice_id, practice_ids),
                    key=True,
                )
                continue
            for check in PRACTICE_CHECKS:
                yield from check(ctx, area_id, practice_id, score)
        yield from every_practice_assessed(ctx, area, practices)


def every_practice_assessed(
    ctx: CheckContext, area: Area, practices: dict[str, PracticeScore]
) -> Iterable[Diagnostic]:
    for practice in area.practices:
        if practice.id not in practices:
            yield ctx.warning(
                "incomplete",
                ("scores", area.id),
                f"{quote(f'{area.id}.{practice.id}')} not assessed",
            )


def every_area_assessed(ctx: CheckContext) -> Iterable[Diagnostic]:
    scores = ctx.assessment.scores
    for area_id in ctx.area_ids:
        if area_id not in scores:
            yield ctx.warning("incomplete", ("scores",), f"{quote(area_id)} not assessed")
