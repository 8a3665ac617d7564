"""The JSON Schemas say what the validator says, wherever draft-07 can: an editor flags what
`cxm validate` flags, and accepts what it accepts."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from conftest import FRAMEWORK, TODAY, dedent, document, framework_from
from cxm.authoring.schema import assessment_schema, framework_schema
from cxm.load.reader import load_text
from cxm.validate.assessment import validate_assessment
from cxm.validate.framework import validate_framework

HEAD = """\
team: Alpha
date: 2026-09-30
assessors: [Kim, Lee]
"""
ALL_AREAS = """\
scores:
  support: {self_service: %s, onboarding: 3}
  marketing: {product_promise: 3, reviews: 3}
  policies: {returns: 3, privacy: 3}
"""


def as_editor_reads(text: str) -> object:
    """YAML as an editor hands it to the schema: through JSON, dates and keys as text."""
    return json.loads(json.dumps(yaml.safe_load(dedent(text)), default=str))


def schema_errors(schema: dict, text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return [e.message for e in validator.iter_errors(as_editor_reads(text))]


def validator_errors(text: str) -> list[str]:
    doc, diagnostics = load_text(dedent(text), "a.yaml")
    if doc is None:
        return [d.code for d in diagnostics]
    _, diagnostics = validate_assessment(doc, framework_from(), TODAY)
    return [d.code for d in diagnostics if d.is_error]


@pytest.mark.parametrize(
    ("practice", "valid"),
    [
        ("3", True),
        ("{level: 3}", True),
        ("{ratings: {Kim: 3, Lee: 4}}", True),
        ("{level: 3, ratings: {}}", True),
        ("{ratings: {Kim: 3}, level: null}", True),
        ("{evidence: Audited.}", False),  # neither level nor ratings
        ("{ratings: {}}", False),  # ratings, but nobody rated
        ("{level: null, target: 4}", False),
        ("{level: 6}", False),  # outside the scale 1..5
        ("{ratings: {Kim: 0}}", False),
        ("{not_applicable: No partners sell for us.}", True),
        ("{not_applicable: No partners., evidence: Contracts.}", True),
        ("{not_applicable: ''}", False),  # a reason is required
        ("{not_applicable: '  '}", False),
        ("{not_applicable: No partners., level: 3}", False),  # stands alone
        ("{not_applicable: No partners., ratings: {Kim: 3}}", False),
    ],
)
def test_a_practice_score_is_valid_for_the_schema_exactly_when_it_is_for_the_validator(
    practice, valid
):
    text = HEAD + ALL_AREAS % practice
    schema = assessment_schema(framework_from())
    assert (schema_errors(schema, text) == []) is valid
    assert (validator_errors(text) == []) is valid


@pytest.mark.parametrize(
    ("field", "valid"),
    [
        ("team: 1984", True),  # a text field takes a number as its text
        ("team: No", True),
        ("team: '   '", False),  # blank
        ("team: ''", False),
        ("team: " + "t" * 101, False),
        ("date: 2026-9-30", False),
        ("date: '30.09.2026'", False),
        ("date: 2026-09-30", True),
    ],
)
def test_text_and_dates_are_valid_for_the_schema_exactly_when_they_are_for_the_validator(
    field, valid
):
    name = field.split(":")[0]
    lines = [line for line in (HEAD + ALL_AREAS % "3").splitlines() if not line.startswith(name)]
    text = field + "\n" + "\n".join(lines) + "\n"
    schema = assessment_schema(framework_from())
    assert (schema_errors(schema, text) == []) is valid, schema_errors(schema, text)
    assert (validator_errors(text) == []) is valid, validator_errors(text)


def test_a_metric_without_bounds_in_the_framework_is_bounded_by_a_billion():
    fw = framework_from(FRAMEWORK.replace("min: -100, max: 100, ", ""))
    schema = assessment_schema(fw)
    text = HEAD + ALL_AREAS % "3" + "metrics: {nps: 1.0e+10}\n"
    assert schema_errors(schema, text)
    assert schema_errors(schema, text.replace("1.0e+10", "1.0e+9")) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    weight: 2\n    practices:", "    weight: 1.0e+308\n    practices:"),
        ("    weight: 2\n    practices:", "    weight: 0\n    practices:"),
        ("version: 3\n", "version: 10000000\n"),
        ("default_target: 3\n", "default_target: 11\n"),
        ("min: -100,", "min: -1.0e+308,"),
        ('  5: {name: Leading, description: "Best in class."}\n', "  11: {name: Too far}\n"),
    ],
)
def test_the_framework_schema_refuses_what_the_validator_refuses(old, new):
    text = FRAMEWORK.replace(old, new, 1)
    assert text != FRAMEWORK
    doc, _ = load_text(text, "framework.yaml")
    fw, diagnostics = validate_framework(doc)
    assert fw is None and diagnostics
    data = as_editor_reads(text)
    assert list(jsonschema.Draft7Validator(framework_schema()).iter_errors(data))


def test_the_framework_schema_accepts_the_tiny_framework():
    data = as_editor_reads(FRAMEWORK)
    assert list(jsonschema.Draft7Validator(framework_schema()).iter_errors(data)) == []


def test_the_assessment_schema_is_a_valid_draft_07_schema():
    jsonschema.Draft7Validator.check_schema(assessment_schema(framework_from()))
    jsonschema.Draft7Validator.check_schema(framework_schema())
    assert document(HEAD + ALL_AREAS % "3")  # the sample itself loads


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["definitions"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_each_practice_carries_its_question_and_what_each_level_looks_like():
    schema = assessment_schema(framework_from())
    practice = schema["properties"]["scores"]["properties"]["support"]["properties"]
    practice = practice["self_service"]
    assert (practice["title"], practice["description"]) == (
        "Self-service help",
        "Can customers help themselves?",
    )
    short, long = (resolve(schema, branch) for branch in practice["anyOf"])
    # The short form: a level of the scale, each with its name and this practice's words.
    assert short["enum"] == [1, 2, 3, 4, 5]
    assert short["title"] == "Self-service help"
    assert short["enumDescriptions"][0] == "1 Reactive: No help."
    assert short["markdownEnumDescriptions"][2] == "**3 Defined**: Help centre."
    # The long form: the same levels for `level`, `target` and every rating.
    assert long["title"] == "Self-service help"
    assert "- **5 Leading**: Best." in long["markdownDescription"]
    for name in ("level", "target"):
        assert resolve(schema, long["properties"][name]["anyOf"][0]) is short
    ratings = long["properties"]["ratings"]["anyOf"][0]["additionalProperties"]
    assert resolve(schema, ratings) is short


def test_areas_metrics_and_targets_are_described_for_hovers():
    schema = assessment_schema(framework_from())
    props = schema["properties"]
    assert props["scores"]["properties"]["support"]["title"] == "Support"
    csat = props["metrics"]["properties"]["csat"]
    assert csat["title"] == "Customer satisfaction (%)"
    assert csat["description"] == "In %, from 0 to 100; higher is better."
    target = props["targets"]["properties"]["support"]
    assert target["title"] == "Target for Support"
    assert resolve(schema, target["allOf"][0])["enumDescriptions"][3] == "4 Managed: Measured."


def test_a_level_written_as_a_decimal_or_text_is_refused_by_the_schema_as_by_cxm():
    schema = assessment_schema(framework_from())
    for level in ("3.5", "three", "'3'"):
        text = HEAD + ALL_AREAS % level
        assert schema_errors(schema, text), level
        assert validator_errors(text) == ["invalid-value"], level


MIGRATING = """\
migrations:
  2:
    areas: {help: support}
    practices: {help.faq: support.self_service, marketing.ads: null}
