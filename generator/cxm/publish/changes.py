"""What depends on what, for `cxm serve`: which input files changed, which teams are scored
again, which scorecards are rendered again, and when everything is.

- An assessment file changed: it is read and validated again (cxm.project.FileCache); the
  checks across files run again over all of them (they are cheap).
- Its team is scored again (a scorecard links to the one before it: the whole history).
- Its team's scorecard is rendered again, and every other team's whose inputs beside its own
  files changed: its group (name and page), the organization's medians and ranges that each
  scorecard shows, or the date (ages).
- A group's roll-up is rendered again when one of its teams is; the others (overview, teams,
  areas, framework, downloads) each time. A page is written out only when its text changed,
  so the site engine re-renders only those.
- Anything else (the framework, a template, mkdocs.yml, a hand-written page) rebuilds
  everything, and so does a change of the navigation (a team or group added, renamed, moved).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..model.assessment_file import AssessmentFile
from ..model.framework import Framework
from ..render.links import group_path, team_path
from ..score.organization import Organization
from ..score.scorecard import Scorecard, score_team

Stamp = tuple[int, int, int]  # modification time (ns), size, inode


def stamps(paths: Iterable[Path]) -> dict[Path, Stamp]:
    """Every file of `paths` (files, and the files below folders, hidden ones included), with
    its stamp: a file saved again has another one."""
    out: dict[Path, Stamp] = {}
    for path in paths:
        if path.is_dir():
            for folder, _dirs, names in os.walk(path):
                for name in names:
                    _stamp(Path(folder, name), out)
        else:
            _stamp(path, out)
    return out


def _stamp(path: Path, out: dict[Path, Stamp]) -> None:
    try:
        info = os.stat(path)
    except OSError:
        return  # gone meanwhile: not there
    out[path] = (info.st_mtime_ns, info.st_size, info.st_ino)


def changed(before: dict[Path, Stamp], after: dict[Path, Stamp]) -> list[Path]:
    """The files added, removed or saved between two `stamps`, sorted."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def only_below(paths: list[Path], folder: Path) -> bool:
    """Whether every path is below `folder` (an edit the preview can rebuild in part)."""
    return all(folder in p.parents for p in paths)


def rescore(
    teams: dict[str, list[AssessmentFile]],
    framework: Framework,
    previous: dict[str, list[Scorecard]],
) -> tuple[dict[str, list[Scorecard]], set[str]]:
    """Every team's history, and the slugs of those scored again: a team whose files are the
    very files scored before (unchanged, so not validated again) keeps its scorecards."""
    out: dict[str, list[Scorecard]] = {}
    again: set[str] = set()
    for slug in sorted(teams):
        items, before = teams[slug], previous.get(slug)
        if before is not None and _same_files(before, items):
            out[slug] = before
        else:
            out[slug] = score_team(items, framework)
            again.add(slug)
    return out, again


def _same_files(history: list[Scorecard], items: list[AssessmentFile]) -> bool:
    return len(history) == len(items) and all(
        card.loaded is item for card, item in zip(history, items, strict=True)
    )


def scorecard_context(org: Organization) -> dict[str, tuple]:
    """Per team slug, what its scorecard shows besides its own files: its group, and the
    organization's medians and ranges (overall and per area) as of today."""
    shared = (
        org.today,
        tuple(sorted(org.area_spread().items())),
        org.overall_spread(),
    )
    return {
        card.loaded.slug: (group.name, group.slug, shared)
        for group in org.groups()
        for card in group.cards
    }


def navigation(org: Organization) -> tuple:
    """What the navigation of every page shows: groups, their teams, and the areas."""
    groups = tuple(
        (g.name, g.slug, tuple((c.loaded.slug, c.assessment.team) for c in g.cards))
        for g in org.groups()
    )
    return groups, tuple((a.id, a.name) for a in org.framework.areas)


def page_paths(org: Organization) -> list[str]:
    """The pages a partial rendering may leave out: team scorecards and group roll-ups."""
    return [team_path(slug) for slug in org.histories] + [group_path(g.slug) for g in org.groups()]


def teams_to_render(
    before: dict[str, tuple], after: dict[str, tuple], rescored: set[str]
) -> set[str]:
    """The teams whose scorecards are rendered again: scored again, or whose context moved."""
    return {
        slug for slug, context in after.items() if slug in rescored or before.get(slug) != context
    }
