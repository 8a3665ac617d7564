"""A team's scorecard (teams/<slug>.md): stage, scores, next steps, actions, metrics, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from ...model.assessment import Action, PracticeScore, is_overdue
from ...model.framework import Area, Framework, Practice
from ...score import shown
from ...score.organization import AreaSpread
from ...score.scorecard import AreaResult, NextStep, PracticeResult, Scorecard
from ..badges import badge_path
from ..links import team_path
from .rows import level_name
from .site import Site
from .view import View

# Raters this many levels apart on a practice are flagged: they see it differently.
DISAGREE_SPREAD = 2


@dataclass(frozen=True, slots=True)
class PracticeRow:
    practice: Practice
    level: int | None
    target: int
    score: PracticeScore | None  # the entry as written, None when not assessed
    spread: int | None  # highest minus lowest rating, None without ratings
    disagree: bool  # the raters are DISAGREE_SPREAD or more levels apart
    not_applicable: str | None  # why the practice does not apply, None when it does


@dataclass(frozen=True, slots=True)
class AreaRow:
    area: Area
    score: Fraction | None
    level: str  # name of the level the score is at, or "Not assessed"
    target: int
    gap: Fraction | None
    change: Fraction | None
    practices: list[PracticeRow]
    org: AreaSpread | None  # the organization's latest scores in this area
    not_applicable: bool  # no practice of the area applies to the team


@dataclass(frozen=True, slots=True)
class ActionRow:
    title: str
    notes: str | None
    area: str  # area id
    area_name: str
    practice: str | None  # practice id
    practice_name: str | None
    owner: str | None
    due: dt.date | None
    status: str
    overdue: bool  # due before today and still planned or in progress


# The next steps shown first; the rest wait, grouped by area, behind one click.
TOP_STEPS = 5


def _by_area(steps: list[NextStep]) -> list[tuple[Area, list[NextStep]]]:
    """Steps grouped by area, areas in the order of their first (highest-ranked) step."""
    groups: dict[str, tuple[Area, list[NextStep]]] = {}
    for step in steps:
        groups.setdefault(step.area.id, (step.area, []))[1].append(step)
    return list(groups.values())


def team_page(site: Site, history: list[Scorecard]) -> View:
    card = history[-1]
    a = card.assessment
    view = View(team_path(card.loaded.slug), a.team, "team.md.j2")
    view.edit_url = site.edit_url(card.loaded.path)
    base = site.site_url or "https://YOUR-SITE"
    badge = badge_path(card.loaded.slug)
    view.context.update(
        _charts(site, view, history),
        card=card,
        history=history,
        metrics=_metrics(site, view, history),
        group=site.group_of(card.loaded.slug),
        edit_url=view.edit_url,
        team=site.team(card),
        age_days=(site.today - a.date).days,
        areas=[_area_row(site.fw, r, site.area_spread.get(r.area.id)) for r in card.areas],
        org_overall=site.overall_spread,
        actions=[_action_row(site, action) for action in a.actions],
        top_steps=card.next_steps[:TOP_STEPS],
        outcomes=_outcomes(site.fw),
        versions=_versions(site.fw, history),
        more_steps=_by_area(card.next_steps[TOP_STEPS:]),
        badge=badge,
        # The Markdown a team pastes into its README: the badge, linked to this page.
        badge_snippet=f"[![CX maturity]({base}/{badge})]({base}/teams/{card.loaded.slug}/)",
    )
    return view


def _area_row(fw: Framework, r: AreaResult, org: AreaSpread | None) -> AreaRow:
    practices = [_practice_row(p) for p in r.practices]
    na = r.not_applicable
    level = "Not applicable" if na else level_name(fw, r.score)
    return AreaRow(r.area, r.score, level, r.target, r.gap, r.change, practices, org, na)


def _practice_row(p: PracticeResult) -> PracticeRow:
    spread = p.spread
    disagree = spread is not None and spread >= DISAGREE_SPREAD
    return PracticeRow(p.practice, p.level, p.target, p.score, spread, disagree, p.not_applicable)


def _outcomes(fw: Framework) -> dict[tuple[str, str], str]:
    """The names of the outcome metrics each practice moves, by (area id, practice id): a
    next step says which outcomes it serves."""
    names = {m.id: m.name for m in fw.metrics}
    return {
        (area.id, p.id): ", ".join(names[m] for m in p.outcomes if m in names)
        for area in fw.areas
        for p in area.practices
        if p.outcomes
    }


def _versions(fw: Framework, history: list[Scorecard]) -> dict[str, int]:
    """The framework version of each assessment made against an older one, by path: the
    page says so (it is read through the framework's migrations)."""
    return {
        c.loaded.path: c.assessment.framework_version
        for c in history
        if c.assessment.framework_version not in (None, fw.version)
    }


def _action_row(site: Site, action: Action) -> ActionRow:
    area = site.fw.area(action.area)
    practice = next((p for p in area.practices if p.id == action.practice), None)
    return ActionRow(
        action.title,
        action.notes,
        action.area,
        area.name,
        action.practice,
        practice.name if practice else None,
        action.owner,
        action.due,
        action.status,
        is_overdue(action, site.today),
    )


def _charts(site: Site, view: View, history: list[Scorecard]) -> dict:
    card = history[-1]
    slug, team = card.loaded.slug, card.assessment.team
    series = [("Current", [shown.value(r.score) for r in card.areas])]
    if card.previous is not None:
        series.append(("Previous", [shown.value(r.score) for r in card.previous.areas]))
    series.append(("Target", [float(r.target) for r in card.areas]))
    return {
        "radar": view.chart(
            f"team-{slug}-radar",
            "radar",
            f"Radar chart of {team}'s area scores against the target",
            labels=[a.name for a in site.fw.areas],
            series=series,
            **site.scale,
        ),
        "history_chart": view.chart(
            f"team-{slug}-history",
            "history",
            f"Overall and area scores of {team} over time",
            dates=[c.assessment.date.isoformat() for c in history],
            series=[("Overall", [shown.value(c.overall) for c in history])]
            + [
                (a.name, [shown.value(c.areas[i].score) for c in history])
                for i, a in enumerate(site.fw.areas)
            ],
            **site.scale,
        ),
    }


def _metrics(site: Site, view: View, history: list[Scorecard]) -> dict:
    """The metrics the team ever reported (latest and previous value), and one chart of those
    with two values or more: a small panel per metric."""
    card = history[-1]
    dates = [c.assessment.date.isoformat() for c in history]
    rows, series = [], []
    for metric in site.fw.metrics:
        values = [c.assessment.metrics.get(metric.id) for c in history]
        if not any(values):
            continue
        current = card.assessment.metrics.get(metric.id)
        charted = len([v for v in values if v]) > 1
        if charted:
            reported = [v.value for v in values if v]
            series.append(
                {
                    "name": metric.name,
                    "unit": metric.unit,
                    "values": [v.value if v else None for v in values],
                    "vmin": metric.min if metric.min is not None else min(reported),
                    "vmax": metric.max if metric.max is not None else max(reported),
                    "better": metric.better,
                    "target": current.target if current else None,
                }
            )
        previous = next((v for v in reversed(values[:-1]) if v), None)
        rows.append({"spec": metric, "current": current, "previous": previous, "charted": charted})
    chart = None
    if series:
        chart = view.chart(
            f"team-{card.loaded.slug}-metrics",
            "metrics",
            f"Outcome metrics of {card.assessment.team} over time, one panel per metric: "
            + ", ".join(m["name"] for m in series),
            dates=dates,
            series=series,
        )
    return {"rows": rows, "chart": chart}
