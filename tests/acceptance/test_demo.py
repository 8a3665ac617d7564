"""The demo organization: what the README's first command builds."""

from __future__ import annotations

import json

from sitebuild import ROOT, run_cxm

MODELINE = "# yaml-language-server: $schema=../../schema/assessment.schema.json"


def test_demo_organization_validates_without_errors():
    code, out, _ = run_cxm(["validate", "--format", "json"], ROOT)
    assert code == 0
    assert [d for d in json.loads(out) if d["severity"] == "error"] == []


def test_demo_is_a_realistic_organization():
    code, out, _ = run_cxm(["export"], ROOT)
    assert code == 0
    assessments = json.loads(out)["assessments"]
    teams = {a["slug"] for a in assessments}
    groups = {a["group"] for a in assessments if a["group"]}
    assert len(teams) >= 8 and len(groups) >= 3
    for slug in teams:
        assert len([a for a in assessments if a["slug"] == slug]) >= 3


def test_every_demo_file_starts_with_the_schema_modeline():
    files = sorted((ROOT / "assessments").rglob("*.yaml"))
    assert files
    for path in files:
        assert path.read_text("utf-8").splitlines()[0] == MODELINE, path


def test_committed_schemas_are_what_cxm_schema_writes(tmp_path):
    code, _, _ = run_cxm(["schema", "-o", str(tmp_path)], ROOT)
    assert code == 0
    for name in ("assessment.schema.json", "framework.schema.json"):
        assert (tmp_path / name).read_text("utf-8") == (ROOT / "schema" / name).read_text(
            "utf-8"
        ), f"schema/{name} is out of date: run `cxm schema`"


def test_the_schema_accepts_every_demo_file():
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schema/assessment.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    for path in sorted((ROOT / "assessments").rglob("*.yaml")):
        # Through JSON, as an editor sees YAML: dates are text.
        data = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (path, errors)
