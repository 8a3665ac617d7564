"""Validation: loaded documents -> models, every problem a Diagnostic at its YAML position."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import typing
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..diagnostics import MAX_PER_FILE, Diagnostic, cap
from ..load.document import Document, Position
from ..load.reader import load_file
from ..model.assessment import Assessment, is_overdue, practice_level
from ..model.assessment_file import AssessmentFile
from ..model.framework import Framework
from ..slugs import team_slug


def _at(doc: Document, pos: Position, severity: str, code: str, message: str) -> Diagnostic:
    return Diagnostic(doc.path, pos.line, pos.column, severity, code, message)


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "file"


# -- Pydantic errors -> diagnostics ---------------------------------------------------------


def _models_in(annotation: object) -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            found.add(item)
        else:
            stack.extend(typing.get_args(item))
    return found


def _fields_at(model: type[BaseModel], loc: tuple) -> set[str]:
    """Field names allowed in the mapping at `loc`, for 'did you mean' suggestions."""
    models = {model}
    for part in loc:
        nested = {
            m
            for current in models
            if isinstance(part, str) and part in current.model_fields
            for m in _models_in(current.model_fields[part].annotation)
        }
        if nested:
            models = nested
    return {name for m in models for name in m.model_fields}


def pydantic_diagnostics(
    exc: ValidationError, doc: Document, model: type[BaseModel], code: str | None = None
) -> list[Diagnostic]:
    out = []
    # One more than a file shows: `cap` then says there are more.
    for error in exc.errors(include_url=False)[: MAX_PER_FILE + 1]:
        # Short forms add a 'level'/'value' step that is not in the text: drop it for positions.
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing":
            parent, name = loc[:-1], loc[-1]
            where = _dotted(parent)
            message = f"missing required field '{name}'" + (f" in {where}" if parent else "")
            pos, this_code = doc.value_pos(parent), "missing-field"
        elif kind == "extra_forbidden":
            name = loc[-1]
            message = f"unknown field '{name}'" + did_you_mean(name, _fields_at(model, loc[:-1]))
            pos, this_code = doc.key_pos(loc), "unknown-field"
        else:
            if loc and loc[-1] == "[key]":
                loc = loc[:-1]
                pos = doc.key_pos(loc)
            else:
                pos = doc.value_pos(loc)
            text = error["msg"].removeprefix("Value error, ")
            message = f"{_dotted(loc)}: {text}"
            this_code = "invalid-value"
        out.append(_at(doc, pos, "error", code or this_code, message))
    return out


def _model(doc: Document, model: type[BaseModel], code: str | None = None):
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__
        return None, [
            _at(
                doc,
                doc.value_pos(()),
                "error",
                code or "invalid-value",
                f"the file must be a mapping of fields, not a {kind}",
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, pydantic_diagnostics(exc, doc, model, code)


# -- framework ------------------------------------------------------------------------------


def validate_framework(doc: Document) -> tuple[Framework | None, list[Diagnostic]]:
    framework, diags = _model(doc, Framework, code="framework")
    if framework is None:
        return None, cap(diags)
    diags = cap(list(islice(_framework_checks(framework, doc), MAX_PER_FILE + 1)))
    return (None if diags else framework), diags


def _framework_checks(fw: Framework, doc: Document) -> Iterable[Diagnostic]:
    def err(loc: tuple, message: str, key: bool = False) -> Diagnostic:
        pos = doc.key_pos(loc) if key else doc.value_pos(loc)
        return _at(doc, pos, "error", "framework", message)

    levels = sorted(fw.levels)
    if levels[0] not in (0, 1) or levels != list(range(levels[0], levels[0] + len(levels))):
        yield err(("levels",), f"levels must be consecutive integers from 0 or 1, got {levels}")
    low, high = min(levels), max(levels)
    scale = set(levels)
    for name in ("default_target", "evidence_required_from"):
        value = getattr(fw, name)
        if value is not None and value not in scale:
            yield err((name,), f"{name} {value} is outside the scale {low}..{high}")

    seen_areas: dict[str, int] = {}
    for i, area in enumerate(fw.areas):
        if area.id in seen_areas:
            yield err(
                ("areas", i, "id"), f"area id '{area.id}' repeats area {seen_areas[area.id] + 1}"
            )
        seen_areas.setdefault(area.id, i)
        seen_practices: set[str] = set()
        for j, practice in enumerate(area.practices):
            ploc = ("areas", i, "practices", j)
            if practice.id in seen_practices:
                yield err((*ploc, "id"), f"practice id '{practice.id}' repeats in area '{area.id}'")
            seen_practices.add(practice.id)
            for level in practice.levels:
                if level not in scale:
                    yield err(
                        (*ploc, "levels", level),
                        f"level {level} is outside the scale {low}..{high}",
                        key=True,
                    )
            missing = [lv for lv in levels if lv not in practice.levels]
            if missing:
                yield err(
                    (*ploc, "levels"),
                    f"practice '{area.id}.{practice.id}' misses a description of level(s) "
                    + ", ".join(map(str, missing)),
                )
            for level in practice.next_steps:
                if level not in scale or level == high:
                    why = (
                        "the top level has no next step"
                        if level == high
                        else f"outside the scale {low}..{high}"
                    )
                    yield err(
                        (*ploc, "next_steps", level),
                        f"next_steps for level {level}: {why}",
                        key=True,
                    )
    seen_metrics: set[str] = set()
    for i, metric in enumerate(fw.metrics):
        if metric.id in seen_metrics:
            yield err(("metrics", i, "id"), f"metric id '{metric.id}' repeats")
        seen_metrics.add(metric.id)
        if metric.min is not None and metric.max is not None and metric.min >= metric.max:
            yield err(("metrics", i, "max"), f"metric '{metric.id}': max must be above min")


def load_framework(path: Path, display: str) -> tuple[Framework | None, list[Diagnostic]]:
    doc, diags = load_file(path, display)
    if doc is None:
        return None, cap(diags)
    framework, more = validate_framework(doc)
    return framework, diags + more


# -- assessment -----------------------------------------------------------------------------


def validate_assessment(
    doc: Document, fw: Framework | None, today: dt.date
) -> tuple[AssessmentFile | None, list[Diagnostic]]:
    """Validate one assessment; without a (valid) framework only its shape is checked."""
    assessment, diags = _model(doc, Assessment)
    if fw is None or (assessment is None and len(diags) > MAX_PER_FILE):
        return None, cap(diags)
    if assessment is None:
        # Every problem in one run: check the rest of the file against the framework too.
        # Entries set aside would read as "not assessed": `incomplete` waits for the next run.
        rest, set_aside = _without_invalid(doc.data)
        more = [] if rest is None else _assessment_checks(rest, doc, fw, today, set_aside)
        more = islice((d for d in more if d.code != "incomplete"), MAX_PER_FILE + 1)
        return None, cap(diags + list(more))
    # Every check, even past the cap: a hidden error must still keep the file out.
    diags = cap(list(_assessment_checks(assessment, doc, fw, today)))
    slug = team_slug(assessment.team)
    loaded = (
        None if any(d.is_error for d in diags) else AssessmentFile(assessment, _slim(doc), slug)
    )
    return loaded, diags


def _slim(doc: Document) -> Document:
    """What a valid assessment keeps of its document: the positions the checks across files
    report (top-level fields such as team and date, and the actions). The positions of every
    score, metric and target, most of a file, and the raw data (the model holds it) go: a
    large organization is validated and built in far less memory.
    """

    return Document(
        doc.path,
        None,
        {loc: pos for loc, pos in doc.keys.items() if len(loc) <= 1 or loc[0] == "actions"},
        {loc: pos for loc, pos in doc.values.items() if len(loc) <= 1 or loc[0] == "actions"},
    )


_DROPPED = object()


# Stands in for an action set aside, so the actions after it keep their positions.
_SET_ASIDE_ACTION = {"title": "set aside", "area": "", "status": "dropped"}


def _without_invalid(data: object) -> tuple[Assessment | None, frozenset[int]]:
    """The assessment without the entries Pydantic rejects (None if that still fails), and
    the positions of the actions set aside (placeholders now, for the checks to skip)."""
    if not isinstance(data, dict):
        return None, frozenset()
    try:
        return Assessment.model_validate(data), frozenset()
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    pruned = copy.deepcopy(data)
    for error in errors:
        loc = [part for part in error["loc"] if part != "[key]"]
        if error["type"] == "missing":
            loc = loc[:-1]
        # Set aside a whole score, metric, target or action entry, never a part of one.
        loc = loc[: 3 if loc[:1] == ["scores"] else 2]
        parent, key, node = None, None, pruned
        for part in loc:
            if (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            ):
                parent, key, node = node, part, node[part]
            else:
                break
        if parent is None:
            return None, frozenset()
        parent[key] = _DROPPED
    actions = pruned.get("actions")
    set_aside = frozenset()
    if isinstance(actions, list):
        set_aside = frozenset(i for i, v in enumerate(actions) if v is _DROPPED)
        pruned["actions"] = [_SET_ASIDE_ACTION if v is _DROPPED else v for v in actions]
    try:
        return Assessment.model_validate(_drop_marked(pruned)), set_aside
    except ValidationError:
        return None, frozenset()


def _drop_marked(value: object) -> object:
    if isinstance(value, dict):
        return {k: _drop_marked(v) for k, v in value.items() if v is not _DROPPED}
    if isinstance(value, list):
        # Items after one set aside would move up and take its position: set them aside too.
        end = next((i for i, v in enumerate(value) if v is _DROPPED), len(value))
        return [_drop_marked(v) for v in value[:end]]
    return value


def _assessment_checks(
    a: Assessment,
    doc: Document,
    fw: Framework,
    today: dt.date,
    set_aside: frozenset[int] = frozenset(),
) -> Iterable[Diagnostic]:
    low, high = fw.scale
    suggestions = 0

    def suggest(word: object, choices: Iterable[str]) -> str:
        # Fuzzy matching is the slow part of a diagnostic: only for those a file shows.
        nonlocal suggestions
        suggestions += 1
        return did_you_mean(word, choices) if suggestions <= MAX_PER_FILE else ""

    def error(code: str, loc: tuple, message: str, key: bool = False) -> Diagnostic:
        return _at(doc, doc.key_pos(loc) if key else doc.value_pos(loc), "error", code, message)

    def warning(code: str, loc: tuple, message: str, key: bool = True) -> Diagnostic:
        return _at(doc, doc.key_pos(loc) if key else doc.value_pos(loc), "warning", code, message)

    def in_scale(loc: tuple, value: int | None, what: str) -> tuple[Diagnostic, ...]:
        # A tuple, not a generator: this runs for every level and target of every file.
        if value is not None and not low <= value <= high:
            return (
                error("out-of-range", loc, f"{what} {value} is outside the scale {low}..{high}"),
            )
        return ()

    if not a.team.strip():
        yield error("invalid-value", ("team",), "team must not be blank")
    if a.date > today:
        yield error("invalid-value", ("date",), f"date {a.date} is in the future")

    area_ids = [area.id for area in fw.areas]
    for area_id, target in a.targets.items():
        if fw.area(area_id) is None:
            yield error(
                "unknown-area",
                ("targets", area_id),
                f"unknown area '{area_id}'" + suggest(area_id, area_ids),
                key=True,
            )
        yield from in_scale(("targets", area_id), target, "target")

    assessors = set(a.assessors)
    for area_id, practices in a.scores.items():
        area = fw.area(area_id)
        if area is None:
            yield error(
                "unknown-area",
                ("scores", area_id),
                f"unknown area '{area_id}'" + suggest(area_id, area_ids),
                key=True,
            )
            continue
        practice_ids = [p.id for p in area.practices]
        for practice_id, score in practices.items():
            loc = ("scores", area_id, practice_id)
            if practice_id not in practice_ids:
                yield error(
                    "unknown-practice",
                    loc,
                    f"unknown practice '{practice_id}' in area '{area_id}'"
                    + suggest(practice_id, practice_ids),
                    key=True,
                )
                continue
            yield from in_scale((*loc, "level"), score.level, "level")
            yield from in_scale((*loc, "target"), score.target, "target")
            if score.level is None and not score.ratings:
                yield error(
                    "missing-field", loc, f"'{area_id}.{practice_id}' needs a level or ratings"
                )
                continue
            for rater, level in (score.ratings or {}).items():
                rloc = (*loc, "ratings", rater)
                if rater not in assessors:
                    yield error(
                        "invalid-value",
                        rloc,
                        f"rater '{rater}' is not listed in assessors" + suggest(rater, assessors),
                        key=True,
                    )
                yield from in_scale(rloc, level, f"rating of {rater}")
            if score.ratings:
                values = list(score.ratings.values())
                spread = max(values) - min(values)
                if spread >= 2:
                    yield warning(
                        "disagreement",
                        (*loc, "ratings"),
                        f"raters disagree on '{area_id}.{practice_id}' by {spread} levels "
                        + "("
                        + ", ".join(f"{k}: {v}" for k, v in score.ratings.items())
                        + ")",
                    )
            level = practice_level(score)
            threshold = fw.evidence_required_from
            if (
                threshold is not None
                and level is not None
                and threshold <= level <= high
                and not (score.evidence or "").strip()
            ):
                yield warning(
                    "missing-evidence",
                    loc,
                    f"'{area_id}.{practice_id}' is at level {level} but has no evidence "
                    f"(required from level {threshold})",
                )
        for practice_id in practice_ids:
            if practice_id not in practices:
                yield warning(
                    "incomplete", ("scores", area_id), f"'{area_id}.{practice_id}' not assessed"
                )
    for area_id in area_ids:
        if area_id not in a.scores:
            yield warning("incomplete", ("scores",), f"'{area_id}' not assessed")

    metric_ids = [m.id for m in fw.metrics]
    for metric_id, entry in a.metrics.items():
        spec = fw.metric(metric_id)
        loc = ("metrics", metric_id)
        if spec is None:
            yield error(
                "unknown-metric",
                loc,
                f"unknown metric '{metric_id}'" + suggest(metric_id, metric_ids),
                key=True,
            )
            continue
        for field in ("value", "target"):
            value = getattr(entry, field)
            too_low = spec.min is not None and value is not None and value < spec.min
            too_high = spec.max is not None and value is not None and value > spec.max
            if too_low or too_high:
                bounds = f"{_num(spec.min)}..{_num(spec.max)}"
                yield error(
                    "out-of-range",
                    (*loc, field),
                    f"{metric_id} {field} {_num(value)} is outside {bounds}",
                )

    for i, action in enumerate(a.actions):
        if i in set_aside:
            continue
        area = fw.area(action.area)
        if area is None:
            yield error(
                "unknown-area",
                ("actions", i, "area"),
                f"unknown area '{action.area}'" + suggest(action.area, area_ids),
            )
        elif action.practice is not None and action.practice not in [p.id for p in area.practices]:
            yield error(
                "unknown-practice",
                ("actions", i, "practice"),
                f"unknown practice '{action.practice}' in area '{area.id}'"
                + suggest(action.practice, [p.id for p in area.practices]),
            )


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)


# -- the whole collection -------------------------------------------------------------------


def check_collection(
    loaded: list[AssessmentFile], stale_after_days: int | None, today: dt.date
) -> list[Diagnostic]:
    """Problems that only show across files: duplicates, slug collisions, staleness."""
    diags: list[Diagnostic] = []
    by_slug: dict[str, AssessmentFile] = {}
    by_key: dict[tuple[str, dt.date], AssessmentFile] = {}
    for item in sorted(loaded, key=lambda x: x.path):
        a = item.assessment
        first = by_slug.setdefault(item.slug, item)
        if first.assessment.team != a.team:
            diags.append(
                _at(
                    item.doc,
                    item.doc.value_pos(("team",)),
                    "error",
                    "slug-collision",
                    f"team '{a.team}' and team '{first.assessment.team}' ({first.path}) "
                    f"both give the slug '{item.slug}'; rename one",
                )
            )
        key = (item.slug, a.date)
        other = by_key.setdefault(key, item)
        if other is not item:
            diags.append(
                _at(
                    item.doc,
                    item.doc.value_pos(("date",)),
                    "error",
                    "duplicate-assessment",
                    f"team '{a.team}' is assessed on {a.date} in both {other.path} and {item.path}",
                )
            )
    latest: dict[str, AssessmentFile] = {}
    for item in loaded:
        best = latest.get(item.slug)
        if best is None or (item.assessment.date, item.path) > (best.assessment.date, best.path):
            latest[item.slug] = item
    for item in latest.values():
        a = item.assessment
        age = (today - a.date).days
        if stale_after_days is not None and age > stale_after_days:
            diags.append(
                _at(
                    item.doc,
                    item.doc.value_pos(("date",)),
                    "warning",
                    "stale",
                    f"the latest assessment of '{a.team}' is {age} days old "
                    f"(stale after {stale_after_days})",
                )
            )
        # Only the latest assessment's actions are the team's current commitments.
        for i, action in enumerate(a.actions):
            if is_overdue(action, today):
                diags.append(
                    _at(
                        item.doc,
                        item.doc.value_pos(("actions", i, "due")),
                        "warning",
                        "overdue-action",
                        f"action '{action.title}' of '{a.team}' was due {action.due} "
                        f"and is {action.status.replace('_', ' ')}",
                    )
                )
    return diags
