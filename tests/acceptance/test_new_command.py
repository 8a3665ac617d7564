"""`cxm new`: the next assessment of a team, prefilled; never overwrites."""

from __future__ import annotations

import json
import os

import pytest
import yaml
from conftest import make_repo


def test_new_prefills_levels_targets_evidence_and_open_actions(repo, cxm):
    repo.assessment(
        "payments/2026-09-30.yaml",
        """\
        team: Payments Platform
        group: Digital Channels
        date: 2026-09-30
        assessors: [Dana Lee, Sam Ortiz]
        targets: {support: 4}
        scores:
          support:
            self_service: {level: 4, evidence: "Help centre deflects 38% of tickets.", target: 5}
            onboarding: {ratings: {Dana Lee: 2, Sam Ortiz: 4}}
          marketing: {product_promise: 3}
        metrics: {nps: 31}
        actions:
          - {title: Publish a status page, area: support, due: 2026-12-31, status: in_progress}
          - {title: Old thing, area: support, status: done}
        """,
    )
    result = cxm("new", "Payments Platform", "--date", "2026-10-30")
    assert result.code == 0, result.err
    path = repo.root / "assessments/payments-platform/2026-10-30.yaml"
    assert result.out.strip() == "assessments/payments-platform/2026-10-30.yaml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/assessment.schema.json\n")
    data = yaml.safe_load(text)
    assert data["team"] == "Payments Platform" and data["group"] == "Digital Channels"
    assert str(data["date"]) == "2026-10-30"
    assert data["assessors"] == ["Dana Lee", "Sam Ortiz"]
    assert data["targets"] == {"support": 4}
    support = data["scores"]["support"]
    assert support["self_service"] == {
        "level": 4,
        "evidence": "Help centre deflects 38% of tickets.",
        "target": 5,
    }
    assert support["onboarding"] == 3  # the raters' median
    assert data["scores"]["policies"]["returns"] == 1  # not assessed last time: lowest level
    assert [a["title"] for a in data["actions"]] == ["Publish a status page"]
    assert "#   nps: 31" in text  # last value shown as a hint, to be measured again
    assert cxm("validate", "assessments/payments-platform/2026-10-30.yaml").code == 0


