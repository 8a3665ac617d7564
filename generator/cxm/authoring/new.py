"""`cxm new`: the next assessment of a team, prefilled from its latest one.

The file is written as text rather than dumped, so that it carries what an assessor needs in
the workshop: each practice's question as a comment, the scale, and what came from last time.
Strings are written as JSON strings, which YAML reads as double-quoted scalars.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from ..config import Settings
from ..errors import CxmError, UsageError
from ..model.assessment import practice_level
from ..model.assessment_file import AssessmentFile
from ..model.framework import Framework
from ..project import Project
from ..slugs import team_slug


class Exists(CxmError):
    """The file (or another assessment of the team on that date) exists already: exit 1."""


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def target_path(settings: Settings, team: str, date: dt.date) -> Path:
    return settings.assessments / team_slug(team) / f"{date.isoformat()}.yaml"


def modeline(settings: Settings, path: Path) -> str:
    schema = settings.root / "schema" / "assessment.schema.json"
    relative = Path(os.path.relpath(schema, path.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}"


def latest_of(project: Project, team: str) -> AssessmentFile | None:
    slug = team_slug(team)
    mine = [item for item in project.loaded if item.slug == slug]
    return max(mine, key=lambda i: (i.assessment.date, i.path), default=None)


def next_assessment_text(
    fw: Framework, team: str, date: dt.date, previous: AssessmentFile | None, header: str
) -> str:
    low = fw.scale[0]
    scale = ", ".join(f"{n} {spec.name}" for n, spec in sorted(fw.levels.items()))
    a = previous.assessment if previous else None
    lines = [header]
    if a is None:
        lines.append("# A new team: every practice starts at the lowest level; set each one.")
    else:
        lines.append(
            f"# Prefilled from {previous.path} ({a.date}): review every level and evidence."
        )
    lines.append(f"team: {_s(a.team if a else team)}")
    if a and a.group:
        lines.append(f"group: {_s(a.group)}")
    elif a is None:
        lines.append('# group: "Department or business unit"')
    lines.append(f"date: {date.isoformat()}")
    assessors = a.assessors if a else ["Your Name"]
    lines.append("assessors: [" + ", ".join(_s(n) for n in assessors) + "]")
    lines.append("summary: |")
    lines.append("  What changed since the last assessment.")
    if a and a.targets:
        lines.append("targets:")
        lines.extend(f"  {area}: {level}" for area, level in a.targets.items())
    lines.append(f"scores:  # levels: {scale}")
    for area in fw.areas:
        given = a.scores.get(area.id, {}) if a else {}
        lines.append(f"  {area.id}:  # {_comment(area.name)}")
        for practice in area.practices:
            question = f"  # {_comment(practice.question)}" if practice.question else ""
            entry = given.get(practice.id)
            if entry is None:
                lines.append(f"    {practice.id}: {low}{question}")
                continue
            level = practice_level(entry)
            if not entry.evidence and entry.target is None:
                lines.append(f"    {practice.id}: {level}{question}")
                continue
            lines.append(f"    {practice.id}:{question}")
            lines.append(f"      level: {level}")
            if entry.evidence:
                lines.append(f"      evidence: {_s(entry.evidence)}  # review: still true?")
            if entry.target is not None:
                lines.append(f"      target: {entry.target}")
    if fw.metrics:
        lines.append("# metrics: measure again; last values shown")
        lines.append("# metrics:")
        for metric in fw.metrics:
            last = a.metrics.get(metric.id) if a else None
            value = f"{last.value:g}" if last else "value"
            unit = f" {metric.unit}" if metric.unit else ""
            lines.append(f"#   {metric.id}: {value}  # {_comment(metric.name)}{unit}")
    open_actions = [x for x in (a.actions if a else []) if x.status in ("planned", "in_progress")]
    if open_actions:
        lines.append("actions:  # still open last time")
        for action in open_actions:
            lines.append(f"  - title: {_s(action.title)}")
            lines.append(f"    area: {action.area}")
            if action.practice:
                lines.append(f"    practice: {action.practice}")
            if action.owner:
                lines.append(f"    owner: {_s(action.owner)}")
            if action.due:
                lines.append(f"    due: {action.due.isoformat()}")
            lines.append(f"    status: {action.status}")
    return "\n".join(lines) + "\n"


def write_new(project: Project, team: str, date: dt.date) -> Path:
    settings = project.settings
    if project.framework is None:
        raise CxmError("the framework has errors: run `cxm validate`")
    if date > project.today:
        raise UsageError(f"date {date} is in the future")
    previous = latest_of(project, team)
    name = previous.assessment.team if previous else team
    path = target_path(settings, name, date)
    same_day = [
        item.path
        for item in project.loaded
        if item.slug == team_slug(name) and item.assessment.date == date
    ]
    if path.exists() or same_day:
        where = settings.display(path) if path.exists() else same_day[0]
        raise Exists(f"{where} already assesses {name} on {date}; nothing was written")
    text = next_assessment_text(project.framework, name, date, previous, modeline(settings, path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path
