"""The questionnaire (assess/index.md): a page that walks a workshop through the framework and
writes the assessment file, in the browser, with nothing stored anywhere.

The page is static: the script (site_templates/assets/assess.js) reads what it needs from
ASSESS_DATA, a script this builder writes: the framework (scale, areas, practices, questions,
level texts, weights as exact fractions, metrics) and the teams; and, in a script per team that
the page loads when the team is chosen, the team's start for its next assessment, the same
prefill as `cxm new` (cxm.model.prefill).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

from ...model.framework import Framework
from ...model.prefill import Prefill, prefill
from ...score.scorecard import Scorecard, exact
from ..links import ASSESS_DATA, ASSESS_FORM, ASSESS_PATH, ASSESS_SCRIPT, ASSESS_TEAMS, relative
from .site import Site
from .view import View

# The modeline of assessments/<team>/<date>.yaml beside schema/ (what `cxm new` writes there).
DEFAULT_MODELINE = "# yaml-language-server: $schema=../../schema/assessment.schema.json"
URL_LIMIT = 8000  # characters: longer "propose" links fail on some hosts and browsers


@dataclass(frozen=True)
class Authoring:
    """Where a written file goes in the repository, and how the page proposes it there."""

    assessments: str  # the assessments folder, relative to the repository root (posix)
    modeline: str  # the schema modeline of a file in a team's folder
    new_file: tuple[str, str] | None = None  # (host, URL of its new-file page on the branch)


def assess_page(site: Site, authoring: Authoring) -> View:
    view = View(ASSESS_PATH, "Assess", "assess.md.j2")
    data = questionnaire_data(site.fw, site.org.latest, authoring)
    data["files"]["teams"] = relative(ASSESS_TEAMS, ASSESS_PATH)
    # Scripts rather than JSON files: a page opened from disk (file://) cannot fetch one.
    view.assets[ASSESS_DATA] = f"window.CXM_ASSESS = {_json(data)};\n".encode()
    # Each team's start in a script of its own, loaded when the team is chosen: the page
    # stays small however many teams the site has.
    for card in site.org.latest:
        a, slug = card.assessment, card.loaded.slug
        start = _json(prefill_data(prefill(site.fw, a.team, a)))
        registry = "(window.CXM_ASSESS_TEAMS = window.CXM_ASSESS_TEAMS || {})"
        view.assets[f"{ASSESS_TEAMS}/{slug}.js"] = (
            f"{registry}[{_json(slug)}] = {start};\n".encode()
        )
    view.context.update(
        scripts=[ASSESS_DATA, ASSESS_SCRIPT, ASSESS_FORM],
        host=authoring.new_file[0] if authoring.new_file else None,
    )
    return view


def _json(data: object) -> str:
    # ASCII only, and no "<" (only in strings, where \u003c means the same): the data stays
    # data even if a page ever inlines the script.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")


def _fraction(value: Fraction) -> list[int]:
    return [value.numerator, value.denominator]


def framework_data(fw: Framework) -> dict:
    return {
        "name": fw.name,
        "version": fw.version,
        "scale": list(fw.scale),
        "levels": [
            {"level": n, "name": spec.name, "description": spec.description}
            for n, spec in sorted(fw.levels.items())
        ],
        "default_target": fw.default_target,
        "evidence_required_from": fw.evidence_required_from,
        "areas": [
            {
                "id": area.id,
                "name": area.name,
                "description": area.description,
                "weight": _fraction(exact(area.weight)),
                "practices": [
                    {
                        "id": p.id,
                        "name": p.name,
                        "question": p.question,
                        "weight": _fraction(exact(p.weight)),
                        "levels": {str(n): text for n, text in sorted(p.levels.items())},
                        "next_steps": {str(n): list(s) for n, s in sorted(p.next_steps.items())},
                    }
                    for p in area.practices
                ],
            }
            for area in fw.areas
        ],
        "metrics": [
            {
                "id": m.id,
                "name": m.name,
                "unit": m.unit,
                "min": m.min,
                "max": m.max,
                "better": m.better,
            }
            for m in fw.metrics
        ],
    }


def prefill_data(start: Prefill) -> dict:
    return {
        "team": start.team,
        "group": start.group,
        "assessors": start.assessors,
        "summary": start.summary,
        "targets": start.targets,
        "scores": {
            area: {
                pid: {
                    "level": p.level,
                    "evidence": p.evidence,
                    "target": p.target,
                    "not_applicable": p.not_applicable,
                }
                for pid, p in practices.items()
            }
            for area, practices in start.scores.items()
        },
        "last_metrics": start.last_metrics,
        "actions": [
            {
                "title": a.title,
                "area": a.area,
                "practice": a.practice,
                "owner": a.owner,
                "due": a.due.isoformat() if a.due else None,
                "status": a.status,
            }
            for a in start.actions
        ],
    }


def questionnaire_data(fw: Framework, latest: list[Scorecard], authoring: Authoring) -> dict:
    teams = []
    for card in latest:
        a = card.assessment
        teams.append(
            {
                "slug": card.loaded.slug,
                "name": a.team,
                "from": card.loaded.path,
                "date": a.date.isoformat(),
            }
        )
    host, url = authoring.new_file or (None, None)
    return {
        "framework": framework_data(fw),
        "teams": teams,
        "new_team": prefill_data(prefill(fw, "", None)),
        "files": {"assessments": authoring.assessments, "modeline": authoring.modeline},
        "propose": {"host": host, "url": url, "limit": URL_LIMIT} if host else None,
    }
