"""The site as a reader sees it: real MkDocs builds of the demo and of a hostile organization."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cxm.charts.cache import ChartStats, draw_charts
from cxm.config import load_settings
from cxm.project import load_project
from cxm.publish.generate import generate
from sitebuild import EPOCH, HOSTILE, ROOT, copy_project, run_cxm, tree_digest, visible_text


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def shown_score(exported: float) -> str:
    """A score as pages show it: one decimal, half to even, never rounded up into the next
    level (1.96 is at stage 1 and shows 1.9)."""
    exact = Fraction(str(exported))
    return f"{min(round(exact * 10), math.floor(exact) * 10 + 9) / 10:.1f}"


# -- the demo -------------------------------------------------------------------------------


def test_overview_shows_headline_numbers_heatmap_trend_and_gaps(demo_site):
    text = visible_text(page(demo_site, "index.html"))
    assert "9 teams assessed" in text
    assert "2 · Repeating median stage" in text
    assert "1 stale assessments" in text
    assert "overdue actions" in text
    for heading in (
        "Teams and areas",
        "Organization trend",
        "Areas with the largest gaps",
        "Most improved teams",
        "Outcome metrics at a glance",
    ):
        assert heading in text
    html = page(demo_site, "index.html")
    assert (
        re.search(
            r'<img[^>]+class="cxm-chart"[^>]+src="assets/cxm/charts/overview-heatmap.svg"', html
        )
        or "assets/cxm/charts/overview-heatmap.svg" in html
    )
    assert "Enterprise Sales" in text  # stale team listed under "Needs attention"


def test_the_gaps_table_names_the_teams_furthest_below_target_in_each_area(demo_site):
    html = page(demo_site, "index.html")
    section = html[html.index('id="areas-with-the-largest-gaps"') :]
    section = section[: section.index("<h2")]
    rows = {
        visible_text(row).split(" ")[0]: visible_text(row)
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]
    }
    # Marketing: 8 of the 9 teams below target, the five furthest named with score and target.
    marketing = rows["Marketing"]
    assert "8 of 9" in marketing
    assert "Billing and Invoicing (1.0 → 3), Enterprise Sales (1.4 → 3)" in marketing
    assert marketing.count("→") == 5 and marketing.endswith("and 3 more")
    assert 'href="areas/marketing/">and 3 more</a>' in section
    assert 'href="teams/billing-and-invoicing/">Billing and Invoicing</a>' in section
    # Integrations do not apply to Growth Marketing: 8 teams count, not 9.
    third_party = rows["Third-party"]
    assert "7 of 8" in third_party and "Growth Marketing" not in third_party
    assert third_party.count("→") == 5 and third_party.endswith("and 2 more")


def test_team_scorecard_shows_stage_scores_next_steps_actions_and_history(demo_site):
    html = page(demo_site, "teams/mobile-app/index.html")
    text = visible_text(html)
    # Numbers from the pipeline, as the pages round them (one decimal).
    data = json.loads(page(demo_site, "scores.json"))
    latest = [a for a in data["assessments"] if a["slug"] == "mobile-app"][-1]
    assert latest["stage"] in text
    assert shown_score(latest["overall"]) in text
    assert "▼" in text  # Mobile App regressed since its previous assessment
    assert "Recommended next steps" in text
    first_step = latest["next_steps"][0]["step"]
    assert first_step in text
    assert "more next steps" in text  # the rest is folded
    assert "overdue" in text.lower()
    assert "disagree by 2" in text
    assert "edit the YAML file" in text
    edit = "https://github.com/harbourline/cx-maturity/edit/main/assessments/mobile-app/2026-09-11.yaml"
    assert f'href="{edit}"' in html
    # The theme's own edit button points at the YAML file too, and the overview has none.
    assert re.search(rf'<a href="{re.escape(edit)}" title="Edit this page"', html)
    assert 'title="Edit this page"' not in page(demo_site, "index.html")
    for chart in ("team-mobile-app-radar.svg", "team-mobile-app-history.svg"):
        assert chart in html
        assert (demo_site / "assets/cxm/charts" / chart).read_bytes().startswith(b"<?xml")


def test_area_group_framework_and_download_pages_exist(demo_site):
    area = visible_text(page(demo_site, "areas/support/index.html"))
    assert "Most common next steps" in area and "Rubric" in area
    group = visible_text(page(demo_site, "groups/core-platform/index.html"))
    assert "Payments Platform" in group and "Billing and Invoicing" in group
    framework = visible_text(page(demo_site, "framework/index.html"))
    assert "Customer Experience Maturity" in framework and "Improving" in framework
    csv = page(demo_site, "scores.csv")
    # The contract's columns first (CLI.md), then those added for spreadsheet users.
    assert csv.startswith(
        "team,slug,group,date,area,score,target,gap,overall,stage,area_name,stage_level,latest\n"
    )


def test_downloads_match_cxm_export(demo_site):
    code, out, _ = run_cxm(["export", "--format", "json"], ROOT)
    assert code == 0
    assert json.loads(out) == json.loads(page(demo_site, "scores.json"))


def test_the_xlsx_download_is_cxm_exports_workbook_and_linked(demo_site, tmp_path):
    target = tmp_path / "scores.xlsx"
    code, _, err = run_cxm(["export", "--format", "xlsx", "-o", str(target)], ROOT)
    assert code == 0, err
    assert (demo_site / "scores.xlsx").read_bytes() == target.read_bytes()
    html = page(demo_site, "downloads/index.html")
    assert 'href="../scores.xlsx"' in html
    assert "an Excel workbook with a sheet each for the latest scores" in visible_text(html)


# -- a hostile organization on a 0..3 scale -------------------------------------------------


def all_html(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def team_a(project: Path) -> str:
    pages = [p for p in (project / "site/teams").iterdir() if p.name not in ("index.html",)]
    (a,) = [p for p in pages if p.name.startswith("script")]
    return (a / "index.html").read_text("utf-8")


def test_no_markup_from_yaml_reaches_any_page(hostile):
    for path, html in all_html(hostile / "site").items():
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert "<iframe" not in html, path
        assert not re.search(r'href="\s*javascript:', html, re.I), path
        assert "/etc/passwd" not in html or "--8&lt;--" in html or "&#45;" in html, path


def test_hostile_text_is_shown_literally(hostile):
    text = visible_text(team_a(hostile))
    assert "<script>alert('x')</script> {{ 7*7 }} [link](javascript:alert(1))" in text
    assert "{{ config }} {% if true %}yes{% endif %}" in text
    assert "Fix <b>it</b> {{ 1+1 }}" in text
    assert "<iframe src=x></iframe>" in text


def test_markdown_fields_render_with_safe_links_only(hostile):
    html = team_a(hostile)
    assert "<strong>Better</strong>" in html
    assert 'href="https://example.com"' in html
    assert "bad" in visible_text(html) and "doc" in visible_text(html)


def test_pages_show_the_numbers_of_the_scoring_rules(hostile):
    text = visible_text(team_a(hostile))
    # care: (3x1 + 2x3)/4 = 2.25; policy: ratings 0 and 3 -> median 1.5 -> 1;
    # culture not assessed; overall (2.25x2 + 1)/3 = 1.83 -> stage 1 (Started).
    assert "1 · Started" in text
    assert "1.8" in text
    assert "▲ +1.2" in text  # previous overall (1x2 + 0)/3 = 0.67
    assert "Publish the refund policy." in text
    assert "not assessed" in text
    assert "overdue" in text.lower()
    unicode_team = visible_text(
        page(hostile / "site", "teams/equipe-zurich-ri-ben-mrhb/index.html")
    )
    # care: (2 + 3x3)/4 = 2.75; overall (2.75x2 + 1 + 2)/4 = 2.125 -> 2.1, stage 2 (Working).
    assert "Équipe Zürich 日本 مرحبا" in unicode_team
    assert "2 · Working" in unicode_team and "2.1" in unicode_team
    # Equal priority (2): framework order puts care before policy.
    assert unicode_team.index("Measure answer quality monthly.") < unicode_team.index(
        "Publish the refund policy."
    )


def test_rebuild_is_byte_identical(hostile, tmp_path):
    first = tree_digest(hostile / "site")
    code, _, err = run_cxm(["build", "--site-dir", str(tmp_path / "again"), "--no-cache"], hostile)
    assert code == 0, err
    assert tree_digest(tmp_path / "again") == first


def test_plain_mkdocs_build_with_the_plugin_builds_the_same_site(hostile, tmp_path):
    """`cxm build` generates in a child process, `mkdocs build` in its own: one site."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "mk")],
        cwd=hostile,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert tree_digest(tmp_path / "mk") == tree_digest(hostile / "site")


