"""The shipped CX framework reads as a practitioner's rubric, not as a template filled in.

These tests read generator/cxm/frameworks/cx-maturity.yaml with the project's own loader and
guard the writing rules of docs/reference/framework.md: distinct, evenly sized level texts,
next steps that differ and start with a verb, outcomes and metrics that say what they mean,
and a migration that carries every version-1 practice forward.
"""

from __future__ import annotations

import difflib
import itertools
import re

import pytest
import yaml
from conftest import TODAY, document
from cxm.project import BUILTIN_FRAMEWORK
from cxm.score.scorecard import score
from cxm.validate.assessment import validate_assessment
from cxm.validate.framework import load_framework

LEVEL_LIKENESS = 0.70  # two texts of one level, in different practices
STEP_LIKENESS = 0.60  # any two next steps of the framework
LEVEL_WORDS = 30  # a level a workshop can check at a glance
LEVEL_3_WORDS = 25  # the step from 2 to 3 is no cliff: one or two conditions


def words(text: str) -> list[str]:
    return text.split()


# The verbs the next steps start with. A word joins this list only when, first in a sentence,
# it reads as an instruction ("Log every contact"), never as a subject ("Log is kept").
IMPERATIVES = frozenset(
    words(
        """
    add adopt agree alert answer appoint arrange ask assign automate book break bring brief
    build buy calculate call check choose collect commission compare connect contact copy count
    create decide define document draft estimate extend find fix form fund give hold interview
    introduce invite investigate keep lend let link list log make measure monitor name notify
    open organize pay pick prepare present propose publish put rank read recruit record redesign
    refresh rehearse remove rename reply require reset review rewrite route run scan schedule
    send set share ship show start store tag tailor take tell test track trace turn update use
    warn watch write
    """
    )
)
NOT_A_VERB_START = frozenset(words("a an the this that these those our your their it we they"))
SUBJECT_FOLLOWERS = frozenset(words("is are was were has have had will should must can may"))

# Every practice of version 1, as "area.practice" (version 1 is history: it does not change).
VERSION_1 = words(
    """
marketing.product_promise marketing.reviews_and_content marketing.personalization
marketing.social_listening sales.self_service_buying sales.assisted_selling
sales.evaluation_support sales.handover_to_onboarding technology.usability
technology.reliability technology.product_feedback_loop technology.accessibility
supporting_systems.billing supporting_systems.provisioning supporting_systems.customer_data
supporting_systems.account_management third_party_integrations.integration_catalogue
third_party_integrations.developer_experience third_party_integrations.integration_support
support.self_service support.assisted_channels support.onboarding
support.proactive_communication policies.refunds_and_cancellation policies.privacy_and_consent
policies.service_levels policies.policy_review customer_centric_culture.journey_mapping
customer_centric_culture.feedback_loops customer_centric_culture.employee_empowerment
customer_centric_culture.cross_functional_teams accountability_reporting.cx_metrics
accountability_reporting.owners_and_targets accountability_reporting.progress_reporting
accountability_reporting.metric_reviews
"""
)

AREA_ORDER = [
    "marketing",
    "sales",
    "technology",
    "supporting_systems",
    "third_party_integrations",
    "support",
    "policies",
    "customer_centric_culture",
    "accountability_reporting",
]


@pytest.fixture(scope="module")
def framework():
    fw, diags = load_framework(BUILTIN_FRAMEWORK, BUILTIN_FRAMEWORK.name)
    assert diags == [] and fw is not None
    return fw


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(BUILTIN_FRAMEWORK.read_text("utf-8"))


def practices(fw):
    return [(f"{a.id}.{p.id}", p) for a in fw.areas for p in a.practices]


def steps(fw):
    return [
        (f"{path} from {level}", text)
        for path, p in practices(fw)
        for level, texts in p.next_steps.items()
        for text in texts
    ]


def likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def test_nine_areas_in_order_with_four_or_five_practices_each(framework):
    assert framework.version == 2
    assert [a.id for a in framework.areas] == AREA_ORDER
    assert {a.id: len(a.practices) for a in framework.areas if len(a.practices) not in (4, 5)} == {}


def test_every_level_text_is_distinct(framework):
    texts = [text for _, p in practices(framework) for text in p.levels.values()]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_texts_of_one_level_are_not_written_from_one_template(framework, level):
    texts = [(path, p.levels[level]) for path, p in practices(framework)]
    alike = [
        (x, y, round(likeness(a, b), 2))
        for (x, a), (y, b) in itertools.combinations(texts, 2)
        if likeness(a, b) > LEVEL_LIKENESS
    ]
    assert alike == []


def test_level_texts_are_short_and_level_3_is_no_cliff(framework):
    long = [
        (path, level, len(text.split()))
        for path, p in practices(framework)
        for level, text in p.levels.items()
        if len(text.split()) > (LEVEL_3_WORDS if level == 3 else LEVEL_WORDS)
    ]
    assert long == []


