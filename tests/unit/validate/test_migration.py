"""Assessments made against an older framework version are read through its migrations."""

from __future__ import annotations

import pytest
from conftest import FRAMEWORK, TODAY, document, framework_from
from cxm.score.scorecard import score
from cxm.validate.assessment import validate_assessment
from cxm.validate.framework import validate_framework

# Version 3 of the tiny framework: version 2 called the support area `help` and its
# self-service practice `faq`; version 1 called it `help_pages`, and had an `ads`
# practice that version 2 dropped.
MIGRATIONS = """\
migrations:
  1:
    practices:
      help.help_pages: help.faq
      marketing.ads: null
  2:
    areas: {help: support}
    practices:
      help.faq: support.self_service
      marketing.slogan: marketing.product_promise
      marketing.tagline: marketing.product_promise
"""

REST = """\
  policies: {returns: 2, privacy: 3}
"""


def fw(extra: str = MIGRATIONS):
    return framework_from(FRAMEWORK + extra)


def check(text: str, framework=None):
    return validate_assessment(document(text), framework or fw(), TODAY)


def codes(diags) -> list[tuple[str, str, int, int]]:
    return [(d.code, d.severity, d.line, d.column) for d in diags]


VERSION_2 = (
    """\
team: Payments Platform
date: 2026-09-30
framework_version: 2
assessors: [Dana Lee]
targets: {help: 4}
scores:
  help:
    faq: {level: 4, evidence: "Deflects 38%."}
    onboarding: 3
  marketing:
    slogan: 3
    reviews: 2
"""
    + REST
)

CURRENT = (
    """\
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
"""
    + REST
)


def test_an_older_file_validates_and_scores_as_the_same_file_on_current_ids():
    old, old_diags = check(VERSION_2)
    new, new_diags = check(CURRENT)
    assert old_diags == [] and new_diags == []
    assert old is not None and new is not None
    a, b = score(old, fw()), score(new, fw())
    assert a.overall == b.overall
    assert [(r.area.id, r.score, r.target) for r in a.areas] == [
        (r.area.id, r.score, r.target) for r in b.areas
    ]
    assert old.assessment.framework_version == 2  # the scorecard says which version
    assert old.assessment.scores["support"]["self_service"].evidence == "Deflects 38%."


def test_a_problem_in_an_older_file_points_at_what_was_written():
    text = VERSION_2.replace("onboarding: 3", "onboarding: 7")
    _, diags = check(text)
    assert codes(diags) == [("out-of-range", "error", 9, 17)]


def test_the_chain_runs_from_version_1_through_2_to_the_current_one():
    text = (
        """\
team: Payments Platform
date: 2025-09-30
framework_version: 1
assessors: [Dana Lee]
scores:
  help:
    help_pages: 2
    onboarding: 3
  marketing:
    ads: 4
    tagline: 3
    reviews: 2
"""
        + REST
    )
    loaded, diags = check(text)
    assert loaded is not None
    assert codes(diags) == [("migrated", "warning", 10, 5)]
    assert "'marketing.ads' of version 1 is not in version 3" in diags[0].message
    scores = loaded.assessment.scores
    assert scores["support"]["self_service"].level == 2
    assert scores["marketing"]["product_promise"].level == 3
    assert "ads" not in scores["marketing"]


def test_two_old_practices_on_one_new_take_the_lower_level_and_say_so():
    text = VERSION_2.replace("    slogan: 3\n", "    slogan: 3\n    tagline: {level: 2}\n")
    loaded, diags = check(text)
    assert loaded is not None
    assert loaded.assessment.scores["marketing"]["product_promise"].level == 2
    (d,) = diags
    assert (d.code, d.severity, d.line) == ("migrated", "warning", 12)
    assert "the lower level, 2, counts" in d.message


def test_an_id_the_old_version_did_not_have_is_unknown_naming_the_version():
    text = VERSION_2.replace("onboarding: 3", "onbording: 3")
    _, diags = check(text)
    d = next(d for d in diags if d.code == "unknown-practice")
    assert (d.line, d.column) == (9, 5)
    assert "(of version 2 of the framework)" in d.message
    assert "did you mean 'onboarding'" in d.message


def test_actions_follow_their_practice_and_stay_with_the_area_when_it_is_dropped():
    text = VERSION_2 + (
        "actions:\n"
        "  - {title: Rewrite the FAQ, area: help, practice: faq}\n"
        "  - {title: Stop ads, area: marketing, practice: ads}\n"
    )
    text = text.replace("framework_version: 2", "framework_version: 1").replace(
        "    faq:", "    help_pages:"
    )
    text = text.replace("area: help, practice: faq", "area: help, practice: help_pages")
    loaded, diags = check(text.replace("slogan", "tagline"))
    assert loaded is not None, diags
    first, second = loaded.assessment.actions
    assert (first.area, first.practice) == ("support", "self_service")
    assert (second.area, second.practice) == ("marketing", None)
    assert codes(diags) == [("migrated", "warning", 16, 40)]


@pytest.mark.parametrize(
    ("version", "words"),
    [(4, "is newer than the framework (version 3)"), (0, "has no migration")],
)
def test_a_version_the_framework_cannot_read_is_out_of_range(version, words):
    text = VERSION_2.replace("framework_version: 2", f"framework_version: {version}")
    loaded, diags = check(text)
    assert loaded is None
    assert codes(diags) == [("out-of-range", "error", 3, 20)]
    assert words in diags[0].message


def test_the_current_version_written_out_needs_no_migration():
    loaded, diags = check(CURRENT.replace("date:", "framework_version: 3\ndate:"))
    assert loaded is not None and diags == []


def framework_diags(text: str):
    return validate_framework(document(text, "framework.yaml"))


def test_a_migration_to_an_unknown_id_is_a_framework_error_at_its_line():
    text = FRAMEWORK + MIGRATIONS.replace(
        "help.faq: support.self_service", "help.faq: support.self_servce"
    )
    framework, diags = framework_diags(text)
    assert framework is None
    (d,) = diags
    line = text.splitlines().index("      help.faq: support.self_servce") + 1
    assert (d.code, d.line, d.column) == ("framework", line, 17)
    assert "'help.faq' maps to 'support.self_servce'" in d.message


def test_a_migration_through_the_chain_to_an_unknown_id_is_named_with_its_end():
    text = FRAMEWORK + MIGRATIONS.replace("help_pages: help.faq", "help_pages: help.fax")
    _, diags = framework_diags(text)
    (d,) = diags
    assert "'help.help_pages' maps to 'help.fax'" in d.message


def test_a_migration_from_the_current_or_a_newer_version_is_an_error():
    _, diags = framework_diags(FRAMEWORK + "migrations:\n  3: {}\n")
    (d,) = diags
    assert d.code == "framework" and "only older versions" in d.message


def test_outcomes_name_metrics_of_the_framework():
    text = FRAMEWORK.replace(
        '        question: "Can customers help themselves?"\n',
        '        question: "Can customers help themselves?"\n        outcomes: [csat, cess]\n',
    )
    framework, diags = framework_diags(text)
    assert framework is None
    (d,) = diags
    assert "outcome 'cess' is not a metric of the framework" in d.message


def test_an_older_file_is_not_incomplete_for_practices_its_version_did_not_have():
    text = VERSION_2.replace("    onboarding: 3\n", "").replace(
        "  policies: {returns: 2, privacy: 3}\n", ""
    )
    loaded, diags = check(text)
    assert loaded is not None and diags == []
    # The same file on the current version is incomplete.
    _, diags = check(CURRENT.replace("    onboarding: 3\n", ""))
    assert [d.code for d in diags] == ["incomplete"]
