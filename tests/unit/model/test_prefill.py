"""What a team's next assessment starts with (cxm.model.prefill): `cxm new` writes it and the
questionnaire page starts from it."""

from __future__ import annotations

from conftest import TODAY, document, framework_from
from cxm.model.prefill import NEW_ASSESSORS, PracticeStart, prefill
from cxm.validate.assessment import validate_assessment

LATEST = """\
team: Payments Platform
group: Digital Channels
date: 2026-09-30
assessors: [Dana Lee, Sam Ortiz]
targets: {support: 4}
scores:
  support:
    self_service: {level: 4, evidence: "Help centre.", target: 5, notes: "Not carried."}
    onboarding: {ratings: {Dana Lee: 2, Sam Ortiz: 5}}
  marketing:
    product_promise: 3
  policies:
    privacy: {not_applicable: "We hold no personal data: payments go through the bank."}
metrics:
  nps: 31
  csat: {value: 82.5, target: 90, source: Survey}
actions:
  - {title: Status page, area: support, status: in_progress}
  - {title: Planned one, area: marketing}
  - {title: Done one, area: support, status: done}
  - {title: Dropped one, area: support, status: dropped}
"""


def latest():
    fw = framework_from()
    loaded, diags = validate_assessment(document(LATEST), fw, TODAY)
    assert loaded is not None, diags
    return fw, loaded.assessment


def test_the_next_assessment_starts_from_the_latest_levels_evidence_and_targets():
    fw, a = latest()
    start = prefill(fw, "payments platform", a)
    assert (start.team, start.group, start.new_team) == (
        "Payments Platform",
        "Digital Channels",
        False,
    )
    assert start.assessors == ["Dana Lee", "Sam Ortiz"]
    assert start.targets == {"support": 4}
    assert start.scores["support"] == {
        "self_service": PracticeStart(4, "Help centre.", 5),
        "onboarding": PracticeStart(3),  # the median of 2 and 5, rounded down
    }
    # Practices not assessed last time start at the lowest level, in the framework's order.
    assert list(start.scores) == [a.id for a in fw.areas]
    assert start.scores["marketing"]["reviews"] == PracticeStart(1)
    # Not applicable last time: the reason comes back, to review.
    assert start.scores["policies"] == {
        "returns": PracticeStart(1),
        "privacy": PracticeStart(
            None, not_applicable="We hold no personal data: payments go through the bank."
        ),
    }
    # The summary starts empty: what changed is this workshop's to write (SUMMARY is the
    # prompt cxm new writes as a comment and the questionnaire as a hint).
    assert start.summary == ""


def test_only_open_actions_carry_over_and_metrics_are_shown_to_measure_again():
    fw, a = latest()
    start = prefill(fw, "Payments Platform", a)
    assert [(x.title, x.status) for x in start.actions] == [
        ("Status page", "in_progress"),
        ("Planned one", "planned"),
    ]
    assert start.last_metrics == {"nps": 31, "csat": 82.5}


def test_a_new_team_starts_at_the_lowest_level_with_a_placeholder_assessor():
    fw = framework_from()
    start = prefill(fw, "Field Service", None)
    assert (start.team, start.group, start.new_team) == ("Field Service", None, True)
    assert start.assessors == NEW_ASSESSORS
    assert {p.level for area in start.scores.values() for p in area.values()} == {1}
    assert start.actions == [] and start.last_metrics == {} and start.targets == {}
