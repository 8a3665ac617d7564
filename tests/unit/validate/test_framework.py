"""Framework validation: each problem of a framework file is a diagnostic at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FRAMEWORK, TODAY, framework_from
from cxm.diagnostics import Diagnostic
from cxm.load.reader import load_text
from cxm.score.scorecard import score
from cxm.validate.assessment import validate_assessment
from cxm.validate.framework import validate_framework

SAMM = Path("/work/shared/testdata/samm")


def where(d: Diagnostic) -> tuple:
    return (d.code, d.severity, d.line, d.column)


# -- the framework ---------------------------------------------------------------------------


def framework_errors(text: str) -> list[tuple]:
    doc, diagnostics = load_text(text, "framework.yaml")
    assert doc is not None, diagnostics
    fw, diagnostics = validate_framework(doc)
    assert fw is None
    return [(*where(d), d.message) for d in diagnostics]


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return lines[nth - 1]


def test_the_tiny_frameworks_are_valid():
    from conftest import FRAMEWORK_0_3

    assert framework_from(FRAMEWORK).scale == (1, 5)
    assert framework_from(FRAMEWORK_0_3).scale == (0, 3)


def test_framework_with_a_repeated_area_id_is_rejected_at_the_second_id():
    text = FRAMEWORK.replace("  - id: marketing", "  - id: support")
    assert framework_errors(text) == [
        (
            "framework",
            "error",
            line_of(text, "- id: support", 2),
            9,
            "area id 'support' repeats area 1",
        )
    ]


def test_framework_with_a_repeated_practice_id_is_rejected():
    text = FRAMEWORK.replace("      - id: reviews", "      - id: product_promise")
    ((code, _, line, column, message),) = framework_errors(text)
    assert (code, line, column) == ("framework", line_of(text, "- id: product_promise", 2), 13)
    assert message == "practice id 'product_promise' repeats in area 'marketing'"


def test_framework_with_non_consecutive_levels_is_rejected_at_the_scale():
    text = FRAMEWORK.replace('  5: {name: Leading, description: "Best in class."}\n', "").replace(
        '  3: {name: Defined, description: "Written down."}',
        '  3: {name: Defined, description: "Written down."}\n  5: {name: Leading}',
    )
    text = text.replace('  4: {name: Managed, description: "Measured."}\n', "")
    errors = framework_errors(text)
    assert errors[0] == (
        "framework",
        "error",
        5,
        3,
        "levels must be consecutive integers from 0 or 1, got [1, 2, 3, 5]",
    )


def test_framework_scale_starting_at_two_is_rejected():
    text = FRAMEWORK.replace('  1: {name: Reactive, description: "Ad hoc."}\n', "")
    errors = framework_errors(text)
    assert errors[0][:4] == ("framework", "error", 5, 3)
    assert "from 0 or 1" in errors[0][4]


def test_framework_practice_missing_a_level_description_is_rejected_at_its_levels():
    full = 'levels: {1: "None.", 2: "Email.", 3: "Guided.", 4: "Measured.", 5: "Best."}'
    text = FRAMEWORK.replace(
        full, 'levels: {1: "None.", 2: "Email.", 3: "Guided.", 4: "Measured."}'
    )
    assert framework_errors(text) == [
        (
            "framework",
            "error",
            line_of(text, '4: "Measured."}'),
            17,
            "practice 'support.onboarding' misses a description of level(s) 5",
        )
    ]


def test_framework_next_steps_at_the_top_level_are_rejected_at_that_key():
    text = FRAMEWORK.replace(
        '          4: ["Tailor onboarding."]\n',
        '          4: ["Tailor onboarding."]\n          5: ["Nothing left."]\n',
    )
    assert framework_errors(text) == [
        (
            "framework",
            "error",
            line_of(text, "Nothing left."),
            11,
            "next_steps for level 5: the top level has no next step",
        )
    ]


def test_framework_next_steps_outside_the_scale_are_rejected():
    text = FRAMEWORK.replace('          4: ["Tailor onboarding."]\n', '          9: ["Later."]\n')
    ((code, _, line, column, message),) = framework_errors(text)
    assert (code, line, column) == ("framework", line_of(text, "Later."), 11)
    assert message == "next_steps for level 9: outside the scale 1..5"


@pytest.mark.parametrize("weight", ["0", "-1", ".nan"])
def test_framework_weight_that_is_not_positive_is_rejected_at_the_weight(weight):
    text = FRAMEWORK.replace("    weight: 2\n    practices", f"    weight: {weight}\n    practices")
    ((code, _, line, column, message),) = framework_errors(text)
    assert (code, line, column) == ("framework", line_of(text, f"weight: {weight}"), 13)
    assert message.startswith("areas[0].weight:")


def test_framework_default_target_outside_the_scale_is_rejected():
    text = FRAMEWORK.replace("default_target: 3", "default_target: 8")
    assert framework_errors(text) == [
        ("framework", "error", 10, 17, "default_target 8 is outside the scale 1..5")
    ]


def test_framework_unknown_field_is_rejected_with_a_suggestion():
    text = FRAMEWORK.replace("version: 3\n", "version: 3\nvesion: 4\n")
    assert framework_errors(text) == [
        ("framework", "error", 4, 1, "unknown field 'vesion'; did you mean 'version'?")
    ]


# -- a real framework: OWASP SAMM -----------------------------------------------------------


@pytest.mark.skipif(not (SAMM / "framework.yaml").is_file(), reason="SAMM test data not available")
def test_owasp_samm_framework_and_its_example_validate_and_score():
    doc, diagnostics = load_text((SAMM / "framework.yaml").read_text(encoding="utf-8"), "samm")
    assert diagnostics == []
    fw, diagnostics = validate_framework(doc)
    assert diagnostics == [] and fw is not None
    assert fw.scale == (0, 3) and len(fw.areas) == 15
    example = (SAMM / "example-assessment.yaml").read_text(encoding="utf-8")
    doc, diagnostics = load_text(example, "example-assessment.yaml")
    assert diagnostics == []
    loaded, diagnostics = validate_assessment(doc, fw, TODAY)
    assert [d for d in diagnostics if d.is_error] == []
    card = score(loaded, fw)
    assert 0 <= card.overall <= 3
    assert card.stage.name == fw.levels[int(card.overall)].name
    assert all(area.score is not None for area in card.areas)
