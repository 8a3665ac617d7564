"""Render: scorecards -> Markdown pages (Jinja2 templates) and the charts they show.

Every value a template prints goes through `_finalize`: text from YAML becomes inert text
unless it was made safe on purpose (Markup: rendered Markdown fields, links we build).
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from fractions import Fraction
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..charts.chart import Chart
from ..errors import CxmError
from ..model.assessment import is_overdue
from ..score.organization import Organization, at_target, is_stale, overdue_actions, team_target
from ..score.scorecard import Scorecard, rounded
from . import markup
from .indent import KeepIndentOfContentLines

BUILTIN_TEMPLATES = Path(str(files("cxm"))) / "site_templates"
if not BUILTIN_TEMPLATES.is_dir():  # a source checkout: templates live at the repository root
    BUILTIN_TEMPLATES = Path(__file__).resolve().parents[3] / "site_templates"

CSS_PATH = "assets/cxm/cxm.css"
CHART_DIR = "assets/cxm/charts"


class TemplateProblem(CxmError):
    """A template (usually an override) could not be rendered: exit 1 with its file and line."""


@dataclass
class Page:
    path: str
    title: str
    content: str
    edit_url: str | None = None  # where to edit the YAML file behind the page


@dataclass
class Rendered:
    pages: list[Page] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def _finalize(value: Any) -> Markup:
    # Autoescape is on, so macros and callers stay Markup; anything else is inert text.
    if isinstance(value, Markup):
        return value
    return Markup("") if value is None else Markup(markup.text(value))


@functools.lru_cache(maxsize=4096)
def one(value: Fraction | float | None) -> Markup:
    """One decimal, as pages show numbers (half to even)."""
    return Markup("–" if value is None else f"{rounded(Fraction(value), 1):.1f}")


@functools.lru_cache(maxsize=4096)
def signed(value: Fraction | float | None) -> Markup:
    if value is None:
        return Markup('<span class="cxm-change">–</span>')
    r = rounded(Fraction(value), 1)
    if r > 0:
        return Markup(f'<span class="cxm-change cxm-up" title="up">▲ +{r:.1f}</span>')
    if r < 0:
        return Markup(f'<span class="cxm-change cxm-down" title="down">▼ {r:.1f}</span>')
    return Markup('<span class="cxm-change cxm-flat" title="unchanged">■ 0.0</span>')


@functools.lru_cache(maxsize=4096)
def percent(value: Fraction | None) -> Markup:
    return Markup("–" if value is None else f"{rounded(Fraction(value) * 100, 0):.0f}%")


def metric_value(value: float | None, unit: str = "") -> Markup:
    if value is None:
        return Markup("–")
    number = f"{value:g}"
    unit = markup.text(unit)
    return Markup(
        f"{number}{unit}" if unit == "&#37;" else (f"{number} {unit}" if unit else number)
    )


def _relative(target: str, page: str) -> str:
    """The link from `page` to `target` (site paths)."""
    return _relative_to_folder(target, posixpath.dirname(page) or ".")


@functools.lru_cache(maxsize=4096)
def _relative_to_folder(target: str, folder: str) -> str:
    # Cached: relpath asks the OS for the current folder twice per call, and the pages of a
    # folder (teams/, areas/) link to the same few hundred paths.
    return posixpath.relpath(target, folder)


@functools.lru_cache(maxsize=8)
def environment(templates: Path | None) -> jinja2.Environment:
    """One environment per templates folder for the process: templates are compiled once,
    and recompiled only when their file changes (Jinja checks, e.g. in `mkdocs serve`)."""
    return _environment(templates)


def _environment(templates: Path | None) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))]
    if templates is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(templates)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        finalize=_finalize,
        autoescape=True,  # with _finalize: every printed value is safe unless made so on purpose
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[KeepIndentOfContentLines],
    )
    env.filters.update(
        md=markup.render_markdown,
        mdi=markup.render_inline,
        one=one,
        signed=signed,
        percent=percent,
        metric=metric_value,
    )
    return env


class SiteRenderer:
    """Builds every generated page of the site (and the list of charts they show)."""

    def __init__(
        self,
        org: Organization,
        env: jinja2.Environment,
        *,
        edit_base: str | None,
        site_name: str,
        site_url: str | None = None,
        stale_after_days: int | None,
    ):
        self.org = org
        self.fw = org.framework
        self.env = env
        self.edit_base = edit_base
        self.site_name = site_name
        self.site_url = (site_url or "").rstrip("/")
        self.stale_after_days = stale_after_days
        self.out = Rendered()
        low, high = self.fw.scale
        self.vmin, self.vmax = low, high
        self.group_of = {c.loaded.slug: g for g in org.groups() for c in g.cards}

    # -- helpers available to templates ---------------------------------------------------

    def chart(self, page: str, ident: str, kind: str, alt: str, **kwargs: Any) -> Markup:
        path = f"{CHART_DIR}/{ident}.svg"
        self.out.charts.append(Chart(path, kind, kwargs, alt))
        src = _relative(path, page)
        # Markdown image syntax: MkDocs rewrites its URL for directory URLs; raw <img> it would not.
        return Markup(f"![{markup.text(alt)}]({src}){{ .cxm-chart }}")

    def _render(
        self, template: str, path: str, title: str, edit_url: str | None = None, **context: Any
    ) -> None:
        def link(target: str) -> Markup:
            return Markup(_relative(target, path))

        try:
            content = self._template(template).render(
                page_path=path,
                link=link,
                fw=self.fw,
                org=self.org,
                today=self.org.today,
                stale_after_days=self.stale_after_days,
                site_name=self.site_name,
                site_url=self.site_url,
                level_name=self.level_name,
                stage_badge=self.stage_badge,
                team_path=self.team_path,
                group_of=self.group_of,
                is_overdue=lambda a: is_overdue(a, self.org.today),
                is_stale=lambda c: is_stale(c, self.org.today, self.stale_after_days),
                overdue_actions=lambda c: overdue_actions(c, self.org.today),
                at_target=at_target,
                team_target=team_target,
                edit_url=edit_url,
                **context,
            )
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or template
            line = getattr(exc, "lineno", None)
            raise TemplateProblem(
                f"template {where}{f':{line}' if line else ''}: {exc.message or exc}"
            ) from None
        self.out.pages.append(Page(path, title, content, edit_url))

    def _template(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"template {exc.filename or name}:{exc.lineno}: {exc.message}"
            ) from None

    def level_name(self, value: Fraction | float | None) -> str:
        if value is None:
            return "Not assessed"
        return self.fw.levels[int(value // 1)].name

    def stage_badge(self, card: Scorecard) -> Markup:
        if card.stage_level is None:
            return Markup('<span class="cxm-stage">Not assessed</span>')
        low, high = self.fw.scale
        # Stage colour by position on the scale, so any scale (0..3, 1..5) gets the full ramp.
        step = round(4 * (card.stage_level - low) / max(1, high - low))
        return Markup(
            f'<span class="cxm-stage cxm-stage-{step}">{card.stage_level} · '
            f"{markup.text(card.stage.name)}</span>"
        )

    @staticmethod
    def team_path(card: Scorecard) -> str:
        return f"teams/{card.loaded.slug}.md"

    # -- pages ----------------------------------------------------------------------------

    def render(self) -> Rendered:
        self.overview()
        self.teams_index()
        for history in self.org.histories.values():
            self.team(history)
        for group in self.org.groups():
            self.group(group)
        self.areas_index()
        for area in self.fw.areas:
            self.area(area)
        self._render("framework.md.j2", "framework.md", "Framework")
        self._render("downloads.md.j2", "downloads.md", "Downloads")
        return self.out

    def _area_labels(self) -> list[str]:
        return [a.name for a in self.fw.areas]

    def overview(self) -> None:
        path = "index.md"
        latest = self.org.latest
        heatmap = self.chart(
            path,
            "overview-heatmap",
            "heatmap",
            "Heatmap of every team's latest score in each area",
            row_labels=[c.assessment.team for c in latest],
            col_labels=self._area_labels(),
            values=[[rounded(r.score, 2) for r in c.areas] for c in latest],
            vmin=self.vmin,
            vmax=self.vmax,
        )
        trend = self.org.trend()
        trend_chart = self.chart(
            path,
            "overview-trend",
            "trend",
            "Median overall score of the organization per quarter",
            dates=[q for q, _, _ in trend],
            values=[rounded(v, 2) for _, v, _ in trend],
            vmin=self.vmin,
            vmax=self.vmax,
        )
        distribution = self.chart(
            path,
            "overview-distribution",
            "distribution",
            "Each team's latest score per area, with the median",
            labels=self._area_labels(),
            values=[
                [
                    float(rounded(r.score, 2))
                    for c in latest
                    if (r := c.area(a.id)) and r.score is not None
                ]
                for a in self.fw.areas
            ],
            vmin=self.vmin,
            vmax=self.vmax,
        )
        self._render(
            "overview.md.j2",
            path,
            "Overview",
            heatmap=heatmap,
            trend=trend,
            trend_chart=trend_chart,
            distribution=distribution,
        )

    def teams_index(self) -> None:
        self._render("teams.md.j2", "teams/index.md", "Teams", groups=self.org.groups())

    def team(self, history: list[Scorecard]) -> None:
        card = history[-1]
        path = self.team_path(card)
        slug = card.loaded.slug
        labels = self._area_labels()
        series = [("Current", [rounded(r.score, 2) for r in card.areas])]
        if card.previous is not None:
            series.append(("Previous", [rounded(r.score, 2) for r in card.previous.areas]))
        series.append(("Target", [float(r.target) for r in card.areas]))
        radar = self.chart(
            path,
            f"team-{slug}-radar",
            "radar",
            f"Radar chart of {card.assessment.team}'s area scores against the target",
            labels=labels,
            series=series,
            vmin=self.vmin,
            vmax=self.vmax,
        )
        dates = [c.assessment.date.isoformat() for c in history]
        history_chart = self.chart(
            path,
            f"team-{slug}-history",
            "history",
            f"Overall and area scores of {card.assessment.team} over time",
            dates=dates,
            series=[("Overall", [rounded(c.overall, 2) for c in history])]
            + [
                (a.name, [rounded(c.areas[i].score, 2) for c in history])
                for i, a in enumerate(self.fw.areas)
            ],
            vmin=self.vmin,
            vmax=self.vmax,
        )
        metrics = []
        for metric in self.fw.metrics:
            values = [c.assessment.metrics.get(metric.id) for c in history]
            if not any(values):
                continue
            current = card.assessment.metrics.get(metric.id)
            chart = None
            if len([v for v in values if v]) > 1:
                chart = self.chart(
                    path,
                    f"team-{slug}-metric-{metric.id}",
                    "metric_trend",
                    f"{metric.name} of {card.assessment.team} over time",
                    dates=dates,
                    values=[v.value if v else None for v in values],
                    name=metric.name,
                    unit=metric.unit,
                    vmin=metric.min
                    if metric.min is not None
                    else min(v.value for v in values if v),
                    vmax=metric.max
                    if metric.max is not None
                    else max(v.value for v in values if v),
                    better=metric.better,
                    target=current.target if current else None,
                )
            previous = next((v for v in reversed(values[:-1]) if v), None)
            metrics.append(
                {"spec": metric, "current": current, "previous": previous, "chart": chart}
            )
        self._render(
            "team.md.j2",
            path,
            card.assessment.team,
            edit_url=self.edit_url(card.loaded.path),
            card=card,
            history=history,
            radar=radar,
            history_chart=history_chart,
            metrics=metrics,
            group=self.group_of.get(slug),
        )

    def group(self, group) -> None:
        path = f"groups/{group.slug}/index.md"
        heatmap = self.chart(
            path,
            f"group-{group.slug}-heatmap",
            "heatmap",
            f"Heatmap of the latest scores of the teams in {group.name}",
            row_labels=[c.assessment.team for c in group.cards],
            col_labels=self._area_labels(),
            values=[[rounded(r.score, 2) for r in c.areas] for c in group.cards],
            vmin=self.vmin,
            vmax=self.vmax,
        )
        means = []
        for area in self.fw.areas:
            scores = [
                r.score for c in group.cards if (r := c.area(area.id)) and r.score is not None
            ]
            means.append(
                (area, sum(scores, Fraction(0)) / len(scores) if scores else None, len(scores))
            )
        self._render("group.md.j2", path, group.name, group=group, heatmap=heatmap, means=means)

    def areas_index(self) -> None:
        self._render("areas.md.j2", "areas/index.md", "Areas", gaps=self.org.area_gaps())

    def area(self, area) -> None:
        path = f"areas/{area.id}.md"
        rows = [(c, c.area(area.id)) for c in self.org.latest]
        rows = [(c, r) for c, r in rows if r is not None and r.score is not None]
        rows.sort(key=lambda cr: (-cr[1].score, cr[0].assessment.team.casefold()))
        common: dict[tuple[str, str], list[Scorecard]] = {}
        for card in self.org.latest:
            for step in card.next_steps:
                if step.area.id == area.id:
                    common.setdefault((step.practice.id, step.text), []).append(card)
        common_steps = sorted(common.items(), key=lambda kv: -len(kv[1]))[:10]
        practice_names = {p.id: p.name for p in area.practices}
        chart = None
        if rows:
            chart = self.chart(
                path,
                f"area-{area.id}-teams",
                "distribution",
                f"Each team's latest score in {area.name}, with the median",
                labels=[p.name for p in area.practices],
                values=[
                    [
                        float(pr.level)
                        for c, r in rows
                        for pr in r.practices
                        if pr.practice.id == p.id and pr.level is not None
                    ]
                    for p in area.practices
                ],
                vmin=self.vmin,
                vmax=self.vmax,
            )
        self._render(
            "area.md.j2",
            path,
            area.name,
            area=area,
            rows=rows,
            chart=chart,
            common_steps=common_steps,
            practice_names=practice_names,
        )

    def edit_url(self, yaml_path: str) -> str | None:
        return f"{self.edit_base}{yaml_path}" if self.edit_base else None


def edit_base(repo_url: str | None, edit_uri: str | None, docs_dir_name: str) -> str | None:
    """The URL prefix that edits a file at the repository root, from MkDocs' settings.

    MkDocs' edit_uri points into docs_dir (e.g. 'edit/main/docs/'); assessments live beside
    docs_dir, so the docs_dir part is dropped.
    """
    if not repo_url:
        return None
    if edit_uri is None:
        # MkDocs' own default for these hosts, so generated and hand-written pages agree.
        edit_uri = "edit/master/docs/" if ("github.com" in repo_url or "gitlab" in repo_url) else ""
    if not edit_uri:
        return None
    base = edit_uri.rstrip("/")
    if base.endswith("/" + docs_dir_name) or base == docs_dir_name:
        base = base[: -len(docs_dir_name)].rstrip("/")
    if base.startswith(("http://", "https://")):
        return base + "/"
    return repo_url.rstrip("/") + "/" + (base + "/" if base else "")


def render_site(
    org: Organization,
    templates: Path | None,
    *,
    edit: str | None = None,
    site_name: str = "CX maturity",
    site_url: str | None = None,
    stale_after_days: int | None = None,
) -> Rendered:
    renderer = SiteRenderer(
        org,
        environment(templates),
        edit_base=edit,
        site_name=site_name,
        site_url=site_url,
        stale_after_days=stale_after_days,
    )
    return renderer.render()
