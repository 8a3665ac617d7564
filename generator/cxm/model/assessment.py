"""An assessment file: a team's levels, evidence, metrics and actions, as Pydantic models.

Beside them, the two rules that every later stage reads the same way: a practice's level
(its own, or the median of its ratings) and whether an action is overdue.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from .base import IsoDate, LevelNumber, Name, Number, StrictModel, Text, Version


def _short_practice(value: Any) -> Any:
    return value if isinstance(value, dict) else {"level": value}


def _short_metric(value: Any) -> Any:
    return value if isinstance(value, dict) else {"value": value}


class PracticeScore(StrictModel):
    level: LevelNumber | None = Field(
        None, description="The level reached; beside `ratings` it wins over their median."
    )
    ratings: dict[Name, LevelNumber] | None = Field(
        None, description="Level per assessor (names from `assessors`); the level is their median."
    )
    evidence: Text | None = Field(
        None, description="What shows the level: a document, a number, a tool (Markdown)."
    )
    target: LevelNumber | None = Field(None, description="Target level for this practice.")
    notes: Text | None = None
    not_applicable: Text | None = Field(
        None,
        description="Why the practice does not apply to this team; stands alone, without "
        "`level` or `ratings`. It then counts in no mean, target, gap or next step.",
    )


class MetricValue(StrictModel):
    value: Number
    target: Number | None = None
    source: Text | None = Field(None, description="Where the number comes from.")


class Action(StrictModel):
    title: Name
    area: str = Field(description="Area id of the framework.")
    practice: str | None = Field(None, description="Practice id within the area.")
    owner: Text | None = None
    due: IsoDate | None = None
    status: Literal["planned", "in_progress", "done", "dropped"] = "planned"
    notes: Text | None = None


PracticeEntry = Annotated[PracticeScore, BeforeValidator(_short_practice)]
MetricEntry = Annotated[MetricValue, BeforeValidator(_short_metric)]


class Assessment(StrictModel):
    team: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="Team name (1-100 characters); its slug identifies the team."
    )
    group: Name | None = Field(None, description="Department or business unit, for roll-ups.")
    date: IsoDate = Field(description="Date of the assessment, YYYY-MM-DD, not in the future.")
    framework_version: Version | None = Field(
        None,
        description="The framework version the assessment was made against; absent: the "
        "framework's current version. Older versions are read through its migrations.",
    )
    assessors: list[Name] = Field(min_length=1, description="Who assessed (at least one).")
    summary: Text | None = Field(None, description="What changed this period (Markdown).")
    targets: dict[str, LevelNumber] = Field(
        default_factory=dict, description="Target level per area id."
    )
    scores: dict[str, dict[str, PracticeEntry]] = Field(
        description="Area id -> practice id -> level, or {level|ratings, evidence, target}."
    )
    metrics: dict[str, MetricEntry] = Field(
        default_factory=dict, description="Outcome metric id -> value, or {value, target, source}."
    )
    actions: list[Action] = Field(default_factory=list)


def practice_level(score: PracticeScore) -> int | None:
    """The level of a practice: `level` if given, else the median of the ratings, rounded down."""
    if score.level is not None:
        return score.level
    if score.not_applicable is not None:
        return None
    if not score.ratings:
        return None
    values = sorted(score.ratings.values())
    mid = len(values) // 2
    # Integer division floors like math.floor, without a float that a huge rating overflows.
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) // 2


def is_overdue(action: Action, today: dt.date) -> bool:
    return (
        action.due is not None
        and action.due < today
        and action.status in ("planned", "in_progress")
    )
