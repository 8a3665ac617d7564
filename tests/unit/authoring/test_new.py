"""The next assessment of a team, prefilled from its latest one (cxm.authoring.new).

Each test writes a small repository (tiny framework, conftest.py), loads it as `cxm new` does
and reads the file written back as YAML and through the real validator.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest
import yaml
from conftest import FRAMEWORK_0_3, TODAY, Repo, make_repo
from cxm.authoring.new import Exists, Unsafe, modeline, write_new
from cxm.config import load_settings
from cxm.errors import CxmError, UsageError
from cxm.load.reader import load_file
from cxm.project import Project, load_project
from cxm.validate.assessment import validate_assessment

NEXT = dt.date(2026, 10, 30)

PREVIOUS = """\
team: Payments Platform
group: Digital Channels
date: 2026-09-30
assessors: [Dana Lee, Sam Ortiz]
targets: {support: 4}
scores:
  support:
    self_service: {level: 4, evidence: "Help centre deflects 38% of tickets.", target: 5}
    onboarding: {ratings: {Dana Lee: 2, Sam Ortiz: 5}}
  marketing:
    product_promise: 3
    reviews: 2
  policies:
    returns: {level: 2, evidence: "Policy \\"v2\\": 30 days"}
    privacy: 3
metrics:
  nps: 31
  csat: 82.5
actions:
  - {title: Publish a status page, area: support, practice: self_service, owner: Sam Ortiz,
     due: 2026-12-31, status: in_progress}
  - {title: "Write the \\"returns\\" FAQ", area: policies, status: planned}
  - {title: Old thing, area: support, status: done}
  - {title: Abandoned idea, area: marketing, status: dropped}
