"""JSON Schemas (draft-07, what yaml-language-server reads) from the Pydantic models.

The assessment schema is made specific to a framework: area, practice and metric ids and the
levels are in it, so an editor flags what the validator flags and completes the ids and the
levels; and so is the framework's text, for the editor to show: each practice's question and
what each level looks like for it, each area's description, each metric's unit and range.
Every rule of the validator that draft-07 can say is in the schemas (a practice needs a level
or ratings, dates are YYYY-MM-DD, bounds of numbers, a team is not blank); what needs two
fields or today (raters listed in `assessors`, a date not in the future) is not.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from pydantic import BaseModel

from ..model.assessment import Assessment
from ..model.base import MAX_NUMBER
from ..model.framework import Area, Framework, MetricSpec, Practice

DRAFT = "http://json-schema.org/draft-07/schema#"
# A scale is 2 to 10 consecutive levels from 0 or 1: every level is 0..10, and a level with
# next steps (never the top one) 0..9. YAML keys such as `1:` reach editors as text.
SCALE_LEVEL = {"type": "integer", "minimum": 0, "maximum": 10}
LEVEL_KEY = {"pattern": "^(10|[0-9])$"}
BELOW_TOP_KEY = {"pattern": "^[0-9]$"}
ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# A text field takes a plain `1984` or `No` as the text written (validate/written.py).
TEXT_TYPES = ["string", "number", "boolean"]


def _schema(model: type[BaseModel], title: str) -> dict:
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    defs = schema.pop("$defs", {})
    out = {"$schema": DRAFT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}
    if defs:
        out["definitions"] = defs
    return out


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}], "default": None}


def _as_validated(node: object) -> None:
    """What the validator reads the same way in every field: a date is written YYYY-MM-DD,
    and free text (no pattern, no list of values) may be written as a number or a boolean."""
    if isinstance(node, list):
        for item in node:
            _as_validated(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("format") == "date":
        node["pattern"] = ISO_DATE
    elif node.get("type") == "string" and not {"enum", "pattern", "const"} & node.keys():
        node["type"] = TEXT_TYPES
    for value in node.values():
        _as_validated(value)


def framework_schema() -> dict:
    schema = _schema(Framework, "cxm framework")
    props = schema["properties"]
    props["levels"]["propertyNames"] = LEVEL_KEY
    for name in ("default_target", "evidence_required_from"):
        props[name] = {**props[name], **_level_or_null(props[name])}
    practice = schema["definitions"]["Practice"]["properties"]
    practice["levels"]["propertyNames"] = LEVEL_KEY
    practice["next_steps"]["propertyNames"] = BELOW_TOP_KEY
    _as_validated(schema)
    return schema


def _level_or_null(prop: dict) -> dict:
    if "anyOf" in prop:
        return {"anyOf": [SCALE_LEVEL, {"type": "null"}]}
    return SCALE_LEVEL


def assessment_schema(fw: Framework) -> dict:
    schema = _schema(Assessment, f"cxm assessment ({fw.name}, version {fw.version})")
    defs = schema["definitions"]
    props = schema["properties"]
    level_ref = _add_level(fw, defs)
    # Each practice gets its own level and long form (its question, its level descriptions):
    # the generic long form is their pattern, not a definition of its own.
    practice_score = defs.pop("PracticeScore")
    practice_score.pop("title", None)
    for name, prop in practice_score["properties"].items():
        if name not in ("level", "target", "ratings"):  # `evidence`, `notes`: defined once
            defs[name.capitalize()] = prop
            practice_score["properties"][name] = {"$ref": f"#/definitions/{name.capitalize()}"}
    generic = {name: copy.deepcopy(props[name]) for name in ("targets", "scores", "actions")}
    props["targets"] = _targets(fw, props["targets"]["description"], level_ref)
    props["scores"] = _scores(fw, props["scores"]["description"], practice_score, defs)
    props["metrics"] = _metrics(fw, props["metrics"]["description"], defs.pop("MetricValue"))
    reason = defs["Not_applicable"]["anyOf"][0]
    reason.update({"type": TEXT_TYPES, "pattern": r"\S"})
    # Before the framework's ids go in: an older version's practices and actions.
    older = {
        "OlderPracticeScore": {"anyOf": [{"type": "integer"}, copy.deepcopy(practice_score)]},
        "OlderAction": copy.deepcopy(defs["Action"]),
    }
    _actions(fw, defs["Action"])
    props["framework_version"] = _framework_version(fw)
    _older_versions(fw, schema, generic, older)
    _as_validated(schema)
    props["team"]["pattern"] = r"\S"  # not blank
    return schema


def _framework_version(fw: Framework) -> dict:
    older = sorted(v for v in fw.migrations if v < fw.version)
    said = [f"Version {v}: read through the framework's migrations." for v in older]
    return {
        "title": "Framework version",
        "description": f"The version of {fw.name} the assessment was made against; "
        f"leave it out for the current one ({fw.version}).",
        "type": "integer",
        "enum": [*older, fw.version],
        "enumDescriptions": [*said, f"Version {fw.version}: the current version."],
    }


def _older_versions(fw: Framework, schema: dict, generic: dict, older_defs: dict) -> None:
    """A file made against an older version uses that version's ids, which the schema does
    not know: its scores, targets and actions are checked only in shape (the validator maps
    them through the migrations and checks them). The current ids apply to every other file."""
    older = sorted(v for v in fw.migrations if v < fw.version)
    if not older:
        return
    props = schema["properties"]
    current = {name: props[name] for name in ("targets", "scores", "actions")}
    schema["definitions"].update(older_defs)
    generic["scores"]["additionalProperties"]["additionalProperties"] = {
        "$ref": "#/definitions/OlderPracticeScore"
    }
    generic["actions"]["items"] = {"$ref": "#/definitions/OlderAction"}
    # Both shapes live in the branches, the shared part says only the type: an editor shows
    # the titles of the branch that applies (a practice's name, not the generic "Scores").
    props.update({name: {"type": current[name]["type"]} for name in current})
    schema["if"] = {
        "properties": {"framework_version": {"enum": older}},
        "required": ["framework_version"],
    }
    schema["then"] = {"properties": generic}
    schema["else"] = {"properties": current}


# Editor help beyond draft-07, as yaml-language-server (VS Code's YAML extension) reads it:
# `markdownDescription` for hovers, and for the items of an `enum` `enumDescriptions` and
# `markdownEnumDescriptions`, shown in hovers and beside each completion. Validators ignore
# keywords they do not know, so the schema stays a valid draft-07 schema.


def _described(title: str, text: str) -> dict:
    """A schema's title and description, plain and as Markdown (framework text is Markdown)."""
    out: dict = {"title": title}
    if text:
        out["description"] = text
        out["markdownDescription"] = text
    return out


