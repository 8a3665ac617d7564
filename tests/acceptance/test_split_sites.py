"""The demo split in two sites and an index, exactly as docs/guides/large-organizations.md
writes it: its files written into a copy of the demo, its commands run by `sh`; the joined
folder has every team once, and every link of every page leads to a file that is there."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from sitebuild import EPOCH, ROOT, visible_text

GUIDE = (ROOT / "docs" / "guides" / "large-organizations.md").read_text("utf-8")
BLOCKS = re.findall(r'^```\w+ title="([^"]+)"\n(.*?)^```$', GUIDE, re.M | re.S)


@pytest.fixture(scope="module")
def joined(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("split") / "demo"
    project.mkdir()
    shutil.copytree(ROOT / "assessments", project / "assessments")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    script = None
    for title, text in BLOCKS:
        if title == "build the three sites":
            script = text
        elif not title.startswith(".github/"):
            (project / title).parent.mkdir(parents=True, exist_ok=True)
            (project / title).write_text(text, encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env["PATH"]
    done = subprocess.run(
        ["sh", "-ec", script], cwd=project, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "WARNING" not in done.stderr, done.stderr
    return project / "public"


def demo_teams() -> dict[str, str]:
    """Team slug -> group, from the demo's latest assessments."""
    teams = {}
    for folder in sorted((ROOT / "assessments").iterdir()):
        latest = yaml.safe_load(sorted(folder.glob("*.yaml"))[-1].read_text("utf-8"))
        teams[folder.name] = latest.get("group") or "Ungrouped"
    return teams


def test_each_team_is_in_the_site_of_its_group_and_in_no_other(joined):
    halves = {
        "core": {"Core Platform", "Customer Operations"},
        "digital": {"Digital Channels", "Ungrouped"},
    }
    for half, groups in halves.items():
        built = {p.parent.name for p in (joined / half / "teams").glob("*/index.html")}
        assert built == {slug for slug, group in demo_teams().items() if group in groups}, half
        overview = visible_text((joined / half / "index.html").read_text("utf-8"))
        assert f"{len(built)} teams assessed" in overview
    assert not (joined / "teams").exists()  # the index site has no scorecards


def test_the_index_links_to_each_group_site_and_each_group_site_back_to_it(joined):
    index = (joined / "index.html").read_text("utf-8")
    assert 'href="core/"' in index and 'href="digital/"' in index
    for page in ("core/index.html", "digital/teams/mobile-app/index.html"):
        html = (joined / page).read_text("utf-8")
        [back] = set(re.findall(r'<a href="([^"]+)" class="md-nav__link">\s*<span[^>]*>\s*'
                                r'All groups', html))  # fmt: skip
        assert (joined / page).parent.joinpath(back, "index.html").resolve() == (
            joined / "index.html"
        ).resolve()


SITE_PATH = "/cx-maturity/"  # the path of every site_url in the guide


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and tag in ("a", "img", "link", "script"):
                self.links.append(value)


def test_every_link_of_every_page_of_the_joined_site_leads_to_a_file_there(joined):
    broken = []
    pages = sorted(joined.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, or a place in this page
            path = unquote(parts.path)
            if path.startswith(SITE_PATH):  # absolute (404 pages): below the sites' address
                target = (joined / path.removeprefix(SITE_PATH)).resolve()
            else:
                target = (page.parent / path).resolve()
            if link.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file() or joined.resolve() not in target.parents:
                broken.append(f"{page.relative_to(joined)}: {link}")
    assert broken == []
