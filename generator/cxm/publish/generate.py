"""The generated part of a site: pages, charts, styles and downloads, as in-memory files.

For a build (`wait=False`) the big ones are files instead: the charts (drawn meanwhile by
worker processes) and the downloads, written to a scratch folder that `close()` removes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..charts.cache import ChartStats, Drawing, scratch_dir, start_drawing
from ..charts.chart import Chart
from ..config import Settings, modeline
from ..export.csv_format import to_csv
from ..export.json_format import json_chunks, to_json
from ..project import Project
from ..render.badges import team_badges
from ..render.environment import BUILTIN_TEMPLATES
from ..render.links import ASSESS_FORM, ASSESS_SCRIPT, CSS_PATH, team_path
from ..render.pages import Page, Rendered, merged, render_site
from ..render.views.assess import Authoring
from ..report.progress import QUIET, Progress
from ..score.organization import Organization
from . import forked
from .workbook_cache import cached_workbook, make_workbook


@dataclass(frozen=True)
class NavGroup:
    """A group in the navigation: its name, page slug and its teams' page slugs."""

    name: str
    slug: str
    teams: list[str]


class LateFiles:
    """Files a child process is still writing (site path -> file), final after `wait()`; as
    `Drawing` is for the charts, so the build copies them into the site last."""

    def __init__(self, files: dict[str, Path], writer: forked.Pending) -> None:
        self.files = files
        self._writer: forked.Pending | None = writer

    def wait(self, progress: Progress = QUIET) -> None:
        """Block until the files are written; the writer's error, if it failed, raises here."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.result()

    def close(self) -> None:
        """Stop the writer if it still runs (a build that failed first)."""
        if self._writer is not None:
            self._writer.stop()
            self._writer = None


@dataclass
class GeneratedSite:
    # What the navigation needs of the organization, and no more: the validated models are
    # freed once the pages are generated.
    groups: list[NavGroup]
    areas: list[str]  # area ids, in the framework's order
    pages: list[Page]
    assets: dict[str, bytes]  # site path -> content (charts, CSS, downloads)
    stats: ChartStats = field(default_factory=ChartStats)
    charts: list[Chart] = field(default_factory=list)  # to look up in the cache or draw
    # generate(wait=False): the charts, as files, still being drawn (not in `assets`) ...
    drawing: Drawing | None = None
    # ... and the downloads, as files (site path -> file), which may still be being written
    # by another process (`late`: final after its `wait()`).
    files: dict[str, Path] = field(default_factory=dict)
    scratch: Path | None = None
    late: LateFiles | None = None

    def page(self, path: str) -> Page | None:
        return self._by_path.get(path)

    def __post_init__(self) -> None:
        self._by_path = {p.path: p for p in self.pages}

    def close(self) -> None:
        """Stop drawing and writing (if they still run) and remove the files written for the
        build."""
        if self.drawing is not None:
            self.drawing.close()
        if self.late is not None:
            self.late.close()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def generate(
    project: Project, use_cache: bool = True, progress: Progress = QUIET, *, wait: bool = True
) -> GeneratedSite:
    """Every generated page and file. With `wait=False` the charts missing from the cache are
    drawn in the background: `site.drawing` has them as files, final after its `wait()`."""
    site = generate_site(project)
    try:
        # Started first: workers draw while the downloads are written (and, in a build, while
        # MkDocs renders the pages).
        start(site, project.settings.cache_dir if use_cache else None, background=not wait)
        add_downloads(site, project, files=not wait)
        if wait:
            site.assets.update(site.drawing.read(progress))
            site.drawing.close()
            site.drawing = None
    except BaseException:
        site.close()
        raise
    return site


def generate_site(
    project: Project,
    org: Organization | None = None,
    teams: set[str] | None = None,
    rows: dict | None = None,
    badges: dict | None = None,
    *,
    fork: bool = False,
) -> GeneratedSite:
    """The pages, styles and badges, and the charts still to draw (`site.charts`). With
    `teams`, of the team scorecards only those of these team slugs; with `rows` and `badges`,
    the team rows and badges made before (`cxm serve`). With `fork`, a child process renders
    part of the team scorecards meanwhile (`cxm build`: the second core)."""
    settings = project.settings
    assert project.framework is not None and not project.errors
    org = org or organization(project)
    options = {
        "edit": settings.edit_base,
        "site_name": settings.site_name,
        "site_url": settings.site_url,
        "stale_after_days": settings.stale_after_days,
        "authoring": authoring(settings),
    }
    slugs = list(org.histories)
    if fork and teams is None and rows is None and len(slugs) > 1:
        rendered = _rendered_in_two(org, settings.templates, options, slugs)
    else:
        rendered = render_site(org, settings.templates, teams=teams, rows=rows, **options)
    groups = [NavGroup(g.name, g.slug, [c.loaded.slug for c in g.cards]) for g in org.groups()]
    areas = [a.id for a in org.framework.areas]
    assets = {
        CSS_PATH: _asset(settings.templates, "cxm.css"),
        ASSESS_SCRIPT: _asset(settings.templates, "assess.js"),
        ASSESS_FORM: _asset(settings.templates, "assess-form.js"),
        **rendered.assets,
    }
    site = GeneratedSite(groups, areas, rendered.pages, assets, charts=rendered.charts)
    site.assets.update(team_badges(org.latest, badges))
    return site


def _rendered_in_two(
    org: Organization, templates: Path | None, options: dict, slugs: list[str]
) -> Rendered:
    """The team scorecards are most of the rendering: a child process renders two in three of
    them while this one renders the rest and every other page (about as long)."""
    theirs = frozenset(slug for i, slug in enumerate(slugs) if i % 3)
    pending = forked.start(_scorecards, org, templates, options, theirs)
    try:
        ours = render_site(org, templates, skip=theirs, **options)
    finally:
        rendered = pending.result()  # never leaves the child behind
    return merged(ours, rendered, [team_path(slug) for slug in slugs])


def _scorecards(
    org: Organization, templates: Path | None, options: dict, teams: frozenset[str]
) -> Rendered:
    return render_site(org, templates, teams=set(teams), shared=False, **options)


def organization(project: Project) -> Organization:
    """The roll-ups of a validated project's scorecards."""
    assert project.framework is not None
    settings = project.settings
    return Organization(
        project.framework, project.scorecards, project.today, settings.stale_after_days
    )