def _level_enum(numbers: list[int], plain: list[str], markdown: list[str]) -> dict:
    return {
        "type": "integer",
        "enum": numbers,
        "enumDescriptions": plain,
        "markdownEnumDescriptions": markdown,
    }


def _add_level(fw: Framework, defs: dict) -> dict:
    """Define the framework's scale once, each level with its name; returns its reference."""
    numbers = sorted(fw.levels)
    names = ", ".join(f"{n} {fw.levels[n].name}" for n in numbers)
    defs["Level"] = {
        "description": f"A level of the scale: {names}.",
        **_level_enum(
            numbers,
            [_joined(f"{n} {fw.levels[n].name}", fw.levels[n].description) for n in numbers],
            [_joined(f"**{n} {fw.levels[n].name}**", fw.levels[n].description) for n in numbers],
        ),
    }
    return {"$ref": "#/definitions/Level"}


def _joined(head: str, text: str) -> str:
    return f"{head}: {text.strip()}" if text.strip() else head


def _question(practice: Practice) -> str:
    parts = [practice.question.strip(), practice.description.strip()]
    return "\n\n".join(p for p in parts if p)


def _practice_level(fw: Framework, area: Area, practice: Practice, defs: dict) -> dict:
    """A level of one practice: its question, and what each level looks like for it."""
    numbers = sorted(fw.levels)
    said = [practice.levels.get(n, "") for n in numbers]
    name = f"Level.{area.id}.{practice.id}"
    defs[name] = {
        **_described(practice.name, _question(practice)),
        **_level_enum(
            numbers,
            [
                _joined(f"{n} {fw.levels[n].name}", text)
                for n, text in zip(numbers, said, strict=True)
            ],
            [
                _joined(f"**{n} {fw.levels[n].name}**", text)
                for n, text in zip(numbers, said, strict=True)
            ],
        ),
    }
    return {"$ref": f"#/definitions/{name}"}


def _level_table(fw: Framework, practice: Practice) -> str:
    rows = [
        _joined(f"- **{n} {fw.levels[n].name}**", practice.levels.get(n, ""))
        for n in sorted(fw.levels)
    ]
    return "\n".join(rows)


