"""Checks of `scores`: each area and practice known to the framework, each practice's level,
and every area and practice assessed.

A new check of one practice's score goes in PRACTICE_CHECKS: it takes the context, the area
id, the practice id and the score, and runs only for practices the framework knows.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable

from ...diagnostics import MAX_PER_FILE, Diagnostic
from ...load.document import quote
from ...model.assessment import PracticeScore
from ...model.framework import Area
from ..locations import SUGGEST_CUTOFF
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
    if score.level is None and not score.ratings and score.not_applicable is None:
        loc = ("scores", area_id, practice_id)
        practice = quote(f"{area_id}.{practice_id}")
        if score.ratings is not None:  # `ratings: {}`: said where the raters are missing
            return (
                ctx.error(
                    "missing-field",
                    (*loc, "ratings"),
                    f"{practice} needs a level or ratings: its ratings name no rater",
                ),
            )
        # On the practice's line (an editor marks it there too), not on its first field's.
        return (ctx.error("missing-field", loc, f"{practice} needs a level or ratings", key=True),)
    return ()


def applicable_or_scored(
    ctx: CheckContext, area_id: str, practice_id: str, score: PracticeScore
) -> tuple[Diagnostic, ...]:
    """`not_applicable` gives a reason and stands alone: a level beside it would say both."""
    if score.not_applicable is None:
        return ()
    loc = ("scores", area_id, practice_id)
    practice = quote(f"{area_id}.{practice_id}")
    if not score.not_applicable.strip():
        return (
            ctx.error(
                "invalid-value",
                (*loc, "not_applicable"),
                f"{practice} is not applicable: say why (the reason is shown on the scorecard)",
            ),
        )
    beside = [name for name in ("level", "ratings") if getattr(score, name) is not None]
    if beside:
        return (
            ctx.error(
                "invalid-value",
                (*loc, beside[0]),
                f"{practice} is marked not applicable and has a {beside[0]} too: keep one of them",
                key=True,
            ),
        )
    return ()


# Run in this order on each practice's score, before the next practice. They return tuples
# rather than yield: they run for every practice of every file, and a generator costs more
# than most of these checks.
PRACTICE_CHECKS = (
    applicable_or_scored,
    levels_on_scale,
    level_or_ratings,
    raters_listed_and_on_scale,
    raters_agree,
    evidence_given,
)


def scored_practices_known(ctx: CheckContext) -> Iterable[Diagnostic]:
    """Each scored area and practice is in the framework; each known one's score then goes
    through PRACTICE_CHECKS, and each area's practices left out are `incomplete` (but for one
    an unknown id was meant for: its typo is the one problem)."""
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
                    + _of_version(ctx)
                    + ctx.suggest(practice_id, practice_ids),
                    key=True,
                )
                continue
            for check in PRACTICE_CHECKS:
                yield from check(ctx, area_id, practice_id, score)
        yield from every_practice_assessed(ctx, area, practices)


def _older(ctx: CheckContext) -> bool:
    """A file made against an older version: complete or not for a version the framework no
    longer describes, and a record of its day. Practices new since then are not `incomplete`
    in it; they are simply not assessed."""
    version = ctx.assessment.framework_version
    return version is not None and version != ctx.framework.version


def _of_version(ctx: CheckContext) -> str:
    """An older file's unknown id was unknown to its own version too: say which."""
    if not _older(ctx):
        return ""
    return f" (of version {ctx.assessment.framework_version} of the framework)"


def _meant(written: Iterable[str], known: list[str]) -> set[str]:
    """The known ids that unknown ones were meant for: a typo is one problem, not also a
    warning that the id meant is not assessed. (Fuzzy matching is slow: for as many unknown
    ids as a file shows problems.)"""
    unknown = itertools.islice((word for word in written if word not in known), MAX_PER_FILE)
    return {
        match
        for word in unknown
        for match in difflib.get_close_matches(word, known, n=1, cutoff=SUGGEST_CUTOFF)
    }


def every_practice_assessed(
    ctx: CheckContext, area: Area, practices: dict[str, PracticeScore]
) -> Iterable[Diagnostic]:
    if _older(ctx):
        return
    meant = _meant(practices, [p.id for p in area.practices])
    for practice in area.practices:
        if practice.id not in practices and practice.id not in meant:
            yield ctx.warning(
                "incomplete",
                ("scores", area.id),
                f"{quote(f'{area.id}.{practice.id}')} not assessed",
            )


def every_area_assessed(ctx: CheckContext) -> Iterable[Diagnostic]:
    if _older(ctx):
        return
    scores = ctx.assessment.scores
    meant = _meant(scores, ctx.area_ids)
    for area_id in ctx.area_ids:
        if area_id not in scores and area_id not in meant:
            yield ctx.warning("incomplete", ("scores",), f"{quote(area_id)} not assessed")
