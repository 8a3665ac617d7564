"""The second engine: `cxm generate --engine zensical`, then a real `zensical build`.

The built site gets the checks of the MkDocs site: every generated page is there as HTML and
shows no Markdown or HTML source, every chart is in the site and shown, team names, stages and
scores are visible, the style sheet is linked and the navigation has the plugin's order.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from rendered import built_pages, markup_problems
from sitebuild import EPOCH, HOSTILE, ROOT, copy_project, run_cxm, visible_text

pytest.importorskip("zensical", reason="zensical is not installed")

ARTIFACTS = ROOT / "test-artifacts"


def zensical_build(project: Path, out: Path) -> Path:
    """`cxm generate --engine zensical -o out`, then `zensical build --strict`: the site."""
    code, _, err = run_cxm(["generate", "--engine", "zensical", "-o", str(out)], project)
    assert code == 0, err
    assert f"build it with: zensical build -f {out / 'zensical.toml'}" in err
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(out / "zensical.toml")],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "site"


_BUILT: dict[str, tuple[Path, Path, Path]] = {}


def _built(which: str, factory) -> tuple[Path, Path, Path]:
    """(project, plain `cxm generate` output, Zensical site) of the demo or the hostile one."""
    if which not in _BUILT:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
            tmp = factory.mktemp(f"zensical-{which}")
            project = ROOT if which == "demo" else copy_project(HOSTILE, tmp / "project")
            plain = tmp / "plain"
            code, _, err = run_cxm(["generate", "-o", str(plain)], project)
            assert code == 0, err
            _BUILT[which] = (project, plain, zensical_build(project, tmp / "zensical"))
    return _BUILT[which]


@pytest.fixture(params=["demo", "hostile"])
def built(request, tmp_path_factory) -> tuple[Path, Path, Path]:
    return _built(request.param, tmp_path_factory)


@pytest.fixture
def demo(tmp_path_factory) -> tuple[Path, Path, Path]:
    return _built("demo", tmp_path_factory)


@pytest.fixture
def hostile_built(tmp_path_factory) -> tuple[Path, Path, Path]:
    return _built("hostile", tmp_path_factory)


def test_every_generated_page_and_hand_written_page_is_built(built):
    project, plain, site = built
    pages = built_pages(plain, site)  # fails on a page missing from the site
    assert len(pages) > 5
    for md in (project / "docs").rglob("*.md"):
        rel = md.relative_to(project / "docs").with_suffix("").as_posix()
        rel = rel[: -len("index")] if rel.endswith("index") else rel + "/"
        assert (site / rel / "index.html").is_file(), rel
    for download in ("scores.json", "scores.csv"):
        assert (site / download).read_bytes() == (plain / download).read_bytes()


def test_no_page_shows_markdown_or_html_source(built):
    project, plain, site = built
    problems = markup_problems(project, built_pages(plain, site))
    assert not problems, "\n".join(problems)


def _images(page: str) -> list[str]:
    return re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', page)


def test_every_chart_is_in_the_site_and_shown(built):
    _, plain, site = built
    charts = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("charts/*.svg"))
    assert charts
    shown = set()
    for source, page in built_pages(plain, site).items():
        url = posixpath.dirname(_url(source))
        for src in _images(page):
            target = posixpath.normpath(posixpath.join(url, src.split("#")[0]))
            assert (site / target).is_file(), (source, src)
            shown.add(target)
    for chart in charts:
        assert (site / chart).read_bytes() == (plain / chart).read_bytes()
        assert chart in shown, f"{chart} is on no page"


def _url(source: str) -> str:
    """The folder URL of a page's index.html: teams/x.md -> teams/x/index.html."""
    stem = source[: -len(".md")]
    return (stem[: -len("index")] if stem.endswith("index") else stem + "/") + "index.html"


def test_team_pages_show_names_stages_and_scores(built):
    _, plain, site = built
    data = json.loads((plain / "scores.json").read_text("utf-8"))
    latest = {r["slug"]: r for r in data["assessments"]}  # sorted by date: the last wins
    assert latest
    for slug, record in latest.items():
        text = visible_text((site / f"teams/{slug}/index.html").read_text("utf-8"))
        assert record["team"] in text, slug
        assert record["stage"] in text, slug
        assert f"{record['overall']:.1f}" in text, slug
        for area in record["areas"].values():
            assert f"{area['score']:.1f}" in text, slug


def test_the_style_sheet_is_linked_from_every_page(built):
    _, plain, site = built
    css = (plain / "assets/cxm/cxm.css").read_bytes()
    assert (site / "assets/cxm/cxm.css").read_bytes() == css
    for source, page in built_pages(plain, site).items():
        links = re.findall(r'<link\b[^>]*href="([^"]*assets/cxm/cxm\.css)"', page)
        assert links, source
        url = posixpath.dirname(_url(source))
        assert posixpath.normpath(posixpath.join(url, links[0])) == "assets/cxm/cxm.css"


