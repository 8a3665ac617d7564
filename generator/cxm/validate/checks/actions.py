"""Checks of `actions`: the improvements a team commits to."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Diagnostic
from ...load.document import quote
from .context import CheckContext


def actions_name_known_practices(ctx: CheckContext) -> Iterable[Diagnostic]:
    """Each action's area, and practice if given, is in the framework."""
    for i, action in enumerate(ctx.assessment.actions):
        if i in ctx.set_aside:
            continue
        area = ctx.areas.get(action.area)
        if area is None:
            yield ctx.error(
                "unknown-area",
                ("actions", i, "area"),
                f"unknown area {quote(action.area)}" + ctx.suggest(action.area, ctx.area_ids),
            )
        elif action.practice is not None and action.practice not in [p.id for p in area.practices]:
            yield ctx.error(
                "unknown-practice",
                ("actions", i, "practice"),
                f"unknown practice {quote(action.practice)} in area {quote(area.id)}"
                + ctx.suggest(action.practice, [p.id for p in area.practices]),
            )
