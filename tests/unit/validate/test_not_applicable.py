"""Not-applicable practices (FORMAT.md section 2): a reason, alone, counted nowhere."""

from __future__ import annotations

import pytest
from conftest import FRAMEWORK, TODAY, document, framework_from
from cxm.score.scorecard import score
from cxm.validate.assessment import validate_assessment

CURRENT = """\
team: Payments Platform
date: 2026-09-30
assessors: [Dana Lee]
targets: {support: 4}
scores:
  support:
    self_service: {level: 4, evidence: "Deflects 38%."}
    onboarding: 3
  marketing:
    product_promise: 3
    reviews: 2
  policies: {returns: 2, privacy: 3}
"""


def check(text: str):
    return validate_assessment(document(text), framework_from(FRAMEWORK), TODAY)


NOT_APPLICABLE = CURRENT.replace(
    "    onboarding: 3\n",
    '    onboarding: {not_applicable: "Customers are onboarded by partners."}\n',
)


def test_a_not_applicable_practice_is_neither_an_error_nor_incomplete():
    loaded, diags = check(NOT_APPLICABLE)
    assert loaded is not None and diags == []
    entry = loaded.assessment.scores["support"]["onboarding"]
    assert entry.not_applicable == "Customers are onboarded by partners."


@pytest.mark.parametrize(
    ("entry", "where", "words"),
    [
        ('{not_applicable: "No partners.", level: 3}', (8, 50), "has a level too"),
        ("{ratings: {Dana Lee: 2}, not_applicable: No partners.}", (8, 18), "has a ratings too"),
        ('{not_applicable: "  "}', (8, 34), "say why"),
    ],
)
def test_not_applicable_takes_a_reason_and_stands_alone(entry, where, words):
    text = CURRENT.replace("    onboarding: 3\n", f"    onboarding: {entry}\n")
    loaded, diags = check(text)
    assert loaded is None
    (d,) = diags
    assert (d.code, d.severity, (d.line, d.column)) == ("invalid-value", "error", where)
    assert words in d.message


def scored(text: str):
    loaded, diags = check(text)
    assert loaded is not None, diags
    return score(loaded, framework_from(FRAMEWORK))


def test_a_not_applicable_practice_counts_in_no_mean_target_gap_or_next_step():
    card = scored(NOT_APPLICABLE)
    support = card.area("support")
    # support: only self_service (4, weight 2) counts; onboarding is n/a
    assert support.score == 4 and support.gap == 0 and not support.not_applicable
    onboarding = support.practices[1]
    assert onboarding.level is None
    assert onboarding.not_applicable == "Customers are onboarded by partners."
    assert all(step.practice.id != "onboarding" for step in card.next_steps)
    # marketing 2.5 (weight 1), policies 2.5 (weight 1), support 4 (weight 2)
    assert card.overall == (4 * 2 + 2.5 + 2.5) / 4


def test_an_area_whose_practices_are_all_not_applicable_is_left_out_of_the_overall():
    text = CURRENT.replace(
        "  policies: {returns: 2, privacy: 3}\n",
        "  policies:\n    returns: {not_applicable: No returns.}\n"
        "    privacy: {not_applicable: No personal data.}\n",
    )
    card = scored(text)
    policies = card.area("policies")
    assert policies.not_applicable and policies.score is None and policies.gap is None
    assert all(step.area.id != "policies" for step in card.next_steps)
    support = (4 * 2 + 3) / 3
    assert float(card.overall) == pytest.approx((support * 2 + 2.5) / 3)
