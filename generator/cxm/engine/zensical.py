"""Zensical, the second site engine: the generated site as a Zensical project.

`cxm generate --engine zensical -o DIR` writes DIR/docs/, DIR/overrides/ (a theme template)
and DIR/zensical.toml, and `zensical build -f DIR/zensical.toml` builds the site into
DIR/site/. Zensical runs no MkDocs plugin, so the project holds what the cx-maturity plugin
adds to a MkDocs build: the generated pages and files beside the hand-written pages of
docs_dir (a hand-written page wins), the Markdown extensions the pages are written for, the
style sheet, and the navigation in the plugin's order. The rest comes from mkdocs.yml, which
stays the one place for settings.

Plain file writing, no Zensical import: the project is data, and Zensical reads it.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import tomli_w

from ..config import Settings, read_mkdocs_yml
from ..errors import UsageError
from ..publish.generate import GeneratedSite, write_plain
from ..render.extensions import MARKDOWN_EXTENSIONS
from ..render.links import ASSESS_PATH, CSS_PATH, area_path, group_path, team_path

CONFIG = "zensical.toml"
DOCS = "docs"
# The first line of a zensical.toml cxm wrote: only such a file (and the folders beside it)
# is replaced.
MARKER = "# Written by `cxm generate --engine zensical` from mkdocs.yml."
HEADER = (
    f"{MARKER}\n# Written again on every run: change mkdocs.yml instead.\n"
    "# Build the site into site/ with: zensical build -f zensical.toml\n\n"
)
OVERRIDES = "overrides"
# The theme prints a page title through Jinja's `striptags`, which turns the escaped title of
# a generated page (a team's name, as typed) back into markup: printed escaped again here.
MAIN_HTML = """\
{#- Written by `cxm generate --engine zensical`: page titles printed as text. -#}
{% extends "base.html" %}
{% block htmltitle %}
  {% if page.meta and page.meta.title %}
    <title>{{ page.meta.title | striptags | e }} - {{ config.site_name }}</title>
  {% elif page.title and not page.is_homepage %}
    <title>{{ page.title | striptags | e }} - {{ config.site_name }}</title>
  {% else %}
    <title>{{ config.site_name }}</title>
  {% endif %}
{% endblock %}
"""
# mkdocs.yml settings that mean the same to Zensical, copied as they are.
COPIED = (
    "site_name",
    "site_description",
    "site_author",
    "site_url",
    "repo_url",
    "repo_name",
    "copyright",
    "use_directory_urls",
    "extra",
)
# A generated page has no Markdown source in the repository (the MkDocs plugin points its
# edit link at the YAML file; Zensical has no such hook): no edit or view links.
DROPPED_FEATURES = {"content.action.edit", "content.action.view"}


def write_project(site: GeneratedSite, settings: Settings, out_dir: Path) -> list[str]:
    """DIR/docs/, DIR/overrides/ and DIR/zensical.toml; returns the generated pages that
    hand-written pages replaced. Replaces only a project that cxm wrote, never a user's file."""
    _check_ours(out_dir)
    mkdocs = read_mkdocs_yml(settings.config_file) if settings.config_file else {}
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".cxm-new-", dir=out_dir))
    try:
        write_plain(site, staging / DOCS)
        replaced = _copy_hand_written(settings.docs_dir, staging / DOCS, site)
        (staging / OVERRIDES).mkdir()
        (staging / OVERRIDES / "main.html").write_text(MAIN_HTML, encoding="utf-8")
        config = zensical_config(site, mkdocs, _hand_written(settings.docs_dir))
        for folder in (DOCS, OVERRIDES):
            _swap_in(staging / folder, out_dir / folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _write_atomic(out_dir / CONFIG, HEADER + tomli_w.dumps({"project": config}))
    return replaced


def _check_ours(out_dir: Path) -> None:
    config = out_dir / CONFIG
    if config.exists():
        try:
            first = config.read_text("utf-8").split("\n", 1)[0]
        except (OSError, UnicodeDecodeError):
            first = ""
        if first != MARKER:
            raise UsageError(f"refusing to replace {config}: cxm did not write it")
        return
    for folder in (out_dir / DOCS, out_dir / OVERRIDES):
        if folder.exists():
            raise UsageError(
                f"refusing to replace {folder}: cxm did not write it (no {CONFIG} beside it); "
                "choose a new folder"
            )


def _swap_in(new: Path, target: Path) -> None:
    """The new folder in place of the old one, so no page of a removed team lingers."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".cxm-old-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _hand_written(docs_dir: Path) -> list[str]:
    """The files of docs_dir, as site paths."""
    if not docs_dir.is_dir():
        return []
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file())


def _copy_hand_written(docs_dir: Path, target: Path, site: GeneratedSite) -> list[str]:
    generated = {p.path for p in site.pages} | set(site.assets)
    replaced = []
    for path in _hand_written(docs_dir):
        if path in generated:
            replaced.append(path)
        dest = target / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(docs_dir / path, dest)
    return replaced


def zensical_config(site: GeneratedSite, mkdocs: dict, hand_written: list[str]) -> dict:
    """The `[project]` table of zensical.toml."""
    config: dict[str, Any] = {k: mkdocs[k] for k in COPIED if mkdocs.get(k) is not None}
    config["docs_dir"] = DOCS
    config["site_dir"] = "site"
    config["extra_css"] = _paths(mkdocs.get("extra_css"), first=CSS_PATH)
    scripts = _paths(mkdocs.get("extra_javascript"))
    if scripts:
        config["extra_javascript"] = scripts
    config["nav"] = navigation(site, mkdocs.get("nav"), hand_written)
    config["theme"] = _theme(mkdocs.get("theme"))
    config["markdown_extensions"] = _extensions(mkdocs.get("markdown_extensions"))
    return _without_nulls(config)


def _paths(value: Any, first: str | None = None) -> list:
    items = [first] if first else []
    if isinstance(value, list):
        items += [v for v in value if v != first and isinstance(v, str | dict)]
    return items


def _theme(theme: Any) -> dict:
    """mkdocs.yml's Material settings, which Zensical reads alike. Its `name` names the
    MkDocs theme; `custom_dir` is cxm's overrides (the site's own are not carried over)."""
    out = dict(theme) if isinstance(theme, dict) else {}
    out.pop("name", None)
    out["custom_dir"] = OVERRIDES
    if isinstance(out.get("features"), list):
        out["features"] = [f for f in out["features"] if f not in DROPPED_FEATURES]
    # Material's look, which the generated pages' style sheet is written for.
    out.setdefault("variant", "classic")
    return out


def _extensions(listed: Any) -> dict:
    """mkdocs.yml's Markdown extensions as a table, and those the generated pages need."""
    out: dict[str, dict] = {}
    for entry in listed if isinstance(listed, list) else []:
        items = entry.items() if isinstance(entry, dict) else [(entry, None)]
        for name, options in items:
            out[str(name)] = _zensical_names(options) if isinstance(options, dict) else {}
    for name, needed in MARKDOWN_EXTENSIONS.items():
        settings = out.setdefault(name, {})
        for key, value in needed.items():
            settings.setdefault(key, value)
    return out


