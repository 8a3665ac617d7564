"""The page builders (cxm.render.views): each page's path, template, prepared values and the
charts it asks for, for a small organization scored by the real pipeline.

The tiny framework (conftest.py): `support` weighs 2 (`self_service` 2, `onboarding` 1),
`marketing` and `policies` 1; default target 3. Levels are given in framework order:
(self_service, onboarding, product_promise, reviews, returns, privacy).

    Alpha  digital  2026-03-31 all 2, then 2026-09-30 all 3      overall 2, then 3 (stage 3)
    beta   -        (1, 1, 2, 2, 3, 3)   support 1,   overall 7/4  (stage 1)
    Delta  Retail   (2, 1, 3, 3, 3, 3)   support 5/3, overall 7/3  (stage 2)
    Gamma  Retail   (4, 4, 4, 4, 2, 2)   support 4,   overall 7/2  (stage 3)
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import TODAY, document, framework_from
from cxm.render.pages import page_views
from cxm.render.views.area import area_page
from cxm.render.views.overview import overview_page
from cxm.render.views.site import Site
from cxm.render.views.team import team_page
from cxm.render.views.teams import teams_page
from cxm.score.organization import Organization
from cxm.score.scorecard import score_all
from cxm.validate.assessment import validate_assessment

PRACTICES = (
    ("support", "self_service"),
    ("support", "onboarding"),
    ("marketing", "product_promise"),
    ("marketing", "reviews"),
    ("policies", "returns"),
    ("policies", "privacy"),
)
EDIT = "https://github.com/acme/cx/edit/main/"


def assessment(team: str, date: str, levels: tuple[int, ...], extra: str = "") -> str:
    lines = [f"team: {team}", f"date: {date}", "assessors: [Dana Lee, Sam Ortiz]"]
    area = None
    lines.append("scores:")
    for (area_id, practice), level in zip(PRACTICES, levels, strict=True):
        if area_id != area:
            lines.append(f"  {area_id}:")
            area = area_id
        lines.append(f"    {practice}: {{level: {level}, evidence: Seen}}")
    return "\n".join(lines) + "\n" + extra


ALPHA_BEFORE = assessment("Alpha", "2026-03-31", (2,) * 6, "group: digital\nmetrics: {nps: 10}\n")
ALPHA = assessment(
    "Alpha",
    "2026-09-30",
    (3,) * 6,
    """\
group: digital
metrics: {nps: 25, csat: 80}
actions:
  - {title: Late plan, area: support, due: 2026-10-31, status: planned}
  - {title: Late but done, area: marketing, due: 2026-10-31, status: done}
  - {title: On time, area: policies, practice: returns, owner: Sam, due: 2026-12-31}
