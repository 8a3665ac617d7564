"""An assessment written as YAML text, laid out as `cxm new` lays out its files: the schema
modeline, the fields in the format's order, areas and practices in the framework's order,
each area's name and each practice's question as a comment.

Strings are written as JSON strings, which YAML reads as double-quoted scalars, with what YAML
would not read as written (C1 controls, line separators) escaped.
"""

from __future__ import annotations

import json
import re

from ..model.assessment import Action, Assessment, PracticeScore
from ..model.framework import Framework

# JSON leaves these as they are; YAML takes them for line breaks or refuses them.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# The order of a practice's fields in the file; any other field follows them.
_PRACTICE_ORDER = ("level", "not_applicable", "ratings", "evidence", "target", "notes")


def yaml_string(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def comment(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _summary(text: str) -> list[str]:
    body = text[:-1] if text.endswith("\n") else text
    plain = (
        body
        and not body[0].isspace()
        and "\r" not in body
        and not body.endswith("\n")
        and yaml_string(body) == json.dumps(body, ensure_ascii=False)
        and all(ch >= " " or ch in "\n\t" for ch in body)
    )
    if not plain:
        return [f"summary: {yaml_string(text)}"]
    lines = ["summary: |" if text.endswith("\n") else "summary: |-"]
    lines.extend(f"  {line}" if line else "" for line in body.split("\n"))
    return lines


def _practice(practice_id: str, score: PracticeScore, question: str) -> list[str]:
    fields = score.model_dump(exclude_none=True)
    if set(fields) == {"level"}:
        return [f"    {practice_id}: {score.level}{question}"]
    lines = [f"    {practice_id}:{question}"]
    for key in [*_PRACTICE_ORDER, *(k for k in fields if k not in _PRACTICE_ORDER)]:
        value = fields.get(key)
        if value is None:
            continue
        if key == "ratings":
            pairs = ", ".join(f"{yaml_string(k)}: {v}" for k, v in value.items())
            lines.append(f"      ratings: {{{pairs}}}")
        elif isinstance(value, str):
            lines.append(f"      {key}: {yaml_string(value)}")
        else:
            lines.append(f"      {key}: {value}")
    return lines


def _action(action: Action) -> list[str]:
    lines = [f"  - title: {yaml_string(action.title)}", f"    area: {yaml_string(action.area)}"]
    if action.practice:
        lines.append(f"    practice: {yaml_string(action.practice)}")
    if action.owner:
        lines.append(f"    owner: {yaml_string(action.owner)}")
    if action.due:
        lines.append(f"    due: {action.due.isoformat()}")
    lines.append(f"    status: {action.status}")
    if action.notes:
        lines.append(f"    notes: {yaml_string(action.notes)}")
    return lines


def assessment_text(fw: Framework, a: Assessment, header: list[str]) -> str:
    """The assessment as a file: `header` (the modeline, comments), then its fields."""
    lines = [*header, f"team: {yaml_string(a.team)}"]
    if a.group:
        lines.append(f"group: {yaml_string(a.group)}")
    lines.append(f"date: {a.date.isoformat()}")
    lines.append("assessors: [" + ", ".join(yaml_string(n) for n in a.assessors) + "]")
    if a.summary:
        lines.extend(_summary(a.summary))
    if a.targets:
        lines.append("targets:")
        lines.extend(f"  {area}: {level}" for area, level in a.targets.items())
    scale = ", ".join(f"{n} {spec.name}" for n, spec in sorted(fw.levels.items()))
    lines.append(f"scores:  # levels: {scale}")
    for area in fw.areas:
        given = a.scores.get(area.id)
        if not given:
            continue
        lines.append(f"  {area.id}:  # {comment(area.name)}")
        for practice in area.practices:
            if practice.id in given:
                question = f"  # {comment(practice.question)}" if practice.question else ""
                lines.extend(_practice(practice.id, given[practice.id], question))
    if a.metrics:
        lines.append("metrics:")
        for key, metric in a.metrics.items():
            if metric.target is None and metric.source is None:
                lines.append(f"  {key}: {_number(metric.value)}")
                continue
            lines.append(f"  {key}:")
            lines.append(f"    value: {_number(metric.value)}")
            if metric.target is not None:
                lines.append(f"    target: {_number(metric.target)}")
            if metric.source is not None:
                lines.append(f"    source: {yaml_string(metric.source)}")
    if a.actions:
        lines.append("actions:")
        for action in a.actions:
            lines.extend(_action(action))
    return "\n".join(lines) + "\n"
