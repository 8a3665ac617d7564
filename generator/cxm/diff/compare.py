"""`cxm diff`: what changed in the scores between two git revisions, for a pull-request comment.

The comparison is plain data; each output format (Markdown, JSON) is one function over it, in
a module of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from ..config import Settings
from ..config import today as default_today
from ..diagnostics import Diagnostic
from ..score.scorecard import Scorecard
from .git import Snapshot, read_revision, read_work_tree, repository_root, resolve_revision


@dataclass(frozen=True)
class AreaChange:
    id: str
    name: str
    before: Fraction | None  # None: not assessed, or not applicable
    after: Fraction | None
    not_applicable: tuple[bool, bool] = (False, False)  # before, after

    @property
    def change(self) -> Fraction | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class TeamChange:
    slug: str
    before: Scorecard | None  # None: a new team
    after: Scorecard | None  # None: a team whose files were all removed
    areas: list[AreaChange]  # only the areas that moved

    @property
    def team(self) -> str:
        card = self.after or self.before
        assert card is not None
        return card.assessment.team

    @property
    def change(self) -> Fraction | None:
        if self.before is None or self.after is None:
            return None
        if self.before.overall is None or self.after.overall is None:
            return None
        return self.after.overall - self.before.overall


@dataclass(frozen=True)
class Regression:
    team: str
    slug: str
    area: AreaChange | None  # None: the overall score
    before: Fraction
    after: Fraction

    @property
    def change(self) -> Fraction:
        return self.after - self.before


@dataclass
class Diff:
    base: Snapshot
    head: Snapshot
    teams: list[TeamChange]  # changed, new and removed teams, by slug
    new_files: list[str]
    removed_files: list[str]
    new_errors: list[Diagnostic]  # errors at HEAD that BASE did not have

    @property
    def changed_teams(self) -> list[TeamChange]:
        return [t for t in self.teams if t.before is not None and t.after is not None]

    @property
    def new_teams(self) -> list[TeamChange]:
        return [t for t in self.teams if t.before is None]

    @property
    def removed_teams(self) -> list[TeamChange]:
        return [t for t in self.teams if t.after is None]

    @property
    def regressions(self) -> list[Regression]:
        """Drops of a team's latest overall score or of one of its area scores."""
        found = []
        for t in self.changed_teams:
            assert t.before is not None and t.after is not None
            before, after = t.before.overall, t.after.overall
            if before is not None and after is not None and after < before:
                found.append(Regression(t.team, t.slug, None, before, after))
            for area in t.areas:
                if area.before is not None and area.after is not None and area.after < area.before:
                    found.append(Regression(t.team, t.slug, area, area.before, area.after))
        return found

    @property
    def head_errors(self) -> list[Diagnostic]:
        return self.head.errors

    @property
    def is_empty(self) -> bool:
        return not (self.teams or self.new_files or self.removed_files or self.new_errors)


def _area_changes(before: Scorecard, after: Scorecard) -> list[AreaChange]:
    names = {r.area.id: r.area.name for r in before.areas}
    names.update({r.area.id: r.area.name for r in after.areas})  # the framework order of HEAD
    ordered = [r.area.id for r in after.areas] + [r.area.id for r in before.areas]
    moved = []
    for area_id in dict.fromkeys(ordered):
        old, new = before.area(area_id), after.area(area_id)
        change = AreaChange(
            area_id,
            names[area_id],
            old.score if old else None,
            new.score if new else None,
            (bool(old and old.not_applicable), bool(new and new.not_applicable)),
        )
        if change.before != change.after:
            moved.append(change)
    return moved


def stage_name(card: Scorecard) -> str | None:
    return card.stage.name if card.stage else None


def compare(base: Snapshot, head: Snapshot) -> Diff:
    before_cards, after_cards = base.latest, head.latest
    teams = []
    for slug in sorted(set(before_cards) | set(after_cards)):
        before, after = before_cards.get(slug), after_cards.get(slug)
        if before is None or after is None:
            teams.append(TeamChange(slug, before, after, []))
            continue
        areas = _area_changes(before, after)
        if areas or before.overall != after.overall or stage_name(before) != stage_name(after):
            teams.append(TeamChange(slug, before, after, areas))
    base_files, head_files = set(base.files), set(head.files)
    # An error that only moved to another line is not new.
    known = {(d.path, d.code, d.message) for d in base.errors}
    new_errors = [d for d in head.errors if (d.path, d.code, d.message) not in known]
    return Diff(
        base,
        head,
        teams,
        sorted(head_files - base_files),
        sorted(base_files - head_files),
        new_errors,
    )


def diff_revisions(
    settings: Settings, base: str, head: str | None = None, today: dt.date | None = None
) -> Diff:
    """Compare the assessments at `base` with those at `head` (None: the work tree)."""
    today = today or default_today()
    root = repository_root(settings)
    base_commit = resolve_revision(root, base)
    head_commit = None if head is None else resolve_revision(root, head)
    old = read_revision(settings, root, base, base_commit, today)
    if head_commit is None:
        new = read_work_tree(settings, root, today)
    else:
        new = read_revision(settings, root, head, head_commit, today)
    return compare(old, new)
