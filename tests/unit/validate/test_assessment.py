"""Assessment validation: each rule of FORMAT.md is a diagnostic with its code, line and column."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ASSESSMENT, FRAMEWORK, TODAY, document, framework_from
from cxm.diagnostics import Diagnostic
from cxm.validate.assessment import validate_assessment

# The first lines of an assessment; tests add targets, scores, metrics or actions below.
HEAD = """\
team: Payments Platform
date: 2026-09-30
assessors: [Dana Lee, Sam Ortiz]
"""
ALL_OTHER_AREAS = """\
  marketing: {product_promise: 3, reviews: 3}
  policies: {returns: 3, privacy: 3}
"""


def check(text: str, today: dt.date = TODAY) -> list[Diagnostic]:
    _, diagnostics = validate_assessment(document(text), framework_from(), today)
    return diagnostics


def one(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, diagnostics
    return found[0]


def where(d: Diagnostic) -> tuple:
    return (d.code, d.severity, d.line, d.column)


def test_complete_assessment_has_no_diagnostics():
    assert check(ASSESSMENT) == []


# -- shape: missing and unknown fields, invalid values ---------------------------------------


def test_missing_required_field_is_reported_at_the_mapping():
    d = one(check("team: Payments Platform\ndate: 2026-09-30\nscores: {}\n"), "missing-field")
    assert where(d) == ("missing-field", "error", 1, 1)
    assert d.message == "missing required field 'assessors'"


def test_a_file_without_team_or_date_still_has_its_levels_checked():
    diagnostics = check(
        """\
        assessors: [Dana Lee]
        scores:
          support: {self_service: 7, onboarding: 3}
        """
    )
    assert [where(d) for d in diagnostics] == [
        ("missing-field", "error", 1, 1),
        ("missing-field", "error", 1, 1),
        ("out-of-range", "error", 3, 27),
    ]


def test_missing_nested_field_names_its_parent():
    text = HEAD + "scores: {}\nactions:\n  - area: support\n    owner: Sam\n"
    d = one(check(text), "missing-field")
    assert where(d) == ("missing-field", "error", 6, 5)
    assert d.message == "missing required field 'title' in actions[0]"


def test_practice_without_level_or_ratings_misses_a_field():
    text = HEAD + "scores:\n  support:\n    self_service: {evidence: x}\n    onboarding: 3\n"
    d = one(check(text + ALL_OTHER_AREAS), "missing-field")
    assert where(d) == ("missing-field", "error", 6, 5)
    assert "'support.self_service' needs a level or ratings" in d.message
    # The long form written as a block: still on the practice's line, not its first field's.
    block = text.replace("self_service: {evidence: x}", "self_service:\n      evidence: x")
    d = one(check(block + ALL_OTHER_AREAS), "missing-field")
    assert where(d) == ("missing-field", "error", 6, 5)


def test_unknown_field_suggests_the_field_meant():
    text = HEAD.replace("assessors", "assesors") + "scores: {}\n"
    d = one(check(text), "unknown-field")
    assert where(d) == ("unknown-field", "error", 3, 1)
    assert d.message == "unknown field 'assesors'; did you mean 'assessors'?"


def test_unknown_field_in_a_practice_points_at_the_key():
    text = HEAD + "scores:\n  support:\n    self_service: {level: 3, evidense: Zendesk}\n"
    d = one(check(text), "unknown-field")
    assert where(d) == ("unknown-field", "error", 6, 30)
    assert d.message == "unknown field 'evidense'; did you mean 'evidence'?"


def test_unknown_field_without_a_close_match_has_no_suggestion():
    d = one(check(HEAD + "scores: {}\nzzz: 1\n"), "unknown-field")
    assert d.message == "unknown field 'zzz'"


@pytest.mark.parametrize(
    ("value", "column", "written"),
    [
        ("3.5", 19, "3.5"),
        ("yes", 19, "'yes'"),
        ('"3"', 19, "the text '3'"),
        ("{level: 3.5}", 27, "3.5"),
        ("[3]", 19, "a list"),
        ("three", 19, "the text 'three'"),
    ],
)
def test_non_integer_level_is_an_invalid_value(value, column, written):
    text = HEAD + f"scores:\n  support:\n    self_service: {value}\n"
    d = one(check(text), "invalid-value")
    assert where(d) == ("invalid-value", "error", 6, column)
    # In the framework's words, and without a `.level` the short form does not have.
    assert d.message == (
        f"level of 'support.self_service' must be a whole number from 1 to 5, not {written}"
    )


def test_rater_not_among_the_assessors_is_an_invalid_value():
    text = HEAD + "scores:\n  support:\n    self_service: {ratings: {Dana Lee: 3, Sam Ortis: 3}}\n"
    d = one(check(text), "invalid-value")
    assert where(d) == ("invalid-value", "error", 6, 43)
    assert d.message == "rater 'Sam Ortis' is not listed in assessors; did you mean 'Sam Ortiz'?"


def test_date_in_the_future_is_an_invalid_value():
    text = HEAD.replace("2026-09-30", "2026-11-02") + "scores: {}\n"
    d = one(check(text, today=dt.date(2026, 11, 1)), "invalid-value")
    assert where(d) == ("invalid-value", "error", 2, 7)
    assert d.message == "date 2026-11-02 is in the future"
    assert not [d for d in check(text, today=dt.date(2026, 11, 2)) if d.is_error]


@pytest.mark.parametrize("value", ["30/09/2026", "2026-9-30", "'2026-02-30'", "20260930"])
def test_date_not_written_as_a_real_iso_date_is_an_invalid_value(value):
    d = one(check(HEAD.replace("2026-09-30", value) + "scores: {}\n"), "invalid-value")
    assert where(d) == ("invalid-value", "error", 2, 7)
    assert d.message.startswith("date:")


def test_empty_assessors_and_blank_team_are_invalid_values():
    text = "team: ''\ndate: 2026-09-30\nassessors: []\nscores: {}\n"
    found = [where(d) for d in check(text)]
    assert found == [("invalid-value", "error", 1, 7), ("invalid-value", "error", 3, 12)]


def test_invalid_action_status_lists_the_choices():
    text = HEAD + "scores: {}\nactions:\n  - {title: Status page, area: support, status: wip}\n"
    d = one(check(text), "invalid-value")
    assert where(d) == ("invalid-value", "error", 6, 49)
    assert "'planned', 'in_progress', 'done' or 'dropped'" in d.message


# -- the framework's ids and scale -----------------------------------------------------------


def test_level_outside_the_scale_is_out_of_range():
    text = HEAD + "scores:\n  support:\n    self_service: 7\n"
    d = one(check(text), "out-of-range")
    assert where(d) == ("out-of-range", "error", 6, 19)
    assert d.message == "level 7 is outside the scale 1..5"


def test_level_outside_the_scale_gets_no_evidence_warning_beside_its_error():
    text = HEAD + "scores:\n  support: {self_service: 7, onboarding: 3}\n" + ALL_OTHER_AREAS
    assert [where(d) for d in check(text)] == [("out-of-range", "error", 5, 27)]


def test_level_zero_is_out_of_range_on_a_scale_from_one():
    d = one(check(HEAD + "scores:\n  support:\n    onboarding: {level: 0}\n"), "out-of-range")
    assert where(d) == ("out-of-range", "error", 6, 25)
    assert d.message == "level 0 is outside the scale 1..5"


def test_area_target_outside_the_scale_is_out_of_range():
    d = one(check(HEAD + "targets:\n  support: 9\nscores: {}\n"), "out-of-range")
    assert where(d) == ("out-of-range", "error", 5, 12)
    assert d.message == "target 9 is outside the scale 1..5"


def test_practice_target_and_rating_outside_the_scale_are_out_of_range():
    text = HEAD + (
        "scores:\n  support:\n"
        "    self_service: {level: 3, target: 6}\n"
        "    onboarding: {ratings: {Dana Lee: 3, Sam Ortiz: 8}}\n"
    )
    found = [where(d) for d in check(text) if d.code == "out-of-range"]
    assert found == [("out-of-range", "error", 6, 38), ("out-of-range", "error", 7, 52)]


def test_metric_value_outside_its_bounds_is_out_of_range():
    text = HEAD + "scores: {}\nmetrics:\n  csat: 150\n  nps: {value: 10, target: -101}\n"
    found = [(*where(d), d.message) for d in check(text) if d.code == "out-of-range"]
    assert found == [
        ("out-of-range", "error", 6, 9, "csat value 150 is outside 0..100"),
        ("out-of-range", "error", 7, 28, "nps target -101 is outside -100..100"),
    ]


def test_unknown_area_suggests_the_area_meant():
    d = one(check(HEAD + "scores:\n  suport:\n    self_service: 3\n"), "unknown-area")
    assert where(d) == ("unknown-area", "error", 5, 3)
    assert d.message == "unknown area 'suport'; did you mean 'support'?"


def test_unknown_area_in_targets_and_actions():
    text = HEAD + (
        "targets:\n  marketting: 4\nscores: {}\nactions:\n  - {title: Status page, area: polices}\n"
    )
    found = [(*where(d), d.message) for d in check(text) if d.code == "unknown-area"]
    assert found == [
        ("unknown-area", "error", 5, 3, "unknown area 'marketting'; did you mean 'marketing'?"),
        ("unknown-area", "error", 8, 32, "unknown area 'polices'; did you mean 'policies'?"),
    ]


def test_an_invalid_action_does_not_hide_the_problems_of_the_actions_after_it():
    text = HEAD + (
        "scores: {}\nactions:\n"
        "  - {title: Broken, area: support, due: soon}\n"
        "  - {title: Status page, area: polices}\n"
        "  - {title: FAQ, area: support, practice: reviews}\n"
    )
    found = [where(d) for d in check(text) if d.code != "incomplete"]
    assert found == [
        ("invalid-value", "error", 6, 41),
        ("unknown-area", "error", 7, 32),
        ("unknown-practice", "error", 8, 43),
    ]


def test_unknown_practice_suggests_the_practice_meant():
    text = HEAD + "scores:\n  support:\n    self_servise: 3\n"
    d = one(check(text), "unknown-practice")
    assert where(d) == ("unknown-practice", "error", 6, 5)
    assert (
        d.message
        == "unknown practice 'self_servise' in area 'support'; did you mean 'self_service'?"
    )


def test_action_practice_must_belong_to_its_area():
    text = HEAD + "scores: {}\nactions:\n  - {title: FAQ, area: support, practice: reviews}\n"
    d = one(check(text), "unknown-practice")
    assert where(d) == ("unknown-practice", "error", 6, 43)
    assert "unknown practice 'reviews' in area 'support'" in d.message


def test_unknown_metric_suggests_the_metric_meant():
    d = one(check(HEAD + "scores: {}\nmetrics:\n  nsp: 31\n"), "unknown-metric")
    assert where(d) == ("unknown-metric", "error", 6, 3)
    assert d.message == "unknown metric 'nsp'; did you mean 'nps'?"


# -- warnings --------------------------------------------------------------------------------


def test_areas_and_practices_left_out_are_incomplete_warnings():
    text = HEAD + (
        "scores:\n  support:\n    self_service: 3\n  marketing: {product_promise: 3, reviews: 3}\n"
    )
    found = [(*where(d), d.message) for d in check(text)]
    assert found == [
        ("incomplete", "warning", 5, 3, "'support.onboarding' not assessed"),
        ("incomplete", "warning", 4, 1, "'policies' not assessed"),
    ]


def test_high_level_without_evidence_is_a_missing_evidence_warning():
    text = (
        HEAD
        + "scores:\n  support:\n    self_service: 4\n    onboarding: {level: 5, evidence: ' '}\n"
    )
    found = [(*where(d), d.message) for d in check(text + ALL_OTHER_AREAS)]
    assert found == [
        (
            "missing-evidence",
            "warning",
            6,
            5,
            "'support.self_service' is at level 4 but has no evidence (required from level 4)",
        ),
        (
            "missing-evidence",
            "warning",
            7,
            5,
            "'support.onboarding' is at level 5 but has no evidence (required from level 4)",
        ),
    ]


def test_level_below_the_evidence_threshold_needs_no_evidence():
    text = HEAD + "scores:\n  support: {self_service: 3, onboarding: 3}\n"
    assert check(text + ALL_OTHER_AREAS) == []


def test_ratings_two_levels_apart_are_a_disagreement_warning():
    text = HEAD + (
        "scores:\n  support:\n"
        "    self_service: {ratings: {Dana Lee: 2, Sam Ortiz: 4}}\n"
        "    onboarding: {ratings: {Dana Lee: 2, Sam Ortiz: 3}}\n"
    )
    found = [(*where(d), d.message) for d in check(text + ALL_OTHER_AREAS)]
    assert found == [
        (
            "disagreement",
            "warning",
            6,
            20,  # the `ratings` key
            "raters disagree on 'support.self_service' by 2 levels (Dana Lee: 2, Sam Ortiz: 4)",
        )
    ]


def test_shape_errors_do_not_hide_framework_errors_in_the_same_file():
    text = HEAD + (
        "scores:\n"
        "  support: {self_service: 3.5, onboarding: 3}\n"
        "  marketing: {product_promise: 3, reviews: 3}\n"
        "  policies: {returns: 3, privacy: 3, privcy: 3}\n"
        "metrics: {nps: 31, csat: 150}\n"
        "actions:\n"
        "  - {title: FAQ, area: suport}\n"
        "  - {title: Status page, area: support, status: wip}\n"
    )
    # The practice set aside (self_service) is not reported as "not assessed".
    assert [(*where(d)[:1], *where(d)[2:]) for d in check(text)] == [
        ("invalid-value", 5, 27),
        ("invalid-value", 11, 49),
        ("unknown-practice", 7, 38),
        ("out-of-range", 8, 26),
        ("unknown-area", 10, 24),
    ]


# -- at most MAX_PER_FILE problems per file -----------------------------------------------------


def test_a_file_shows_at_most_a_hundred_problems_then_says_there_are_more():
    unknown = "".join(f"k{i}: 1\n" for i in range(150))
    diagnostics = check(HEAD + "scores: {}\n" + unknown)
    assert [d.code for d in diagnostics] == ["unknown-field"] * 100 + ["too-many-problems"]
    more = diagnostics[-1]
    # Where the first problem left out is: the 101st unknown key, on line 5 + 100.
    assert where(more) == ("too-many-problems", "error", 105, 1)
    assert "not shown" in more.message


def test_problems_past_the_cap_still_keep_the_file_out():
    """120 warnings, then an error: the error is not listed, yet the file is invalid."""
    practices = "".join(
        f"      - {{id: p{i}, name: P{i}, levels: {{1: a, 2: b, 3: c, 4: d, 5: e}}}}\n"
        for i in range(120)
    )
    framework = framework_from(
        FRAMEWORK.split("areas:\n")[0]
        + "areas:\n  - id: big\n    name: Big\n    practices:\n"
        + practices
    )
    scores = "".join(f"    p{i}: 4\n" for i in range(120))  # 120 missing-evidence warnings
    text = HEAD + "scores:\n  big:\n" + scores + "metrics:\n  not_a_metric: 3\n"
    loaded, diagnostics = validate_assessment(document(text), framework, TODAY)
    assert loaded is None
    assert len(diagnostics) == 101
    assert diagnostics[-1].code == "too-many-problems" and diagnostics[-1].is_error
