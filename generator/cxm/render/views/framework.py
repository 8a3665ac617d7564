"""The whole rubric, the metrics and how earlier versions map onto this one (framework.md)."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.framework import Framework
from .site import Site
from .view import View


@dataclass(frozen=True, slots=True)
class Moved:
    old: str  # 'area.practice' of the earlier version
    now: str | None  # "Area · Practice" of this version, None when dropped


def framework_page(site: Site) -> View:
    view = View("framework.md", "Framework", "framework.md.j2")
    view.context.update(earlier=_earlier(site.fw))
    return view


def _earlier(fw: Framework) -> list[tuple[int, dict[str, str], list[Moved]]]:
    """Per earlier version: its renamed areas (old id -> name now) and its moved or dropped
    practices, by the names a reader knows today."""
    out = []
    for version in sorted(fw.migrations):
        migration = fw.migrations[version]
        areas = {
            old: (fw.area(new).name if fw.area(new) else new)
            for old, new in migration.areas.items()
        }
        moved = [Moved(old, _named(fw, new)) for old, new in migration.practices.items()]
        out.append((version, areas, moved))
    return out


def _named(fw: Framework, path: str | None) -> str | None:
    if path is None:
        return None
    area_id, practice_id = path.split(".", 1)
    area = fw.area(area_id)
    practice = next((p for p in area.practices if p.id == practice_id), None) if area else None
    # Through later migrations an id may not be this version's: then it is shown as written.
    return f"{area.name} · {practice.name}" if area and practice else path
