"""The generated part of a site: pages, charts, styles and downloads, as in-memory files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .badges import team_badges
from .chartcache import ChartStats, render_charts
from .export import to_csv, to_json
from .pages import BUILTIN_TEMPLATES, CSS_PATH, Page, edit_base, render_site
from .progress import QUIET, Progress
from .project import Project
from .rollup import Organization


@dataclass
class GeneratedSite:
    org: Organization
    pages: list[Page]
    assets: dict[str, bytes]  # site path -> content (charts, CSS, downloads)
    stats: ChartStats = field(default_factory=ChartStats)

    def page(self, path: str) -> Page | None:
        return self._by_path.get(path)

    def __post_init__(self) -> None:
        self._by_path = {p.path: p for p in self.pages}


def generate(project: Project, use_cache: bool = True, progress: Progress = QUIET) -> GeneratedSite:
    settings = project.settings
    assert project.framework is not None and not project.errors
    org = Organization(
        project.framework, project.scorecards, project.today, settings.stale_after_days
    )
    rendered = render_site(
        org,
        settings.templates,
        edit=edit_base(settings.repo_url, settings.edit_uri, settings.docs_dir.name),
        site_name=settings.site_name,
        site_url=settings.site_url,
        stale_after_days=settings.stale_after_days,
    )
    stats = ChartStats()
    cache = settings.cache_dir if use_cache else None
    assets = render_charts(rendered.charts, cache, stats, progress)
    assets[CSS_PATH] = _css(settings.templates)
    assets.update(team_badges(org.latest))
    assets["scores.json"] = to_json(project.framework, project.scorecards).encode("utf-8")
    assets["scores.csv"] = to_csv(project.framework, project.scorecards).encode("utf-8")
    return GeneratedSite(org, rendered.pages, assets, stats)


def _css(templates: Path | None) -> bytes:
    for folder in (templates, BUILTIN_TEMPLATES):
        if folder is not None and (folder / "assets" / "cxm.css").is_file():
            return (folder / "assets" / "cxm.css").read_bytes()
    raise FileNotFoundError("site_templates/assets/cxm.css")


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
