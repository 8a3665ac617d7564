"""Pydantic models of the two file kinds: framework (the rubric) and assessment.

Models hold data and the invariants a single value can check. Everything that needs the
framework (scale, ids) or several files is checked in `validate`; scoring lives in `scoring`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> dt.date:
    # YAML dates reach us as text (the loader keeps them so): parse them here, strictly.
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError(
            "iso_date", "expected a date written YYYY-MM-DD, got {value}", {"value": repr(value)}
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "iso_date", "{value} is not a real date", {"value": repr(value)}
        ) from None


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
LevelNumber = Annotated[int, Strict()]
Text = Annotated[str, StringConstraints(strip_whitespace=False)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Weight = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
FrameworkId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- framework ------------------------------------------------------------------------------


class LevelSpec(_Model):
    name: Name = Field(description="Name of the level, e.g. 'Defined'.")
    description: Text = Field("", description="What an organization at this level looks like.")


class Practice(_Model):
    id: ItemId = Field(description="Practice id, unique within its area.")
    name: Name
    question: Text = Field("", description="The question an assessor asks.")
    description: Text = ""
    weight: Weight = Field(1.0, description="Weight of the practice in its area's mean (> 0).")
    levels: dict[LevelNumber, Text] = Field(
        description="What each level of the scale looks like for this practice."
    )
    next_steps: dict[LevelNumber, list[Text]] = Field(
        default_factory=dict,
        description="Concrete actions that move the practice from level N to N+1.",
    )


class Area(_Model):
    id: ItemId = Field(description="Area id, unique in the framework.")
    name: Name
    description: Text = ""
    weight: Weight = Field(1.0, description="Weight of the area in the overall mean (> 0).")
    practices: list[Practice] = Field(min_length=1)


class MetricSpec(_Model):
    id: ItemId
    name: Name
    description: Text = ""
    unit: Text = ""
    min: Number | None = None
    max: Number | None = None
    better: Literal["higher", "lower"] = "higher"


class Framework(_Model):
    id: FrameworkId
    name: Name
    version: LevelNumber = Field(description="Version of the rubric, shown on every scorecard.")
    description: Text = ""
    levels: dict[LevelNumber, LevelSpec] = Field(
        min_length=2,
        max_length=10,
        description="The scale: consecutive integers starting at 0 or 1, 2 to 10 entries.",
    )
    default_target: LevelNumber
    evidence_required_from: LevelNumber | None = None
    areas: list[Area] = Field(min_length=1)
    metrics: list[MetricSpec] = Field(default_factory=list)

    @property
    def scale(self) -> tuple[int, int]:
        return min(self.levels), max(self.levels)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def metric(self, metric_id: str) -> MetricSpec | None:
        return next((m for m in self.metrics if m.id == metric_id), None)


# -- assessment -----------------------------------------------------------------------------


def _short_practice(value: Any) -> Any:
    return value if isinstance(value, dict) else {"level": value}


def _short_metric(value: Any) -> Any:
    return value if isinstance(value, dict) else {"value": value}


class PracticeScore(_Model):
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


class MetricValue(_Model):
    value: Number
    target: Number | None = None
    source: Text | None = Field(None, description="Where the number comes from.")


class Action(_Model):
    title: Name
    area: str = Field(description="Area id of the framework.")
    practice: str | None = Field(None, description="Practice id within the area.")
    owner: Text | None = None
    due: IsoDate | None = None
    status: Literal["planned", "in_progress", "done", "dropped"] = "planned"
    notes: Text | None = None


PracticeEntry = Annotated[PracticeScore, BeforeValidator(_short_practice)]
MetricEntry = Annotated[MetricValue, BeforeValidator(_short_metric)]


class Assessment(_Model):
    team: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="Team name (1-100 characters); its slug identifies the team."
    )
    group: Name | None = Field(None, description="Department or business unit, for roll-ups.")
    date: IsoDate = Field(description="Date of the assessment, YYYY-MM-DD, not in the future.")
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
