"""JSON Schemas (draft-07, what yaml-language-server reads) from the Pydantic models.

The assessment schema is made specific to a framework: area, practice and metric ids and the
level range are in it, so an editor flags what the validator flags and completes the ids.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from pydantic import BaseModel

from ..model.assessment import Assessment
from ..model.framework import Framework

DRAFT = "http://json-schema.org/draft-07/schema#"


def _schema(model: type[BaseModel], title: str) -> dict:
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    defs = schema.pop("$defs", {})
    out = {"$schema": DRAFT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}
    if defs:
        out["definitions"] = defs
    return out


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}], "default": None}


def framework_schema() -> dict:
    schema = _schema(Framework, "cxm framework")
    # YAML keys such as `1:` reach editors as text: accept digit-only property names.
    digits = {"pattern": "^[0-9]+$"}
    schema["properties"]["levels"]["propertyNames"] = digits
    practice = schema["definitions"]["Practice"]["properties"]
    practice["levels"]["propertyNames"] = digits
    practice["next_steps"]["propertyNames"] = digits
    return schema


def assessment_schema(fw: Framework) -> dict:
    schema = _schema(Assessment, f"cxm assessment ({fw.name}, version {fw.version})")
    defs = schema["definitions"]
    props = schema["properties"]
    level_ref = _add_level(fw, defs)
    _practice_score(defs["PracticeScore"]["properties"], level_ref)
    props["targets"] = _targets(fw, props["targets"]["description"], level_ref)
    props["scores"] = _scores(fw, props["scores"]["description"], level_ref)
    props["metrics"] = _metrics(fw, props["metrics"]["description"], defs["MetricValue"])
    _actions(fw, defs["Action"])
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
            {"type": "object", "additionalProperties": level_ref, "propertyNames": {"minLength": 1}}
        ),
        "description": score["ratings"]["description"],
    }


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
        number: dict = {"type": "number"}
        if m.min is not None:
            number["minimum"] = m.min
        if m.max is not None:
            number["maximum"] = m.max
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
