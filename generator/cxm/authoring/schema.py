"""JSON Schemas (draft-07, what yaml-language-server reads) from the Pydantic models.

The assessment schema is made specific to a framework: area, practice and metric ids and the
level range are in it, so an editor flags what the validator flags and completes the ids.
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
from ..model.framework import Framework

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
    _practice_score(defs["PracticeScore"]["properties"], level_ref)
    _level_or_ratings(defs["PracticeScore"], level_ref)
    props["targets"] = _targets(fw, props["targets"]["description"], level_ref)
    props["scores"] = _scores(fw, props["scores"]["description"], level_ref)
    props["metrics"] = _metrics(fw, props["metrics"]["description"], defs["MetricValue"])
    _actions(fw, defs["Action"])
    _as_validated(schema)
    props["team"]["pattern"] = r"\S"  # not blank
    return schema


def _add_level(fw: Framework, defs: dict) -> dict:
    """Define the framework's level range once; returns the reference to it."""
    low, high = fw.scale
    names = ", ".join(f"{n} {spec.name}" for n, spec in sorted(fw.levels.items()))
    defs["Level"] = {
        "type": "integer",
        "minimum": low,
        "maximum": high,
        "description": f"A level of the scale: {names}.",
    }
    return {"$ref": "#/definitions/Level"}


def _practice_score(score: dict, level_ref: dict) -> None:
    for name in ("level", "target"):
        score[name] = {**_nullable(level_ref), "description": score[name].get("description", "")}
    score["ratings"] = {
        **_nullable(
            {
                "type": "object",
                "additionalProperties": level_ref,
                "propertyNames": {"minLength": 1, "maxLength": 200},
            }
        ),
        "description": score["ratings"]["description"],
    }


def _level_or_ratings(practice_score: dict, level_ref: dict) -> None:
    """A practice score has a level, or ratings with at least one rater."""
    practice_score["anyOf"] = [
        {"required": ["level"], "properties": {"level": level_ref}},
        {
            "required": ["ratings"],
            "properties": {"ratings": {"type": "object", "minProperties": 1}},
        },
    ]


def _targets(fw: Framework, description: str, level_ref: dict) -> dict:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "properties": {
            a.id: {**level_ref, "description": f"Target for {a.name}."} for a in fw.areas
        },
    }


def _scores(fw: Framework, description: str, level_ref: dict) -> dict:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "properties": {
            area.id: {
                "type": "object",
                "description": f"{area.name}: {area.description}".strip(": "),
                "additionalProperties": False,
                "properties": {
                    p.id: {
                        "description": f"{p.name}. {p.question}".strip(),
                        "anyOf": [level_ref, {"$ref": "#/definitions/PracticeScore"}],
                    }
                    for p in area.practices
                },
            }
            for area in fw.areas
        },
    }


def _metrics(fw: Framework, description: str, metric_value: dict) -> dict:
    metric_props = {}
    for m in fw.metrics:
        low = -MAX_NUMBER if m.min is None else m.min
        high = MAX_NUMBER if m.max is None else m.max
        number: dict = {"type": "number", "minimum": low, "maximum": high}
        entry = copy.deepcopy(metric_value)
        entry["properties"]["value"] = number
        entry["properties"]["target"] = _nullable(number)
        unit = f" ({m.unit})" if m.unit else ""
        metric_props[m.id] = {"description": f"{m.name}{unit}", "anyOf": [number, entry]}
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
