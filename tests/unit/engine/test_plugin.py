"""The MkDocs plugin `cx-maturity` (cxm.engine.plugin): its options, and the navigation it
gives MkDocs, run through MkDocs' own config loading and plugin events on a small repository."""

from __future__ import annotations

import io
import itertools
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from conftest import ASSESSMENT, Repo, make_repo
from cxm.config import load_settings
from cxm.engine.plugin import CxMaturityPlugin
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import Navigation, Section, get_navigation


def test_plugin_options_default_to_the_values_cli_md_documents():
    plugin = CxMaturityPlugin()
    errors, warnings = plugin.load_config({})
    assert (errors, warnings) == ([], [])
    assert dict(plugin.config) == {
        "assessments": "assessments",
        "framework": None,
        "templates": None,
        "stale_after_days": 365,
        "strict": False,
        "cache_dir": ".cache/cxm",
        "groups": None,  # added since CLI.md: every team (docs/reference/configuration.md)
    }


@pytest.mark.parametrize(
    ("options", "name", "expected"),
    [
        ({"stale_after_days": "soon"}, "stale_after_days", "int"),
        ({"strict": "yes"}, "strict", "bool"),
        ({"assessments": 3}, "assessments", "str"),
    ],
)
def test_an_option_of_the_wrong_type_is_a_config_error_naming_it(options, name, expected):
    errors, _ = CxMaturityPlugin().load_config(options)
    received = type(options[name]).__name__
    assert [(key, str(error)) for key, error in errors] == [
        (name, f"Expected type: <class '{expected}'> but received: <class '{received}'>")
    ]


def test_null_options_take_their_default_and_unknown_options_warn():
    plugin = CxMaturityPlugin()
    errors, warnings = plugin.load_config(
        {"framework": None, "stale_after_days": None, "colour": 1}
    )
    assert errors == []
    assert [(key, str(w)) for key, w in warnings] == [
        ("colour", "Unrecognised configuration name: colour")
    ]
    assert (plugin.config["framework"], plugin.config["stale_after_days"]) == (None, 365)


# -- the plugin inside MkDocs ---------------------------------------------------------------


class Built:
    """A repository's mkdocs.yml loaded by MkDocs, with the plugin's events run up to on_nav."""

    def __init__(self, repo: Repo):
        config = load_config(str(repo.root / "mkdocs.yml"))
        self.config = config.plugins.on_config(config)
        self.plugin: CxMaturityPlugin = self.config.plugins["cx-maturity"]
        files = self.config.plugins.on_files(get_files(self.config), config=self.config)
        nav = get_navigation(files, self.config)
        self.nav: Navigation = self.config.plugins.on_nav(nav, config=self.config, files=files)


@pytest.fixture
def built() -> Iterator:
    """Build the navigation of a repository; the chart workers are stopped afterwards."""
    made: list[Built] = []

    def build(repo: Repo) -> Built:
        made.append(Built(repo))
        return made[-1]

    yield build
    for b in made:
        b.config.plugins.on_shutdown()


def team(name: str, group: str) -> str:
    return ASSESSMENT.replace("Payments Platform", name).replace("Digital Channels", group)


@pytest.fixture
def org(tmp_path: Path) -> Repo:
    """Three teams in two groups, and one hand-written page."""
    repo = make_repo(tmp_path)
    repo.assessment("payments.yaml", team("Payments", "Digital"))
    repo.assessment("app.yaml", team("App", "Digital"))
    repo.assessment("stores.yaml", team("Stores", "Retail & <Shops>"))
    repo.write("docs/about.md", "# About\n")
    return repo


def outline(items: list) -> list:
    """The navigation as plain data: a page by its file, a section as (title, children)."""
    return [
        (item.title, outline(item.children)) if isinstance(item, Section) else item.file.src_uri
        for item in items
    ]


def test_the_navigation_puts_generated_pages_first_then_the_hand_written_ones(org, built):
    nav = built(org).nav
    assert outline(nav.items) == [
        "index.md",
        (
            "Teams",
            [
                "teams/index.md",
                # A group lists its group page only: its teams are listed on that page, so
                # no page carries the navigation of every team.
                ("Digital", ["groups/digital/index.md"]),
                (
                    "Retail &amp; &lt;Shops&gt;",  # the theme prints titles unescaped
                    ["groups/retail-shops/index.md"],
                ),
            ],
        ),
        (
            "Areas",
            ["areas/index.md", "areas/support.md", "areas/marketing.md", "areas/policies.md"],
        ),
        "framework.md",
        "downloads.md",
        "assess/index.md",
        "about.md",
    ]