def _practice_score(
    fw: Framework, area: Area, practice: Practice, pattern: dict, level_ref: dict, defs: dict
) -> dict:
    """The long form of one practice: the generic one, with the levels of the practice."""
    score = copy.deepcopy(pattern)
    props = score["properties"]
    for name in ("level", "target"):
        props[name] = {**_or_none(level_ref), "description": props[name].get("description", "")}
    ratings = {"type": "object", "additionalProperties": level_ref}
    ratings["propertyNames"] = {"minLength": 1, "maxLength": 200}
    props["ratings"] = {**_or_none(ratings), "description": props["ratings"]["description"]}
    # A practice score has a level, or ratings with at least one rater. (The level's own
    # schema is not repeated here: an editor would show its description twice.)
    score["anyOf"] = [
        {"required": ["level"], "properties": {"level": {"type": "integer"}}},
        {
            "required": ["ratings"],
            "properties": {"ratings": {"type": "object", "minProperties": 1}},
        },
        {"required": ["not_applicable"]},
    ]
    # Not applicable stands alone, with a reason (the reason's own schema says: not blank).
    score["if"] = {"required": ["not_applicable"]}
    score["then"] = {"properties": {"level": False, "ratings": False}}
    question = _question(practice)
    score.update(_described(practice.name, question))
    score["markdownDescription"] = "\n\n".join(
        t for t in (question, _level_table(fw, practice)) if t
    )
    name = f"PracticeScore.{area.id}.{practice.id}"
    defs[name] = score
    return {"$ref": f"#/definitions/{name}"}


def _or_none(schema: dict) -> dict:
    """The schema, or null. The null has a description of its own: without one, an editor
    takes it for a second match of the schema, and shows the schema's title twice."""
    return {"anyOf": [schema, {"type": "null", "description": "None."}]}


def _targets(fw: Framework, description: str, level_ref: dict) -> dict:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "properties": {
            a.id: {
                "title": f"Target for {a.name}",
                "description": "The level the area aims for (else the framework's default, "
                f"{fw.default_target}).",
                "allOf": [level_ref],
            }
            for a in fw.areas
        },
    }


def _scores(fw: Framework, description: str, pattern: dict, defs: dict) -> dict:
    areas = {}
    for area in fw.areas:
        practices = {}
        for p in area.practices:
            short = _practice_level(fw, area, p, defs)
            long = _practice_score(fw, area, p, pattern, short, defs)
            practices[p.id] = {**_described(p.name, _question(p)), "anyOf": [short, long]}
        areas[area.id] = {
            **_described(area.name, area.description.strip()),
            "type": "object",
            "additionalProperties": False,
            "properties": practices,
        }
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "properties": areas,
    }


def _metric_text(m: MetricSpec) -> str:
    """What a metric is, its unit and range, and which way is better."""
    if m.min is not None and m.max is not None:
        bounds = f"from {_number(m.min)} to {_number(m.max)}"
    elif m.min is not None:
        bounds = f"at least {_number(m.min)}"
    elif m.max is not None:
        bounds = f"at most {_number(m.max)}"
    else:
        bounds = ""
    facts = ", ".join(t for t in (f"in {m.unit}" if m.unit else "", bounds) if t)
    facts = f"{facts}; {m.better} is better." if facts else f"{m.better} is better."
    return "\n\n".join(t for t in (m.description.strip(), facts[:1].upper() + facts[1:]) if t)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _metrics(fw: Framework, description: str, metric_value: dict) -> dict:
    metric_props = {}
    for m in fw.metrics:
        low = -MAX_NUMBER if m.min is None else m.min
        high = MAX_NUMBER if m.max is None else m.max
        name = f"{m.name} ({m.unit})" if m.unit else m.name
        text = _metric_text(m)
        number: dict = {"type": "number", "minimum": low, "maximum": high}
        entry = copy.deepcopy(metric_value)
        entry.update(_described(name, text))
        entry["properties"]["value"] = {**number, **_described(name, text)}
        entry["properties"]["target"] = _nullable(number)
        metric_props[m.id] = {
            **_described(name, text),
            "anyOf": [{**number, **_described(name, text)}, entry],
        }
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "properties": metric_props,
    }


def _actions(fw: Framework, action: dict) -> None:
    """An action's area is one of the framework's, and its practice one of that area's."""
    action["properties"]["area"] = {
        **action["properties"]["area"],
        "enum": [a.id for a in fw.areas],
    }
    action["allOf"] = [
        {
            "if": {"properties": {"area": {"const": area.id}}, "required": ["area"]},
            "then": {
                "properties": {
                    "practice": {
                        "anyOf": [{"enum": [p.id for p in area.practices]}, {"type": "null"}]
                    }
                }
            },
        }
        for area in fw.areas
    ]


def write_schemas(fw: Framework, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (
        ("assessment.schema.json", assessment_schema(fw)),
        ("framework.schema.json", framework_schema()),
    ):
        path = out_dir / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
