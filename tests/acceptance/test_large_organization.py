"""A synthetic organization (benchmarks/synth.py) as a reader of a large one meets it: pages
whose navigation does not grow with the organization, and a search index of names and next
steps rather than of every table cell. The same site in a browser: tests/acceptance/test_browser.py.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml
from sitebuild import visible_text

TEAM_LINK = re.compile(r'href="(?:\.\./)*teams/([a-z0-9-]+)/"')


def primary_nav(page: str) -> str:
    start = page.index('<nav class="md-nav md-nav--primary')
    return page[start : page.index('<div class="md-sidebar md-sidebar--secondary"', start)]


def scorecards(site: Path) -> list[Path]:
    return sorted(p for p in (site / "teams").glob("*/index.html"))


def latest_assessments(site: Path) -> list[dict]:
    folders = sorted((site.parent / "assessments").iterdir())
    return [yaml.safe_load(sorted(f.glob("*.yaml"))[-1].read_text("utf-8")) for f in folders]


def test_a_scorecard_navigation_names_the_groups_and_links_to_no_team(synthetic_site):
    groups = {a["group"] for a in latest_assessments(synthetic_site)}
    assert len(scorecards(synthetic_site)) == 48 and len(groups) == 3
    for path in scorecards(synthetic_site):
        nav = primary_nav(path.read_text("utf-8"))
        assert TEAM_LINK.findall(nav) == [], path
        shown = visible_text(nav)
        assert all(group in shown for group in groups), path
        # Overview, Teams, each group, the areas tab, framework, downloads, the questionnaire,
        # about: a fixed set.
        assert nav.count("<a ") <= len(groups) + 9, path


def test_a_group_page_links_to_each_of_its_teams(synthetic_site):
    by_group: dict[str, set[str]] = {}
    for a in latest_assessments(synthetic_site):
        by_group.setdefault(a["group"], set()).add(a["team"])
    for group, teams in by_group.items():
        slug = group.lower().replace(" ", "-")
        text = (synthetic_site / "groups" / slug / "index.html").read_text("utf-8")
        start = text.index('<article class="md-content__inner')
        content = text[start : text.index("</article>", start)]
        assert len(set(TEAM_LINK.findall(content))) == len(teams), group
        assert all(team in visible_text(content) for team in teams)


def search_index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]


def test_search_finds_names_groups_areas_practices_and_next_steps(synthetic_site):
    docs = search_index(synthetic_site)
    titles = {d["title"] for d in docs}
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    latest = latest_assessments(synthetic_site)
    assert {a["team"] for a in latest} <= titles
    assert {a["group"] for a in latest} <= titles
    assert "Customer-centric culture" in titles  # an area, from its page
    assert "Trying before buying" in titles  # a practice, from the rubric
    first_step = re.search(
        r"<ol>\s*<li><strong>(.*?)</strong>",
        (scorecards(synthetic_site)[0]).read_text("utf-8"),
        re.S,
    ).group(1)
    assert html.unescape(first_step)[:40] in html.unescape(text)


def test_search_leaves_out_evidence_and_the_numbers_behind_charts(synthetic_site):
    docs = search_index(synthetic_site)
    text = " ".join(d["text"] for d in docs)
    assert "Looker report" not in text  # evidence, in every synthetic team's file
    assert not [d for d in docs if d["location"].endswith("#evidence-and-ratings")]
    # The overview's teams x areas table: a row per team, found on the teams' own pages.
    [heatmap] = [d for d in docs if d["location"] == "#teams-and-areas"]
    assert heatmap["text"] == ""
    per_team = [len(d["text"]) for d in docs if d["location"].startswith("teams/")]
    assert max(per_team) < 3000  # names, next steps and actions: no table of every practice