def test_previous_and_next_follow_the_reading_order_of_the_navigation(org, built):
    pages = built(org).nav.pages
    order = [p.file.src_uri for p in pages]
    assert order[:6] == [
        "index.md",
        "teams/index.md",
        "groups/digital/index.md",
        "teams/app.md",
        "teams/payments.md",
        "groups/retail-shops/index.md",
    ]
    assert len(order) == len(set(order)) == 15  # every page once, scorecards included
    assert pages[0].previous_page is None and pages[-1].next_page is None
    for before, after in itertools.pairwise(pages):
        assert (before.next_page, after.previous_page) == (after, before)


def test_each_page_knows_its_sections_for_breadcrumbs(org, built):
    nav = built(org).nav
    payments = next(p for p in nav.pages if p.file.src_uri == "teams/payments.md")
    crumbs, parent = [], payments.parent
    while parent is not None:
        crumbs.append(parent.title)
        parent = parent.parent
    assert crumbs == ["Digital", "Teams"]
    overview, about = nav.pages[0], nav.pages[-1]
    assert (overview.parent, about.parent) == (None, None)


def test_a_scorecard_opens_its_group_in_the_navigation_without_listing_its_siblings(org, built):
    nav = built(org).nav
    payments = next(p for p in nav.pages if p.file.src_uri == "teams/payments.md")
    digital, retail = payments.parent, nav.items[1].children[2]
    payments.active = True  # as MkDocs marks the page it renders
    assert (digital.active, digital.parent.active, retail.active) == (True, True, False)
    assert outline(digital.children) == ["groups/digital/index.md"]


def test_generated_pages_get_their_titles_escaped(org, built):
    repo = org
    repo.assessment("stores.yaml", team("Stores <b>&</b>", "Retail & <Shops>"))
    nav = built(repo).nav
    titles = {p.file.src_uri: p.title for p in nav.pages}
    assert titles["teams/stores-b-b.md"] == "Stores &lt;b&gt;&amp;&lt;/b&gt;"
    assert titles["index.md"] == "Overview"
    assert titles["teams/payments.md"] == "Payments"


def test_a_hand_written_page_keeps_the_place_of_the_generated_one_it_replaces(org, built, caplog):
    org.write("docs/framework.md", "# Our framework\n")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.cx-maturity"):
        nav = built(org).nav
    assert "cx-maturity: docs/framework.md is written by hand" in caplog.text
    [framework] = [p for p in nav.pages if p.file.src_uri == "framework.md"]
    assert framework.file.generated_by is None  # the hand-written file
    assert [p.file.src_uri for p in nav.pages][-4:] == [
        "framework.md",
        "downloads.md",
        "assess/index.md",
        "about.md",
    ]


def test_the_plugin_reads_mkdocs_yml_as_the_command_line_does(tmp_path, built):
    repo = make_repo(tmp_path, stale_after_days=None, strict="true", cache_dir="build/cache")
    (tmp_path / "docs").mkdir()
    plugin = built(repo).plugin
    assert plugin.settings == load_settings(repo.root / "mkdocs.yml")
    assert plugin.settings.cache_dir == (tmp_path / "build/cache").resolve()
    assert plugin.settings.stale_after_days == 365  # null: the default, in both


def test_on_config_adds_the_markdown_extensions_and_the_stylesheet_the_pages_need(org, built):
    config = built(org).config
    for name in ("attr_list", "md_in_html", "tables", "pymdownx.details", "pymdownx.tabbed"):
        assert name in config.markdown_extensions
    assert config.mdx_configs["pymdownx.tabbed"] == {"alternate_style": True}
    assert config.extra_css == ["assets/cxm/cxm.css"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stderr", "no_color", "coloured"),
    [(_Terminal, None, True), (_Terminal, "1", False), (io.StringIO, None, False)],
)
def test_the_plugin_colours_its_messages_only_on_a_terminal_without_no_color(
    org, built, caplog, monkeypatch, stderr, no_color, coloured
):
    # MkDocs writes the plugin's log records and its error as they are, to stderr.
    monkeypatch.setattr(sys, "stderr", stderr())
    monkeypatch.delenv("NO_COLOR", raising=False)
    if no_color is not None:
        monkeypatch.setenv("NO_COLOR", no_color)
    org.assessment("old.yaml", team('"Old \\e[2KTeam"', "Digital").replace("2026-", "2024-"))
    org.assessment("broken.yaml", team("Broken", "Digital").replace("reviews: 2", "reviews: 9"))
    logger = "mkdocs.plugins.cx-maturity"
    with caplog.at_level(logging.INFO, logger=logger), pytest.raises(PluginError) as error:
        built(org)
    [stale] = [r.getMessage() for r in caplog.records if "[stale]" in r.getMessage()]
    assert "'Old \\x1b[2KTeam'" in click.unstyle(stale)  # the team's ESC shown escaped
    assert "[out-of-range]" in str(error.value)
    for message in (stale, str(error.value)):
        assert ("\x1b[" in message) is coloured