"""


def project_of(repo: Repo) -> Project:
    project = load_project(load_settings(repo.root / "mkdocs.yml"), today=TODAY)
    assert project.errors == [], project.errors
    return project


def new_file(repo: Repo, team: str = "Payments Platform", date: dt.date = NEXT) -> Path:
    return write_new(project_of(repo), team, date)


@pytest.fixture
def prefilled(repo: Repo) -> Path:
    repo.assessment("payments/2026-09-30.yaml", PREVIOUS)
    return new_file(repo)


def test_the_next_assessment_is_written_at_the_recommended_path(repo, prefilled):
    assert prefilled == repo.root / "assessments/payments-platform/2026-10-30.yaml"


def test_the_next_assessment_passes_the_validator_without_a_problem(repo, prefilled):
    project = project_of(repo)
    doc, diagnostics = load_file(prefilled)
    assert doc is not None, diagnostics
    item, diagnostics = validate_assessment(doc, project.framework, TODAY)
    assert diagnostics == []
    assert item is not None and item.assessment.date == NEXT


def test_the_next_assessment_carries_the_previous_levels_and_targets(prefilled):
    data = yaml.safe_load(prefilled.read_text("utf-8"))
    assert (data["team"], data["group"]) == ("Payments Platform", "Digital Channels")
    assert data["assessors"] == ["Dana Lee", "Sam Ortiz"]
    assert data["targets"] == {"support": 4}
    assert data["scores"] == {
        "support": {
            "self_service": {
                "level": 4,
                "evidence": "Help centre deflects 38% of tickets.",
                "target": 5,
            },
            "onboarding": 3,  # median of the ratings 2 and 5, rounded down
        },
        "marketing": {"product_promise": 3, "reviews": 2},
        "policies": {"returns": {"level": 2, "evidence": 'Policy "v2": 30 days'}, "privacy": 3},
    }
    assert "metrics" not in data  # to be measured again: the last values are comments


def test_evidence_is_marked_for_review_and_last_metric_values_are_hints(prefilled):
    text = prefilled.read_text("utf-8")
    assert '      evidence: "Help centre deflects 38% of tickets."  # review: still true?\n' in text
    assert '      evidence: "Policy \\"v2\\": 30 days"  # review: still true?\n' in text
    assert "#   nps: 31  # Net Promoter Score\n" in text
    assert "#   csat: 82.5  # Customer satisfaction %\n" in text
    assert "# Prefilled from assessments/payments/2026-09-30.yaml (2026-09-30)" in text


def test_open_actions_are_kept_and_done_or_dropped_ones_left_out(prefilled):
    actions = yaml.safe_load(prefilled.read_text("utf-8"))["actions"]
    assert actions == [
        {
            "title": "Publish a status page",
            "area": "support",
            "practice": "self_service",
            "owner": "Sam Ortiz",
            "due": dt.date(2026, 12, 31),
            "status": "in_progress",
        },
        {"title": 'Write the "returns" FAQ', "area": "policies", "status": "planned"},
    ]


def test_the_file_starts_with_the_schema_modeline_relative_to_itself(repo, prefilled):
    first = prefilled.read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/assessment.schema.json"
    settings = load_settings(repo.root / "mkdocs.yml")
    deeper = settings.assessments / "2026" / "q4" / "payments" / "next.yaml"
    assert modeline(settings, deeper) == (
        "# yaml-language-server: $schema=../../../../schema/assessment.schema.json"
    )


def test_the_latest_of_several_assessments_is_the_one_prefilled(repo):
    repo.assessment("payments/2026-09-30.yaml", PREVIOUS)
    repo.assessment(
        "payments/2026-06-30.yaml",
        PREVIOUS.replace("2026-09-30", "2026-06-30").replace("reviews: 2", "reviews: 1"),
    )
    data = yaml.safe_load(new_file(repo).read_text("utf-8"))
    assert data["scores"]["marketing"]["reviews"] == 2


def test_a_new_team_starts_every_practice_at_the_lowest_level_of_the_scale(tmp_path):
    repo = make_repo(tmp_path, framework=FRAMEWORK_0_3)
    path = new_file(repo, "Customer Care Ü", dt.date(2026, 10, 1))
    assert path == repo.root / "assessments/customer-care-u/2026-10-01.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["team"] == "Customer Care Ü"
    assert data["scores"] == {
        "build": {"process": 0, "dependencies": 0},
        "deploy": {"process": 0, "secrets": 0},
    }
    assert "actions" not in data and "targets" not in data


def test_writing_never_overwrites_an_existing_file(repo, prefilled):
    prefilled.write_text(prefilled.read_text("utf-8") + "# my edits\n", encoding="utf-8")
    before = prefilled.read_bytes()
    with pytest.raises(Exists) as raised:
        new_file(repo)
    assert str(raised.value) == (
        "assessments/payments-platform/2026-10-30.yaml already assesses Payments Platform on "
        "2026-10-30; nothing was written"
    )
    assert prefilled.read_bytes() == before


def test_a_date_the_team_has_in_another_file_is_refused_naming_that_file(repo):
    repo.assessment("payments/2026-09-30.yaml", PREVIOUS)  # not at the recommended path
    with pytest.raises(Exists, match=r"^assessments/payments/2026-09-30\.yaml already assesses"):
        new_file(repo, date=dt.date(2026, 9, 30))
    assert not (repo.root / "assessments/payments-platform").exists()


def test_a_date_in_the_future_is_a_usage_error_and_writes_nothing(repo):
    with pytest.raises(UsageError, match="date 2026-11-02 is in the future"):
        new_file(repo, "Payments Platform", TODAY + dt.timedelta(days=1))
    assert list((repo.root / "assessments").iterdir()) == []


# -- hostile input: team names, links, failures halfway ---------------------------------------


def write_despite_errors(repo: Repo, team: str = "Payments Platform") -> Path:
    """As `cxm new` does: a project with errors (a link refused) is still written to."""
    project = load_project(load_settings(repo.root / "mkdocs.yml"), today=TODAY)
    return write_new(project, team, NEXT)


def tree(root: Path) -> list[str]:
    """Every path below root, hidden ones (a temporary file) included."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.mark.parametrize(
    ("team", "message"),
    [
        ("", "the team name is empty"),
        ("   ", "the team name is empty"),
        ("Pay\nments", "the team name holds the control character U+000A"),
        ("Pay\tments", "the team name holds the control character U+0009"),
        ("Pay\x1b[31mments", "the team name holds the control character U+001B"),
        ("Pay\x85ments", "the team name holds the control character U+0085"),
        ("Pay\u2028ments", "the team name holds the control character U+2028"),
        ("Pay\u202ements", "the team name holds the control character U+202E"),
        ("Pay\u2066ments", "the team name holds the control character U+2066"),
        (os.fsdecode(b"Pay\xffments"), "the team name is not valid UTF-8"),  # from the shell
        ("x" * 101, "the team name is longer than 100 characters"),
    ],
)
def test_a_team_name_no_file_can_hold_is_a_usage_error_and_nothing_is_written(repo, team, message):
    before = tree(repo.root)
    with pytest.raises(UsageError) as raised:
        new_file(repo, team)
    assert str(raised.value).startswith(message)
    assert tree(repo.root) == before


def test_the_longest_team_name_allowed_is_written_and_validates(repo):
    path = new_file(repo, "  " + "x" * 100 + " ")  # surrounding spaces are trimmed
    assert yaml.safe_load(path.read_text("utf-8"))["team"] == "x" * 100
    assert project_of(repo).errors == []


