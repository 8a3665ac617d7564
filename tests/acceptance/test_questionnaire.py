"""The questionnaire (assess/) in a real browser: what it prefills, what it refuses, the file it
writes, and that cxm reads that file back as the page showed it.

The page runs in Debian's Chromium (Playwright) with its clock fixed on 2026-10-31; cxm runs
with "today" on 2026-11-01 (SOURCE_DATE_EPOCH), in a copy of the demo repository.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import urllib.parse
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from browsing import chromium, require_chromium, screenshot, serving
from conftest import FRAMEWORK, framework_from
from cxm.config import load_settings
from cxm.load.reader import load_text
from cxm.project import BUILTIN_FRAMEWORK, load_project
from cxm.render.views.assess import DEFAULT_MODELINE, Authoring, questionnaire_data
from cxm.score.scorecard import score
from cxm.score.shown import one
from cxm.validate.assessment import validate_assessment
from sitebuild import ROOT

sync_api = require_chromium()

DAY = "2026-10-31"  # the browser's today
TODAY = dt.date(2026, 11, 1)  # cxm's today


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_api) as browser:
        yield browser


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serving(demo_site) as url:
        yield url


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the demo repository: mkdocs.yml and the assessments."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "assessments", tmp_path / "assessments")
    return tmp_path


def open_assess(browser, url: str, *, width: int = 1280, scheme: str = "light"):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, accept_downloads=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime.fromisoformat(f"{DAY}T12:00:00"))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    if "/assess/" in url:
        page.wait_for_selector("#cxm-assess[data-team]")
    return context, page, errors


def file_text(page) -> str:
    return page.input_value("#cxm-yaml")


def download(page, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click("#cxm-download")
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def checks(page) -> list[str]:
    return page.eval_on_selector_all("#cxm-checks li", "els => els.map(e => e.textContent)")


def choose(page, area: str, practice: str, value: str) -> None:
    page.check(f"#cxm-lvl-{area}-{practice}-{value}")


def add_action(page, title: str, area: str, practice: str = "", status: str = "planned"):
    page.click("#cxm-add-action")
    i = page.locator(".cxm-action").count() - 1
    page.fill(f"#cxm-action-{i}-title", title)
    page.select_option(f"#cxm-action-{i}-area", area)
    page.select_option(f"#cxm-action-{i}-practice", practice)
    page.select_option(f"#cxm-action-{i}-status", status)


def exported(cxm, project: Path, slug: str) -> dict:
    result = cxm("export", "--format", "json", cwd=project)
    assert result.code == 0, result.err
    records = [r for r in json.loads(result.out)["assessments"] if r["slug"] == slug]
    return max(records, key=lambda r: r["date"])


def test_a_demo_team_filled_in_gives_a_file_cxm_accepts_and_scores_as_the_page(
    browser, site_url, project, cxm, tmp_path
):
    context, page, errors = open_assess(browser, site_url + "/assess/#team=mobile-app")
    assert page.input_value("#cxm-team-select") == "mobile-app"
    assert page.input_value("#cxm-date") == DAY  # today, by default
    choose(page, "technology", "reliability", "4")
    page.fill("#cxm-ev-technology-reliability", "Crash-free sessions back to 99.8% (Crashlytics).")
    choose(page, "sales", "assisted_selling", "2")
    choose(page, "marketing", "advocacy", "na")
    page.fill("#cxm-na-marketing-advocacy", "We sell through banks: no public channel.")
    add_action(page, "Label the v5 card controls", "technology", "accessibility", "in_progress")
    page.select_option("#cxm-action-0-status", "done")  # last time's first action: done
    shown = {
        "overall": page.inner_text("#cxm-overall"),
        "stage": page.inner_text("#cxm-stage"),
        "areas": page.eval_on_selector_all(
            "#cxm-area-scores tbody tr",
            "rows => rows.map(r => [...r.children].map(c => c.textContent))",
        ),
        "steps": page.eval_on_selector_all("#cxm-steps li", "els => els.map(e => e.textContent)"),
    }
    path = download(page, tmp_path)
    assert errors == []
    context.close()

    assert path.name == f"{DAY}.yaml"
    target = project / "assessments" / "mobile-app" / path.name
    shutil.copy(path, target)
    result = cxm("validate", cwd=project)
    assert result.code == 0, result.out + result.err
    data = yaml.safe_load(target.read_text("utf-8"))
    assert data["scores"]["technology"]["reliability"] == {
        "level": 4,
        "evidence": "Crash-free sessions back to 99.8% (Crashlytics).",
    }
    assert data["scores"]["marketing"]["advocacy"] == {
        "not_applicable": "We sell through banks: no public channel."
    }
    assert data["actions"][0]["status"] == "done"
    assert data["actions"][-1] == {
        "title": "Label the v5 card controls",
        "area": "technology",
        "practice": "accessibility",
        "status": "in_progress",
    }
    record = exported(cxm, project, "mobile-app")
    assert record["date"] == DAY
    assert shown["stage"] == f"{record['stage_level']} · {record['stage']}"
    # The numbers as the scorecard shows them: one decimal of the exact score.
    project_now = load_project(load_settings(project / "mkdocs.yml"), today=TODAY)
    card = project_now.scorecards["mobile-app"][-1]
    assert card.assessment.date.isoformat() == DAY
    assert shown["overall"] == one(card.overall)
    rows = [[r.area.name, one(r.score), str(r.target)] for r in card.areas]
    assert [row[:3] for row in shown["areas"]] == rows
    first = [s["step"] for s in record["next_steps"][:5]]
    assert [s.text for s in card.next_steps[:5]] == first
    assert len(shown["steps"]) == len(first) == 5
    for step, text in zip(shown["steps"], first, strict=True):
        assert step.startswith(text + " ")


def demo_teams() -> list[str]:
    return sorted(p.name for p in (ROOT / "assessments").iterdir() if p.is_dir())


def test_a_scorecard_starts_the_teams_next_assessment(browser, site_url):
    context, page, errors = open_assess(browser, site_url + "/teams/risk-and-disputes/")
    page.click("text=Start the next assessment")
    page.wait_for_selector("#cxm-assess[data-team='risk-and-disputes']")
    assert page.input_value("#cxm-team") == "Risk and Disputes"
    page.goto(site_url + "/")
    page.click("text=Start it in the questionnaire")
    # From the overview, in the same tab: the draft of this tab goes on.
    page.wait_for_selector("#cxm-assess[data-team='risk-and-disputes']")
    assert page.url == site_url + "/assess/"
    assert errors == []
    context.close()


def test_every_demo_team_starts_where_cxm_new_starts(browser, site_url, project, cxm):
    context, page, errors = open_assess(browser, site_url + "/assess/")
    for slug in demo_teams():
        page.select_option("#cxm-team-select", slug)
        page.wait_for_selector(f"#cxm-assess[data-team='{slug}']")  # its start, loaded
        assert page.url.endswith(f"/assess/#team={slug}")  # a reload or a link: the same team
        page.fill("#cxm-date", DAY)
        name = page.input_value("#cxm-team")
        result = cxm("new", name, "--date", DAY, cwd=project)
        assert result.code == 0, result.err
        written = (project / "assessments" / slug / f"{DAY}.yaml").read_text("utf-8")
        shown = file_text(page)
        assert yaml.safe_load(shown) == yaml.safe_load(written), slug
        assert shown.splitlines()[:2] == written.splitlines()[:2]  # modeline, where it is from
    assert errors == []
    context.close()


def test_a_new_team_from_scratch(browser, site_url, project, cxm, tmp_path):
    context, page, errors = open_assess(browser, site_url + "/assess/")
    assert page.input_value("#cxm-team-select") == ""
    page.fill("#cxm-team", "Field Service")
    page.fill("#cxm-group", "Operations")
    page.fill("#cxm-assessors", "Ana Silva\nBo Chen")
    page.dispatch_event("#cxm-assessors", "change")
    choose(page, "support", "self_service", "3")
    choose(page, "support", "onboarding", "none")
    page.fill("#cxm-m-nps-value", "12")
    path = download(page, tmp_path)
    assert errors == []
    context.close()

    (project / "assessments" / "field-service").mkdir()
    shutil.copy(path, project / "assessments" / "field-service" / path.name)
    result = cxm("validate", cwd=project)
    assert result.code == 0, result.out
    assert "'support.onboarding' not assessed [incomplete]" in result.out
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["team"] == "Field Service" and data["group"] == "Operations"
    assert data["assessors"] == ["Ana Silva", "Bo Chen"]
    assert data["metrics"] == {"nps": 12}
    assert "onboarding" not in data["scores"]["support"]
    assert exported(cxm, project, "field-service")["date"] == DAY


def test_bad_answers_are_refused_with_the_validators_words(browser, site_url, project, cxm):
    context, page, errors = open_assess(browser, site_url + "/assess/")
    page.fill("#cxm-team", "Field Service")
    assert "error: missing required field 'assessors' [missing-field]" in checks(page)
    assert page.is_disabled("#cxm-download") and page.is_disabled("#cxm-copy")
    assert "cxm validate would refuse this file" in page.inner_text("#cxm-output-status")
    without_assessors = file_text(page)

    page.fill("#cxm-assessors", "Ana Silva\nBo Chen")
    page.dispatch_event("#cxm-assessors", "change")
    page.click("#cxm-p-support-self_service summary")
    page.select_option("#cxm-ratings-support-self_service select[data-rater='Bo Chen']", "4")
    page.fill("#cxm-assessors", "Ana Silva")  # Bo leaves: the rating stays, now refused
    page.dispatch_event("#cxm-assessors", "change")
    message = "rater 'Bo Chen' is not listed in assessors [invalid-value]"
    assert f"error: {message}" in checks(page)
    assert message in page.inner_text("#cxm-problems-support-self_service")
    choose(page, "policies", "service_levels", "5")
    warning = "'policies.service_levels' is at level 5 but has no evidence (required from level 4)"
    assert f"warning: {warning} [missing-evidence]" in checks(page)
    page.fill("#cxm-m-nps-value", "300")
    assert "error: nps value 300 is outside -100..100 [out-of-range]" in checks(page)
    choose(page, "support", "onboarding", "na")
    reason = (
        "'support.onboarding' is not applicable: say why (the reason is shown on the scorecard)"
    )
    assert f"error: {reason} [invalid-value]" in checks(page)
    page.fill("#cxm-m-csat-value", "lots")
    words = "value of 'csat' must be a number from 0 to 100, not the text 'lots'"
    assert f"error: {words} [invalid-value]" in checks(page)
    page.fill("#cxm-date", "2026-12-24")
    assert "error: date 2026-12-24 is in the future [invalid-value]" in checks(page)
    page.fill("#cxm-date", DAY)
    assert page.is_disabled("#cxm-download")
    text = file_text(page)
    assert errors == []
    context.close()

    # cxm says the same of the same files.
    folder = project / "assessments" / "field-service"
    folder.mkdir()
    (folder / "first.yaml").write_text(without_assessors, "utf-8")
    out = cxm("validate", "assessments/field-service/first.yaml", cwd=project).out
    assert "missing required field 'assessors' [missing-field]" in out
    (folder / "first.yaml").unlink()
    (folder / f"{DAY}.yaml").write_text(text, "utf-8")
    out = cxm("validate", cwd=project).out
    assert message in out and warning in out
    assert "nps value 300 is outside -100..100 [out-of-range]" in out
    assert f"{words} [invalid-value]" in out
    assert f"{reason} [invalid-value]" in out


HOSTILE = {
    "team": "Ops: \"Night\" #1 <b>bold</b> 'quoted' — ünïcödé 🚀",
    "group": "R&D: {braces} [brackets] & *stars* | pipe > gt % @ `tick`",
    "assessor": 'O\'Brien, Jr. #2: "the" <script>alert(1)</script>',
    "evidence": 'Line one: value\nLine two # not a comment\n  indented "quoted" \\ back\tslash'
    + "\u2028sep\u0085nel \u202e rtl",
    "summary": "  Leading spaces: kept\n- a list? no: text\n\n'quotes' and \"doubles\"",
    "title": "Fix <img src=x onerror=alert(1)> ? : - yes, no, ~, null, 1e3",
    "reason": "No: partners — never; see #12",
}


def test_hostile_text_round_trips_as_text(browser, site_url, project, cxm, tmp_path):
    context, page, errors = open_assess(browser, site_url + "/assess/")
    page.fill("#cxm-team", HOSTILE["team"])
    page.fill("#cxm-group", HOSTILE["group"])
    page.fill("#cxm-assessors", HOSTILE["assessor"])
    page.dispatch_event("#cxm-assessors", "change")
    page.fill("#cxm-summary", HOSTILE["summary"])
    choose(page, "support", "self_service", "4")
    page.fill("#cxm-ev-support-self_service", HOSTILE["evidence"])
    page.click("#cxm-p-support-self_service summary")
    page.fill("#cxm-notes-support-self_service", HOSTILE["title"])
    add_action(page, HOSTILE["title"], "support", "self_service")
    page.fill("#cxm-action-0-owner", HOSTILE["assessor"])
    # Shown as text: no element made from the input.
    assert page.locator("#cxm-assess img, #cxm-assess script, #cxm-assess b").count() == 0
    path = download(page, tmp_path)
    assert errors == []
    context.close()

    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["team"] == HOSTILE["team"]
    assert data["group"] == HOSTILE["group"]
    assert data["assessors"] == [HOSTILE["assessor"]]
    assert data["summary"] == HOSTILE["summary"].rstrip() + "\n"
    assert data["scores"]["support"]["self_service"] == {
        "level": 4,
        "evidence": HOSTILE["evidence"],
        "notes": HOSTILE["title"],
    }
    assert data["actions"] == [
        {
            "title": HOSTILE["title"],
            "area": "support",
            "practice": "self_service",
            "owner": HOSTILE["assessor"],
            "status": "planned",
        }
    ]
    folder = project / "assessments" / "ops"
    folder.mkdir()
    shutil.copy(path, folder / path.name)
    result = cxm("validate", cwd=project)
    assert result.code == 0, result.out


def test_propose_opens_the_hosts_new_file_page_with_the_file(browser, site_url):
    context, page, errors = open_assess(browser, site_url + "/assess/#team=payments-platform")
    page.fill("#cxm-date", DAY)
    text = file_text(page)
    # No internet here: the host's page is stood in for.
    context.route("https://github.com/**", lambda route: route.fulfill(body="new file"))
    with context.expect_page() as opened:
        page.click("#cxm-propose")
    host = opened.value
    host.wait_for_url("https://github.com/**")  # a new tab starts blank, then navigates
    url = urllib.parse.urlsplit(host.url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == (
        "https://github.com/harbourline/cx-maturity/new/main"
    )
    query = urllib.parse.parse_qs(url.query)
    assert query["filename"] == [f"assessments/payments-platform/{DAY}.yaml"]
    # A demo file with its question comments is too long for a link: the same values go.
    sent = query["value"][0]
    assert yaml.safe_load(sent) == yaml.safe_load(text)
    assert sent.startswith(DEFAULT_MODELINE + "\n") and len(sent) < len(text)
    assert "without its comments" in page.inner_text("#cxm-output-status")

    # Too long even so: copied instead, and the page says so.
    page.fill("#cxm-ev-support-self_service", "x" * 9000)
    pages = len(context.pages)
    page.click("#cxm-propose")
    status = sync_api.expect(page.locator("#cxm-output-status"))
    status.to_contain_text("too long to send in a link: it is copied instead")
    assert page.evaluate("() => navigator.clipboard.readText()") == file_text(page)
    assert len(context.pages) == pages
    assert errors == []
    context.close()


def test_the_questionnaire_is_answered_with_the_keyboard(browser, site_url):
    context, page, errors = open_assess(browser, site_url + "/assess/#team=mobile-app")
    marketing = "#cxm-area-scores tbody tr:first-child td:first-of-type"
    before = page.inner_text(marketing)
    level = int(page.input_value("input[name='cxm-lvl-marketing-product_promise']:checked"))
    assert level < 5
    # Last time's level is the radio group's stop in the tab order.
    page.focus("#cxm-target-marketing")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == f"cxm-lvl-marketing-product_promise-{level}"
    page.keyboard.press("ArrowDown")  # the radio group: the next level
    assert page.is_checked(f"#cxm-lvl-marketing-product_promise-{level + 1}")
    assert page.inner_text(marketing) != before  # the result follows
    # Every control is named by its label, and each practice is a group named by its legend.
    unnamed = page.eval_on_selector_all(
        "#cxm-assess input, #cxm-assess select, #cxm-assess textarea",
        "els => els.filter(e => !e.labels || !e.labels.length).map(e => e.id)",
    )
    assert unnamed == []
    legend = page.inner_text("#cxm-p-marketing-product_promise > legend")
    assert legend == "Product promise"
    assert errors == []
    context.close()


def test_the_page_works_from_disk_and_keeps_the_draft_in_the_tab_only(browser, demo_site):
    url = (demo_site / "assess" / "index.html").as_uri() + "#team=merchant-support"
    context, page, errors = open_assess(browser, url)
    assert page.input_value("#cxm-team") == "Merchant Support"
    choose(page, "sales", "assisted_selling", "5")
    page.reload()
    page.wait_for_selector("#cxm-yaml")
    assert page.is_checked("#cxm-lvl-sales-assisted_selling-5")  # the tab's draft
    # In the tab's session storage only: nothing of it in the browser's lasting storage.
    assert "cxm-assess-draft" in page.evaluate("() => Object.keys(sessionStorage)")
    assert "Merchant Support" not in page.evaluate("() => JSON.stringify(localStorage)")
    assert "Nothing leaves this page" in page.inner_text("article")
    assert errors == []
    context.close()
    context, page, _ = open_assess(browser, url)  # another tab: a fresh start
    assert not page.is_checked("#cxm-lvl-sales-assisted_selling-5")
    context.close()


@pytest.mark.parametrize(("width", "scheme"), [(1440, "light"), (390, "dark")])
def test_screenshots_at_desktop_and_phone_width(browser, site_url, width, scheme):
    context, page, errors = open_assess(
        browser, site_url + "/assess/#team=mobile-app", width=width, scheme=scheme
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    screenshot(page, f"assess-{width}-{scheme}", full_page=False)
    assert errors == []
    context.close()


# -- scoring: the page's own function against cxm's, on random assessments ----------------

# The tiny framework with weights that are not whole numbers: exact arithmetic or bust.
WEIGHTED = (
    FRAMEWORK.replace("    weight: 2\n", "    weight: 0.1\n", 1)
    .replace("        weight: 2\n", "        weight: 0.7\n", 1)
    .replace("  - id: marketing\n", "  - id: marketing\n    weight: 2.5\n", 1)
)


def random_assessment(fw, rng: random.Random) -> dict:
    low, high = fw.scale
    centre = rng.randint(low, high)  # teams at every stage, not all in the middle

    def level() -> int:
        return min(high, max(low, centre + rng.randint(-1, 1)))

    people = ["Ana", "Bo", "Cy"][: rng.randint(1, 3)]
    scores: dict = {}
    for area in fw.areas:
        if rng.random() < 0.1:
            continue  # area not assessed
        given = scores[area.id] = {}
        all_na = rng.random() < 0.05  # an area that does not apply at all
        for practice in area.practices:
            kind = rng.random()
            if kind < 0.1 and not all_na:
                continue
            if all_na or kind < 0.2:
                given[practice.id] = {"not_applicable": "Not for us."}
                continue
            entry: dict = {}
            if kind < 0.6:
                entry["level"] = level()
            if kind >= 0.45:
                entry["ratings"] = {p: level() for p in people}
            if rng.random() < 0.3:
                entry["target"] = rng.randint(low, high)
            entry["evidence"] = "seen"
            given[practice.id] = entry
    targets = {a.id: rng.randint(low, high) for a in fw.areas if rng.random() < 0.4}
    return {
        "team": "Random",
        "date": "2026-10-01",
        "assessors": people,
        "targets": targets,
        "scores": scores,
    }


def cxm_scores(fw, data: dict) -> dict:
    doc, diags = load_text(yaml.safe_dump(data), "random.yaml")
    assert doc is not None, diags
    loaded, diags = validate_assessment(doc, fw, TODAY)
    assert loaded is not None, diags
    card = score(loaded, fw)

    def f(x):
        return None if x is None else [str(x.numerator), str(x.denominator)]

    return {
        "overall": f(card.overall),
        "stage": card.stage_level,
        "areas": [[r.area.id, f(r.score), r.target, f(r.gap)] for r in card.areas],
        "steps": [
            [s.area.id, s.practice.id, s.level, s.target, f(Fraction(s.priority)), s.text]
            for s in card.next_steps
        ],
    }


@pytest.mark.parametrize("which", ["demo", "weighted"])
def test_the_page_scores_200_random_assessments_exactly_as_cxm(browser, site_url, which):
    if which == "demo":
        fw = framework_from(BUILTIN_FRAMEWORK.read_text("utf-8"))
    else:
        fw = framework_from(WEIGHTED)
    context, page, errors = open_assess(browser, site_url + "/assess/")
    if which == "weighted":  # the page's data for another framework, as cxm would write it
        data = questionnaire_data(fw, [], Authoring("assessments", DEFAULT_MODELINE))
        page.evaluate("d => { window.CXM_ASSESS = d; }", data)
        page.add_script_tag(path=str(ROOT / "site_templates" / "assets" / "assess.js"))
    rng = random.Random(13)
    cases = [random_assessment(fw, rng) for _ in range(200)]
    expected = [cxm_scores(fw, case) for case in cases]
    got = page.evaluate("cases => cases.map(c => window.cxmAssess.score(c))", cases)
    assert errors == []
    context.close()
    for case, want, have in zip(cases, expected, got, strict=True):
        assert have == want, yaml.safe_dump(case)
    # The cases reach what matters: fractions, every stage, areas not applicable.
    assert len({w["stage"] for w in expected}) >= 3
    assert any(w["overall"] and w["overall"][1] != "1" for w in expected)
    assert any(
        all("not_applicable" in e for e in given.values())
        for case in cases
        for given in case["scores"].values()
    )
