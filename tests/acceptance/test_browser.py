"""The built demo site in a real browser: Debian's Chromium, headless, driven by Playwright.

Without Chromium these tests skip with the reason, except in CI (CI=true), where a missing
browser fails the run. Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import re

import pytest
from browsing import AXE, chromium, open_page, require_chromium, screenshot, serving
from sitebuild import EPOCH, ROOT, run_cxm

sync_api = require_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    site = tmp_path_factory.mktemp("browser") / "site"
    code, _, err = run_cxm(["build", "--site-dir", str(site)], ROOT)
    assert code == 0, err
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def synthetic_server(synthetic_site):
    """The synthetic organization of 48 teams in three groups (conftest.synthetic_site)."""
    with serving(synthetic_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_api) as browser:
        yield browser


def chart_widths(page) -> list[int]:
    return page.eval_on_selector_all(
        "img.cxm-chart", "els => els.map(e => { e.scrollIntoView(); return e.naturalWidth; })"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_overview_loads_its_charts_without_errors(browser, server, scheme):
    context, page, errors = open_page(browser, server + "/", scheme)
    assert "9" in page.inner_text(".cxm-kpis")
    widths = chart_widths(page)
    assert widths and all(w > 0 for w in widths), widths
    screenshot(page, f"overview-{scheme}")
    assert errors == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_team_page_shows_scorecard_and_charts(browser, server, scheme):
    context, page, errors = open_page(browser, server + "/teams/mobile-app/", scheme)
    assert page.inner_text("h1").rstrip("¶") == "Mobile App"
    assert "1 · Reacting" in page.inner_text(".cxm-hero")  # Mobile App fell below stage 2
    widths = chart_widths(page)
    assert len(widths) >= 2 and all(w > 0 for w in widths), widths
    # The history's content tab switches from the chart to the same numbers as a table.
    page.locator(".tabbed-labels label", has_text="Numbers").last.click()
    assert page.locator("td", has_text="2026-09-11").last.is_visible()
    screenshot(page, f"team-{scheme}")
    assert errors == []
    context.close()


def test_search_finds_a_team_by_name(browser, server):
    context, page, errors = open_page(browser, server + "/")
    assert errors == []
    page.click("input.md-search__input")
    page.keyboard.type("Merchant Support")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    results = page.inner_text(".md-search-result")
    assert "Merchant Support" in results
    context.close()


# -- a larger organization: a team two clicks away, a navigation that does not list them all -

_TEAM_HREF = r"/teams/[a-z0-9-]+/$"


def _team_links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector + " a[href]", "els => els.map(e => e.href)")
    return [h for h in hrefs if re.search(_TEAM_HREF, h)]


def test_a_reader_reaches_a_team_from_the_overview_in_two_clicks(browser, synthetic_server):
    context, page, errors = open_page(browser, synthetic_server + "/")
    page.locator(".md-tabs__link", has_text="Teams").click()  # 1: the Teams tab
    page.wait_for_load_state("networkidle")
    team = page.locator("article td:first-child a").first
    name = team.inner_text()
    team.click()  # 2: a team in the list
    page.wait_for_load_state("networkidle")
    assert page.inner_text("article h1").rstrip("¶") == name
    assert errors == []
    context.close()


def test_a_reader_reaches_a_team_from_its_group_page_and_sees_the_group_open(
    browser, synthetic_server
):
    context, page, errors = open_page(browser, synthetic_server + "/teams/")
    page.locator(".md-nav--primary .md-nav__link", has_text="Payments").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/groups/payments/")
    team = page.locator("article td:first-child a").first
    name = team.inner_text()
    team.click()
    page.wait_for_load_state("networkidle")
    assert page.inner_text("article h1").rstrip("¶") == name
    # The sidebar has the team's group open and lists no team: it is as long at 5,000 teams.
    active = page.locator(".md-nav--primary .md-nav__item--active > .md-nav__container")
    assert "Payments" in active.last.inner_text()
    assert _team_links(page, ".md-nav--primary") == []
    screenshot(page, "synthetic-team")
    assert errors == []
    context.close()


def test_search_finds_a_team_of_a_larger_organization(browser, synthetic_server, synthetic_site):
    slug = sorted(p.name for p in (synthetic_site / "teams").iterdir() if p.is_dir())[0]
    name = slug.replace("-", " ").title()  # the synthetic names are plain words
    context, page, errors = open_page(browser, synthetic_server + "/")
    page.click("input.md-search__input")
    page.keyboard.type(name)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    first = page.locator(".md-search-result__item").first.inner_text()
    assert name in first
    assert errors == []
    context.close()


def test_dark_mode_toggle_switches_the_palette(browser, server):
    context, page, errors = open_page(browser, server + "/teams/mobile-app/", "light")
    scheme = page.get_attribute("body", "data-md-color-scheme")
    assert scheme == "default"
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    screenshot(page, "team-toggled-dark")
    assert errors == []
    context.close()


# -- every page kind, as a reader on a phone, in print and with assistive technology --------

PAGE_KINDS = {
    "overview": "/",
    "teams": "/teams/",
    "team": "/teams/payments-platform/",
    "areas": "/areas/",
    "area": "/areas/support/",
    "group": "/groups/core-platform/",
    "framework": "/framework/",
    "downloads": "/downloads/",
    "assess": "/assess/",
}


def open_phone(browser, url: str, scheme: str = "light"):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, color_scheme=scheme, device_scale_factor=1
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_page_scrolls_sideways_on_a_phone(browser, server, kind):
    context, page = open_phone(browser, server + PAGE_KINDS[kind])
    width = page.evaluate("() => document.documentElement.scrollWidth")
    screenshot(page, f"phone-{kind}")
    context.close()
    assert width <= 390, f"{kind} is {width} px wide on a 390 px phone"


def _pdf_pages(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_a_team_scorecard_prints_on_two_a4_pages_with_its_name_and_first_step(browser, server):
    context, page, errors = open_page(browser, server + PAGE_KINDS["team"])
    assert errors == []
    first_step = page.locator("#recommended-next-steps ~ ol > li").first.inner_text()
    page.emulate_media(media="print")
    assert page.locator("h1").first.is_visible()
    assert page.locator("#recommended-next-steps ~ ol > li").first.is_visible()
    assert "Payments Platform" in page.inner_text("h1")
    assert first_step.startswith("Adopt WCAG 2.2 AA as the standard")
    # Evidence and history are for the screen: they stay off the paper.
    assert not page.locator("#evidence-and-ratings").is_visible()
    pdf = page.pdf(format="A4")
    context.close()
    assert 1 <= _pdf_pages(pdf) <= 2


def test_the_overview_prints_on_at_most_three_a4_pages(browser, server):
    context, page, errors = open_page(browser, server + PAGE_KINDS["overview"])
    assert errors == []
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    context.close()
    assert 1 <= _pdf_pages(pdf) <= 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_serious_accessibility_violation_in_the_content(browser, server, kind, scheme):
    if not AXE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but axe-core is not installed (npm ci)", pytrace=False)
        pytest.skip("axe-core is not installed (npm ci)")
    context, page, _ = open_page(browser, server + PAGE_KINDS[kind], scheme)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document.querySelector('.md-content'), {
                resultTypes: ['violations'],
            });
            return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.length} x ` +
                          v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }"""
    )
    context.close()
    assert not violations, "\n".join(violations)


