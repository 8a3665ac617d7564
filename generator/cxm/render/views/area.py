"""An area (areas/<id>.md): the teams' scores in it, its most common next steps, its rubric."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from markupsafe import Markup

from ...model.framework import Area, Practice
from ...score import shown
from ...score.scorecard import AreaResult, Scorecard
from ..links import area_path
from .rows import level_name
from .site import Site
from .view import View

COMMON_STEPS = 10  # how many of the most common next steps the page lists


@dataclass(frozen=True, slots=True)
class TeamInArea:
    """A team's latest result in the area."""

    card: Scorecard
    score: Fraction
    level: str  # name of the level the score is at
    target: int
    gap: Fraction
    change: Fraction | None


@dataclass(frozen=True, slots=True)
class CommonStep:
    text: str
    practice: Practice
    cards: list[Scorecard]  # the teams that have it among their next steps


def area_page(site: Site, area: Area) -> View:
    view = View(area_path(area.id), area.name, "area.md.j2")
    results = [(c, c.area(area.id)) for c in site.org.latest]
    results = [(c, r) for c, r in results if r is not None and r.score is not None]
    results.sort(key=lambda cr: (-cr[1].score, cr[0].assessment.team.casefold()))
    view.context.update(
        area=area,
        teams=[
            TeamInArea(c, r.score, level_name(site.fw, r.score), r.target, r.gap, r.change)
            for c, r in results
        ],
        chart=_chart(site, view, area, results) if results else None,
        steps=_common_steps(site, area),
        not_applicable=_not_applicable(site, area),
        outcomes={m.id: m.name for m in site.fw.metrics},
    )
    return view


def _not_applicable(site: Site, area: Area) -> list[tuple[Scorecard, list[tuple[str, str]]]]:
    """The teams to which practices of the area do not apply: (practice name, reason) each."""
    out = []
    for card in site.org.latest:
        result = card.area(area.id)
        reasons = [
            (p.practice.name, p.not_applicable)
            for p in (result.practices if result else [])
            if p.not_applicable is not None
        ]
        if reasons:
            out.append((card, reasons))
    return out


def _common_steps(site: Site, area: Area) -> list[CommonStep]:
    """The next steps most teams share in the area, most shared first."""
    common: dict[tuple[str, str], list[Scorecard]] = {}
    for card in site.org.latest:
        for step in card.next_steps:
            if step.area.id == area.id:
                common.setdefault((step.practice.id, step.text), []).append(card)
    practices = {p.id: p for p in area.practices}
    top = sorted(common.items(), key=lambda kv: -len(kv[1]))[:COMMON_STEPS]
    return [CommonStep(text, practices[pid], cards) for (pid, text), cards in top]


def _chart(
    site: Site, view: View, area: Area, results: list[tuple[Scorecard, AreaResult]]
) -> Markup:
    return view.chart(
        f"area-{area.id}-teams",
        "gaps",
        f"Each team's latest score in {area.name} against its target, largest gap first",
        names=[c.assessment.team for c, _ in results],
        scores=[shown.value(r.score) for _, r in results],
        targets=[float(r.target) for _, r in results],
        **site.scale,
    )
