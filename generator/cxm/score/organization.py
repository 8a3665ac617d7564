"""Organization-level figures over the scorecards: what the overview and group pages show."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from fractions import Fraction

from ..model.assessment import Action, is_overdue
from ..model.framework import Framework
from ..slugs import NO_GROUP
from ..slugs import slug as make_slug
from .scorecard import Scorecard, exact, weighted_mean


def team_target(card: Scorecard) -> Fraction | None:
    """The overall a team aims for: the weighted mean of its assessed areas' targets."""
    return weighted_mean(
        [(Fraction(r.target), exact(r.area.weight)) for r in card.areas if r.score is not None]
    )


def at_target(card: Scorecard) -> bool:
    target = team_target(card)
    return card.overall is not None and target is not None and card.overall >= target


def overdue_actions(card: Scorecard, today: dt.date) -> list[Action]:
    return [a for a in card.assessment.actions if is_overdue(a, today)]


def is_stale(card: Scorecard, today: dt.date, stale_after_days: int | None) -> bool:
    return stale_after_days is not None and (today - card.assessment.date).days > stale_after_days


def quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarter_end(label: str) -> dt.date:
    year, q = int(label[:4]), int(label[-1])
    return dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Group:
    name: str
    slug: str
    cards: list[Scorecard]  # latest scorecard of each team in the group


@dataclass(frozen=True)
class AreaGap:
    area_id: str
    name: str
    mean_score: Fraction
    mean_gap: Fraction
    teams_below: int
    teams: int


@dataclass(frozen=True)
class AreaSpread:
    """Where the teams stand in one area: the median and the range of their latest scores."""

    median: Fraction
    low: Fraction
    high: Fraction
    teams: int


def _spread(scores: list[Fraction]) -> AreaSpread | None:
    if not scores:
        return None
    scores = sorted(scores)
    return AreaSpread(statistics.median(scores), scores[0], scores[-1], len(scores))


class Organization:
    """The latest scorecards of all teams, and the figures derived from them."""

    def __init__(
        self,
        framework: Framework,
        histories: dict[str, list[Scorecard]],
        today: dt.date,
        stale_after_days: int | None,
    ):
        self.framework = framework
        self.histories = histories
        self.today = today
        self.stale_after_days = stale_after_days
        self._groups: list[Group] | None = None
        self.latest = sorted(
            (h[-1] for h in histories.values()), key=lambda c: c.assessment.team.casefold()
        )

    def groups(self) -> list[Group]:
        """Teams by group. Groups are told apart by slug, as their pages are: names that give
        the same slug are one group, shown under the first name in alphabetical order."""
        if self._groups is None:
            by_slug: dict[str, tuple[list[str], list[Scorecard]]] = {}
            for card in self.latest:
                name = card.assessment.group or NO_GROUP
                names, cards = by_slug.setdefault(make_slug(name), ([], []))
                names.append(name)
                cards.append(card)
            groups = [
                Group(min(names, key=lambda n: (n == NO_GROUP, n.casefold(), n)), slug, cards)
                for slug, (names, cards) in by_slug.items()
            ]
            self._groups = sorted(groups, key=lambda g: (g.name == NO_GROUP, g.name.casefold()))
        return self._groups

    def stale(self) -> list[Scorecard]:
        return [c for c in self.latest if is_stale(c, self.today, self.stale_after_days)]

    def overdue(self) -> list[tuple[Scorecard, Action]]:
        return [(c, a) for c in self.latest for a in overdue_actions(c, self.today)]

    def median_stage(self) -> int | None:
        stages = [c.stage_level for c in self.latest if c.stage_level is not None]
        return statistics.median_low(stages) if stages else None

    def share_at_target(self) -> Fraction | None:
        scored = [c for c in self.latest if c.overall is not None]
        return Fraction(sum(at_target(c) for c in scored), len(scored)) if scored else None

    def area_gaps(self) -> list[AreaGap]:
        """Areas by their mean gap across teams, largest first (framework order on ties)."""
        out = []
        for area in self.framework.areas:
            results = [r for c in self.latest if (r := c.area(area.id)) and r.score is not None]
            if not results:
                continue
            n = len(results)
            out.append(
                AreaGap(
                    area.id,
                    area.name,
                    sum((r.score for r in results), Fraction(0)) / n,
                    sum((r.gap for r in results), Fraction(0)) / n,
                    sum(1 for r in results if r.gap > 0),
                    n,
                )
            )
        return sorted(out, key=lambda g: -g.mean_gap)

    def area_spread(self) -> dict[str, AreaSpread]:
        """Per area id: the median and range of the teams' latest scores (assessed areas only),
        so that a team reads its own score against the organization's."""
        out = {}
        for area in self.framework.areas:
            spread = _spread(
                [r.score for c in self.latest if (r := c.area(area.id)) and r.score is not None]
            )
            if spread:
                out[area.id] = spread
        return out

    def overall_spread(self) -> AreaSpread | None:
        return _spread([c.overall for c in self.latest if c.overall is not None])

    def most_improved(self, n: int = 5) -> list[Scorecard]:
        moved = [c for c in self.latest if c.change is not None and c.change > 0]
        return sorted(moved, key=lambda c: (-c.change, c.assessment.team.casefold()))[:n]

    def trend(self) -> list[tuple[str, Fraction | None, int]]:
        """Per quarter: median overall of each team's latest assessment as of the quarter's end."""
        quarters = sorted({quarter(c.assessment.date) for h in self.histories.values() for c in h})
        out = []
        for label in quarters:
            end = _quarter_end(label)
            values = []
            for history in self.histories.values():
                known = [c for c in history if c.assessment.date <= end and c.overall is not None]
                if known:
                    values.append(known[-1].overall)
            out.append((label, statistics.median(values) if values else None, len(values)))
        return out

    def metric_summary(self) -> list[dict]:
        """Per framework metric: median of the teams' latest values and how many report it."""
        out = []
        for metric in self.framework.metrics:
            values = [
                c.assessment.metrics[metric.id].value
                for c in self.latest
                if metric.id in c.assessment.metrics
            ]
            if values:
                out.append(
                    {"metric": metric, "median": statistics.median(values), "teams": len(values)}
                )
        return out
