"""Checks of a practice's `evidence`."""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ...load.document import quote
from ...model.assessment import PracticeScore, practice_level
from .context import CheckContext


def evidence_given(
    ctx: CheckContext, area_id: str, practice_id: str, score: PracticeScore
) -> tuple[Diagnostic, ...]:
    """A warning for a practice at or above the framework's `evidence_required_from` level
    that has no evidence (not when a rating is off the scale: the level is not known)."""
    threshold = ctx.framework.evidence_required_from
    if threshold is None:
        return ()
    level = practice_level(score)
    if (
        score.level is None
        and score.ratings
        and not all(ctx.low <= v <= ctx.high for v in score.ratings.values())
    ):
        return ()
    if level is None or not threshold <= level <= ctx.high or (score.evidence or "").strip():
        return ()
    return (
        ctx.warning(
            "missing-evidence",
            ("scores", area_id, practice_id),
            f"{quote(f'{area_id}.{practice_id}')} is at level {level} but has no evidence "
            f"(required from level {threshold})",
        ),
    )
