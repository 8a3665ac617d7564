"""Render: scorecards -> Markdown pages (Jinja2 templates) and the charts they show.

The builders in `views` prepare what each page shows; this renders their templates, with the
few variables every template gets, and turns a template's mistake into a TemplateProblem.
Every printed value is made safe by the environment (environment.py).
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from markupsafe import Markup

from ..charts.chart import Chart
from ..errors import CxmError
from ..score.organization import Organization
from .environment import environment
from .links import relative
from .views.area import area_page
from .views.areas import areas_page
from .views.assess import DEFAULT_MODELINE, Authoring, assess_page
from .views.downloads import downloads_page
from .views.framework import framework_page
from .views.group import group_page
from .views.overview import overview_page
from .views.rows import TeamRow
from .views.site import Site
from .views.team import team_page
from .views.teams import teams_page
from .views.view import View


class TemplateProblem(CxmError):
    """A template (usually an override) could not be rendered: exit 1 with its file and line."""


@dataclass
class Page:
    path: str
    title: str
    content: str
    edit_url: str | None = None  # where to edit the YAML file behind the page
    charts: tuple[str, ...] = ()  # site paths of the charts it shows


@dataclass
class Rendered:
    pages: list[Page] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)  # site path -> content


def page_views(
    site: Site,
    teams: set[str] | None = None,
    authoring: Authoring | None = None,
    *,
    skip: frozenset[str] = frozenset(),
    shared: bool = True,
) -> Iterator[View]:
    """Every generated page, in the order of the navigation; of the team scorecards and group
    roll-ups only those of `teams` (slugs) when it is given. The scorecards of `skip` are left
    out; with `shared=False`, every page but the scorecards is."""
    if shared:
        yield overview_page(site)
        yield teams_page(site)
    for slug, history in site.org.histories.items():
        if (teams is None or slug in teams) and slug not in skip:
            yield team_page(site, history)
    if not shared:
        return
    for group in site.org.groups():
        if teams is None or any(card.loaded.slug in teams for card in group.cards):
            yield group_page(site, group)
    yield areas_page(site)
    for area in site.fw.areas:
        yield area_page(site, area)
    yield framework_page(site)
    yield downloads_page(site)
    yield assess_page(site, authoring or Authoring("assessments", DEFAULT_MODELINE))


def render_site(
    org: Organization,
    templates: Path | None,
    *,
    edit: str | None = None,
    site_name: str = "CX maturity",
    site_url: str | None = None,
    stale_after_days: int | None = None,
    teams: set[str] | None = None,
    rows: dict[int, TeamRow] | None = None,
    authoring: Authoring | None = None,
    skip: frozenset[str] = frozenset(),
    shared: bool = True,
) -> Rendered:
    """Every page (of the team scorecards, only those of `teams` when it is given). `rows`:
    the team rows of an earlier rendering of the same day, by id of their scorecard. `skip`
    and `shared`: as for `page_views`, to render a site in parts (`merged`)."""
    site = Site(
        org,
        site_name=site_name,
        site_url=(site_url or "").rstrip("/"),
        stale_after_days=stale_after_days,
        edit_base=edit,
        _rows=rows if rows is not None else {},
    )
    env = environment(templates)
    # The variables of every template (docs/reference/templates.md); a view adds its own.
    common = {
        "fw": site.fw,
        "org": org,
        "today": site.today,
        "stale_after_days": stale_after_days,
        "site_name": site_name,
        "site_url": site.site_url,
    }
    out = Rendered()
    for view in page_views(site, teams, authoring, skip=skip, shared=shared):
        out.charts.extend(view.charts)
        out.assets.update(view.assets)
        content = _render(env, view, common)
        charts = tuple(c.path for c in view.charts)
        out.pages.append(Page(view.path, view.title, content, view.edit_url, charts))
    return out


def merged(ours: Rendered, theirs: Rendered, scorecards: list[str]) -> Rendered:
    """A site rendered in two parts, as one rendering would have it: `theirs` has some team
    scorecards, `ours` the rest, the first scorecard included. `scorecards`: the paths of every
    team scorecard, in order."""
    order = set(scorecards)
    pages = {p.path: p for p in [*ours.pages, *theirs.pages] if p.path in order}
    assert scorecards[0] in pages and scorecards[0] not in {p.path for p in theirs.pages}
    out = Rendered(assets={**ours.assets, **theirs.assets})
    for page in ours.pages:
        if page.path == scorecards[0]:
            out.pages += [pages[path] for path in scorecards if path in pages]
        elif page.path not in order:
            out.pages.append(page)
    charts = {c.path: c for c in [*ours.charts, *theirs.charts]}
    out.charts = [charts[path] for page in out.pages for path in page.charts]
    return out


def _render(env: jinja2.Environment, view: View, common: dict[str, Any]) -> str:
    def link(target: str) -> Markup:
        return Markup(relative(target, view.path))

    try:
        template = env.get_template(view.template)
        return template.render(common, page_path=view.path, link=link, **view.context)
    except jinja2.TemplateError as exc:
        raise _problem(exc, view.template) from None
    except Exception as exc:
        frames = list(traceback.walk_tb(exc.__traceback__))
        if not frames or not _in_template(frames[-1][0]):
            raise  # raised by cxm's code, not by the template's own
        # The template's own mistake, such as calling a value that is not a function.
        raise _problem(exc, view.template) from None


def _problem(exc: Exception, name: str) -> TemplateProblem:
    if isinstance(exc, jinja2.TemplateError):
        message = exc.message or str(exc)
    else:
        message = f"{type(exc).__name__}: {exc}"
    if getattr(exc, "lineno", None):  # a syntax error knows its place
        return TemplateProblem(f"template {exc.filename or name}:{exc.lineno}: {message}")
    frames = _template_frames(exc)
    if not frames:
        return TemplateProblem(f"template {name}: {message}")
    (page, line), (inner, inner_line) = frames[0], frames[-1]
    where = f"{page}:{line}"
    if (inner, inner_line) != (page, line):  # e.g. in a macro the page calls
        where += f" (in {inner}:{inner_line})"
    return TemplateProblem(f"template {where}: {message}")


def _template_frames(exc: BaseException) -> list[tuple[str, int]]:
    """Where in the templates an error arose, outermost first: Jinja rewrites the traceback of
    a rendering error so that template code shows as frames of the template file."""
    return [
        (frame.f_code.co_filename, line)
        for frame, line in traceback.walk_tb(exc.__traceback__)
        if _in_template(frame)
    ]


def _in_template(frame: FrameType) -> bool:
    return "__jinja_exception__" in frame.f_globals  # the mark of Jinja's rewritten frames