def test_failed_build_keeps_the_old_site(hostile, tmp_path):
    project = copy_project(hostile, tmp_path / "p")
    code, _, _ = run_cxm(["build"], project)
    assert code == 0
    before = tree_digest(project / "site")
    (project / "assessments/a/2026-10-01.yaml").write_text("team: [broken\n", encoding="utf-8")
    code, _, err = run_cxm(["build"], project)
    assert code == 1
    assert "yaml-syntax" in err and "nothing was built" in err
    assert tree_digest(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_build_writes_only_the_site_and_the_cache(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    before = tree_digest(project)
    code, _, err = run_cxm(["build"], project)
    assert code == 0, err
    after = {
        k: v for k, v in tree_digest(project).items() if not k.startswith(("site/", ".cache/"))
    }
    assert after == before


def test_hand_written_page_wins_over_the_generated_one(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    (project / "docs/framework.md").write_text("# Our own rubric page\n", encoding="utf-8")
    code, _, err = run_cxm(["build", "-v"], project)
    assert code == 0, err
    assert "Our own rubric page" in (project / "site/framework/index.html").read_text("utf-8")


def test_generate_writes_pages_and_charts_as_plain_files(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    code, _, err = run_cxm(["generate", "-o", str(tmp_path / "out")], project)
    assert code == 0, err
    out = tmp_path / "out"
    assert (out / "index.md").is_file() and (out / "framework.md").is_file()
    assert list((out / "assets/cxm/charts").glob("*.svg"))
    assert (out / "scores.csv").read_text("utf-8").count("\n") > 1


def test_chart_cache_redraws_only_what_changed(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    settings = load_settings(project / "mkdocs.yml")
    first = generate(load_project(settings))
    assert first.stats.drawn > 0 and first.stats.cached == 0
    second = generate(load_project(settings))
    assert second.stats.drawn == 0 and second.stats.cached == first.stats.drawn
    assert second.assets == first.assets
    path = project / "assessments/b/2026-08-15.yaml"
    path.write_text(path.read_text("utf-8").replace("reach: 3", "reach: 2"), encoding="utf-8")
    third = generate(load_project(settings))
    assert 0 < third.stats.drawn < first.stats.drawn
    changed = [k for k in first.assets if k.endswith(".svg") and first.assets[k] != third.assets[k]]
    assert changed and all(
        ("equipe" in k) or ("overview" in k) or ("group" in k) or ("area" in k) for k in changed
    )


def test_charts_without_cache_are_drawn_every_time(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    settings = load_settings(project / "mkdocs.yml")
    rendered = generate(load_project(settings), use_cache=False)
    stats = ChartStats()
    charts = draw_charts([], None, stats)
    assert charts == {} and stats.drawn == 0
    assert rendered.stats.cached == 0
    assert not (project / ".cache").exists()


def test_broken_template_override_names_its_file_and_line(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    (project / "templates").mkdir()
    (project / "templates/team.md.j2").write_text("# {{ card.assessment.team }}\n{% for x in %}\n")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "framework: framework.yaml", "framework: framework.yaml\n      templates: templates"
        )
    )
    code, _, err = run_cxm(["build"], project)
    assert code == 1
    assert "team.md.j2:2" in err
    assert not (project / "site").exists()


def test_every_team_has_a_badge_with_its_stage_and_score(demo_site):
    import xml.etree.ElementTree as ET

    data = json.loads(page(demo_site, "scores.json"))
    latest = [a for a in data["assessments"] if a["slug"] == "mobile-app"][-1]
    svg = page(demo_site, "badges/mobile-app.svg")
    texts = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "CX maturity" in texts
    assert f"{latest['stage']} · {shown_score(latest['overall'])}" in texts
    slugs = {a["slug"] for a in data["assessments"]}
    assert {p.stem for p in (demo_site / "badges").glob("*.svg")} == slugs
    team = page(demo_site, "teams/mobile-app/index.html")
    assert "badges/mobile-app.svg" in team
    assert "&#91;&#33;&#91;CX maturity&#93;" in team  # the snippet to paste, shown as text


@pytest.mark.parametrize(
    "command",
    [
        ["build", "--site-dir", "assessments"],
        ["build", "--site-dir", "docs"],
        ["build", "--site-dir", "assessments/a"],
        ["build", "--site-dir", "."],
        ["build", "--site-dir", ".cache"],
        ["generate", "-o", "assessments"],
        ["generate", "-o", "docs/generated"],
    ],
)
def test_output_folders_never_overlap_the_inputs(tmp_path, command):
    project = copy_project(HOSTILE, tmp_path / "p")
    before = tree_digest(project)
    code, _, err = run_cxm(command, project)
    assert code == 2, err
    assert "refusing to write" in err
    assert tree_digest(project) == before


def test_groups_whose_names_give_one_slug_are_one_group(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    for name, group in (("c", "Ops!"), ("d", "ops"), ("e", None), ("f", "Ungrouped")):
        text = (project / "assessments/b/2026-08-15.yaml").read_text("utf-8")
        text = text.replace("team: Équipe Zürich 日本 مرحبا", f"team: Team {name}")
        if group:
            text = text.replace("date:", f"group: {group}\ndate:")
        (project / f"assessments/{name}.yaml").write_text(text, encoding="utf-8")
    code, _, err = run_cxm(["build"], project)
    assert code == 0, err
    ops = visible_text((project / "site/groups/ops/index.html").read_text("utf-8"))
    assert "Team c" in ops and "Team d" in ops
    ungrouped = visible_text((project / "site/groups/ungrouped/index.html").read_text("utf-8"))
    assert "Team e" in ungrouped and "Team f" in ungrouped


def test_notes_of_practices_and_actions_are_shown_as_text(hostile):
    text = visible_text(team_a(hostile))
    assert "Notes: Phone <b>only</b> | weekdays" in text
    assert "Blocked by <i>vendor</i>" in text


class _Cells(HTMLParser):
    """The rows of every table: per cell, its text (entities decoded) and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[dict]] = []
        self._cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = {"text": "", "hrefs": [], "titles": []}
            self.rows[-1].append(self._cell)
        elif tag == "a" and self._cell is not None:
            self._cell["hrefs"].append(dict(attrs).get("href"))
            self._cell["titles"].append(dict(attrs).get("title"))

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def table_rows(html: str) -> list[list[dict]]:
    parser = _Cells()
    parser.feed(html)
    return parser.rows


def test_markdown_in_a_table_cell_keeps_its_pipes_and_line_breaks(hostile):
    rows = table_rows(team_a(hostile))
    (reach,) = [r for r in rows if r and r[0]["text"].strip() == "Reach"]
    widths = {len(r) for r in rows if any(c["text"].strip() == "Answers" for c in r)}
    assert widths == {len(reach)}  # "|" in the link did not split the cell
    evidence = next(c for c in reach if "Call log" in c["text"])
    assert evidence["hrefs"] == ["https://example.com/log|q3"]
    assert evidence["titles"] == ["calls|chats"]
    assert "Q3|Q4" in evidence["text"]
    assert "line one\nline two" in evidence["text"]  # the code block keeps its lines


def test_framework_texts_render_their_markdown(hostile):
    html = page(hostile / "site", "framework/index.html")
    assert "Some <em>habits</em>" in html
    assert "*habits*" not in visible_text(html)


def _number(text: str) -> float | None:
    match = re.search(r"-?\d+\.\d", text)
    return float(match.group()) if match else None


def _shown(exact: float, shown: float, what: str) -> None:
    """A shown score is the exact one to one decimal, and never rounds into the next level:
    from x.95 up it shows x.9."""
    assert abs(shown - min(exact, int(exact) + 0.9)) <= 0.05 + 1e-9, what
    assert int(shown) == int(exact), what


def test_the_numbers_of_every_team_page_add_up_and_agree_with_scores_json(demo_site):
    """What a reader checks: each score against the download and its level, the change
    against the earlier score in the history table, the gap against the target."""
    data = json.loads((demo_site / "scores.json").read_text())
    latest = {r["slug"]: r for r in data["assessments"]}  # by slug then date: the last wins
    assert len(latest) == 9
    for slug, record in latest.items():
        rows = table_rows(page(demo_site, f"teams/{slug}/index.html"))
        start = next(i for i, r in enumerate(rows) if r and r[0]["text"] == "Area")
        end = next(i for i in range(start, len(rows)) if rows[i][0]["text"].strip() == "Overall")
        overall = rows[end]
        _shown(record["overall"], _number(overall[1]["text"]), slug)
        assert overall[2]["text"].strip() == record["stage"]
        for row in rows[start + 1 : end]:
            area_id = row[0]["hrefs"][0].rstrip("/").rsplit("/", 1)[-1]
            if row[1]["text"].strip() == "n/a":  # every practice of the area is not applicable
                assert area_id not in record["areas"], (slug, area_id)
                assert [c["text"].strip() for c in row[2:5]] == ["Not applicable", "–", "–"]
                continue
            score, target, gap = _number(row[1]["text"]), int(row[3]["text"]), row[4]["text"]
            if score is None:
                assert area_id not in record["areas"]
                continue
            _shown(record["areas"][area_id]["score"], score, f"{slug} {area_id}")
            assert _number(gap) == round(max(0.0, target - score), 1), (slug, area_id)
        # The history on the same page: the shown change is the difference of the shown scores.
        history = [r for r in rows if re.fullmatch(r"\d{4}-\d\d-\d\d", r[0]["text"].strip())]
        if len(history) > 1:
            now, before = _number(history[0][1]["text"]), _number(history[1][1]["text"])
            assert _number(overall[1]["text"]) == now
            assert (_number(overall[5]["text"]) or 0.0) == round(now - before, 1), slug
