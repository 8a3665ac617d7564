"""The Zensical project (cxm.engine.zensical): zensical.toml made from mkdocs.yml, and the
navigation in the MkDocs plugin's order, from a small generated site built in the test."""

from __future__ import annotations

import tomllib

import yaml
from conftest import ASSESSMENT, make_repo
from cxm.config import load_settings
from cxm.engine.zensical import CONFIG, MARKER, navigation, write_project, zensical_config
from cxm.publish.generate import GeneratedSite, NavGroup
from cxm.render.pages import Page


def site() -> GeneratedSite:
    paths = {
        "index.md": "Overview",
        "teams/index.md": "Teams",
        "groups/ops/index.md": "Ops <b>",
        "teams/pay.md": "Pay & Co",
        "teams/web.md": "Web",
        "areas/index.md": "Areas",
        "areas/support.md": "Support",
        "framework.md": "Framework",
        "downloads.md": "Downloads",
    }
    pages = [Page(path, title, f"# {title}\n") for path, title in paths.items()]
    return GeneratedSite([NavGroup("Ops <b>", "ops", ["pay", "web"])], ["support"], pages, {})


def test_navigation_has_the_plugins_order_with_escaped_titles_then_the_hand_written_pages():
    nav = navigation(site(), None, ["guides/index.md", "guides/b.md", "about.md", "img/x.png"])
    assert nav == [
        {"Overview": "index.md"},
        {
            "Teams": [
                {"Teams": "teams/index.md"},
                {
                    # The group's page lists its teams; the navigation does not (it stays
                    # one size as the organization grows), as in the MkDocs site.
                    "Ops &lt;b&gt;": [{"Ops &lt;b&gt;": "groups/ops/index.md"}]
                },
            ]
        },
        {"Areas": [{"Areas": "areas/index.md"}, {"Support": "areas/support.md"}]},
        {"Framework": "framework.md"},
        {"Downloads": "downloads.md"},
        "about.md",
        {"Guides": ["guides/index.md", "guides/b.md"]},
    ]


def test_a_hand_written_page_keeps_its_own_title_and_mkdocs_nav_follows_the_generated_pages():
    nav = navigation(
        site(),
        [{"Home": "index.md"}, {"Rubric": "framework.md"}, {"Help": ["help.md", "framework.md"]}],
        ["framework.md", "help.md"],
    )
    assert nav[0] == {"Overview": "index.md"}
    assert nav[3:] == ["framework.md", {"Downloads": "downloads.md"}, {"Help": ["help.md"]}]


def test_config_carries_mkdocs_settings_and_adds_what_the_pages_need():
    mkdocs = yaml.safe_load(
        """
        site_name: Harbour
        site_url: null
        repo_url: https://example.com/r
        edit_uri: edit/main/docs/
        extra_css: [extra.css]
        extra: {team: cx}
        theme:
          name: material
          custom_dir: mine
          features: [navigation.tabs, content.action.edit, content.action.view]
          palette: {scheme: slate}
        markdown_extensions:
          - toc: {permalink: true}
          - pymdownx.emoji: {emoji_index: material.extensions.emoji.twemoji}
        plugins: [search, cx-maturity]
        """
    )
    config = zensical_config(site(), mkdocs, [])
    assert config["site_name"] == "Harbour" and "site_url" not in config
    assert config["repo_url"] == "https://example.com/r" and "edit_uri" not in config
    assert config["extra"] == {"team": "cx"}
    assert config["extra_css"] == ["assets/cxm/cxm.css", "extra.css"]
    assert (config["docs_dir"], config["site_dir"]) == ("docs", "site")
    assert config["theme"] == {
        "custom_dir": "overrides",
        "features": ["navigation.tabs"],
        "palette": {"scheme": "slate"},
        "variant": "classic",
    }
    extensions = config["markdown_extensions"]
    assert extensions["toc"] == {"permalink": True}
    assert extensions["pymdownx.emoji"] == {"emoji_index": "zensical.extensions.emoji.twemoji"}
    assert extensions["pymdownx.tabbed"] == {"alternate_style": True}
    assert {"admonition", "attr_list", "md_in_html", "pymdownx.details"} <= set(extensions)
    assert "plugins" not in config


def test_a_variant_chosen_in_mkdocs_yml_is_kept():
    config = zensical_config(site(), {"theme": {"name": "material", "variant": "modern"}}, [])
    assert config["theme"]["variant"] == "modern"


def test_the_written_zensical_toml_reads_back_as_the_config(tmp_path):
    repo = make_repo(tmp_path / "repo")
    repo.assessment("pay/2026-09-30.yaml", ASSESSMENT)
    repo.write("docs/guide.md", "# Guide\n")
    settings = load_settings(repo.root / "mkdocs.yml")
    out = tmp_path / "out"
    assert write_project(site(), settings, out) == []
    text = (out / CONFIG).read_text("utf-8")
    assert text.startswith(MARKER + "\n")
    project = tomllib.loads(text)["project"]
    assert project == zensical_config(site(), {"site_name": "Test"}, ["guide.md"])
    assert (out / "docs/guide.md").read_text("utf-8") == "# Guide\n"
    assert (out / "docs/teams/pay.md").read_text("utf-8") == "# Pay & Co\n"
    assert "striptags | e" in (out / "overrides/main.html").read_text("utf-8")