def test_no_two_next_steps_are_alike(framework):
    alike = [
        (x, y, round(likeness(a, b), 2))
        for (x, a), (y, b) in itertools.combinations(steps(framework), 2)
        if likeness(a, b) > STEP_LIKENESS
    ]
    assert alike == []


def test_every_next_step_starts_with_an_imperative_verb(framework):
    wrong = []
    for where, text in steps(framework):
        first, second = [*re.findall(r"[A-Za-z'-]+", text), ""][:2]
        verb = first.lower()
        if (
            not first[:1].isupper()
            or verb not in IMPERATIVES
            or verb in NOT_A_VERB_START
            or second.lower() in SUBJECT_FOLLOWERS
        ):
            wrong.append((where, text))
    assert wrong == []


def test_every_practice_has_next_steps_from_every_level_below_the_top(framework):
    top = max(framework.levels)
    missing = [
        path
        for path, p in practices(framework)
        if sorted(p.next_steps) != [n for n in sorted(framework.levels) if n < top]
        or any(not texts for texts in p.next_steps.values())
    ]
    assert missing == []


def test_every_practice_names_the_outcomes_it_moves(framework):
    metrics = {m.id for m in framework.metrics}
    wrong = [
        (path, p.outcomes)
        for path, p in practices(framework)
        if not p.outcomes or not set(p.outcomes) <= metrics
    ]
    assert wrong == []


def test_every_metric_is_an_outcome_of_some_practice(framework):
    used = {m for _, p in practices(framework) for m in p.outcomes}
    assert [m.id for m in framework.metrics if m.id not in used] == []


def test_every_metric_states_its_direction_and_scale(framework, raw):
    stated = {m["id"]: m.get("better") for m in raw["metrics"]}
    wrong = []
    for m in framework.metrics:
        direction = f"{m.better.capitalize()} is better."
        scale = f"from {m.min:g} to {m.max:g}"
        if stated[m.id] is None or direction not in m.description or scale not in m.description:
            wrong.append((m.id, m.description))
    assert wrong == []


def test_retention_and_time_to_value_are_measured(framework):
    metrics = {m.id: m for m in framework.metrics}
    assert {"nps", "csat", "ces", "churn", "nrr", "time_to_value"} <= set(metrics)
    assert metrics["nrr"].better == "higher" and metrics["time_to_value"].better == "lower"
    # The effort score keeps version 1's direction, so stored values keep their meaning, and
    # says which variant it is not.
    assert metrics["ces"].better == "lower" and "not CES 2.0" in metrics["ces"].description


def test_every_weight_other_than_one_gives_its_reason_beside_it():
    lines = BUILTIN_FRAMEWORK.read_text("utf-8").splitlines()
    weights = [line for line in lines if line.strip().startswith("weight:")]
    assert weights, "version 2 weighs some areas and practices"
    unexplained = [
        line for line in weights if line.split()[1] not in ("1", "1.0") and "  # " not in line
    ]
    assert unexplained == []


def test_every_version_1_practice_is_mapped_to_an_existing_one_or_dropped(framework):
    mapped = framework.migrations[1].practices
    assert sorted(mapped) == sorted(VERSION_1)
    current = {path for path, _ in practices(framework)}
    assert {old: new for old, new in mapped.items() if new is not None and new not in current} == {}


def test_the_practices_many_tests_and_files_use_keep_their_ids(framework):
    current = {path for path, _ in practices(framework)}
    kept = {
        "marketing.product_promise",
        "support.self_service",
        "support.onboarding",
        "technology.usability",
        "technology.reliability",
        "technology.accessibility",
        "policies.privacy_and_consent",
        "policies.service_levels",
        "policies.refunds_and_cancellation",
        "accountability_reporting.cx_metrics",
    }
    assert kept <= current
    assert all(framework.migrations[1].practices[p] == p for p in kept)


def version_1_assessment(level: int = 3) -> str:
    by_area: dict[str, list[str]] = {}
    for path in VERSION_1:
        area, practice = path.split(".")
        by_area.setdefault(area, []).append(practice)
    lines = [
        "team: Payments Platform",
        "date: 2026-09-30",
        "framework_version: 1",
        "assessors: [Dana Lee]",
        "scores:",
    ]
    for area, names in by_area.items():
        lines.append(f"  {area}:")
        lines += [f"    {name}: {level}" for name in names]
    return "\n".join(lines) + "\n"


def test_a_complete_version_1_assessment_validates_and_scores_on_version_2(framework):
    assessment, diags = validate_assessment(document(version_1_assessment()), framework, TODAY)
    assert [d for d in diags if d.severity == "error"] == []
    card = score(assessment, framework)
    # Every area keeps a score; only the practices new in version 2 are not assessed.
    assert [a.area.id for a in card.areas if a.score is None] == []
    assert card.overall == 3
    new = {path for path, _ in practices(framework)} - set(
        framework.migrations[1].practices.values()
    )
    not_assessed = {
        f"{r.area.id}.{p.practice.id}" for r in card.areas for p in r.practices if p.level is None
    }
    assert not_assessed == new
    # An older file is not `incomplete` for practices its version did not have.
    assert [d for d in diags if d.code == "incomplete"] == []
