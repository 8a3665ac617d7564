"""The MkDocs plugin `cx-maturity` (entry point cxm.engine.plugin:CxMaturityPlugin).

With cxm.engine.build it is the MkDocs adapter: no other part of cxm imports MkDocs. The plugin
runs the pipeline (cxm.publish.generate) once per build in `on_files`; under `cxm build` that
has run already, in a child process, and cxm.engine.build hands over the result. It adds every
generated page and chart as a generated file, orders the navigation (overview, teams by group,
areas, framework, downloads, the questionnaire, then the hand-written pages) and watches the
inputs in `mkdocs serve`.

Charts missing from the cache are drawn by worker processes while MkDocs renders the pages;
the plugin writes them into the site in `on_post_build`, when MkDocs is done with the rest.
"""

from __future__ import annotations

import gc
import html
import logging
import os
import shutil
import sys
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..charts import cache as chart_cache
from ..charts.cache import Drawing
from ..config import OPTIONS, Option, settings_from
from ..errors import CxmError, UsageError
from ..project import BUILTIN_FRAMEWORK, load_project
from ..publish.generate import GeneratedSite, LateFiles, generate, start
from ..publish.preview import Preview
from ..render.extensions import MARKDOWN_EXTENSIONS
from ..render.links import ASSESS_PATH, CSS_PATH
from ..report.progress import QUIET
from ..report.text import colour_on, line, printable, text

log = logging.getLogger("mkdocs.plugins.cx-maturity")


def _colour() -> bool:
    # MkDocs' log handler writes to stderr as it is, pipe or file: colour only on a terminal.
    return colour_on(sys.stderr)


def _error(exc: Exception) -> PluginError:
    # Messages may quote YAML text or file names: their controls are shown escaped.
    return PluginError(printable(str(exc), keep="\n"))


def _config_option(option: Option) -> c.BaseConfigOption:
    """MkDocs' check of one option: its type, and its default or `null`."""
    if option.default is None:
        return c.Optional(c.Type(option.type))
    return c.Type(option.type, default=option.default)


# The plugin's options: made from cxm.config.OPTIONS, as the command line's are.
CxMaturityConfig = type(
    "CxMaturityConfig",
    (Config,),
    {"__module__": __name__, **{option.name: _config_option(option) for option in OPTIONS}},
)


