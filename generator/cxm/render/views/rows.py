"""Teams and groups as lists of them show them, and the level a score is at.

The rules (stale, overdue, at target) are applied here, once, so that templates print flags
and numbers instead of calling them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from markupsafe import Markup

from ...model.assessment import Action
from ...model.framework import Framework
from ...score.organization import at_target, is_stale, overdue_actions, team_target
from ...score.scorecard import Scorecard
from ..badges import stage_badge


@dataclass(frozen=True, slots=True)
class TeamRow:
    """A team in a list: its latest scorecard and the flags the lists show."""

    card: Scorecard
    stage_badge: Markup  # e.g. `3 · Defined`, coloured by its place on the scale
    stale: bool  # older than stale_after_days
    overdue_actions: list[Action]
    target: Fraction | None  # the team target: weighted mean of its assessed areas' targets
    at_target: bool  # overall at or above the team target


@dataclass(frozen=True, slots=True)
class GroupView:
    name: str
    slug: str
    cards: list[Scorecard]  # latest scorecard of each team in the group
    teams: list[TeamRow]  # the same teams, as rows


def team_row(card: Scorecard, today: dt.date, stale_after_days: int | None) -> TeamRow:
    return TeamRow(
        card,
        stage_badge(card),
        is_stale(card, today, stale_after_days),
        overdue_actions(card, today),
        team_target(card),
        at_target(card),
    )


def level_name(fw: Framework, value: Fraction | float | None) -> str:
    """The name of the level a score is at (rounded down), or "Not assessed"."""
    if value is None:
        return "Not assessed"
    return fw.levels[int(value // 1)].name