""",
)
BETA = assessment("beta", "2026-09-30", (1, 1, 2, 2, 3, 3))
DELTA = assessment("Delta", "2026-09-30", (2, 1, 3, 3, 3, 3), "group: Retail\n")
GAMMA = assessment("Gamma", "2025-06-30", (4, 4, 4, 4, 2, 2), "group: Retail\n")


def site_of(*texts: str) -> Site:
    fw = framework_from()
    loaded = []
    for text in texts:
        first = text.splitlines()[0].removeprefix("team: ").lower()
        date = text.splitlines()[1].removeprefix("date: ")
        doc = document(text, f"assessments/{first}/{date}.yaml")
        item, diagnostics = validate_assessment(doc, fw, TODAY)
        assert item is not None, diagnostics
        loaded.append(item)
    org = Organization(fw, score_all(loaded, fw), TODAY, 365)
    return Site(org, "CX", "https://cx.example.com", 365, EDIT)


@pytest.fixture
def site() -> Site:
    return site_of(ALPHA_BEFORE, ALPHA, BETA, DELTA, GAMMA)


def charts_of(view) -> list[tuple[str, str, str]]:
    return [(c.path, c.kind, c.alt) for c in view.charts]


def test_every_page_is_built_in_the_order_of_the_navigation(site):
    assert [(v.path, v.template) for v in page_views(site)] == [
        ("index.md", "overview.md.j2"),
        ("teams/index.md", "teams.md.j2"),
        ("teams/alpha.md", "team.md.j2"),
        ("teams/beta.md", "team.md.j2"),
        ("teams/delta.md", "team.md.j2"),
        ("teams/gamma.md", "team.md.j2"),
        ("groups/digital/index.md", "group.md.j2"),
        ("groups/retail/index.md", "group.md.j2"),
        ("groups/ungrouped/index.md", "group.md.j2"),
        ("areas/index.md", "areas.md.j2"),
        ("areas/support.md", "area.md.j2"),
        ("areas/marketing.md", "area.md.j2"),
        ("areas/policies.md", "area.md.j2"),
        ("framework.md", "framework.md.j2"),
        ("downloads.md", "downloads.md.j2"),
        ("assess/index.md", "assess.md.j2"),
    ]


def test_no_two_pages_ask_for_the_same_chart_file(site):
    paths = [c.path for v in page_views(site) for c in v.charts]
    # 3 on the overview, 2 on each of 4 team pages and Alpha's nps, 3 groups, 3 areas
    assert len(paths) == len(set(paths)) == 18


def test_overdue_actions_are_marked_on_the_team_page(site):
    view = team_page(site, site.org.histories["alpha"])
    assert [(a.title, a.area_name, a.status, a.overdue) for a in view.context["actions"]] == [
        ("Late plan", "Support", "planned", True),
        ("Late but done", "Marketing", "done", False),
        ("On time", "Policies", "planned", False),
    ]
    assert [a.title for a in view.context["team"].overdue_actions] == ["Late plan"]


def test_the_team_page_lists_its_radar_history_and_metric_charts_with_alt_text(site):
    view = team_page(site, site.org.histories["alpha"])
    assert (view.path, view.title, view.template) == ("teams/alpha.md", "Alpha", "team.md.j2")
    assert charts_of(view) == [
        (
            "assets/cxm/charts/team-alpha-radar.svg",
            "radar",
            "Radar chart of Alpha's area scores against the target",
        ),
        (
            "assets/cxm/charts/team-alpha-history.svg",
            "history",
            "Overall and area scores of Alpha over time",
        ),
        # nps was reported twice: a panel in the metrics chart; csat once: none
        (
            "assets/cxm/charts/team-alpha-metrics.svg",
            "metrics",
            "Outcome metrics of Alpha over time, one panel per metric: Net Promoter Score",
        ),
    ]
    # The page shows each chart as a Markdown image, linked from the page's own folder.
    # One file, two images: Material shows the one for the palette (the SVG holds both).
    alt = "![Radar chart of Alpha&#39;s area scores against the target]"
    assert view.context["radar"] == (
        f"{alt}(../assets/cxm/charts/team-alpha-radar.svg#only-light){{ .cxm-chart }}"
        f"{alt}(../assets/cxm/charts/team-alpha-radar.svg#only-dark){{ .cxm-chart }}"
    )


def test_the_team_charts_hold_current_previous_target_and_the_history(site):
    radar, history, metrics = team_page(site, site.org.histories["alpha"]).charts
    assert radar.kwargs["labels"] == ["Support", "Marketing", "Policies"]
    assert radar.kwargs["series"] == [
        ("Current", [3.0, 3.0, 3.0]),
        ("Previous", [2.0, 2.0, 2.0]),
        ("Target", [3.0, 3.0, 3.0]),
    ]
    assert (radar.kwargs["vmin"], radar.kwargs["vmax"]) == (1, 5)
    assert history.kwargs["dates"] == ["2026-03-31", "2026-09-30"]
    assert history.kwargs["series"][0] == ("Overall", [2.0, 3.0])
    [nps] = metrics.kwargs["series"]
    assert (nps["values"], nps["vmin"], nps["vmax"]) == ([10, 25], -100, 100)


def test_the_team_page_links_its_yaml_file_badge_and_metric_values(site):
    view = team_page(site, site.org.histories["alpha"])
    assert view.edit_url == EDIT + "assessments/alpha/2026-09-30.yaml"
    assert view.context["badge_snippet"] == (
        "[![CX maturity](https://cx.example.com/badges/alpha.svg)]"
        "(https://cx.example.com/teams/alpha/)"
    )
    metrics = {
        m["spec"].id: (m["current"].value, m["previous"] and m["previous"].value)
        for m in view.context["metrics"]["rows"]
    }
    assert metrics == {"nps": (25, 10), "csat": (80, None)}


def test_the_team_page_names_each_areas_level_and_gap(site):
    view = team_page(site, site.org.histories["delta"])
    assert [(r.area.id, r.score, r.level, r.gap) for r in view.context["areas"]] == [
        ("support", Fraction(5, 3), "Reactive", Fraction(4, 3)),
        ("marketing", Fraction(3), "Defined", Fraction(0)),
        ("policies", Fraction(3), "Defined", Fraction(0)),
    ]


def test_the_overview_shows_teams_assessed_median_stage_and_share_at_target(site):
    view = overview_page(site)
    context = view.context
    assert [row.card.assessment.team for row in context["teams"]] == [
        "Alpha",
        "beta",
        "Delta",
        "Gamma",
    ]
    # stages 3, 1, 2, 3: the lower middle is 2
    assert (context["median_stage"], context["median_stage_name"]) == (2, "Emerging")
    # at target 3: Alpha (3) and Gamma (7/2); not beta (7/4) nor Delta (7/3)
    assert context["share_at_target"] == Fraction(1, 2)
    assert [c.assessment.team for c in context["stale"]] == ["Gamma"]  # 2025-06-30
    assert [(c.assessment.team, a.title) for c, a in context["overdue"]] == [("Alpha", "Late plan")]


def test_the_overview_asks_for_its_heatmap_trend_and_distribution(site):
    view = overview_page(site)
    heatmap, trend, distribution = view.charts
    assert [c.kind for c in view.charts] == ["heatmap", "trend", "distribution"]
    assert heatmap.kwargs["row_labels"] == ["Alpha", "beta", "Delta", "Gamma"]
    assert heatmap.kwargs["values"][1] == [1.0, 2.0, 3.0]  # beta
    # Q2 2025: Gamma 7/2; Q1 2026: Alpha 2, Gamma 7/2 -> 11/4;
    # Q3 2026: 7/4, 7/3, 3, 7/2 -> (7/3 + 3) / 2 = 8/3
    assert trend.kwargs["dates"] == ["2025-Q2", "2026-Q1", "2026-Q3"]
    # Charts draw and label the scores as pages show them (one decimal, half to even).
    assert trend.kwargs["values"] == [3.5, 2.8, 2.7]
    assert trend.kwargs["counts"] == [1, 2, 4]  # how many teams each point stands for
    # Areas by gap, largest first, each team named with its score and target.
    support = distribution.kwargs["labels"].index("Support")
    rows = distribution.kwargs["values"][support]
    assert [(name, score) for name, score, _ in rows] == [
        ("Alpha", 3.0),
        ("beta", 1.0),
        ("Delta", 1.7),
        ("Gamma", 4.0),
    ]
    # A page at the site's root links its charts without "../".
    assert view.context["heatmap"].startswith(
        "![Heatmap of every team&#39;s latest score in each area]"
        "(assets/cxm/charts/overview-heatmap.svg#only-light){ .cxm-chart }"
    )


def test_the_area_page_lists_teams_by_score_highest_first(site):
    view = area_page(site, site.fw.area("support"))
    assert (view.path, view.title) == ("areas/support.md", "Support")
    teams = [(t.card.assessment.team, t.score, t.level, t.gap) for t in view.context["teams"]]
    assert teams == [
        ("Gamma", Fraction(4), "Managed", Fraction(0)),
        ("Alpha", Fraction(3), "Defined", Fraction(0)),
        ("Delta", Fraction(5, 3), "Reactive", Fraction(4, 3)),
        ("beta", Fraction(1), "Reactive", Fraction(2)),
    ]
    [chart] = view.charts
    # The area's chart names every team with its score and target (it sorts them by gap).
    assert (chart.path, chart.kind) == ("assets/cxm/charts/area-support-teams.svg", "gaps")
    assert chart.kwargs["names"] == ["Gamma", "Alpha", "Delta", "beta"]
    assert chart.kwargs["scores"] == [4.0, 3.0, 1.7, 1.0]
    assert len(chart.kwargs["targets"]) == 4


def test_the_area_page_lists_the_next_steps_most_teams_share_first(site):
    steps = area_page(site, site.fw.area("support")).context["steps"]
    assert [(s.text, [c.assessment.team for c in s.cards]) for s in steps] == [
        ("Send a welcome email.", ["beta", "Delta"]),
        ("Publish the top ten answers.", ["beta"]),
        ("Build a help centre.", ["Delta"]),
    ]


def test_the_teams_page_lists_groups_with_stale_and_at_target_flags(site):
    groups = teams_page(site).context["groups"]
    assert [
        (g.name, [(r.card.assessment.team, r.stale, r.at_target) for r in g.teams]) for g in groups
    ] == [
        ("digital", [("Alpha", False, True)]),
        ("Retail", [("Delta", False, False), ("Gamma", True, True)]),
        ("Ungrouped", [("beta", False, False)]),
    ]


def assess_data(view, path: str = "assets/cxm/assess-data.js") -> dict:
    import json

    text = view.assets[path].decode("ascii")  # every character escaped: safe in any page
    if path == "assets/cxm/assess-data.js":
        start = "window.CXM_ASSESS = "
    else:  # a team's start, by its slug
        slug = path.removeprefix("assets/cxm/assess/").removesuffix(".js")
        start = f'(window.CXM_ASSESS_TEAMS = window.CXM_ASSESS_TEAMS || {{}})["{slug}"] = '
    assert text.startswith(start) and text.endswith(";\n")
    data = text.removeprefix(start)
    return json.loads(data.removesuffix(";\n"))


def test_the_questionnaire_gets_the_framework_and_each_teams_start(site):
    from cxm.render.views.assess import Authoring, assess_page

    authoring = Authoring("records", "# modeline", ("github", "https://github.com/a/b/new/main"))
    view = assess_page(site, authoring)
    assert (view.path, view.template) == ("assess/index.md", "assess.md.j2")
    data = assess_data(view)
    fw = data["framework"]
    assert (fw["scale"], fw["default_target"], fw["evidence_required_from"]) == ([1, 5], 3, 4)
    support = fw["areas"][0]
    assert (support["id"], support["weight"]) == ("support", [2, 1])
    practice = support["practices"][0]
    assert practice["question"] == "Can customers help themselves?"
    assert practice["levels"]["3"] == "Help centre." and practice["weight"] == [2, 1]
    assert practice["next_steps"]["1"] == ["Publish the top ten answers."]
    assert [m["id"] for m in fw["metrics"]] == ["nps", "csat"]
    assert [t["name"] for t in data["teams"]] == ["Alpha", "beta", "Delta", "Gamma"]
    alpha = data["teams"][0]
    assert alpha == {
        "slug": "alpha",
        "name": "Alpha",
        "from": "assessments/alpha/2026-09-30.yaml",
        "date": "2026-09-30",
    }
    # One start per team, in a script of its own: its latest assessment's, as `cxm new` has it.
    assert sorted(view.assets) == [
        "assets/cxm/assess-data.js",
        "assets/cxm/assess/alpha.js",
        "assets/cxm/assess/beta.js",
        "assets/cxm/assess/delta.js",
        "assets/cxm/assess/gamma.js",
    ]
    start = assess_data(view, "assets/cxm/assess/alpha.js")
    assert start["last_metrics"] == {"nps": 25, "csat": 80}
    assert [a["title"] for a in start["actions"]] == ["Late plan", "On time"]
    assert start["scores"]["support"]["self_service"] == {
        "level": 3,
        "evidence": "Seen",
        "target": None,
        "not_applicable": None,
    }
    assert data["new_team"]["assessors"] == ["Your Name"]
    assert data["files"] == {
        "assessments": "records",
        "modeline": "# modeline",
        "teams": "../assets/cxm/assess",
    }
    assert data["propose"]["url"] == "https://github.com/a/b/new/main"


def test_the_questionnaire_data_cannot_end_its_script():
    from cxm.render.views.assess import Authoring, assess_page

    hostile = "</script><script>alert(1)</script> Équipe"
    view = assess_page(site_of(assessment(hostile, "2026-09-30", (3,) * 6)), Authoring("a", "#"))
    for script in view.assets.values():
        assert b"</script" not in script and b"\\u00c9quipe" in script
    [team] = assess_data(view)["teams"]
    assert team["name"] == hostile
    assert assess_data(view, f"assets/cxm/assess/{team['slug']}.js")["team"] == hostile
    assert assess_data(view)["propose"] is None  # no repository host: no link to propose
