"""The list of areas by mean gap (areas/index.md)."""

from __future__ import annotations

from .site import Site
from .view import View


def areas_page(site: Site) -> View:
    view = View("areas/index.md", "Areas", "areas.md.j2")
    gaps = site.org.area_gaps()
    assessed = {g.area_id for g in gaps}
    view.context.update(gaps=gaps, unassessed=[a for a in site.fw.areas if a.id not in assessed])
    return view
