"""What Pydantic rejects, in the framework's words; one problem for one slip; a file that is
plainly not an assessment says so in one line."""

from __future__ import annotations

import pytest
from conftest import FRAMEWORK, TODAY, document, framework_from
from cxm.validate.assessment import validate_assessment

HEAD = """\
team: Payments
date: 2026-09-30
assessors: [Dana Lee, Sam Ortiz]
"""
OTHER_AREAS = """\
  marketing: {product_promise: 3, reviews: 3}
  policies: {returns: 3, privacy: 3}
"""


def problems(text: str) -> list[tuple[int, int, str, str, str]]:
    _, diagnostics = validate_assessment(document(text), framework_from(), TODAY)
    return [(d.line, d.column, d.severity, d.code, d.message) for d in diagnostics]


def support(practices: str) -> str:
    return HEAD + "scores:\n  support:\n" + practices + OTHER_AREAS


@pytest.mark.parametrize(
    ("practices", "line", "column", "message"),
    [
        (
            "    self_service: 3.5\n    onboarding: 3\n",
            6,
            19,
            "level of 'support.self_service' must be a whole number from 1 to 5, not 3.5",
        ),
        (
            "    self_service:\n      level: 4.5\n      evidence: x\n    onboarding: 3\n",
            7,
            14,
            "level of 'support.self_service' must be a whole number from 1 to 5, not 4.5",
        ),
        (
            "    self_service: {level: 3, target: high}\n    onboarding: 3\n",
            6,
            38,
            "target of 'support.self_service' must be a whole number from 1 to 5, "
            "not the text 'high'",
        ),
        (
            "    self_service: {ratings: {Dana Lee: 2.5}}\n    onboarding: 3\n",
            6,
            40,
            "rating of 'Dana Lee' for 'support.self_service' must be a whole number from 1 to "
            "5, not 2.5",
        ),
    ],
)
def test_a_level_that_is_not_a_whole_number_is_said_in_the_frameworks_words(
    practices, line, column, message
):
    assert problems(support(practices)) == [(line, column, "error", "invalid-value", message)]


def test_an_area_target_that_is_not_a_whole_number_names_the_area():
    text = HEAD + "targets: {support: 3.5}\n" + "scores: {}\n"
    [found] = [p for p in problems(text) if p[2] == "error"]
    assert found == (
        4,
        20,
        "error",
        "invalid-value",
        "target of 'support' must be a whole number from 1 to 5, not 3.5",
    )


def test_a_metric_that_is_not_a_number_names_the_metric_and_its_range():
    text = support("    self_service: 3\n    onboarding: 3\n") + "metrics:\n  nps: high\n"
    assert problems(text) == [
        (
            11,
            8,
            "error",
            "invalid-value",
            "value of 'nps' must be a number from -100 to 100, not the text 'high'",
        )
    ]


def test_a_practice_indented_as_an_area_is_named_as_the_practice_it_is():
    text = support("    self_service: 3\n") + "  onboarding: 2\n"
    assert problems(text) == [
        (
            9,
            3,
            "error",
            "unknown-area",
            "'onboarding' is a practice of 'support', not an area: indent it under 'support', "
            "like the practices there",
        )
    ]


def test_an_area_with_a_level_of_its_own_asks_for_its_practices():
    text = HEAD + "scores:\n  support: 3\n" + OTHER_AREAS
    assert problems(text) == [
        (
            5,
            12,
            "error",
            "invalid-value",
            "area 'support' holds its practices, each with a level (`practice: level`), not a "
            "value of its own: write them below it, indented",
        )
    ]


def test_a_mapping_written_as_key_and_value_without_a_colon_is_a_missing_colon():
    text = support("    self_service: 3\n    onboarding: 3\n") + "metrics:\n  nps 31\n"
    assert problems(text) == [
        (11, 3, "error", "invalid-value", "missing colon after 'nps': write 'nps: 31'")
    ]


def test_a_typo_in_a_practice_id_is_one_problem():
    text = support("    self_servise: 3\n    onboarding: 3\n")
    assert problems(text) == [
        (
            6,
            5,
            "error",
            "unknown-practice",
            "unknown practice 'self_servise' in area 'support'; did you mean 'self_service'?",
        )
    ]


def test_a_typo_in_an_area_id_is_one_problem():
    text = HEAD + "scores:\n  suport: {self_service: 3, onboarding: 3}\n" + OTHER_AREAS
    assert [p[3] for p in problems(text)] == ["unknown-area"]


def test_a_practice_left_out_beside_a_typo_of_another_is_still_not_assessed():
    text = support("    self_servise: 3\n")
    assert [(p[3], p[4]) for p in problems(text)] == [
        (
            "unknown-practice",
            "unknown practice 'self_servise' in area 'support'; did you mean 'self_service'?",
        ),
        ("incomplete", "'support.onboarding' not assessed"),
    ]


def test_a_rating_off_the_scale_is_one_problem_not_also_a_disagreement():
    text = support("    self_service: {ratings: {Dana Lee: 9, Sam Ortiz: 2}}\n    onboarding: 3\n")
    assert problems(text) == [
        (6, 40, "error", "out-of-range", "rating of 'Dana Lee' 9 is outside the scale 1..5")
    ]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            "site_name: Test\nplugins: [search]\n",
            "it is an MkDocs configuration (it has site_name)",
        ),
        (FRAMEWORK, "it is a framework (it has levels and areas)"),
        ("name: x\nowner: y\n", "it has none of the fields of one"),
    ],
)
def test_a_file_that_is_plainly_not_an_assessment_says_so_in_one_line(text, what):
    assert problems(text) == [
        (
            1,
            1,
            "error",
            "invalid-value",
            f"not an assessment file: {what}; an assessment has team, date, assessors and scores",
        )
    ]


def test_an_assessment_with_one_field_right_is_checked_field_by_field():
    found = problems("team: Payments\nsite_name: Test\n")
    assert {p[3] for p in found} == {"missing-field", "unknown-field"}
