"""What every page builder reads: the organization and the settings of the site."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from ...model.framework import Framework
from ...score.organization import AreaSpread, Group, Organization
from ...score.scorecard import Scorecard
from .rows import GroupView, TeamRow, team_row


@dataclass
class Site:
    org: Organization
    site_name: str
    site_url: str  # without the trailing slash; empty when not set
    stale_after_days: int | None
    edit_base: str | None  # URL prefix that edits a file at the repository root, or None
    _rows: dict[int, TeamRow] = field(default_factory=dict, repr=False)

    @property
    def fw(self) -> Framework:
        return self.org.framework

    @property
    def today(self) -> dt.date:
        return self.org.today

    @property
    def scale(self) -> dict[str, int]:
        """The charts' value range: the framework's scale."""
        low, high = self.fw.scale
        return {"vmin": low, "vmax": high}

    def team(self, card: Scorecard) -> TeamRow:
        # Cached: the overview, the teams index and a group page list the same teams (and
        # `cxm serve` hands the rows of its last rendering over: a kept scorecard keeps its row).
        row = self._rows.get(id(card))
        if row is None or row.card is not card:
            row = self._rows[id(card)] = team_row(card, self.today, self.stale_after_days)
        return row

    def group_of(self, slug: str) -> Group | None:
        """The group of a team, by its slug."""
        return self._groups_by_team.get(slug)

    @functools.cached_property
    def area_spread(self) -> dict[str, AreaSpread]:
        return self.org.area_spread()

    @functools.cached_property
    def overall_spread(self) -> AreaSpread | None:
        # Once per site: every scorecard shows it, and it sorts every team's score.
        return self.org.overall_spread()

    @functools.cached_property
    def _groups_by_team(self) -> dict[str, Group]:
        return {c.loaded.slug: g for g in self.org.groups() for c in g.cards}

    def group(self, group: Group) -> GroupView:
        return GroupView(group.name, group.slug, group.cards, [self.team(c) for c in group.cards])

    def edit_url(self, yaml_path: str) -> str | None:
        return f"{self.edit_base}{yaml_path}" if self.edit_base else None