"""


@pytest.mark.parametrize(
    ("version", "scores", "valid"),
    [
        ("", "support: {self_service: 3, onboarding: 3}", True),
        ("framework_version: 3", "support: {self_service: 3, onboarding: 3}", True),
        ("framework_version: 2", "help: {faq: 3, onboarding: 3}", True),  # the old ids
        ("", "help: {faq: 3, onboarding: 3}", False),  # old ids on the current version
        ("framework_version: 4", "support: {self_service: 3, onboarding: 3}", False),
        ("framework_version: 1", "support: {self_service: 3, onboarding: 3}", False),
    ],
)
def test_a_file_of_an_older_version_is_valid_for_the_schema_exactly_when_it_is_for_cxm(
    version, scores, valid
):
    fw = framework_from(FRAMEWORK + MIGRATING)
    text = HEAD + version + "\nscores:\n  " + scores + "\n"
    text += "  marketing: {product_promise: 3, reviews: 3}\n  policies: {returns: 3, privacy: 3}\n"
    schema = assessment_schema(fw)
    assert (schema_errors(schema, text) == []) is valid, schema_errors(schema, text)
    doc, _ = load_text(dedent(text), "a.yaml")
    _, diagnostics = validate_assessment(doc, fw, TODAY)
    assert (not any(d.is_error for d in diagnostics)) is valid, diagnostics


def test_editors_offer_the_framework_versions_with_what_each_means():
    prop = assessment_schema(framework_from(FRAMEWORK + MIGRATING))["properties"]
    version = prop["framework_version"]
    assert version["enum"] == [2, 3]
    assert "migrations" in version["enumDescriptions"][0]
    assert "current" in version["enumDescriptions"][1]