def test_new_refuses_to_overwrite_and_writes_nothing(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")
    first = cxm("new", "Payments Platform", "--date", "2026-10-30")
    assert first.code == 0
    path = repo.root / "assessments/payments-platform/2026-10-30.yaml"
    path.write_text(path.read_text("utf-8") + "# my edits\n", encoding="utf-8")
    before = path.read_bytes()
    second = cxm("new", "Payments Platform", "--date", "2026-10-30")
    assert second.code == 1
    assert "already assesses" in second.err and "nothing was written" in second.err
    assert path.read_bytes() == before


def test_new_refuses_a_date_the_team_has_in_another_file(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")  # not at the recommended path
    result = cxm("new", "Payments Platform", "--date", "2026-09-30")
    assert result.code == 1
    assert "assessments/payments/2026-09-30.yaml" in result.err
    assert not (repo.root / "assessments/payments-platform").exists()


def test_new_team_gets_a_blank_template_that_validates(repo, cxm):
    result = cxm("new", "Customer Care Ü", "--date", "2026-10-01")
    assert result.code == 0, result.err
    path = repo.root / "assessments/customer-care-u/2026-10-01.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["team"] == "Customer Care Ü"
    assert data["scores"]["support"] == {"self_service": 1, "onboarding": 1}
    checked = cxm("validate", "--format", "json")
    assert checked.code == 0
    assert '"severity": "error"' not in checked.out


def test_new_rejects_bad_and_future_dates(repo, cxm):
    assert cxm("new", "X", "--date", "2026-13-45").code == 2
    assert cxm("new", "X", "--date", "2027-01-01").code == 2
    assert not list((repo.root / "assessments").iterdir())


@pytest.mark.parametrize(
    ("team", "message"),
    [
        ("", "the team name is empty"),
        (" \u00a0 ", "the team name is empty"),
        ("Mobile\nApp", "the team name holds the control character U+000A"),
        ("Mobile\tApp", "the team name holds the control character U+0009"),
        ("Mobile \u202eppA", "the team name holds the control character U+202E"),
    ],
)
def test_new_refuses_a_name_no_file_can_hold_and_writes_nothing(repo, cxm, team, message):
    result = cxm("new", team, "--date", "2026-10-01")
    assert result.code == 2
    assert result.err.startswith(f"cxm: error: {message}")
    assert list((repo.root / "assessments").iterdir()) == []


def test_new_refuses_a_team_name_from_the_shell_that_is_not_utf8(repo, cxm_process):
    result = cxm_process("new", os.fsdecode(b"Mobile \xff App"), cwd=repo.root)
    assert result.code == 2
    assert result.err == "cxm: error: the team name is not valid UTF-8: write it in UTF-8 text\n"
    assert list((repo.root / "assessments").iterdir()) == []


def test_new_never_writes_through_a_team_folder_linked_outside_the_project(tmp_path, cxm):
    repo = make_repo(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo.root / "assessments/mobile-app").symlink_to(outside, target_is_directory=True)
    result = cxm("new", "Mobile App", "--date", "2026-10-01", cwd=repo.root)
    assert result.code == 1
    assert result.err == (
        "cxm: error: assessments/mobile-app leads outside the project (the folder of mkdocs.yml): "
        "cxm new writes only inside it; nothing was written\n"
    )
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("target", ["nowhere", "mobile-app"], ids=["dangling", "loop"])
def test_new_with_a_team_folder_link_to_nothing_is_an_error_not_a_crash(repo, cxm, target):
    (repo.root / "assessments/mobile-app").symlink_to(target)
    result = cxm("new", "Mobile App", "--date", "2026-10-01")
    assert result.code == 1
    assert result.err == (
        "cxm: error: assessments/mobile-app is a symbolic link to nothing, or in a loop; "
        "nothing was written\n"
    )


def test_placeholders_cxm_new_leaves_are_warnings_at_their_place_until_replaced(repo, cxm):
    assert cxm("new", "Mobile App", "--date", "2026-10-01").code == 0
    path = repo.root / "assessments/mobile-app/2026-10-01.yaml"
    text = path.read_text("utf-8")
    # The summary is a prompt to uncomment; uncommented as it is, it is a placeholder too.
    assert "# summary: |" in text and "#   What changed since the last assessment." in text
    text = text.replace("# summary: |", "summary: |").replace("#   What changed", "  What changed")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    assessors = next(i for i, line in enumerate(lines) if line.startswith("assessors:"))
    summary = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    result = cxm("validate", "--format", "json")
    assert result.code == 0  # warnings: the file still builds
    found = [d for d in json.loads(result.out) if d["code"] == "placeholder"]
    assert [(d["severity"], d["line"], d["column"]) for d in found] == [
        ("warning", assessors + 1, lines[assessors].index('"Your Name"') + 1),
        ("warning", summary + 1, len("summary: ") + 1),
    ]
    assert "'Your Name'" in found[0]["message"]
    assert "What changed since the last assessment." in found[1]["message"]
    assert cxm("validate", "--strict").code == 1  # strict: a placeholder blocks the build

    edited = path.read_text("utf-8").replace('"Your Name"', '"Dana Lee"')
    edited = edited.replace("What changed since the last assessment.", "First workshop.")
    path.write_text(edited, encoding="utf-8")
    result = cxm("validate")
    assert result.code == 0 and "[placeholder]" not in result.out


def test_a_prefilled_next_assessment_has_no_placeholder_to_warn_about(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")
    assert cxm("new", "Payments Platform", "--date", "2026-10-30").code == 0
    result = cxm("validate", "assessments/payments-platform/2026-10-30.yaml")
    assert result.code == 0 and "[placeholder]" not in result.out
