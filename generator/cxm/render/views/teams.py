"""The list of teams by group (teams/index.md)."""

from __future__ import annotations

from .site import Site
from .view import View


def teams_page(site: Site) -> View:
    view = View("teams/index.md", "Teams", "teams.md.j2")
    view.context.update(groups=[site.group(g) for g in site.org.groups()])
    return view