class CxMaturityPlugin(BasePlugin[CxMaturityConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: GeneratedSite | None = None
        self.use_cache = True
        # `cxm build` validated and generated already (all but the charts): take that.
        self.pregenerated: GeneratedSite | None = None
        self.progress = QUIET  # `cxm build` shows progress on a terminal
        self._files: Files | None = None
        # `cxm serve` (cxm.engine.serve): the generated files, kept up to date edit by edit.
        self.preview: Preview | None = None
        self.problems = b"[]"  # its problems, as the JSON the banner script reads
        self.rendered = 0  # pages MkDocs rendered in this build
        self._compiled = _Compiled()

    def on_config(self, config):
        config_file = Path(config.config_file_path) if config.config_file_path else None
        root = config_file.parent.resolve() if config_file else Path.cwd()
        try:
            self.settings = settings_from(dict(self.config), root, config_file, config)
        except UsageError as exc:
            raise _error(exc) from None
        extensions = config.markdown_extensions
        for name, needed in MARKDOWN_EXTENSIONS.items():
            if name not in extensions:
                extensions.append(name)
            for key, value in needed.items():
                config.mdx_configs.setdefault(name, {}).setdefault(key, value)
        if CSS_PATH not in config.extra_css:
            config.extra_css.append(CSS_PATH)
        return config

    def on_pre_build(self, config) -> None:
        self.rendered = 0

    def on_files(self, files: Files, config) -> Files:
        if self.preview is not None:
            return self._add_preview(files, config)
        cache = self.settings.cache_dir if self.use_cache else None
        chart_cache.prepare(cache)
        self._close_site()
        if self.pregenerated is not None:
            self.site, self.pregenerated = self.pregenerated, None
            try:
                start(self.site, cache)
            except CxmError as exc:
                raise _error(exc) from None
        else:
            self.site = self._generate()
        return self._add_files(files, config)

    def _generate(self) -> GeneratedSite:
        project = load_project(self.settings)
        colour = _colour()
        for diagnostic in project.warnings:
            log.info(line(diagnostic, colour))
        if project.errors:
            raise PluginError(
                "the assessments have errors; nothing was built:\n"
                + text(project.errors, project.files_checked, colour)
            )
        try:
            site = generate(project, self.use_cache, wait=False)
        except CxmError as exc:
            raise _error(exc) from None
        # The validated models are garbage now (cyclic: Python would collect them late); their
        # memory goes back to the allocator here, for MkDocs' pages.
        del project
        gc.collect()
        return site

    def _add_files(self, files: Files, config) -> Files:
        for page in self.site.pages:
            self._add(files, config, page.path, page.content)
        for path, data in sorted(self.site.assets.items()):
            self._add(files, config, path, data)
        late = self.site.late
        if late is None:
            for path, source in sorted(self.site.files.items()):
                if not self._replaced(files, path):
                    files.append(File.generated(config, path, abs_src_path=str(source)))
        for pending in (late, self.site.drawing):
            if pending is None:
                continue
            for path, source in sorted(pending.files.items()):
                if self._replaced(files, path):
                    continue
                file = _LateFile.generated(config, path, abs_src_path=str(source))
                file.drawing = pending
                files.append(file)
        return files

    def _add_preview(self, files: Files, config) -> Files:
        """`cxm serve`: the files the preview keeps, by their sources, so that a dirty build
        renders only those newer than the site's copy; and the problems for the banner."""
        self.site = self.preview.site
        for path, source in sorted(self.preview.sources.items()):
            if not self._replaced(files, path):
                files.append(File.generated(config, path, abs_src_path=str(source)))
        files.append(File.generated(config, SERVE_SCRIPT, content=_serve_script()))
        files.append(File.generated(config, PROBLEMS_PATH, content=self.problems))
        return files

    def on_post_page(self, output: str, page: Page, config) -> str:
        self.rendered += 1
        return output

    def _replaced(self, files: Files, path: str) -> bool:
        if files.get_file_from_path(path) is None:
            return False
        shown = printable(path)
        log.warning(f"cx-maturity: docs/{shown} is written by hand; it replaces the generated page")
        return True

    def _add(self, files: Files, config, path: str, content: str | bytes) -> None:
        if not self._replaced(files, path):
            files.append(File.generated(config, path, content=content))

    def on_post_build(self, config) -> None:
        """Write the charts and the downloads into the site, once they are drawn and written."""
        late = [p for p in (self.site.late, self.site.drawing) if p] if self.site else []
        try:
            for pending in late:
                pending.wait(self.progress)
        except CxmError as exc:
            raise _error(exc) from None
        for file in self._late_files():
            if file.wrote_content:
                continue  # another plugin set its content; MkDocs wrote that already
            os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
            shutil.copyfile(file.drawing.files[file.src_uri], file.abs_dest_path)
        self._close_site()

    def _late_files(self) -> list[_LateFile]:
        files = self._files if self._files is not None else []
        return [f for f in files if isinstance(f, _LateFile) and not f.inclusion.is_excluded()]

    def on_build_error(self, error) -> None:
        self._close_site()

    def on_shutdown(self) -> None:
        self._close_site()

    def _close_site(self) -> None:
        if self.site is not None:
            self.site.close()  # drawing stopped, files written for the build removed

    def on_nav(self, nav: Navigation, config, files: Files) -> Navigation:
        if self.site is None:
            return nav

        def page(path: str) -> Page | None:
            file = files.get_file_from_path(path)
            if file is None or file.page is None:
                return None
            generated = self.site.page(path)
            if generated is not None and file.generated_by:
                # Titles reach the theme's HTML unescaped: give it escaped text.
                file.page.title = html.escape(generated.title)
            return file.page

        # A team's scorecard hangs under its group's section, but is not listed in it: every
        # page prints the navigation, so listing every team would make each page as long as the
        # organization (and the site quadratic). The group pages list their teams.
        teams: list = [page("teams/index.md")]
        scorecards: dict[int, list[Page]] = {}  # id(group page) -> its teams' pages
        for group in self.site.groups:
            index = page(f"groups/{group.slug}/index.md")
            members = [p for p in (page(f"teams/{slug}.md") for slug in group.teams) if p]
            if index is None:  # no group page to list them: the section does
                teams.append(Section(html.escape(group.name), members))
                continue
            section = Section(html.escape(group.name), [index])
            teams.append(section)
            for member in members:
                member.parent = section  # breadcrumbs, and the section open on its page
            scorecards[id(index)] = members
        areas = [page("areas/index.md")] + [page(f"areas/{a}.md") for a in self.site.areas]
        items = [
            page("index.md"),
            Section("Teams", [p for p in teams if p]),
            Section("Areas", [p for p in areas if p]),
            page("framework.md"),
            page("downloads.md"),
            page(ASSESS_PATH),
        ]
        items = [i for i in items if i]
        placed = {id(p) for p in _pages(items)}
        placed.update(id(p) for members in scorecards.values() for p in members)
        items += _without(nav.items, placed)
        _link_parents(items, None)
        pages = _reading_order(_pages(items), scorecards)
        _link_previous_and_next(pages)
        return Navigation(items, pages)

    def on_env(self, env, config, files):
        self._files = files  # the final collection: on_post_build writes its charts
        # The theme prints `title|striptags` into <title> and meta tags; Jinja's striptags
        # unescapes entities, which would turn an escaped team name back into markup.
        env.filters["striptags"] = _striptags_escaped
        if self.preview is not None:
            # MkDocs makes a new environment for every build: compile the theme's templates
            # once per `cxm serve` rather than once per rebuild.
            env.bytecode_cache = self._compiled
        return env

    def on_page_context(self, context, page, config, nav):
        generated = self.site.page(page.file.src_uri) if self.site else None
        if generated is not None:
            # A generated page has no Markdown source to edit; a scorecard has its YAML file.
            page.edit_url = generated.edit_url
        return context

    def on_serve(self, server, config, builder):
        watched = [self.settings.assessments, self.settings.framework or BUILTIN_FRAMEWORK]
        if self.settings.templates is not None:
            watched.append(self.settings.templates)
        from ..render.environment import BUILTIN_TEMPLATES

        watched.append(BUILTIN_TEMPLATES)
        for path in watched:
            if path.exists():
                server.watch(str(path))
        return server


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates in memory; a template whose source changed is compiled again (its
    checksum no longer matches)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


SERVE_SCRIPT = "assets/cxm-serve.js"
PROBLEMS_PATH = "cxm-serve/problems.json"


def _serve_script() -> bytes:
    from ..render.environment import BUILTIN_TEMPLATES

    return (BUILTIN_TEMPLATES / "assets" / "cxm-serve.js").read_bytes()


class _LateFile(File):
    """A chart the workers may still be drawing, or a download still being written.

    MkDocs copies static files before it renders the pages; these are written later, by
    `on_post_build`, so drawing and writing run alongside MkDocs' work. Another plugin that
    reads its content waits for it; one that sets its content gets it written by MkDocs.
    """

    drawing: Drawing | LateFiles | None = None
    wrote_content = False

    def copy_file(self, dirty: bool = False) -> None:
        if self._content is not None:
            self.wrote_content = True
            super().copy_file(dirty)

    def _drawn(self) -> Path | None:
        if self._content is not None or self.drawing is None:
            return None
        self.drawing.wait()
        return Path(self.drawing.files[self.src_uri])

    @property
    def content_bytes(self) -> bytes:
        drawn = self._drawn()
        return drawn.read_bytes() if drawn else File.content_bytes.fget(self)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        File.content_bytes.fset(self, value)

    @property
    def content_string(self) -> str:
        drawn = self._drawn()
        return drawn.read_text("utf-8-sig") if drawn else File.content_string.fget(self)

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)


def _striptags_escaped(value) -> Markup:
    return Markup(html.escape(Markup(str(value) if value is not None else "").striptags()))


def _pages(items: list) -> list[Page]:
    """The pages of a navigation, in reading order (sections' pages in their place)."""
    pages = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages += _pages(item.children)
    return pages


def _link_parents(items: list, parent: Section | None) -> None:
    """Each item's `parent`: its section (breadcrumbs and the open sections come from it)."""
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link_parents(item.children, item)


def _link_previous_and_next(pages: list[Page]) -> None:
    """Each page's `previous_page` and `next_page`, in the navigation's order."""
    around = [None, *pages, None]
    for before, page, after in zip(around, pages, around[2:], strict=False):
        page.previous_page, page.next_page = before, after


def _reading_order(pages: list[Page], scorecards: dict[int, list[Page]]) -> list[Page]:
    """The navigation's pages, each group page followed by its teams' scorecards."""
    out = []
    for page in pages:
        out.append(page)
        out += scorecards.get(id(page), [])
    return out


def _without(items: list, placed: set[int]) -> list:
    """The hand-written part of the navigation: items minus the pages placed already."""
    out = []
    for item in items:
        if isinstance(item, Section):
            item.children = _without(item.children, placed)
            if item.children:
                out.append(item)
        elif id(item) not in placed:
            out.append(item)
    return out
