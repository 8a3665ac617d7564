"""Validation of one assessment: its model, then the checks against the framework (checks/).

A file Pydantic rejects is still checked against the framework, without the entries it
rejects, so that one run shows every problem.
"""

from __future__ import annotations

import copy
import datetime as dt
from itertools import islice

from pydantic import ValidationError

from ..diagnostics import MAX_PER_FILE, Diagnostic, cap
from ..load.document import Document
from ..model.assessment import Assessment
from ..model.assessment_file import AssessmentFile
from ..model.framework import Framework
from ..slugs import team_slug
from .checks import CheckContext, run_checks
from .locations import diagnostic_at, validate_model
from .migration import migrate
from .wording import Wording, not_an_assessment


def validate_assessment(
    doc: Document, fw: Framework | None, today: dt.date
) -> tuple[AssessmentFile | None, list[Diagnostic]]:
    """Validate one assessment; without a (valid) framework only its shape is checked."""
    other = not_an_assessment(doc.data)  # a mkdocs.yml, a framework: one line says so
    if other is not None:
        return None, [diagnostic_at(doc, doc.value_pos(()), "error", "invalid-value", other)]
    migrated: list[Diagnostic] = []
    if fw is not None:  # an older version's ids become the current ones first
        doc, migrated = migrate(doc, fw)
        if any(d.is_error for d in migrated):
            return None, migrated
    wording = None if fw is None else Wording(doc, fw)
    assessment, diags = validate_model(doc, Assessment, wording=wording)
    diags = migrated + diags
    if fw is None or (assessment is None and len(diags) > MAX_PER_FILE):
        return None, cap(diags)
    if assessment is None:
        # Every problem in one run: check the rest of the file against the framework too.
        # Entries set aside would read as "not assessed": `incomplete` waits for the next run.
        rest, set_aside = _without_invalid(doc.data)
        more = [] if rest is None else run_checks(CheckContext(rest, doc, fw, today, set_aside))
        more = islice((d for d in more if d.code != "incomplete"), MAX_PER_FILE + 1)
        return None, cap(diags + list(more))
    # Every check, even past the cap: a hidden error must still keep the file out.
    diags = cap(migrated + list(run_checks(CheckContext(assessment, doc, fw, today))))
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