def _zensical_names(value: Any) -> Any:
    """Material's Python names (emoji) as Zensical's, as Zensical reads mkdocs.yml."""
    if isinstance(value, str):
        return value.replace("material.extensions", "zensical.extensions")
    if isinstance(value, dict):
        return {k: _zensical_names(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_zensical_names(v) for v in value]
    return value


def _without_nulls(value: Any) -> Any:
    """TOML has no null: a `null` in mkdocs.yml is a setting left at its default."""
    if isinstance(value, dict):
        return {str(k): _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value if v is not None]
    return value


def navigation(site: GeneratedSite, nav: Any, hand_written: list[str]) -> list:
    """The MkDocs plugin's order: overview, teams by group, areas, framework, downloads, the
    questionnaire, then the hand-written pages (mkdocs.yml's `nav`, or every page of docs_dir)."""
    written = {p for p in hand_written if p.endswith(".md")}

    def present(paths: list[str]) -> list:
        # A generated page by its title, as the plugin names it; Zensical puts titles into
        # its HTML as they are, so they go in escaped. A hand-written page names itself.
        found: list = []
        for path in paths:
            page = site.page(path)
            if path in written:
                found.append(path)
            elif page is not None:
                found.append({html.escape(page.title): path})
        return found

    # As the plugin does: a group lists its page, which lists its teams; a team's scorecard is
    # in the navigation only when its group has no page (the navigation stays one size).
    teams: list = present(["teams/index.md"])
    for group in site.groups:
        pages = present([group_path(group.slug)]) or present([team_path(s) for s in group.teams])
        if pages:
            teams.append({html.escape(group.name): pages})
    areas = present(["areas/index.md"] + [area_path(a) for a in site.areas])
    items: list = present(["index.md"])
    items += [{"Teams": teams}] if teams else []
    items += [{"Areas": areas}] if areas else []
    items += present(["framework.md", "downloads.md", ASSESS_PATH])
    placed = set(_nav_paths(items))
    if isinstance(nav, list):
        rest = _nav_without(nav, placed)
    else:
        rest = _folder_nav([p for p in hand_written if p.endswith(".md") and p not in placed])
    return items + rest


def _nav_paths(items: list) -> list[str]:
    found = []
    for item in items:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += _nav_paths(value) if isinstance(value, list) else [value]
    return found


def _nav_without(items: list, placed: set[str]) -> list:
    """mkdocs.yml's `nav` less the pages placed already, as the MkDocs plugin shows it."""
    out = []
    for item in items:
        if isinstance(item, str):
            if item not in placed:
                out.append(item)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    children = _nav_without(value, placed)
                    if children:
                        out.append({str(title): children})
                elif isinstance(value, str) and value not in placed:
                    out.append({str(title): value})
    return out


def _folder_nav(paths: list[str], prefix: str = "") -> list:
    """Pages by folder, as MkDocs lays out a site without `nav`: a folder's index first, then
    its pages and subfolders by name; a folder is a section named after it."""
    entries: list[tuple[str, Any]] = [(p, prefix + p) for p in paths if "/" not in p]
    for folder in sorted({p.split("/", 1)[0] for p in paths if "/" in p}):
        inner = [p.split("/", 1)[1] for p in paths if p.startswith(folder + "/")]
        title = folder.replace("-", " ").replace("_", " ").capitalize()
        entries.append((folder, {title: _folder_nav(inner, f"{prefix}{folder}/")}))
    entries.sort(key=lambda e: (e[0] != "index.md", e[0]))
    return [entry for _, entry in entries]
