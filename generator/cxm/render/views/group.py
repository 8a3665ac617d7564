"""A group roll-up (groups/<slug>/index.md): its teams, and the areas across them."""

from __future__ import annotations

from fractions import Fraction

from ...score import shown
from ...score.organization import Group
from ..links import group_path
from .site import Site
from .view import View


def group_page(site: Site, group: Group) -> View:
    view = View(group_path(group.slug), group.name, "group.md.j2")
    heatmap = view.chart(
        f"group-{group.slug}-heatmap",
        "heatmap",
        f"Heatmap of the latest scores of the teams in {group.name}",
        row_labels=[c.assessment.team for c in group.cards],
        col_labels=[a.name for a in site.fw.areas],
        values=[[shown.value(r.score) for r in c.areas] for c in group.cards],
        not_applicable=[[r.not_applicable for r in c.areas] for c in group.cards],
        **site.scale,
    )
    means = []  # (area, mean score of the teams that assessed it, how many did)
    for area in site.fw.areas:
        scores = [r.score for c in group.cards if (r := c.area(area.id)) and r.score is not None]
        means.append(
            (area, sum(scores, Fraction(0)) / len(scores) if scores else None, len(scores))
        )
    view.context.update(group=site.group(group), heatmap=heatmap, means=means)
    return view