def _tabs(page: str) -> list[tuple[str, str]]:
    """The navigation tabs of a page: (folder, title)."""
    found = re.findall(
        r'<a href="([^"]*)"[^>]*class="md-tabs__link[^"]*"[^>]*>(.*?)</a>', page, re.S
    )
    return [(href.strip("./"), visible_text(title)) for href, title in found]


def test_navigation_has_the_order_of_the_mkdocs_site(demo, demo_site):
    _, _, site = demo
    tabs = _tabs((site / "index.html").read_text("utf-8"))
    assert [folder for folder, _ in tabs] == [
        "",
        "teams",
        "areas",
        "framework",
        "downloads",
        "assess",
        "guides",
        "reference",
    ]
    assert tabs == _tabs((demo_site / "index.html").read_text("utf-8"))
    records = json.loads((site / "scores.json").read_text())["assessments"]
    groups = {r["group"] or "Ungrouped" for r in records}
    sidebar = visible_text((site / "teams/index.html").read_text("utf-8"))
    assert all(group in sidebar for group in groups)


def test_no_markup_from_yaml_reaches_any_page(hostile_built):
    # Zensical prints titles as they are, and its <title> through `striptags`, which unescapes:
    # the names typed in the hostile files must stay text everywhere.
    _, _, site = hostile_built
    for path in site.rglob("*.html"):
        page = path.read_text("utf-8")
        assert "<script>alert" not in page, path
        assert "<img src=x" not in page, path
        assert "<iframe" not in page, path
        assert not re.search(r'href="\s*javascript:', page, re.I), path
    team = next(p for p in (site / "teams").iterdir() if p.name.startswith("script"))
    page = (team / "index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert visible_text(title).startswith("<script>alert('x')</script> {{ 7*7 }}")


def test_generating_again_replaces_the_project_and_drops_removed_teams(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    out = tmp_path / "z"
    code, _, err = run_cxm(["generate", "--engine", "zensical", "-o", str(out)], project)
    assert code == 0, err
    (slug,) = [p.stem for p in (out / "docs/teams").glob("*.md") if p.stem.startswith("equipe")]
    for path in (project / "assessments").rglob("*.yaml"):
        if "Zürich" in path.read_text("utf-8"):
            path.unlink()
    code, _, err = run_cxm(["generate", "--engine", "zensical", "-o", str(out)], project)
    assert code == 0, err
    assert not (out / f"docs/teams/{slug}.md").exists()
    assert slug not in (out / "zensical.toml").read_text("utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith(".cxm-")]


def test_a_zensical_toml_that_cxm_did_not_write_is_never_replaced(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    out = tmp_path / "z"
    out.mkdir()
    (out / "zensical.toml").write_text('[project]\nsite_name = "Mine"\n', encoding="utf-8")
    code, _, err = run_cxm(["generate", "--engine", "zensical", "-o", str(out)], project)
    assert code == 2
    assert f"refusing to replace {out / 'zensical.toml'}: cxm did not write it" in err
    assert (out / "zensical.toml").read_text("utf-8") == '[project]\nsite_name = "Mine"\n'
    assert sorted(p.name for p in out.iterdir()) == ["zensical.toml"]


def test_a_docs_folder_without_cxms_config_is_never_replaced(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    out = tmp_path / "z"
    (out / "docs").mkdir(parents=True)
    (out / "docs/notes.md").write_text("# Mine\n", encoding="utf-8")
    code, _, err = run_cxm(["generate", "--engine", "zensical", "-o", str(out)], project)
    assert code == 2
    assert "cxm did not write it (no zensical.toml beside it)" in err
    assert (out / "docs/notes.md").read_text("utf-8") == "# Mine\n"


def test_a_hand_written_page_wins_over_the_generated_one_with_a_warning(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    (project / "docs/framework.md").write_text("# Our own rubric page\n", encoding="utf-8")
    out = tmp_path / "z"
    code, _, err = run_cxm(["generate", "--engine", "zensical", "-o", str(out)], project)
    assert code == 0, err
    assert "warning: docs/framework.md is written by hand; it replaces the generated page" in err
    assert (out / "docs/framework.md").read_text("utf-8") == "# Our own rubric page\n"


# -- in a real browser (Debian's Chromium), as tests/acceptance/test_browser.py runs it --------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def served(demo):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Debian's chromium is not installed", pytrace=False)
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    handler = functools.partial(_Quiet, directory=str(demo[2]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser, f"http://127.0.0.1:{httpd.server_address[1]}"
        browser.close()
    httpd.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_team_page_reads_on_a_desktop_and_a_phone_in_both_palettes(served, width, scheme):
    browser, url = served
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url + "/teams/payments-platform/")
    page.wait_for_load_state("networkidle")
    visible = page.eval_on_selector_all(
        "img.cxm-chart",
        "els => els.filter(e => e.getClientRects().length && getComputedStyle(e).display !== "
        "'none').map(e => [e.getAttribute('src'), e.naturalWidth])",
    )
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"zensical-team-{width}-{scheme}.png"), full_page=True)
    context.close()
    assert visible, "no chart shown"
    assert all(src.endswith(f"#only-{scheme}") and w > 0 for src, w in visible), visible
    assert scroll <= width, f"{scroll} px wide at {width} px"
