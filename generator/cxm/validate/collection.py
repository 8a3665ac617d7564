"""Checks across files: the problems no single assessment shows on its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..diagnostics import Diagnostic
from ..load.document import quote, shown
from ..model.assessment import is_overdue
from ..model.assessment_file import AssessmentFile
from ..slugs import NO_GROUP, slug
from .locations import diagnostic_at


def check_collection(
    loaded: list[AssessmentFile], stale_after_days: int | None, today: dt.date
) -> list[Diagnostic]:
    """Problems that only show across files: duplicates, slug collisions, staleness."""
    diags = list(slugs_and_dates_unique(loaded))
    diags += groups_spelled_alike(loaded)
    diags += group_not_named_like_no_group(loaded)
    for item in latest_per_team(loaded):
        diags += latest_not_stale(item, stale_after_days, today)
        diags += actions_not_overdue(item, today)
    return diags


def slugs_and_dates_unique(loaded: list[AssessmentFile]) -> Iterable[Diagnostic]:
    """Two teams with one slug, or two assessments of a team on one date."""
    by_slug: dict[str, AssessmentFile] = {}
    by_key: dict[tuple[str, dt.date], AssessmentFile] = {}
    for item in sorted(loaded, key=lambda x: x.path):
        a = item.assessment
        first = by_slug.setdefault(item.slug, item)
        if first.assessment.team != a.team:
            yield diagnostic_at(
                item.doc,
                item.doc.value_pos(("team",)),
                "error",
                "slug-collision",
                f"team {quote(a.team)} and team {quote(first.assessment.team)} "
                f"({_file(first)}) both give the slug '{item.slug}'; rename one",
            )
        key = (item.slug, a.date)
        other = by_key.setdefault(key, item)
        if other is not item:
            yield diagnostic_at(
                item.doc,
                item.doc.value_pos(("date",)),
                "error",
                "duplicate-assessment",
                f"team {quote(a.team)} is assessed on {a.date} in both {_file(other)} "
                f"and {_file(item)}",
            )


def groups_spelled_alike(loaded: list[AssessmentFile]) -> Iterable[Diagnostic]:
    """Two spellings of a group that give one slug: the site shows them as one group (its
    page is named by the slug), so a typo in case or punctuation merges silently otherwise.
    One warning per spelling, at the first file (by path) that writes it."""
    first: dict[str, AssessmentFile] = {}  # group slug -> the first file with that slug
    seen: set[str] = set()
    for item in sorted(loaded, key=lambda x: x.path):
        group = item.assessment.group
        if group is None or group in seen:
            continue
        seen.add(group)
        key = slug(group)
        other = first.setdefault(key, item)
        if other is not item:
            yield diagnostic_at(
                item.doc,
                item.doc.value_pos(("group",)),
                "warning",
                "group-collision",
                f"group {quote(group)} and group {quote(other.assessment.group)} "
                f"({_file(other)}) both give the slug '{key}' and are shown as one group; "
                "write the name the same way in every file",
            )


def group_not_named_like_no_group(loaded: list[AssessmentFile]) -> Iterable[Diagnostic]:
    """A group whose name gives the slug of the teams without a group ("Ungrouped"): the site
    would list both on one page, as if the group's teams had none. One warning per spelling,
    at its first file, when some team has no group."""
    without = next(
        (i for i in sorted(loaded, key=lambda x: x.path) if not i.assessment.group), None
    )
    if without is None:
        return
    seen: set[str] = set()
    for item in sorted(loaded, key=lambda x: x.path):
        group = item.assessment.group
        if group is None or group in seen or slug(group) != slug(NO_GROUP):
            continue
        seen.add(group)
        yield diagnostic_at(
            item.doc,
            item.doc.value_pos(("group",)),
            "warning",
            "group-collision",
            f"group {quote(group)} gives the slug '{slug(NO_GROUP)}' of the teams without a "
            f"group (such as {quote(without.assessment.team)}, {_file(without)}): the site "
            f"shows them as one group '{NO_GROUP}'; give the group another name",
        )


def _file(item: AssessmentFile) -> str:
    return shown(item.path, 200)  # a path quoted in a message stays short


def latest_per_team(loaded: list[AssessmentFile]) -> Iterable[AssessmentFile]:
    latest: dict[str, AssessmentFile] = {}
    for item in loaded:
        best = latest.get(item.slug)
        if best is None or (item.assessment.date, item.path) > (best.assessment.date, best.path):
            latest[item.slug] = item
    return latest.values()


def latest_not_stale(
    item: AssessmentFile, stale_after_days: int | None, today: dt.date
) -> Iterable[Diagnostic]:
    a = item.assessment
    age = (today - a.date).days
    if stale_after_days is not None and age > stale_after_days:
        yield diagnostic_at(
            item.doc,
            item.doc.value_pos(("date",)),
            "warning",
            "stale",
            f"the latest assessment of {quote(a.team)} is {age} days old "
            f"(stale after {stale_after_days})",
        )


def actions_not_overdue(item: AssessmentFile, today: dt.date) -> Iterable[Diagnostic]:
    # Only the latest assessment's actions are the team's current commitments.
    a = item.assessment
    for i, action in enumerate(a.actions):
        if is_overdue(action, today):
            yield diagnostic_at(
                item.doc,
                item.doc.value_pos(("actions", i, "due")),
                "warning",
                "overdue-action",
                f"action {quote(action.title)} of {quote(a.team)} was due {action.due} "
                f"and is {action.status.replace('_', ' ')}",
            )
