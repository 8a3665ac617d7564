"""Scoring (FORMAT.md section 5) on hand-computed examples with conftest.py's tiny framework."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import ASSESSMENT, FRAMEWORK, FRAMEWORK_0_3, TODAY, document, framework_from
from cxm.model.assessment import PracticeScore, practice_level
from cxm.model.assessment_file import AssessmentFile
from cxm.score.scorecard import Scorecard, score, score_all
from cxm.validate.assessment import validate_assessment

HEAD = """\
team: Payments Platform
date: 2026-09-30
assessors: [Dana Lee, Sam Ortiz, Kim Park]
"""


def loaded_of(text: str, framework: str = FRAMEWORK, path: str = "a.yaml") -> AssessmentFile:
    fw = framework_from(framework)
    item, diagnostics = validate_assessment(document(text, path), fw, TODAY)
    assert item is not None, diagnostics
    return item


def card_of(text: str, framework: str = FRAMEWORK) -> Scorecard:
    return score(loaded_of(text, framework), framework_from(framework))


def steps_of(card: Scorecard) -> list[tuple]:
    return [
        (s.area.id, s.practice.id, s.level, s.target, s.priority, s.text) for s in card.next_steps
    ]


# -- area and overall scores ---------------------------------------------------------------


def test_practice_and_area_weights_make_weighted_means():
    card = card_of(ASSESSMENT)
    # support:   (4 x 2 + 3 x 1) / (2 + 1) = 11/3 = 3.67
    # marketing: (3 + 2) / 2 = 5/2;  policies: (2 + 3) / 2 = 5/2
    # overall:   (11/3 x 2 + 5/2 + 5/2) / (2 + 1 + 1) = (37/3) / 4 = 37/12 = 3.08
    assert card.area("support").score == Fraction(11, 3)
    assert card.area("marketing").score == Fraction(5, 2)
    assert card.area("policies").score == Fraction(5, 2)
    assert card.overall == Fraction(37, 12)


def test_stage_is_the_level_named_by_the_floor_of_the_overall_score():
    # 37/12 = 3.08 -> level 3
    card = card_of(ASSESSMENT)
    assert (card.stage_level, card.stage.name) == (3, "Defined")


@pytest.mark.parametrize(
    ("levels", "overall", "stage"),
    [
        # every practice at 4: overall exactly 4 -> Managed
        ((4, 4, 4, 4, 4, 4), Fraction(4), "Managed"),
        # support (5x2+5)/3 = 5, marketing 3, policies 4 -> (10 + 3 + 4) / 4 = 17/4 = 4.25
        ((5, 5, 3, 3, 4, 4), Fraction(17, 4), "Managed"),
        # support (3x2+4)/3 = 10/3, marketing 4, policies 4 -> (20/3 + 8) / 4 = 11/3 = 3.67
        ((3, 4, 4, 4, 4, 4), Fraction(11, 3), "Defined"),
        # all at the bottom of the scale -> 1 -> Reactive
        ((1, 1, 1, 1, 1, 1), Fraction(1), "Reactive"),
    ],
)
def test_stage_for_several_overall_scores(levels, overall, stage):
    ss, onb, pp, rev, ret, pri = levels
    ev = "{level: %d, evidence: Measured}"
    text = HEAD + (
        f"scores:\n  support: {{self_service: {ev % ss}, onboarding: {ev % onb}}}\n"
        f"  marketing: {{product_promise: {ev % pp}, reviews: {ev % rev}}}\n"
        f"  policies: {{returns: {ev % ret}, privacy: {ev % pri}}}\n"
    )
    card = card_of(text)
    assert card.overall == overall
    assert card.stage.name == stage


def test_areas_and_practices_not_assessed_are_left_out_of_the_means():
    text = (
        HEAD
        + "scores:\n  support: {self_service: 2}\n  marketing: {product_promise: 3, reviews: 2}\n"
    )
    card = card_of(text)
    # support: only self_service -> 2 (onboarding is not counted as 0)
    # marketing: 5/2; policies: not assessed
    # overall: (2 x 2 + 5/2) / (2 + 1) = (13/2) / 3 = 13/6 = 2.17
    assert card.area("support").score == 2
    assert card.area("policies").score is None
    assert card.area("policies").gap is None
    assert card.overall == Fraction(13, 6)
    onboarding = card.area("support").practices[1]
    assert (onboarding.practice.id, onboarding.level) == ("onboarding", None)


def test_scale_starting_at_zero_counts_level_zero():
    text = (
        HEAD
        + "scores:\n  build: {process: 0, dependencies: 1}\n  deploy: {process: 3, secrets: 0}\n"
    )
    card = card_of(text, FRAMEWORK_0_3)
    # build: (0 + 1) / 2 = 1/2; deploy: (3 + 0) / 2 = 3/2; overall (1/2 + 3/2) / 2 = 1
    assert card.area("build").score == Fraction(1, 2)
    assert card.area("deploy").score == Fraction(3, 2)
    assert card.overall == 1
    assert card.stage.name == "Ad hoc"
    # default target 2: gaps 2 - 1/2 = 3/2 and 2 - 3/2 = 1/2
    assert card.area("build").gap == Fraction(3, 2)
    assert card.area("deploy").gap == Fraction(1, 2)


def test_overall_below_one_on_a_zero_based_scale_is_the_zero_stage():
    text = (
        HEAD
        + "scores:\n  build: {process: 0, dependencies: 1}\n  deploy: {process: 0, secrets: 0}\n"
    )
    card = card_of(text, FRAMEWORK_0_3)
    # build 1/2, deploy 0 -> overall 1/4 -> floor 0 -> "Absent"
    assert card.overall == Fraction(1, 4)
    assert (card.stage_level, card.stage.name) == (0, "Absent")
    assert steps_of(card)[0] == ("build", "process", 0, 2, Fraction(2), "Script it.")


# -- targets, gaps and next steps -----------------------------------------------------------


def test_targets_come_from_the_practice_then_the_assessment_then_the_framework():
    text = HEAD + (
        "targets: {marketing: 4}\n"
        "scores:\n"
        "  support: {self_service: {level: 4, evidence: Zendesk}, onboarding: 3}\n"
        "  marketing: {product_promise: 3, reviews: {level: 2, target: 5}}\n"
        "  policies: {returns: 2, privacy: 3}\n"
    )
    card = card_of(text)
    targets = {(r.area.id, p.practice.id): p.target for r in card.areas for p in r.practices}
    assert targets == {
        ("support", "self_service"): 3,  # default_target
        ("support", "onboarding"): 3,
        ("marketing", "product_promise"): 4,  # the assessment's area target
        ("marketing", "reviews"): 5,  # the practice's own target
        ("policies", "returns"): 3,
        ("policies", "privacy"): 3,
    }
    assert [r.target for r in card.areas] == [3, 4, 3]
    # gap = max(0, target - score): support max(0, 3 - 11/3) = 0; marketing 4 - 5/2 = 3/2;
    # policies 3 - 5/2 = 1/2
    assert [r.gap for r in card.areas] == [0, Fraction(3, 2), Fraction(1, 2)]


def test_next_steps_are_ranked_by_target_distance_times_area_weight():
    text = HEAD + (
        "targets: {marketing: 4}\n"
        "scores:\n"
        "  support: {self_service: {level: 4, evidence: Zendesk}, onboarding: 2}\n"
        "  marketing: {product_promise: 3, reviews: {level: 2, target: 5}}\n"
        "  policies: {returns: 2, privacy: 3}\n"
    )
    # priority = (target - level) x area weight:
    #   marketing.reviews         (5 - 2) x 1 = 3
    #   support.onboarding        (3 - 2) x 2 = 2
    #   marketing.product_promise (4 - 3) x 1 = 1
    #   policies.returns          (3 - 2) x 1 = 1   (tie: framework order)
    # self_service (4 >= 3) and privacy (3 >= 3) are at target: no step.
    assert steps_of(card_of(text)) == [
        ("marketing", "reviews", 2, 5, 3, "Answer the reviews."),
        ("support", "onboarding", 2, 3, 2, "Guide the first week."),
        ("marketing", "product_promise", 3, 4, 1, "Measure the promise."),
        ("policies", "returns", 2, 3, 1, "Publish it."),
    ]


def test_equal_priorities_keep_the_frameworks_order_not_the_alphabet():
    text = HEAD + (
        "targets: {marketing: 4}\n"
        "scores:\n"
        "  support: {self_service: 2, onboarding: 2}\n"
        "  marketing: {product_promise: 2, reviews: 4}\n"
    )
    # support: (3 - 2) x 2 = 2 for both practices; marketing.product_promise (4 - 2) x 1 = 2.
    # Framework order: support before marketing, self_service before onboarding.
    assert [(a, p, prio) for a, p, _, _, prio, _ in steps_of(card_of(text))] == [
        ("support", "self_service", 2),
        ("support", "onboarding", 2),
        ("marketing", "product_promise", 2),
    ]


def test_top_level_and_practices_at_target_have_no_next_step():
    text = HEAD + (
        "targets: {support: 5}\n"
        "scores:\n"
        "  support:\n"
        "    self_service: {level: 5, evidence: Best}\n"
        "    onboarding: {level: 4, evidence: Measured}\n"
        "  marketing: {product_promise: 5, reviews: 4}\n"
    )
    # self_service is at the top (5 = target): nothing; onboarding 4 -> 5: (5 - 4) x 2 = 2;
    # marketing above its target 3: nothing.
    assert steps_of(card_of(text)) == [
        ("support", "onboarding", 4, 5, 2, "Tailor onboarding."),
    ]


def test_practice_without_next_steps_at_its_level_points_at_the_next_level():
    framework = FRAMEWORK.replace('          1: ["Read the reviews."]\n', "")
    text = HEAD + "scores:\n  marketing: {product_promise: 3, reviews: 1}\n"
    (step,) = steps_of(card_of(text, framework))
    assert step == ("marketing", "reviews", 1, 3, 2, "Reach Emerging: Read.")


def test_practice_with_several_steps_lists_each_at_the_same_priority():
    framework = FRAMEWORK.replace(
        '["Publish the top ten answers."]', '["Publish the top ten answers.", "Add search."]'
    )
    text = HEAD + "scores:\n  support: {self_service: 1}\n"
    # (3 - 1) x 2 = 4 for both
    assert steps_of(card_of(text, framework)) == [
        ("support", "self_service", 1, 3, 4, "Publish the top ten answers."),
        ("support", "self_service", 1, 3, 4, "Add search."),
    ]


# -- ratings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "level"),
    [
        ({"A": 2, "B": 4}, 3),  # median 3
        ({"A": 2, "B": 3}, 2),  # median 2.5, rounded down
        ({"A": 1, "B": 2, "C": 5}, 2),  # median of three: the middle one
        ({"A": 5, "B": 1, "C": 2}, 2),  # order of the raters does not matter
        ({"A": 4}, 4),
    ],
)
def test_level_of_several_raters_is_their_median_rounded_down(ratings, level):
    assert practice_level(PracticeScore(ratings=ratings)) == level


def test_level_beside_ratings_wins():
    assert practice_level(PracticeScore(level=4, ratings={"A": 1, "B": 2})) == 4


def test_ratings_median_is_the_score_of_the_practice():
    text = HEAD + (
        "scores:\n  marketing:\n"
        "    product_promise: {ratings: {Dana Lee: 1, Sam Ortiz: 2, Kim Park: 5}}\n"
        "    reviews: {level: 3, ratings: {Dana Lee: 1, Sam Ortiz: 1}}\n"
    )
    card = card_of(text)
    # product_promise: median(1, 2, 5) = 2; reviews: level 3 wins -> (2 + 3) / 2 = 5/2
    assert [p.level for p in card.area("marketing").practices] == [2, 3]
    assert card.area("marketing").practices[0].spread == 4
    assert card.area("marketing").score == Fraction(5, 2)


# -- trend ----------------------------------------------------------------------------------


def test_trend_is_the_change_against_the_teams_previous_assessment():
    fw = framework_from()
    earlier = HEAD.replace("2026-09-30", "2026-06-30") + (
        "scores:\n  support: {self_service: 2, onboarding: 2}\n"
        "  marketing: {product_promise: 2, reviews: 2}\n"
    )
    other_team = ASSESSMENT.replace("Payments Platform", "Support Desk").replace(
        "2026-09-30", "2026-08-01"
    )
    items = [
        loaded_of(ASSESSMENT, path="assessments/payments/a-latest.yaml"),
        loaded_of(earlier, path="assessments/payments/z-earlier.yaml"),
        loaded_of(other_team, path="assessments/support/2026-08-01.yaml"),
    ]
    cards = score_all(items, fw)
    assert list(cards) == ["payments-platform", "support-desk"]
    before, after = cards["payments-platform"]
    assert (before.assessment.date.isoformat(), after.assessment.date.isoformat()) == (
        "2026-06-30",
        "2026-09-30",
    )
    assert before.change is None and before.previous is None
    assert after.previous is before
    # support 11/3 - 2 = 5/3; marketing 5/2 - 2 = 1/2; policies was not assessed before: none
    assert after.area("support").change == Fraction(5, 3)
    assert after.area("marketing").change == Fraction(1, 2)
    assert after.area("policies").change is None
    # overall: before (2 x 2 + 2) / 3 = 2; after 37/12 -> change 37/12 - 2 = 13/12
    assert before.overall == 2
    assert after.change == Fraction(13, 12)
    # another team's assessment is not a previous one
    assert cards["support-desk"][0].change is None
