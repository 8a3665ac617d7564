"""Scoring (FORMAT.md section 5) as plain functions over the models.

Numbers stay exact (fractions) until they are shown: pages round to one decimal and exports
to two, both half to even.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from ..model.assessment import Assessment, PracticeScore, practice_level
from ..model.framework import Area, Framework, LevelSpec, Practice

if TYPE_CHECKING:
    from ..model.assessment_file import AssessmentFile


@functools.cache
def exact(weight: float) -> Fraction:
    # Through repr so that a weight written 0.1 counts as 1/10, not its binary approximation.
    # Cached: a framework has a handful of distinct weights, asked for on every practice.
    return Fraction(repr(float(weight)))


def weighted_mean(pairs: list[tuple[Fraction | int, Fraction]]) -> Fraction | None:
    """Mean of (value, weight) pairs; None when there is nothing to average."""
    # Exact, in integers: numerators and denominators are summed without reducing each step
    # (Fraction arithmetic normalizes after every operation); one Fraction is made at the end.
    num, den = 0, 1  # sum of value * weight
    wnum, wden = 0, 1  # sum of weights
    for v, w in pairs:
        tn, td = v.numerator * w.numerator, v.denominator * w.denominator
        if td == den:
            num += tn
        else:
            num, den = num * td + tn * den, den * td
        if w.denominator == wden:
            wnum += w.numerator
        else:
            wnum, wden = wnum * w.denominator + w.numerator * wden, wden * w.denominator
    if not pairs or wnum == 0:
        return None
    return Fraction(num * wden, den * wnum)


def _priority_key(step: NextStep) -> Fraction | int:
    # Highest priority first; whole-number priorities compare as ints (much faster, same order).
    p = step.priority
    return -p.numerator if p.denominator == 1 else -p


@functools.lru_cache(maxsize=8192)
def rounded(value: Fraction | None, places: int) -> float | None:
    # Cached: pages and exports round the same few hundred scores again and again.
    return None if value is None else float(round(value, places))


@dataclass(frozen=True, slots=True)
class PracticeResult:
    practice: Practice
    level: int | None  # None: not assessed
    target: int
    score: PracticeScore | None

    @property
    def not_applicable(self) -> str | None:
        """Why the practice does not apply to the team (None when it applies)."""
        return self.score.not_applicable if self.score else None

    @property
    def spread(self) -> int | None:
        ratings = self.score.ratings if self.score else None
        return max(ratings.values()) - min(ratings.values()) if ratings else None


@dataclass(frozen=True, slots=True)
class AreaResult:
    area: Area
    score: Fraction | None  # None: not assessed
    target: int
    practices: list[PracticeResult]
    change: Fraction | None = None  # against the previous assessment of the team
    # How far the score is below the target (0 at or above it); computed once, pages and
    # exports ask for it many times.
    gap: Fraction | None = field(init=False)

    @property
    def not_applicable(self) -> bool:
        """Every practice of the area is not applicable: the area is shown as n/a."""
        return all(p.not_applicable is not None for p in self.practices)

    def __post_init__(self) -> None:
        gap = None if self.score is None else max(Fraction(0), self.target - self.score)
        object.__setattr__(self, "gap", gap)


@dataclass(frozen=True, slots=True)
class NextStep:
    area: Area
    practice: Practice
    level: int
    target: int
    priority: Fraction
    text: str


@dataclass(frozen=True, slots=True)
class Scorecard:
    loaded: AssessmentFile
    framework: Framework
    overall: Fraction | None
    areas: list[AreaResult]
    next_steps: list[NextStep]
    previous: Scorecard | None = None
    change: Fraction | None = None

    @property
    def assessment(self) -> Assessment:
        return self.loaded.assessment

    @property
    def stage_level(self) -> int | None:
        return None if self.overall is None else math.floor(self.overall)

    @property
    def stage(self) -> LevelSpec | None:
        level = self.stage_level
        return None if level is None else self.framework.levels[level]

    def area(self, area_id: str) -> AreaResult | None:
        return next((r for r in self.areas if r.area.id == area_id), None)


def score(loaded: AssessmentFile, fw: Framework, previous: Scorecard | None = None) -> Scorecard:
    a = loaded.assessment
    areas: list[AreaResult] = []
    steps: list[NextStep] = []
    for area in fw.areas:
        area_target = a.targets.get(area.id, fw.default_target)
        given = a.scores.get(area.id, {})
        practices = []
        for practice in area.practices:
            entry = given.get(practice.id)
            level = practice_level(entry) if entry else None
            target = entry.target if entry and entry.target is not None else area_target
            practices.append(PracticeResult(practice, level, target, entry))
            if level is not None and level < target:
                priority = (target - level) * exact(area.weight)
                for text in _steps_from(fw, practice, level):
                    steps.append(NextStep(area, practice, level, target, priority, text))
        value = weighted_mean(
            [(p.level, exact(p.practice.weight)) for p in practices if p.level is not None]
        )
        change = None
        if previous is not None and value is not None:
            before = previous.area(area.id)
            if before is not None and before.score is not None:
                change = value - before.score
        areas.append(AreaResult(area, value, area_target, practices, change))
    overall = weighted_mean([(r.score, exact(r.area.weight)) for r in areas if r.score is not None])
    # sorted() is stable: equal priorities keep the framework's order.
    steps.sort(key=_priority_key)
    change = None
    if previous is not None and overall is not None and previous.overall is not None:
        change = overall - previous.overall
    return Scorecard(loaded, fw, overall, areas, steps, previous, change)


def _steps_from(fw: Framework, practice: Practice, level: int) -> list[str]:
    steps = practice.next_steps.get(level)
    if steps:
        return list(steps)
    # A framework without steps at this level still tells the team what the next level is.
    following = practice.levels.get(level + 1)
    name = fw.levels[level + 1].name if level + 1 in fw.levels else str(level + 1)
    return [f"Reach {name}: {following}"] if following else []


def score_all(loaded: list[AssessmentFile], fw: Framework) -> dict[str, list[Scorecard]]:
    """Scorecards per team slug, oldest first, each linked to the one before it."""
    teams = by_team(loaded)
    return {slug: score_team(teams[slug], fw) for slug in sorted(teams)}


def by_team(loaded: list[AssessmentFile]) -> dict[str, list[AssessmentFile]]:
    """The files of each team slug, oldest first (by date, then path)."""
    teams: dict[str, list[AssessmentFile]] = {}
    for item in loaded:
        teams.setdefault(item.slug, []).append(item)
    return {
        slug: sorted(items, key=lambda x: (x.assessment.date, x.path))
        for slug, items in teams.items()
    }


def score_team(items: list[AssessmentFile], fw: Framework) -> list[Scorecard]:
    """One team's scorecards from its files, oldest first, each linked to the one before it."""
    history: list[Scorecard] = []
    for item in items:
        history.append(score(item, fw, history[-1] if history else None))
    return history