# -- charts as a reader sees them: text size on a phone and a desktop, the palette ----------

CHART_PAGES = ["overview", "team", "area", "group"]
_VISIBLE_CHARTS = """els => els.filter(e => e.offsetParent !== null).map(e => {
    e.scrollIntoView(); return [e.getAttribute('src'), e.getBoundingClientRect().width]; })"""


def _smallest_text_and_width(page, src: str) -> tuple[float, float]:
    import re

    svg = page.request.get(page.url.split("#")[0].rsplit("/", 1)[0] + "/" + src).text()
    # font-size, or the font shorthand older matplotlib (3.8) writes
    sizes = [float(s) for s in re.findall(r"font(?:-size)?:[^;\"]*?([\d.]+)px", svg)]
    view = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg).group(1))
    return min(sizes), view


@pytest.mark.parametrize(("width", "least"), [(390, 9), (1440, 11)])
@pytest.mark.parametrize("kind", CHART_PAGES)
def test_every_chart_text_reads_at_9px_on_a_phone_and_11px_on_a_desktop(
    browser, server, kind, width, least
):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    page.goto(server + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    charts = page.eval_on_selector_all("img.cxm-chart", _VISIBLE_CHARTS)
    assert charts, kind
    for src, shown in charts:
        font, view = _smallest_text_and_width(page, src.split("#")[0])
        assert font * shown / view >= least, f"{src}: {font * shown / view:.1f} px at {width} px"
    context.close()


@pytest.mark.parametrize("kind", CHART_PAGES)
def test_in_the_dark_palette_the_visible_charts_are_the_dark_ones(browser, server, kind):
    context, page, _ = open_page(browser, server + PAGE_KINDS[kind], "dark")
    visible = page.eval_on_selector_all("img.cxm-chart", _VISIBLE_CHARTS)
    context.close()
    assert visible and all(src.endswith("#only-dark") for src, _ in visible), visible
    context, page, _ = open_page(browser, server + PAGE_KINDS[kind], "light")
    visible = page.eval_on_selector_all("img.cxm-chart", _VISIBLE_CHARTS)
    context.close()
    assert visible and all(src.endswith("#only-light") for src, _ in visible), visible


# -- layout a reader notices: blank bands, keys, tables on a phone, the palette toggle -------


def _image(png: bytes):
    import io

    from PIL import Image  # matplotlib's own dependency

    return Image.open(io.BytesIO(png)).convert("RGB")


def _blank_rows_on_top(png: bytes) -> int:
    """Rows at the top of a screenshot that are one colour (the page behind the chart)."""
    image = _image(png)
    width, height = image.size
    background = image.getpixel((0, 0))
    for y in range(height):
        if any(image.getpixel((x, y)) != background for x in range(width)):
            return y
    return height


def test_the_radar_chart_has_no_blank_band_above_its_top_label(browser, server):
    context, page, errors = open_page(browser, server + PAGE_KINDS["team"])
    radar = page.locator("img.cxm-chart[src*='radar']:visible")
    radar.scroll_into_view_if_needed()
    blank = _blank_rows_on_top(radar.screenshot())
    context.close()
    assert errors == []
    assert blank <= 24, f"{blank} px blank above the radar's first label"


def _near(image, colour: str, tolerance: int = 3) -> int:
    """How many pixels of *image* are *colour* (#rrggbb), give or take *tolerance* a channel."""
    want = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        count
        for count, pixel in image.getcolors(1 << 24)
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, want, strict=True))
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_palette_toggle_switches_the_charts_too(browser, server, scheme):
    # The reader's choice in the header, not only the system setting: the charts follow it.
    from cxm.charts.style import DARK, TEXT

    context, page, errors = open_page(browser, server + PAGE_KINDS["team"], scheme)
    seen = {}
    for step in ("before", "after"):
        chart = page.locator("img.cxm-chart[src*='radar']:visible")
        chart.scroll_into_view_if_needed()
        seen[step] = (chart.get_attribute("src"), _image(chart.screenshot()))
        if step == "before":
            page.click("label.md-header__button[for^='__palette']:visible")
            want = "slate" if scheme == "light" else "default"
            page.wait_for_function(f"document.body.dataset.mdColorScheme === '{want}'")
            page.wait_for_load_state("networkidle")
    context.close()
    assert errors == []
    order = ("before", "after") if scheme == "light" else ("after", "before")
    light_src, light = seen[order[0]]
    dark_src, dark = seen[order[1]]
    assert light_src.endswith("#only-light") and dark_src.endswith("#only-dark")
    # The area names: dark ink on the light page, light ink on the dark one, never both. A
    # name in the other ink is hundreds of pixels; a few pixels of the light grid's
    # anti-aliasing come within a shade of the dark palette's ink, and are no text.
    assert _near(light, TEXT) > 200 and _near(light, DARK[TEXT]) < 20
    assert _near(dark, DARK[TEXT]) > 200 and _near(dark, TEXT) < 20


def test_a_groups_teams_reflow_on_a_phone_with_every_figure_named(browser, server):
    context, page = open_phone(browser, server + PAGE_KINDS["group"])
    table = page.locator(".cxm-roster table")
    # Nothing scrolls inside the table's frame: it fits the phone.
    fits = table.evaluate(
        "t => { const w = t.closest('.md-typeset__scrollwrap') || t; "
        "return [w.scrollWidth, w.clientWidth, t.getBoundingClientRect().right]; }"
    )
    rows = table.locator("tbody tr")
    first = rows.first
    labels = first.locator("td").evaluate_all(
        "tds => tds.map(td => getComputedStyle(td, '::before').content)"
    )
    team, stage = first.locator("td").nth(0), first.locator("td").nth(1)
    same_line = abs(team.bounding_box()["y"] - stage.bounding_box()["y"]) < 12
    text = first.inner_text()
    screenshot(page, "phone-group-teams")
    context.close()
    scroll_width, client_width, right = fits
    assert scroll_width <= client_width and right <= 390, fits
    assert labels[2:] == ['"Overall "', '"Change "', '"Assessed "', '"Overdue actions "']
    assert same_line and "Billing and Invoicing" in text and "2026-09-25" in text
