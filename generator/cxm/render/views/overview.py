"""The overview (index.md): headline figures, every team by area, trend, gaps, attention."""

from __future__ import annotations

from ...score import shown
from .site import Site
from .view import View


def overview_page(site: Site) -> View:
    org, fw = site.org, site.fw
    view = View("index.md", "Overview", "overview.md.j2")
    stage, trend = org.median_stage(), org.trend()
    view.context.update(
        _charts(site, view, trend),
        teams=[site.team(c) for c in org.latest],
        median_stage=stage,
        median_stage_name=None if stage is None else fw.levels[stage].name,
        share_at_target=org.share_at_target(),
        trend=trend,
        gaps=org.area_gaps(),
        below=_furthest_below(site),
        improved=org.most_improved(),
        metrics=org.metric_summary(),
        stale=org.stale(),
        overdue=org.overdue(),
    )
    return view


def _charts(site: Site, view: View, trend: list) -> dict:
    latest, areas = site.org.latest, site.fw.areas
    labels = [a.name for a in areas]
    gaps = site.org.area_gaps()
    return {
        "heatmap": view.chart(
            "overview-heatmap",
            "heatmap",
            "Heatmap of every team's latest score in each area",
            row_labels=[c.assessment.team for c in latest],
            col_labels=labels,
            values=[[shown.value(r.score) for r in c.areas] for c in latest],
            not_applicable=[[r.not_applicable for r in c.areas] for c in latest],
            **site.scale,
        ),
        "trend_chart": view.chart(
            "overview-trend",
            "trend",
            "Median overall score of the organization at the end of each quarter, on a time "
            "axis, with how many teams each point stands for",
            dates=[q for q, _, _ in trend],
            values=[shown.value(v) for _, v, _ in trend],
            counts=[n for _, _, n in trend],
            **site.scale,
        ),
        "distribution": view.chart(
            "overview-distribution",
            "distribution",
            "Each team's latest score per area against its target, areas with the largest "
            "mean gap first, the team furthest below target named",
            labels=[g.name for g in gaps],
            values=[
                [
                    [c.assessment.team, shown.value(r.score), float(r.target)]
                    for c in latest
                    if (r := c.area(g.area_id)) and r.score is not None
                ]
                for g in gaps
            ],
            **site.scale,
        ),
    }


SHOWN_BELOW = 5  # teams named per area in the gaps table; the area page lists every team


def _furthest_below(site: Site) -> dict[str, tuple[list, int]]:
    """Per area id: the teams furthest below their target in it, the first `SHOWN_BELOW` as
    (card, score, target), and how many more are below: the table names whom the chart shows."""
    out = {}
    for area in site.fw.areas:
        results = [
            (c, r) for c in site.org.latest if (r := c.area(area.id)) and r.score is not None
        ]
        below = sorted(
            (pair for pair in results if pair[1].gap > 0),
            key=lambda pair: (-pair[1].gap, pair[1].score, pair[0].assessment.team.casefold()),
        )
        out[area.id] = (
            [(c, r.score, r.target) for c, r in below[:SHOWN_BELOW]],
            max(len(below) - SHOWN_BELOW, 0),
        )
    return out
