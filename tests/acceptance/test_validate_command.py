"""`cxm validate` on assessment repositories: framework, cross-file checks, loading problems."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ASSESSMENT, BILLION_LAUGHS, FRAMEWORK, dedent

# The first lines of an assessment; tests add targets, scores, metrics or actions below.
HEAD = """\
team: Payments Platform
date: 2026-09-30
assessors: [Dana Lee, Sam Ortiz]
"""


def test_invalid_framework_fails_validate_with_its_path(repo, cxm):
    repo.write("framework.yaml", FRAMEWORK.replace("default_target: 3", "default_target: 8"))
    repo.assessment("payments/2026-09-30.yaml")
    result = cxm("validate")
    assert result.code == 1
    assert (
        "framework.yaml:10:17: error: default_target 8 is outside the scale 1..5 [framework]"
        in (result.out.splitlines())
    )


# -- across files (through the CLI, as users run it) ----------------------------------------


def diagnostics_of(cxm, *args: str) -> tuple[int, list[dict]]:
    result = cxm("validate", "--format", "json", *args)
    return result.code, json.loads(result.out)


def test_two_files_for_the_same_team_and_date_are_a_duplicate_naming_both(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")
    repo.assessment("payments/q3.yaml")
    code, found = diagnostics_of(cxm)
    assert code == 1
    (d,) = found
    assert (d["code"], d["path"], d["line"], d["column"]) == (
        "duplicate-assessment",
        "assessments/payments/q3.yaml",
        3,
        7,
    )
    assert "assessments/payments/2026-09-30.yaml" in d["message"]
    assert "assessments/payments/q3.yaml" in d["message"]


def test_team_names_with_the_same_slug_collide(repo, cxm):
    repo.assessment("a.yaml")
    repo.assessment(
        "b.yaml",
        ASSESSMENT.replace("Payments Platform", "payments-platform!").replace(
            "2026-09-30", "2026-06-30"
        ),
    )
    code, found = diagnostics_of(cxm)
    assert code == 1
    (d,) = found
    assert (d["code"], d["path"], d["line"], d["column"]) == (
        "slug-collision",
        "assessments/b.yaml",
        1,
        7,
    )
    assert "'payments-platform!'" in d["message"] and "'Payments Platform'" in d["message"]
    assert "'payments-platform'" in d["message"]


def test_latest_assessment_older_than_stale_after_days_is_stale(tmp_path, cxm):
    from conftest import make_repo

    repo = make_repo(tmp_path, stale_after_days=30)
    # Today is 2026-11-01: 2026-09-30 is 32 days old, 2026-10-02 only 30.
    repo.assessment("payments/2026-09-30.yaml")
    repo.assessment("payments/2026-06-30.yaml", ASSESSMENT.replace("2026-09-30", "2026-06-30"))
    repo.assessment(
        "support/2026-10-02.yaml",
        ASSESSMENT.replace("Payments Platform", "Support").replace("2026-09-30", "2026-10-02"),
    )
    code, found = diagnostics_of(cxm)
    assert code == 0
    assert [(d["code"], d["severity"], d["path"], d["line"], d["column"]) for d in found] == [
        ("stale", "warning", "assessments/payments/2026-09-30.yaml", 3, 7)
    ]
    assert found[0]["message"] == (
        "the latest assessment of 'Payments Platform' is 32 days old (stale after 30)"
    )


def test_strict_turns_warnings_into_errors(repo, cxm):
    without_policies = ASSESSMENT.replace("  policies:\n    returns: 2\n    privacy: 3\n", "")
    repo.assessment("payments/2026-09-30.yaml", without_policies)
    relaxed = cxm("validate")
    assert relaxed.code == 0
    assert (
        "assessments/payments/2026-09-30.yaml:5:1: warning: 'policies' not assessed [incomplete]"
        in (relaxed.out.splitlines())
    )
    strict = cxm("validate", "--strict")
    assert strict.code == 1
    assert (
        "assessments/payments/2026-09-30.yaml:5:1: error: 'policies' not assessed [incomplete]"
        in (strict.out.splitlines())
    )
    assert strict.out.splitlines()[-1] == "2 files checked: 1 error, 0 warnings"


def test_strict_from_the_config_turns_warnings_into_errors(tmp_path, cxm):
    from conftest import make_repo

    repo = make_repo(tmp_path, strict="true")
    no_evidence = ASSESSMENT.replace(
        'self_service: {level: 4, evidence: "Help centre deflects 38% of tickets."}',
        "self_service: 4",
    )
    repo.assessment("payments/2026-09-30.yaml", no_evidence)
    result = cxm("validate")
    assert result.code == 1
    assert ":7:5: error: 'support.self_service' is at level 4" in result.out


def test_every_problem_of_every_file_is_reported_in_one_run(repo, cxm):
    repo.assessment("a/syntax.yaml", "team: [\n")
    repo.assessment("b/duplicate-key.yaml", ASSESSMENT + "team: Again\n")
    repo.assessment(
        "c/many.yaml",
        HEAD.replace("Payments Platform", "Many Problems").replace("assessors", "assesors")
        + "scores: {}\n",
    )
    repo.assessment(
        "d/semantic.yaml",
        HEAD.replace("Payments Platform", "Semantic")
        + dedent(
            """
            targets: {support: 9}
            scores:
              suport: {self_service: 3}
              support: {self_service: 7, onboarding: 3, onbording: 2}
              marketing: {product_promise: 3, reviews: 3}
              policies: {returns: 3, privacy: 3}
            metrics: {csat: 150, nsp: 2}
            """
        ),
    )
    repo.assessment(
        "e/shape-and-meaning.yaml",
        HEAD.replace("Payments Platform", "Shape")
        + dedent(
            """
            scores:
              support: {self_service: 3.5, onboarding: 3}
              marketing: {product_promise: 3, reviews: 3}
              policies: {returns: 3, privacy: 3}
              polices: {returns: 3}
            metrics: {nsp: 2}
            """
        ),
    )
    code, found = diagnostics_of(cxm)
    assert code == 1
    seen = [(Path(d["path"]).parent.name, d["line"], d["column"], d["code"]) for d in found]
    assert seen == [
        ("a", 2, 1, "yaml-syntax"),
        ("b", 18, 1, "duplicate-key"),
        ("c", 1, 1, "missing-field"),
        ("c", 3, 1, "unknown-field"),
        ("d", 4, 20, "out-of-range"),
        ("d", 6, 3, "unknown-area"),
        ("d", 7, 27, "out-of-range"),
        ("d", 7, 45, "unknown-practice"),
        ("d", 10, 17, "out-of-range"),
        ("d", 10, 22, "unknown-metric"),
        ("e", 5, 27, "invalid-value"),
        ("e", 8, 3, "unknown-area"),
        ("e", 9, 11, "unknown-metric"),
    ]


def test_open_actions_past_due_in_the_latest_assessment_are_overdue(repo, cxm):
    actions = """actions:
  - {title: Publish a status page, area: support, due: 2026-10-15, status: in_progress}
  - {title: Finished, area: support, due: 2026-10-01, status: done}
  - {title: Not yet due, area: support, due: 2026-12-01, status: planned}
