"""A field that expects text takes the text as written, where YAML 1.1 reads a boolean or a
number (`team: 1984`, `assessors: [No]`); a level or a metric stays a number."""

from __future__ import annotations

from conftest import FRAMEWORK, TODAY, document, framework_from
from cxm.load.reader import load_text
from cxm.validate.assessment import validate_assessment
from cxm.validate.framework import validate_framework


def validate(text: str):
    return validate_assessment(document(text), framework_from(), TODAY)


def test_names_and_texts_that_yaml_1_1_reads_as_booleans_or_numbers_are_their_text():
    loaded, diagnostics = validate(
        """
        team: 1984
        group: Yes
        date: 2026-09-30
        assessors: [No, On, y, 0x10, 1.50, true]
        summary: 42
        scores:
          support:
            self_service: {ratings: {No: 4, On: 4, 0x10: 4}, evidence: Off, notes: 1_000}
            onboarding: {level: 3, evidence: 3.0}
          marketing: {product_promise: 3, reviews: 3}
          policies: {returns: 3, privacy: 3}
        metrics:
          csat: {value: 82, source: 2026}
        actions:
          - {title: 2027, area: support, owner: NO}
        """
    )
    assert diagnostics == []
    a = loaded.assessment
    assert (a.team, a.group, a.summary) == ("1984", "Yes", "42")
    assert a.assessors == ["No", "On", "y", "0x10", "1.50", "true"]
    self_service = a.scores["support"]["self_service"]
    assert self_service.ratings == {"No": 4, "On": 4, "0x10": 4}
    assert (self_service.evidence, self_service.notes) == ("Off", "1_000")
    assert a.scores["support"]["onboarding"].evidence == "3.0"
    assert a.metrics["csat"].source == "2026"
    assert (a.actions[0].title, a.actions[0].owner) == ("2027", "NO")
    assert loaded.slug == "1984"


def test_levels_and_metric_values_stay_numbers_and_a_boolean_level_is_still_refused():
    _, diagnostics = validate(
        """
        team: Alpha
        date: 2026-09-30
        assessors: [Kim]
        scores:
          support: {self_service: yes, onboarding: {level: 0x3, target: On}}
        metrics:
          nps: No
        """
    )
    found = {(d.code, d.line, d.column) for d in diagnostics}
    assert ("invalid-value", 5, 27) in found  # self_service: yes
    assert ("invalid-value", 5, 65) in found  # target: On
    assert ("invalid-value", 7, 8) in found  # nps: No
    assert not any("level" in d.message and "onboarding" in d.message for d in diagnostics)


def test_the_text_of_an_anchored_or_merged_value_is_the_text_written_at_the_anchor():
    loaded, diagnostics = validate(
        """
        team: &name on
        date: 2026-09-30
        assessors: [No, Off]
        scores:
          support:
            self_service: &rated {ratings: {No: 4, Off: 4}, evidence: Yes}
            onboarding: *rated
          marketing:
            product_promise: {<<: *rated, level: 3}
            reviews: {<<: [{evidence: off}, *rated], level: 3}
          policies: {returns: 3, privacy: 3}
        actions:
          - {title: *name, area: support}
        """
    )
    assert diagnostics == []
    a = loaded.assessment
    assert a.team == "on" and a.actions[0].title == "on"
    assert a.scores["support"]["onboarding"].ratings == {"No": 4, "Off": 4}
    assert a.scores["marketing"]["product_promise"].evidence == "Yes"
    assert a.scores["marketing"]["reviews"].evidence == "off"


def test_a_key_that_as_text_repeats_another_is_a_duplicate_key_at_the_second():
    _, diagnostics = validate(
        """
        team: Alpha
        date: 2026-09-30
        assessors: ["1"]
        scores:
          support:
            self_service:
              ratings:
                1: 3
                "1": 4
        """
    )
    [d] = [d for d in diagnostics if d.code == "duplicate-key"]
    assert (d.severity, d.line, d.column) == ("error", 9, 9)
    assert d.message.startswith("duplicate key '1' (first at line 8)")


def test_a_problem_below_a_key_that_became_text_is_reported_at_that_key():
    _, diagnostics = validate(
        """
        team: Alpha
        date: 2026-09-30
        assessors: [1984]
        scores:
          support:
            self_service:
              ratings: {1984: 9, 2001: 3}
        """
    )
    found = {(d.code, d.line, d.column, d.message) for d in diagnostics}
    assert ("out-of-range", 7, 23, "rating of '1984' 9 is outside the scale 1..5") in found
    assert ("invalid-value", 7, 26, "rater '2001' is not listed in assessors") in found


def test_null_stays_null_an_optional_field_left_empty():
    loaded, diagnostics = validate(
        """
        team: Alpha
        group: ~
        date: 2026-09-30
        assessors: [Kim]
        scores:
          support: {self_service: {level: 3, evidence: null}, onboarding: 3}
          marketing: {product_promise: 3, reviews: 3}
          policies: {returns: 3, privacy: 3}
        """
    )
    assert diagnostics == []
    assert loaded.assessment.group is None
    _, diagnostics = validate("team: ~\ndate: 2026-09-30\nassessors: [Kim]\nscores: {}\n")
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("invalid-value", 1, 7)]


def test_framework_texts_are_their_text_too():
    text = FRAMEWORK.replace("name: Tiny framework\n", "name: 2024\n").replace(
        '{1: "No help.", 2: "Some FAQ."', '{1: No, 2: "Some FAQ."'
    )
    doc, _ = load_text(text, "framework.yaml")
    fw, diagnostics = validate_framework(doc)
    assert diagnostics == []
    assert fw.name == "2024"
    assert fw.areas[0].practices[0].levels[1] == "No"
