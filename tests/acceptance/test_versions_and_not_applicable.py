"""Framework versions and not-applicable practices as a reader meets them: on the pages, in
the exports, in `cxm new` and in `cxm diff`."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from conftest import FRAMEWORK, make_repo
from sitebuild import visible_text

# Version 3 of the tiny framework; version 2 called the support area `help` and its
# self-service practice `faq`, and had an `ads` practice that version 3 dropped.
VERSIONED = (
    FRAMEWORK.replace(
        '        question: "Can customers help themselves?"\n',
        '        question: "Can customers help themselves?"\n        outcomes: [csat]\n',
    )
    + """\
migrations:
  2:
    areas: {help: support}
    practices:
      help.faq: support.self_service
      marketing.ads: null
"""
)

OLD = """\
team: Payments Platform
date: 2026-03-31
framework_version: 2
assessors: [Dana Lee]
scores:
  help:
    faq: 2
    onboarding: 3
  marketing: {product_promise: 3, reviews: 2, ads: 4}
  policies: {returns: 2, privacy: 3}
actions:
  - {title: Write the FAQ again, area: help, practice: faq, status: planned}
"""

NEW = """\
team: Payments Platform
date: 2026-09-30
assessors: [Dana Lee]
scores:
  support:
    self_service: 2
    onboarding:
      not_applicable: "Partners onboard our customers; we never see them first."
  marketing: {product_promise: 3, reviews: 3}
  policies:
    returns: {not_applicable: "We sell subscriptions only: nothing is returned."}
    privacy: {not_applicable: "We hold no personal data."}
"""


@pytest.fixture
def versioned(tmp_path):
    repo = make_repo(tmp_path, VERSIONED)
    repo.assessment("payments/2026-03-31.yaml", OLD)
    repo.assessment("payments/2026-09-30.yaml", NEW)
    (tmp_path / "docs").mkdir()
    return repo


def test_validate_warns_where_a_dropped_practice_is_written(versioned, cxm):
    result = cxm("validate")
    assert result.code == 0, result.out
    assert (
        "assessments/payments/2026-03-31.yaml:9:47: warning: 'marketing.ads' of version 2 is "
        "not in version 3 of the framework: its level is left out [migrated]"
    ) in result.out


def test_the_team_page_shows_not_applicable_with_its_reason_and_the_older_version(versioned, cxm):
    result = cxm("build", "--site-dir", "site")
    assert result.code == 0, result.err
    text = visible_text((versioned.root / "site/teams/payments-platform/index.html").read_text())
    # The policies area is all n/a: shown as such, left out of the overall.
    assert "Policies n/a Not applicable –" in text
    assert "Onboarding n/a – Not applicable: Partners onboard our customers" in text
    assert "Not applicable: We hold no personal data." in text
    # support 2 (weight 2), marketing 3 (weight 1): (4 + 3) / 3 = 2.3; policies counts nowhere
    assert "2.3 / 5" in text
    # the older assessment is in the history, read through the migration
    assert "2026-03-31 (version 2)" in text
    assert "made against an earlier version" in text
    # a next step says which outcome it moves
    assert "Build a help centre. Support · Self-service help: level 2 → target 3 · moves" in text
    assert "moves Customer satisfaction" in text
    assert "not_applicable" not in text and "self_service" not in text


def test_the_overview_shows_an_area_that_does_not_apply_as_n_a(versioned, cxm):
    assert cxm("build", "--site-dir", "site").code == 0
    site = versioned.root / "site"
    text = visible_text((site / "index.html").read_text())
    # The teams x areas table: support 2.0, marketing 3.0, policies n/a (not "not assessed").
    assert "Payments Platform" in text and "2.0 3.0 n/a" in text
    assert "not assessed" not in text
    heatmap = (site / "assets/cxm/charts/overview-heatmap.svg").read_text()
    # The cell says n/a, and the key says what n/a means (no cell is "not assessed").
    assert re.findall(r">(n/a[^<]*|not assessed[^<]*)</text>", heatmap) == [
        "n/a",
        "n/a: not applicable",
    ]


def test_the_area_and_framework_pages_say_what_does_not_apply_and_what_moved(versioned, cxm):
    assert cxm("build", "--site-dir", "site").code == 0
    site = versioned.root / "site"
    area = visible_text((site / "areas/policies/index.html").read_text())
    # One row per team and practice: the team, the practice, the reason in its words.
    assert "Team Practice Why not" in area
    assert "Payments Platform Returns We sell subscriptions only: nothing is returned." in area
    assert "Payments Platform Privacy We hold no personal data." in area
    framework = visible_text((site / "framework/index.html").read_text())
    assert "Earlier versions" in framework
    assert "From version 2" in framework
    assert "help.faq Support · Self-service help" in framework
    assert "marketing.ads Dropped: no longer assessed" in framework
    assert "Moves: Customer satisfaction." in framework


def test_exports_carry_the_version_and_the_reasons(versioned, cxm):
    result = cxm("export", "--format", "json")
    assert result.code == 0, result.err
    old, new = json.loads(result.out)["assessments"]
    assert old["framework_version"] == 2 and new["framework_version"] == 3
    assert old["areas"]["support"]["practices"]["self_service"]["level"] == 2  # current ids
    assert new["not_applicable"] == {
        "support.onboarding": "Partners onboard our customers; we never see them first.",
        "policies.returns": "We sell subscriptions only: nothing is returned.",
        "policies.privacy": "We hold no personal data.",
    }
    assert "policies" not in new["areas"]


def test_new_carries_not_applicable_forward_on_current_ids(versioned, cxm):
    result = cxm("new", "Payments Platform", "--date", "2026-10-30")
    assert result.code == 0, result.err
    text = (versioned.root / "assessments/payments-platform/2026-10-30.yaml").read_text()
    assert "framework_version" not in text  # a new file is made against the current version
    assert (
        '    onboarding:\n      not_applicable: "Partners onboard our customers; we never see '
        'them first."  # review: still true?\n'
    ) in text
    assert cxm("validate").code == 0


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_diff_compares_across_the_version_change_on_current_ids(tmp_path, cxm, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # after both assessments
    repo = make_repo(tmp_path, VERSIONED)
    repo.assessment("payments/2026-03-31.yaml", OLD)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "old")
    repo.assessment("payments/2026-09-30.yaml", NEW)
    result = cxm("diff", "HEAD")
    assert result.code == 0, result.err
    # The older file's `help` area is compared as Support, and an area that no longer
    # applies says so rather than "not assessed".
    assert "| Support | 2.3 | 2.0 | ▼ -0.3 |" in result.out
    assert "| Policies | 2.5 | – | now not applicable |" in result.out
    assert "help" not in result.out.replace("Self-service help", "")
