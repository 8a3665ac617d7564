"""Checks of a practice's `ratings`: one level per assessor."""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ...load.document import quote, shown
from ...model.assessment import PracticeScore
from .context import CheckContext


def raters_listed_and_on_scale(
    ctx: CheckContext, area_id: str, practice_id: str, score: PracticeScore
) -> list[Diagnostic] | tuple[()]:
    """Each rater is one of the assessors, and each rating a level of the scale."""
    if not score.ratings:
        return ()
    found = []
    assessors = ctx.assessors
    for rater, level in score.ratings.items():
        rloc = ("scores", area_id, practice_id, "ratings", rater)
        if rater not in assessors:
            found.append(
                ctx.error(
                    "invalid-value",
                    rloc,
                    f"rater {quote(rater)} is not listed in assessors"
                    + ctx.suggest(rater, assessors),
                    key=True,
                )
            )
        found += ctx.in_scale(rloc, level, f"rating of {quote(rater)}")
    return found


def raters_agree(
    ctx: CheckContext, area_id: str, practice_id: str, score: PracticeScore
) -> tuple[Diagnostic, ...]:
    """A warning when the ratings of one practice are two levels or more apart (not when a
    rating is off the scale: that error is the one problem)."""
    if not score.ratings:
        return ()
    values = list(score.ratings.values())
    if not all(ctx.low <= v <= ctx.high for v in values):
        return ()
    spread = max(values) - min(values)
    if spread < 2:
        return ()
    return (
        ctx.warning(
            "disagreement",
            ("scores", area_id, practice_id, "ratings"),
            f"raters disagree on {quote(f'{area_id}.{practice_id}')} by {spread} levels "
            + "("
            # Many raters, or long names: the list is shortened like a single name.
            + shown(", ".join(f"{k}: {v}" for k, v in score.ratings.items()), 120)
            + ")",
        ),
    )
