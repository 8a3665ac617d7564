"""The generated site for `cxm serve`, kept up to date edit by edit.

A `Preview` holds the last valid site and writes it as files into a folder of its own, each
file written again only when its content changed: a site engine that rebuilds only the
sources newer than its output (MkDocs' dirty builds) then re-renders only those pages. What an
edit touches is decided in cxm.publish.changes. When the assessments have errors, the last valid
site stays, and the update says what is wrong until it is fixed. After an edit, the charts
missing from the cache can wait (`defer`): the pages' text is written at once, and
`draw_pending` draws the charts afterwards, and makes scores.xlsx again (seconds for a large
organization; until then the previous one is served).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..charts.cache import look_up, start_drawing
from ..charts.chart import Chart
from ..config import Settings
from ..diagnostics import Diagnostic
from ..errors import CxmError
from ..export.csv_format import csv_rows, to_csv
from ..export.json_format import json_line, to_json
from ..project import BUILTIN_FRAMEWORK, FileCache, Project, load_project
from ..render.environment import BUILTIN_TEMPLATES
from ..render.pages import Page
from ..score.scorecard import Scorecard, by_team
from .changes import (
    changed,
    navigation,
    only_below,
    page_paths,
    rescore,
    scorecard_context,
    stamps,
    teams_to_render,
)
from .generate import GeneratedSite, generate_site, organization
from .workbook_cache import make_workbook


@dataclass
class Update:
    """What one `Preview.update` did."""

    changed: list[str] = field(default_factory=list)  # input files changed, as shown
    full: bool = True  # everything is to be rebuilt (first, or not an assessment edit)
    problems: list[Diagnostic] = field(default_factory=list)  # errors: nothing regenerated
    warnings: list[Diagnostic] = field(default_factory=list)
    failure: str | None = None  # a problem that is not a file's (a template's mistake)
    pages: int = 0  # generated pages written again
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and self.failure is None


class Preview:
    def __init__(self, folder: Path) -> None:
        self.folder = folder  # where the generated files are written
        self.site: GeneratedSite | None = None  # the last valid site
        self.sources: dict[str, Path] = {}  # site path -> its file in `folder`
        self.last = Update()
        self._files = FileCache()
        self._settings: Settings | None = None
        self._stamps: dict[Path, tuple] = {}
        self._written: dict[str, object] = {}  # site path -> digest (or chart file) written
        self._histories: dict[str, list[Scorecard]] = {}
        self._contexts: dict[str, tuple] = {}
        self._pages: dict[str, Page] = {}
        self._nav: tuple | None = None
        self._today: dt.date | None = None
        self._rows: dict = {}  # team rows of the last rendering, by id of their scorecard
        self._badges: dict = {}  # badges, by id of their scorecard
        self._lines: dict[tuple, tuple[Scorecard, str]] = {}  # downloads, per card
        self._all_pending = False
        self._pending: list[Chart] = []  # charts left to draw_pending
        self._workbook: bytes | None = None  # scores.xlsx as last made
        self._workbook_of: tuple | None = None  # what to make it of, left to draw_pending
        self._lock = threading.Lock()

    def update(
        self, settings: Settings, today: dt.date | None = None, *, defer: bool = False
    ) -> Update:
        """Bring the site up to date with the files; an error keeps the last valid site.

        `defer`: after an edit of assessments, the charts missing from the cache are left to
        `draw_pending` (the pages show their previous version until then): the text of a page
        shows without waiting for its charts."""
        with self._lock:
            return self._update(settings, today, defer)

    def draw_pending(self) -> int:
        """Draw the charts an update left for later into the folder; how many there were."""
        with self._lock:
            charts, self._pending = self._pending, []
            if charts and self._settings is not None:
                self._draw(charts, self._settings.cache_dir)
            return len(charts)

    def make_pending_workbook(self) -> bool:
        """Make scores.xlsx, if an update left it for later; whether it did."""
        with self._lock:
            workbook, self._workbook_of = self._workbook_of, None
            if workbook is None:
                return False
            self._workbook = make_workbook(*workbook)
            self._write_asset("scores.xlsx", self._workbook)
            return True

    @property
    def pending(self) -> bool:
        return bool(self._pending) or self._workbook_of is not None

    def _update(self, settings: Settings, today: dt.date | None, defer: bool) -> Update:
        now = stamps(_watched(settings))
        moved = changed(self._stamps, now)
        partial = (
            self.site is not None
            and not self._all_pending
            and settings == self._settings
            and only_below(moved, settings.assessments)
        )
        self._stamps, self._settings = now, settings
        update = Update([settings.display(p) for p in moved], full=not partial)
        if partial and not moved:  # nothing of ours changed: a build for another reason
            update.problems, update.failure = self.last.problems, self.last.failure
            update.warnings, update.files_checked = self.last.warnings, self.last.files_checked
            return update
        if not partial:
            self._histories, self._contexts = {}, {}
        try:
            self._generate(settings, today, update, defer)
        except CxmError as exc:  # a template's mistake, a chart that cannot be drawn
            update.failure = str(exc)
        # A full update that failed leaves the site as it was: the next one is full too.
        self._all_pending = update.full and not update.ok
        self.last = update
        return update

    def _generate(
        self, settings: Settings, today: dt.date | None, update: Update, defer: bool
    ) -> None:
        project = load_project(settings, today=today, cache=self._files)
        update.files_checked = project.files_checked
        update.problems, update.warnings = project.errors, project.warnings
        if project.errors:
            return
        histories, again = rescore(by_team(project.loaded), project.framework, self._histories)
        project.scorecards = histories  # scored here, team by team
        org = organization(project)
        contexts = scorecard_context(org)
        nav = navigation(org)
        update.full = update.full or nav != self._nav  # every page shows the navigation
        teams = None if update.full else teams_to_render(self._contexts, contexts, again)
        if update.full or project.today != self._today:
            self._rows, self._lines = {}, {}  # a row shows ages and flags as of today
            self._badges = {}
        self._today = project.today
        site = generate_site(project, org, teams, self._rows, self._badges)
        if defer and not update.full:
            found, self._pending = look_up(site.charts, settings.cache_dir, site.stats)
            self._copy_charts(found)
        else:
            self._pending = []
            self._draw(site.charts, settings.cache_dir)
        pages = {p.path: p for p in site.pages}
        for path in page_paths(org):
            if path not in pages:
                pages[path] = self._pages[path]  # not rendered again: as it was
        site = dataclasses.replace(site, pages=[pages[path] for path in sorted(pages)])
        self._add_downloads(site, project)
        if defer and not update.full and self._workbook is not None:
            site.assets["scores.xlsx"] = self._workbook  # the previous one, until draw_pending
            self._workbook_of = (project.framework, project.scorecards)
        else:
            self._workbook = site.assets["scores.xlsx"] = make_workbook(
                project.framework, project.scorecards
            )
            self._workbook_of = None
        update.pages = self._write(site, pages)
        self.site, self._pages, self._nav = site, pages, nav
        self._histories, self._contexts = histories, contexts

    def _add_downloads(self, site: GeneratedSite, project: Project) -> None:
        """scores.json and scores.csv, each scorecard's part made once (it holds no date)."""
        fw, cards = project.framework, project.scorecards
        kept = {id(card) for history in cards.values() for card in history}
        self._lines = {k: v for k, v in self._lines.items() if k[1] in kept}
        self._rows = {k: v for k, v in self._rows.items() if k in kept}
        self._badges = {k: v for k, v in self._badges.items() if k in kept}

        def remembered(kind: str, make):
            def part(card: Scorecard, latest: bool) -> str:
                key = (kind, id(card), latest)
                if key not in self._lines:
                    self._lines[key] = (card, make(card, latest))  # held: its id stays its
                return self._lines[key][1]

            return part

        json_text = to_json(fw, cards, remembered("json", json_line))
        site.assets["scores.json"] = json_text.encode("utf-8")
        site.assets["scores.csv"] = to_csv(fw, cards, remembered("csv", csv_rows)).encode("utf-8")

    def _draw(self, charts: list[Chart], cache_dir: Path) -> None:
        """Charts from the cache or drawn now, into the folder."""
        drawing = start_drawing(charts, cache_dir, background=False)
        try:
            drawing.wait()
            self._copy_charts(drawing.files)
        finally:
            drawing.close()

    def _copy_charts(self, files: dict[str, Path]) -> None:
        for path, source in files.items():
            if self._written.get(path) != source:
                _copy(source, self._target(path))
                self._written[path] = source

    def _write(self, site: GeneratedSite, pages: dict[str, Page]) -> int:
        """Write what changed; remove what is gone. Returns how many pages were written."""
        shown = {c for page in pages.values() for c in page.charts}
        contents = {p: page.content.encode("utf-8") for p, page in pages.items()}
        contents.update(site.assets)
        written = 0
        for path, data in contents.items():
            digest = hashlib.sha256(data).digest()
            if self._written.get(path) != digest:
                self._target(path).write_bytes(data)
                self._written[path] = digest
                written += path in pages
        for path in [p for p in self._written if p not in contents and p not in shown]:
            self._target(path).unlink(missing_ok=True)
            del self._written[path]
        self.sources = {p: self.folder / p for p in self._written}
        return written

    def _write_asset(self, path: str, data: bytes) -> None:
        digest = hashlib.sha256(data).digest()
        if self._written.get(path) != digest:
            self._target(path).write_bytes(data)
            self._written[path] = digest

    def _target(self, path: str) -> Path:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target


def _watched(settings: Settings) -> list[Path]:
    """Every input of the site: what an edit of rebuilds it."""
    paths = [settings.assessments, settings.framework or BUILTIN_FRAMEWORK, BUILTIN_TEMPLATES]
    paths += [p for p in (settings.templates, settings.config_file, settings.docs_dir) if p]
    return paths


def _copy(source: Path, target: Path) -> None:
    # Copied rather than linked: a chart drawn without a cache lives in a folder that goes.
    shutil.copyfile(source, target)
    os.utime(target)  # newer than the site's copy, whatever the source's time
