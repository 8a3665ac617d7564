"""An assessment written as YAML text (cxm.authoring.yaml_text): whatever its text holds, the
file reads back through the loader and the validator as the same assessment."""

from __future__ import annotations

import pytest
from conftest import TODAY, document, framework_from
from cxm.authoring.yaml_text import assessment_text, yaml_string
from cxm.load.reader import load_text
from cxm.model.assessment import Assessment
from cxm.validate.assessment import validate_assessment

FW = framework_from()

HOSTILE = [
    "plain",
    "line\u2028separator and next\x85line",
    "C1 \x9b control, BOM \ufeff, DEL \x7f",
    'quotes " and \\ backslash',
    '=HYPERLINK("http://evil.example")',
    "<script>alert(1)</script>",
    "emoji 🙂 and right-to-left עברית",
    "tab\there",
]


def reads_back(a: Assessment) -> Assessment:
    text = assessment_text(FW, a, ["# header"])
    doc, problems = load_text(text, "a.yaml")
    assert doc is not None and problems == [], problems
    loaded, diags = validate_assessment(doc, FW, TODAY)
    assert loaded is not None, diags
    return loaded.assessment


def assessment(**fields) -> Assessment:
    data = {
        "team": "Payments",
        "date": "2026-10-30",
        "assessors": ["Dana Lee"],
        "scores": {"support": {"self_service": 3}},
        **fields,
    }
    return Assessment.model_validate(data)


@pytest.mark.parametrize("text", HOSTILE)
def test_any_text_reads_back_as_written(text):
    a = assessment(
        team=text[:100],
        summary=text,
        scores={"support": {"self_service": {"level": 3, "evidence": text, "notes": text}}},
        actions=[{"title": text, "area": "support", "owner": text}],
    )
    assert reads_back(a) == a


@pytest.mark.parametrize(
    "summary",
    [
        "Two lines\nof text",
        "Ends in a newline\n",
        "  starts with spaces",
        "two\n\nnewlines\n\n",
        "",
    ],
)
def test_a_summary_reads_back_as_written(summary):
    a = assessment(summary=summary or None)
    assert reads_back(a) == a


def test_a_plain_summary_is_a_literal_block():
    text = assessment_text(FW, assessment(summary="A good quarter.\nMore next time."), [])
    assert "summary: |-\n  A good quarter.\n  More next time.\n" in text


def test_fields_follow_the_order_of_cxm_new_and_areas_the_frameworks():
    a = assessment(
        group="Digital",
        targets={"support": 4},
        scores={"policies": {"privacy": 2}, "support": {"onboarding": 3, "self_service": 4}},
        metrics={"nps": 31, "csat": {"value": 82.5, "target": 85}},
    )
    text = assessment_text(FW, a, ["# yaml-language-server: $schema=x"])
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == ["team", "group", "date", "assessors", "targets", "scores", "metrics"]
    assert text.index("  support:") < text.index("  policies:")
    assert text.index("self_service: 4") < text.index("onboarding: 3")
    assert "  nps: 31\n  csat:\n    value: 82.5\n    target: 85\n" in text
    assert reads_back(a) == a


def test_yaml_string_escapes_what_yaml_would_read_as_a_line_break():
    assert yaml_string("a\u2028b\x85c") == '"a\\u2028b\\u0085c"'
    written = yaml_string("a\u2028b")
    assert document(f"x: {written}").data == {"x": "a\u2028b"}