"""
    repo.assessment("payments/2026-09-30.yaml", ASSESSMENT + actions)
    # An earlier assessment's actions are history, not current commitments.
    repo.assessment(
        "payments/2026-06-30.yaml", ASSESSMENT.replace("2026-09-30", "2026-06-30") + actions
    )
    code, found = diagnostics_of(cxm)
    assert code == 0
    line = (ASSESSMENT + actions).splitlines().index(
        "  - {title: Publish a status page, area: support, due: 2026-10-15, status: in_progress}"
    ) + 1
    assert [(d["code"], d["severity"], d["path"], d["line"]) for d in found] == [
        ("overdue-action", "warning", "assessments/payments/2026-09-30.yaml", line)
    ]
    assert found[0]["message"] == (
        "action 'Publish a status page' of 'Payments Platform' was due 2026-10-15 "
        "and is in progress"
    )
    assert cxm("validate", "--strict").code == 1


# -- YAML loading, through the CLI ---------------------------------------------------------


def test_alias_bomb_file_is_rejected_by_the_cli_too(repo, cxm):
    repo.assessment("bomb.yaml", BILLION_LAUGHS)
    result = cxm("validate", "--format", "json")
    assert result.code == 1
    (d,) = json.loads(result.out)
    assert d["code"] == "yaml-too-complex"
    assert d["path"] == "assessments/bomb.yaml"


def test_merged_assessment_validates(repo, cxm):
    repo.assessment(
        "merged.yaml",
        """
        team: Payments Platform
        date: 2026-09-30
        assessors: [Dana Lee]
        scores:
          support: &pair {self_service: 3, onboarding: 3}
          marketing: {product_promise: 3, reviews: 3}
          policies: {returns: 3, privacy: 3}
        targets:
          <<: {support: 4, marketing: 4}
          marketing: 3
        """,
    )
    result = cxm("validate")
    assert result.code == 0, result.out
    assert result.out.strip().endswith("2 files checked: 0 errors, 0 warnings")
