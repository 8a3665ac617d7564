"""The framework (the rubric): levels, areas, practices and metrics, as Pydantic models.

Models hold data and the invariants a single value can check. Everything that needs the
framework (scale, ids) or several files is checked in `validate`; scoring lives in `score`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .base import (
    FrameworkId,
    ItemId,
    LevelNumber,
    Name,
    Number,
    StrictModel,
    Text,
    Version,
    Weight,
)


class LevelSpec(StrictModel):
    name: Name = Field(description="Name of the level, e.g. 'Defined'.")
    description: Text = Field("", description="What an organization at this level looks like.")


class Practice(StrictModel):
    id: ItemId = Field(description="Practice id, unique within its area.")
    name: Name
    question: Text = Field("", description="The question an assessor asks.")
    description: Text = ""
    weight: Weight = Field(
        1.0, description="Weight of the practice in its area's mean (above 0, at most 1000)."
    )
    levels: dict[LevelNumber, Text] = Field(
        description="What each level of the scale looks like for this practice."
    )
    next_steps: dict[LevelNumber, list[Text]] = Field(
        default_factory=dict,
        description="Concrete actions that move the practice from level N to N+1.",
    )
    outcomes: list[ItemId] = Field(
        default_factory=list,
        description="Ids of the framework's metrics this practice is expected to move.",
    )


class Area(StrictModel):
    id: ItemId = Field(description="Area id, unique in the framework.")
    name: Name
    description: Text = ""
    weight: Weight = Field(
        1.0, description="Weight of the area in the overall mean (above 0, at most 1000)."
    )
    practices: list[Practice] = Field(min_length=1)


class MetricSpec(StrictModel):
    id: ItemId
    name: Name
    description: Text = ""
    unit: Text = ""
    min: Number | None = None
    max: Number | None = None
    better: Literal["higher", "lower"] = "higher"


PracticePath = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")]


class Migration(StrictModel):
    """How the ids of one older version map onto the next version."""

    areas: dict[ItemId, ItemId] = Field(
        default_factory=dict, description="Renamed area ids: old id -> new id."
    )
    practices: dict[PracticePath, PracticePath | None] = Field(
        default_factory=dict,
        description="'area.practice' of the old version -> 'area.practice' of the next, "
        "or null when the practice was dropped.",
    )


class Framework(StrictModel):
    id: FrameworkId
    name: Name
    version: Version = Field(description="Version of the rubric, shown on every scorecard.")
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
    migrations: dict[Version, Migration] = Field(
        default_factory=dict,
        description="Per older version, how its ids map onto the next version (they chain).",
    )

    @property
    def scale(self) -> tuple[int, int]:
        return min(self.levels), max(self.levels)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def metric(self, metric_id: str) -> MetricSpec | None:
        return next((m for m in self.metrics if m.id == metric_id), None)
