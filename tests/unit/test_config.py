"""The options of the cx-maturity plugin: one declaration, read alike by `cxm` and by MkDocs."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml
from cxm.config import DEFAULTS, OPTIONS, PLUGIN, Settings, load_settings
from cxm.engine.plugin import CxMaturityConfig, CxMaturityPlugin
from cxm.errors import UsageError
from mkdocs.config import load_config

DOC = Path(__file__).resolve().parents[2] / "docs" / "reference" / "configuration.md"

# A value of each option other than its default, and one of the wrong type.
OTHER = {str: "elsewhere", int: 30, bool: True, list: ["Digital"]}
WRONG = {str: 5, int: "soon", bool: "yes", list: "Digital"}


def mkdocs_defaults() -> dict:
    config = CxMaturityConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    return dict(config)


def test_cxm_and_the_mkdocs_plugin_take_the_same_options_with_the_same_defaults():
    assert [name for name, _ in CxMaturityConfig._schema] == list(DEFAULTS)
    assert mkdocs_defaults() == DEFAULTS
    assert [option.name for option in OPTIONS] == list(DEFAULTS)
    assert CxMaturityPlugin.config_class is CxMaturityConfig


def test_every_option_is_a_setting():
    fields = {f.name for f in dataclasses.fields(Settings)}
    assert set(DEFAULTS) <= fields


def project(tmp_path: Path, options: dict | None) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    plugin = PLUGIN if options is None else {PLUGIN: options}
    config = {"site_name": "Options", "plugins": [plugin]}
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def plugin_settings(path: Path) -> Settings:
    config = load_config(str(path))
    plugin = config.plugins[PLUGIN]
    plugin.on_config(config)
    return plugin.settings


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.name)
def test_cxm_and_mkdocs_read_an_option_alike(tmp_path, option):
    for value in (None, option.default, OTHER[option.type]):
        path = project(tmp_path, {option.name: value} if value is not None else {})
        assert load_settings(path) == plugin_settings(path), value


def test_cxm_and_mkdocs_read_a_bare_plugin_entry_alike(tmp_path):
    path = project(tmp_path, None)
    assert load_settings(path) == plugin_settings(path)


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.name)
def test_cxm_and_mkdocs_refuse_a_value_of_the_wrong_type(tmp_path, option):
    path = project(tmp_path, {option.name: WRONG[option.type]})
    with pytest.raises(UsageError, match=f"option '{option.name}' must be"):
        load_settings(path)
    config = CxMaturityConfig()
    config.load_dict({option.name: WRONG[option.type]})
    errors, _ = config.validate()
    assert [name for name, _ in errors] == [option.name]


# -- docs/reference/configuration.md ---------------------------------------------------------


def test_the_documented_options_are_the_declared_ones_with_their_defaults():
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| `([^`]+)` \|", DOC.read_text("utf-8"), re.M)
    assert [name for name, _ in rows] == list(DEFAULTS)
    documented = {name: yaml.safe_load(default) for name, default in rows}
    assert documented == DEFAULTS


def test_the_documented_example_lists_every_option_with_its_default_and_help():
    text = DOC.read_text("utf-8")
    example = re.search(r'```yaml title="mkdocs.yml"\n(.*?)```', text, re.S).group(1)
    options = next(p[PLUGIN] for p in yaml.safe_load(example)["plugins"] if isinstance(p, dict))
    assert options == DEFAULTS
    comments = dict(re.findall(r"^ {6}(\w+): .*?# (.*)$", example, re.M))
    assert comments == {option.name: option.help for option in OPTIONS}


@pytest.mark.parametrize(
    ("lines", "edit_base"),
    [
        # MkDocs' own default edit_uri for GitHub, without the docs folder: files at the root.
        (["repo_url: https://github.com/acme/cx"], "https://github.com/acme/cx/edit/master/"),
        (
            ["repo_url: https://gitlab.com/acme/cx", "edit_uri: -/edit/main/docs/"],
            "https://gitlab.com/acme/cx/-/edit/main/",
        ),
        (
            ["repo_url: https://git.acme.test/cx", "edit_uri: https://edit.acme.test/x/docs/"],
            "https://edit.acme.test/x/",
        ),
        (["repo_url: https://git.acme.test/cx"], None),  # no known default for other hosts
        (["repo_url: https://github.com/acme/cx", "edit_uri: ''"], None),  # edit links turned off
        ([], None),
    ],
)
def test_edit_links_point_at_the_yaml_file_in_the_repository(tmp_path, lines, edit_base):
    (tmp_path / "mkdocs.yml").write_text("\n".join(["site_name: T", *lines]) + "\n")
    assert load_settings(tmp_path / "mkdocs.yml").edit_base == edit_base


@pytest.mark.parametrize(
    ("lines", "new_file"),
    [
        # The branch of edit_uri; MkDocs' default edit_uri for GitHub names master.
        (
            ["repo_url: https://github.com/acme/cx"],
            ("github", "https://github.com/acme/cx/new/master"),
        ),
        (
            ["repo_url: https://github.com/acme/cx/", "edit_uri: edit/main/docs/"],
            ("github", "https://github.com/acme/cx/new/main"),
        ),
        (
            ["repo_url: https://gitlab.com/acme/cx", "edit_uri: -/edit/develop/docs/"],
            ("gitlab", "https://gitlab.com/acme/cx/-/new/develop"),
        ),
        (
            ["repo_url: https://gitlab.acme.test/cx", "edit_uri: -/blob/trunk/docs/"],
            ("gitlab", "https://gitlab.acme.test/cx/-/new/trunk"),
        ),
        (["repo_url: https://git.acme.test/cx", "edit_uri: edit/main/docs/"], None),
        ([], None),
    ],
)
def test_the_questionnaire_proposes_files_on_the_hosts_new_file_page(tmp_path, lines, new_file):
    (tmp_path / "mkdocs.yml").write_text("\n".join(["site_name: T", *lines]) + "\n")
    assert load_settings(tmp_path / "mkdocs.yml").new_file_base == new_file


# -- INHERIT, as MkDocs reads it -------------------------------------------------------------


def test_cxm_reads_an_inherited_config_as_mkdocs_does(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Everyone\nrepo_url: https://github.com/acme/cx\nedit_uri: edit/main/docs/\n"
        "plugins:\n  - cx-maturity:\n      stale_after_days: 30\n",
        encoding="utf-8",
    )
    child = tmp_path / "mkdocs-retail.yml"
    child.write_text(
        "INHERIT: mkdocs.yml\nsite_name: Retail\n"
        "plugins:\n  - cx-maturity:\n      groups: [Retail]\n",
        encoding="utf-8",
    )
    settings = load_settings(child)
    assert settings == plugin_settings(child)
    assert (settings.site_name, settings.repo_url) == ("Retail", "https://github.com/acme/cx")
    # `plugins` is a list: the child's replaces the parent's whole, as in MkDocs.
    assert (settings.groups, settings.stale_after_days) == (("Retail",), 365)


def test_a_config_that_inherits_from_itself_is_a_usage_error(tmp_path):
    (tmp_path / "a.yml").write_text("INHERIT: b.yml\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("INHERIT: ./a.yml\n", encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape("INHERIT ./a.yml inherits from itself")):
        load_settings(tmp_path / "a.yml")
