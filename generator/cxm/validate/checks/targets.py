"""Checks of `targets`: the target level of each area."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Diagnostic
from ...load.document import quote
from .context import CheckContext


def targets_known_and_on_scale(ctx: CheckContext) -> Iterable[Diagnostic]:
    """Each target names an area of the framework and is a level of its scale."""
    for area_id, target in ctx.assessment.targets.items():
        if area_id not in ctx.areas:
            yield ctx.error(
                "unknown-area",
                ("targets", area_id),
                f"unknown area {quote(area_id)}" + ctx.suggest(area_id, ctx.area_ids),
                key=True,
            )
        yield from ctx.in_scale(("targets", area_id), target, "target")
