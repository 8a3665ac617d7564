"""Messages quote what a file holds in a short line: however long a key, a name or a value,
a diagnostic quotes at most 60 characters of it. (Each diagnostics format then makes the
message one line: report/.)"""

from __future__ import annotations

from conftest import FRAMEWORK, TODAY, document, framework_from
from cxm.load.reader import load_text
from cxm.validate.assessment import validate_assessment
from cxm.validate.framework import validate_framework

LONG = "x" * 900  # under YAML's limit of 1024 characters for a key
HOSTILE = "z\\n::error file=a.yaml,line=1::forged, and more and more and more\\u202e"


def diagnostics_of(text: str) -> list:
    _, diagnostics = validate_assessment(document(text), framework_from(), TODAY)
    return diagnostics


def assert_short(diagnostics: list) -> None:
    assert diagnostics
    for d in diagnostics:
        assert len(d.message) <= 200, d.message


def test_every_message_about_long_or_hostile_input_is_short():
    diagnostics = diagnostics_of(
        f"""
        team: Alpha
        date: 2026-09-30
        assessors: [Kim]
        {LONG}: 1
        "{HOSTILE}": 2
        targets: {{{LONG}: 3, "{HOSTILE}": 9}}
        scores:
          {LONG}: {{}}
          support:
            {LONG}: 3
            self_service: {{ratings: {{{LONG}: 1, "{HOSTILE}": 5, Kim: 9}}}}
        metrics: {{{LONG}: 1}}
        actions:
          - {{title: a, area: {LONG}}}
          - {{title: b, area: support, practice: "{HOSTILE}"}}
        """
    )
    assert_short(diagnostics)
    codes = {d.code for d in diagnostics}
    assert {
        "unknown-field",
        "unknown-area",
        "unknown-practice",
        "unknown-metric",
        "invalid-value",
        "out-of-range",
    } <= codes
    unknown = [d for d in diagnostics if d.code == "unknown-field"]
    assert unknown[0].message == f"unknown field '{'x' * 60}…'"
    assert unknown[1].message == (
        "unknown field 'z\n::error file=a.yaml,line=1::forged, and more and more and …'"
    )


def test_a_long_key_in_the_path_of_a_type_error_is_shortened():
    diagnostics = diagnostics_of(
        f"""
        team: Alpha
        date: 2026-09-30
        assessors: [Kim]
        scores:
          {LONG}:
            {LONG}: {{level: 3, evidence: [3]}}
        """
    )
    [d] = [d for d in diagnostics if d.code == "invalid-value"]
    assert d.message.startswith(f"scores.{'x' * 60}….{'x' * 60}….evidence: ")
    assert (d.line, d.column) == (6, 928)


def test_a_date_that_is_not_one_is_quoted_short():
    [d] = diagnostics_of(f'team: Alpha\ndate: "{"2026" * 500}"\nassessors: [Kim]\nscores: {{}}\n')
    assert (d.code, d.line, d.column) == ("invalid-value", 2, 7)
    assert d.message == f"date: expected a date written YYYY-MM-DD, got '{'2026' * 15}…'"


def test_the_ratings_of_many_raters_with_long_names_are_listed_short():
    raters = [f"{'r' * 150} {i}" for i in range(50)]
    ratings = ", ".join(f'"{r}": {1 + 4 * (i % 2)}' for i, r in enumerate(raters))
    diagnostics = diagnostics_of(
        f"""
        team: Alpha
        date: 2026-09-30
        assessors: [{", ".join(f'"{r}"' for r in raters)}]
        scores:
          support: {{self_service: {{ratings: {{{ratings}}}, evidence: x}}, onboarding: 3}}
          marketing: {{product_promise: 3, reviews: 3}}
          policies: {{returns: 3, privacy: 3}}
        """
    )
    [d] = diagnostics
    assert d.code == "disagreement"
    assert d.message.startswith("raters disagree on 'support.self_service' by 4 levels (rrrr")
    assert len(d.message) < 200


def test_framework_messages_quote_ids_short():
    text = FRAMEWORK.replace("  - id: marketing\n", f"  - id: support{'x' * 500}\n").replace(
        "  - id: policies\n", f"  - id: support{'x' * 500}\n"
    )
    doc, _ = load_text(text, "framework.yaml")
    fw, diagnostics = validate_framework(doc)
    assert fw is None
    assert_short(diagnostics)
    assert any(d.message == f"area id 'support{'x' * 53}…' repeats area 2" for d in diagnostics)
