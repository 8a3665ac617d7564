"""Checks across files: the problems no single assessment shows on its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..diagnostics import Diagnostic
from ..model.assessment import is_overdue
from ..model.assessment_file import AssessmentFile
from .locations import diagnostic_at


def check_collection(
    loaded: list[AssessmentFile], stale_after_days: int | None, today: dt.date
) -> list[Diagnostic]:
    """Problems that only show across files: duplicates, slug collisions, staleness."""
    diags = list(slugs_and_dates_unique(loaded))
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
                f"team '{a.team}' and team '{first.assessment.team}' ({first.path}) "
                f"both give the slug '{item.slug}'; rename one",
            )
        key = (item.slug, a.date)
        other = by_key.setdefault(key, item)
        if other is not item:
            yield diagnostic_at(
                item.doc,
                item.doc.value_pos(("date",)),
                "error",
                "duplicate-assessment",
                f"team '{a.team}' is assessed on {a.date} in both {other.path} and {item.path}",
            )


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
            f"the latest assessment of '{a.team}' is {age} days old "
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
                f"action '{action.title}' of '{a.team}' was due {action.due} "
                f"and is {action.status.replace('_', ' ')}",
            )