def start(site: GeneratedSite, cache: Path | None, *, background: bool = True) -> None:
    """Look the charts up in the cache and start drawing the missing ones (`site.drawing`)."""
    site.drawing = start_drawing(site.charts, cache, site.stats, background=background)


def add_downloads(site: GeneratedSite, project: Project, *, files: bool) -> None:
    """`scores.json`, `scores.csv` and `scores.xlsx`: in memory, or (`files`) written to a
    scratch folder."""
    fw, cards = project.framework, project.scorecards
    if not files:
        site.assets["scores.json"] = to_json(fw, cards).encode("utf-8")
        site.assets["scores.csv"] = to_csv(fw, cards).encode("utf-8")
        site.assets["scores.xlsx"] = make_workbook(fw, cards)
        return
    site.scratch = scratch_folder()
    site.files.update(write_downloads(project, site.scratch))


def scratch_folder() -> Path:
    """A new folder for the files written for one build; `GeneratedSite.close` removes it, and
    if the build is killed first, the next build does (it is named by the build's process)."""
    return scratch_dir("downloads")


def download_paths(folder: Path) -> dict[str, Path]:
    """Where `write_downloads` writes into `folder`: site path -> file."""
    return {name: folder / name for name in ("scores.json", "scores.csv", "scores.xlsx")}


def write_downloads(project: Project, folder: Path, cache: Path | None = None) -> dict[str, Path]:
    """`scores.json`, `scores.csv` and `scores.xlsx` written into `folder`: site path -> file.
    With `cache`, the workbook of a build whose inputs did not change is taken from there."""
    fw, cards = project.framework, project.scorecards
    paths = download_paths(folder)
    # Megabytes for a large organization: written out piece by piece, never held.
    _write(paths["scores.json"], json_chunks(fw, cards))
    _write(paths["scores.csv"], [to_csv(fw, cards)])
    _write_bytes(paths["scores.xlsx"], cached_workbook(project, cache))
    return paths


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _write(path: Path, chunks) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.writelines(chunks)
    return path


def _asset(templates: Path | None, name: str) -> bytes:
    """A file of site_templates/assets/: the project's own override, else cxm's."""
    for folder in (templates, BUILTIN_TEMPLATES):
        if folder is not None and (folder / "assets" / name).is_file():
            return (folder / "assets" / name).read_bytes()
    raise FileNotFoundError(f"site_templates/assets/{name}")


def authoring(settings: Settings) -> Authoring:
    """Where the questionnaire's files go: the assessments folder as the repository sees it."""
    folder = settings.assessments
    try:
        relative = folder.resolve().relative_to(settings.root.resolve()).as_posix()
    except ValueError:  # outside the repository: only its name is known
        relative = folder.name
    return Authoring(
        relative, modeline(settings, folder / "team" / "date.yaml"), settings.new_file_base
    )


def write_plain(site: GeneratedSite, out_dir: Path) -> list[Path]:
    """`cxm generate`: the same pages and charts as plain files, for any site engine."""
    written = []
    for path, data in [(p.path, p.content.encode("utf-8")) for p in site.pages] + sorted(
        site.assets.items()
    ):
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written