def test_rendering_that_fails_halfway_leaves_nothing_behind(repo, monkeypatch):
    import cxm.authoring.new as new

    calls = []

    def comment_then_fail(text: str, width: int = 90) -> str:
        calls.append(text)
        if len(calls) > 3:
            raise RuntimeError("rendering failed halfway")
        return text

    monkeypatch.setattr(new, "_comment", comment_then_fail)
    before = tree(repo.root)
    with pytest.raises(RuntimeError):
        new_file(repo)
    assert len(calls) == 4 and tree(repo.root) == before


def test_a_write_that_fails_leaves_no_file_no_temporary_file_and_no_new_folder(repo, monkeypatch):
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    project = project_of(repo)
    before = tree(repo.root)
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(CxmError) as raised:
        write_new(project, "Payments Platform", NEXT)
    assert str(raised.value) == (
        "cannot write assessments/payments-platform/2026-10-30.yaml: No space left on device; "
        "nothing was written"
    )
    assert raised.value.exit_code == 1
    assert tree(repo.root) == before


def test_without_hard_links_the_file_is_created_exclusively_and_no_temporary_file_stays(
    repo, monkeypatch
):
    def no_hard_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    project = project_of(repo)
    monkeypatch.setattr(os, "link", no_hard_links)
    path = write_new(project, "Payments Platform", NEXT)
    assert tree(repo.root / "assessments") == [
        "payments-platform",
        "payments-platform/2026-10-30.yaml",
    ]
    assert yaml.safe_load(path.read_text("utf-8"))["team"] == "Payments Platform"


def test_a_file_that_appears_while_writing_is_never_replaced(repo, monkeypatch):
    import cxm.authoring.new as new

    target = repo.root / "assessments/payments-platform/2026-10-30.yaml"
    render = new.next_assessment_text

    def someone_else_writes_meanwhile(*args):
        text = render(*args)
        target.parent.mkdir()
        target.write_text("# theirs\n", encoding="utf-8")
        return text

    project = project_of(repo)
    monkeypatch.setattr(new, "next_assessment_text", someone_else_writes_meanwhile)
    with pytest.raises(Exists, match="exists already; nothing was written"):
        write_new(project, "Payments Platform", NEXT)
    assert target.read_text("utf-8") == "# theirs\n"
    assert tree(target.parent) == ["2026-10-30.yaml"]  # no temporary file left


def test_a_team_folder_that_links_outside_the_project_is_refused(tmp_path):
    repo = make_repo(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo.root / "assessments/payments-platform").symlink_to(outside, target_is_directory=True)
    with pytest.raises(Unsafe) as raised:
        write_despite_errors(repo)
    assert str(raised.value) == (
        "assessments/payments-platform leads outside the project (the folder of mkdocs.yml): "
        "cxm new writes only inside it; nothing was written"
    )
    assert raised.value.exit_code == 1
    assert list(outside.iterdir()) == []


def test_an_assessments_folder_deeper_down_that_links_outside_is_refused(tmp_path):
    repo = make_repo(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo.root / "assessments/2026").symlink_to(outside, target_is_directory=True)
    settings = load_settings(repo.root / "mkdocs.yml")
    from cxm.authoring.new import existing_folder

    with pytest.raises(Unsafe, match=r"^assessments/2026 leads outside the project"):
        existing_folder(settings, settings.assessments / "2026" / "q4" / "payments")
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("target", ["nowhere", "payments-platform"], ids=["dangling", "loop"])
def test_a_team_folder_link_to_nothing_or_round_a_loop_is_refused(repo, target):
    (repo.root / "assessments/payments-platform").symlink_to(target)
    with pytest.raises(Unsafe) as raised:
        write_despite_errors(repo)
    assert str(raised.value) == (
        "assessments/payments-platform is a symbolic link to nothing, or in a loop; "
        "nothing was written"
    )


def test_a_link_at_the_files_own_path_is_never_written_through(tmp_path):
    repo = make_repo(tmp_path / "project")
    victim = tmp_path / "victim.txt"
    (repo.root / "assessments/payments-platform").mkdir()
    link = repo.root / "assessments/payments-platform/2026-10-30.yaml"
    link.symlink_to(victim)  # dangling: it would create the victim
    with pytest.raises(Unsafe, match="is a symbolic link: cxm never writes through one"):
        write_despite_errors(repo)
    assert not victim.exists() and link.is_symlink()


def test_a_team_folder_that_links_inside_the_project_is_followed(repo):
    (repo.root / "assessments/2026").mkdir()
    (repo.root / "assessments/payments-platform").symlink_to("2026", target_is_directory=True)
    path = new_file(repo)
    assert path == repo.root / "assessments/payments-platform/2026-10-30.yaml"
    assert (repo.root / "assessments/2026/2026-10-30.yaml").is_file()
