"""Numbers within sane bounds: a huge but finite weight, metric bound or value is an error at
the value, before any sum or chart scale of it can overflow."""

from __future__ import annotations

import pytest
from conftest import FRAMEWORK, TODAY, document, framework_from
from cxm.load.reader import load_text
from cxm.model.assessment import PracticeScore, practice_level
from cxm.validate.assessment import validate_assessment
from cxm.validate.framework import validate_framework


def framework_diagnostics(text: str) -> list[tuple]:
    doc, diagnostics = load_text(text, "framework.yaml")
    assert doc is not None, diagnostics
    _, diagnostics = validate_framework(doc)
    return [(d.code, d.line, d.column, d.message) for d in diagnostics]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("1.0e+308", "areas[0].weight: 1e+308 is out of range: it must be at most 1,000"),
        ("1001", "areas[0].weight: 1001 is out of range: it must be at most 1,000"),
        ("0", "areas[0].weight: 0 is out of range: it must be above 0"),
        ("-1", "areas[0].weight: -1 is out of range: it must be above 0"),
        (".inf", "areas[0].weight: Input should be a finite number"),
        ("yes", "areas[0].weight: Input should be a valid number"),
        ('"2"', "areas[0].weight: Input should be a valid number"),
    ],
)
def test_an_area_weight_outside_0_to_1000_is_a_framework_error_at_the_weight(weight, message):
    text = FRAMEWORK.replace(
        "    weight: 2\n    practices:", f"    weight: {weight}\n    practices:"
    )
    line = line_of(text, f"weight: {weight}")
    assert framework_diagnostics(text) == [("framework", line, 13, message)]


def test_the_largest_weight_and_a_small_one_are_valid():
    text = FRAMEWORK.replace("    weight: 2\n    practices:", "    weight: 1000\n    practices:")
    text = text.replace("        weight: 2\n", "        weight: 0.001\n")
    assert framework_diagnostics(text) == []


@pytest.mark.parametrize(
    ("bounds", "column", "message"),
    [
        ("min: -1.0e+308, max: 100", 46, "metrics[0].min: -1e+308 is out of range"),
        ("min: -100, max: 1.0e+308", 57, "metrics[0].max: 1e+308 is out of range"),
        ("min: -100, max: 1000000001", 57, "metrics[0].max: 1000000001 is out of range"),
    ],
)
def test_a_metric_bound_beyond_a_billion_is_a_framework_error_at_the_bound(bounds, column, message):
    text = FRAMEWORK.replace("min: -100, max: 100", bounds)
    [(code, line, col, found)] = framework_diagnostics(text)
    assert (code, line, col) == ("framework", line_of(text, bounds), column)
    assert found.startswith(message)


def test_a_version_beyond_a_million_is_a_framework_error():
    text = FRAMEWORK.replace("version: 3\n", "version: 10000000\n")
    [(code, line, column, message)] = framework_diagnostics(text)
    assert (code, line, column) == ("framework", 3, 10)
    assert message == "version: 10000000 is out of range: it must be at most 1,000,000"


@pytest.mark.parametrize(
    ("entry", "column", "message"),
    [
        (
            "nps: 1.0e+308",
            8,
            "metrics.nps.value: 1e+308 is out of range: it must be at most 1,000,000,000",
        ),
        (
            "nps: {value: 3, target: -1.0e+308}",
            27,
            "metrics.nps.target: -1e+308 is out of range: it must be at least -1,000,000,000",
        ),
    ],
)
def test_a_metric_value_or_target_beyond_a_billion_is_out_of_range_at_the_value(
    entry, column, message
):
    fw = framework_from(FRAMEWORK.replace("min: -100, max: 100, ", ""))
    text = f"team: Alpha\ndate: 2026-09-30\nassessors: [Kim]\nscores: {{}}\nmetrics:\n  {entry}\n"
    _, diagnostics = validate_assessment(document(text), fw, TODAY)
    [d] = [d for d in diagnostics if d.code != "incomplete"]
    assert (d.code, d.line, d.column, d.message) == ("out-of-range", 6, column, message)


def test_the_median_of_huge_ratings_is_exact_and_never_overflows():
    # Ratings are checked against the scale, but the median is taken first (for evidence).
    score = PracticeScore(ratings={"a": 10**400, "b": 10**400 + 2})
    assert practice_level(score) == 10**400 + 1
    assert practice_level(PracticeScore(ratings={"a": 2, "b": 5})) == 3
