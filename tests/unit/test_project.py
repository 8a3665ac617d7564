"""Finding assessment files (cxm.project): what is read, and how each file is named.

Only files inside the project (the folder of mkdocs.yml) are read. Each test builds the
repository, and the links and odd names in it, in its own temp folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ASSESSMENT, TODAY, Repo, make_repo
from cxm.config import load_settings
from cxm.diagnostics import CODES
from cxm.errors import UsageError
from cxm.project import Project, find_files, load_project
from cxm.report.formats import FORMATTERS

SECRET = "s3cr3t-token-value"
# A mapping, so that nothing but the boundary would stop it from being validated (and its
# keys and values quoted in messages).
OUTSIDE_FILE = f"team: {SECRET}\ndate: 2026-01-01\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return make_repo(tmp_path / "project")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project, holding a file no build may read."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.yaml").write_text(OUTSIDE_FILE, encoding="utf-8")
    return folder


def load(repo: Repo, paths: list[Path] | None = None) -> Project:
    return load_project(load_settings(repo.root / "mkdocs.yml"), paths, today=TODAY)


def problems(project: Project) -> list[tuple[str, int, int, str, str]]:
    return [(d.path, d.line, d.column, d.code, d.message) for d in project.diagnostics]


def every_output(project: Project) -> str:
    return "\n".join(fmt(project.diagnostics, project.files_checked) for fmt in FORMATTERS.values())


OUTSIDE_MESSAGE = (
    "outside the project (the folder of mkdocs.yml), or a symbolic link that leads out of it: "
    "not read; keep assessment files inside the project"
)
NO_TARGET = "cannot read file: it is a symbolic link to nothing, or in a loop"


def test_the_new_code_is_a_known_code():
    assert "outside-project" in CODES


def test_a_link_to_a_file_outside_the_project_is_not_read_and_named_by_its_own_path(repo, outside):
    repo.assessment("payments/2026-09-30.yaml")
    (repo.root / "assessments" / "passwd.yaml").symlink_to(outside / "secret.yaml")
    project = load(repo)
    assert problems(project) == [
        ("assessments/passwd.yaml", 1, 1, "outside-project", OUTSIDE_MESSAGE)
    ]
    assert [item.assessment.team for item in project.loaded] == ["Payments Platform"]
    shown = every_output(project)
    assert SECRET not in shown and str(outside) not in shown and "elsewhere" not in shown


def test_a_link_to_a_folder_outside_the_project_is_not_followed(repo, outside):
    (repo.root / "assessments" / "shared").symlink_to(outside, target_is_directory=True)
    project = load(repo)
    assert problems(project) == [("assessments/shared", 1, 1, "outside-project", OUTSIDE_MESSAGE)]
    assert project.loaded == [] and SECRET not in every_output(project)


def test_a_link_in_a_team_folder_that_climbs_out_of_the_project_is_refused(repo, outside):
    team = repo.root / "assessments" / "payments"
    team.mkdir()
    (team / "x.yaml").symlink_to(Path("../../../elsewhere/secret.yaml"))  # relative, climbing
    assert problems(load(repo)) == [
        ("assessments/payments/x.yaml", 1, 1, "outside-project", OUTSIDE_MESSAGE)
    ]


@pytest.mark.parametrize("target", ["nowhere.yaml", "loop.yaml"], ids=["dangling", "loop"])
def test_a_link_to_nothing_or_round_a_loop_is_an_error_not_a_crash(repo, target):
    (repo.root / "assessments" / "loop.yaml").symlink_to(target)
    project = load(repo)
    assert problems(project) == [("assessments/loop.yaml", 1, 1, "encoding", NO_TARGET)]
    assert project.files_checked == 2  # the link and the framework


def test_a_link_that_stays_inside_the_project_is_followed_and_shown_by_its_own_path(repo):
    repo.write("shared/payments.yaml", ASSESSMENT)
    team = repo.root / "assessments" / "payments"
    team.mkdir()
    (team / "2026-09-30.yaml").symlink_to(repo.root / "shared" / "payments.yaml")
    project = load(repo)
    assert project.diagnostics == []
    assert [item.path for item in project.loaded] == ["assessments/payments/2026-09-30.yaml"]


def test_a_folder_link_inside_the_project_is_followed_once_and_loops_end(repo):
    repo.assessment("2026/payments/2026-09-30.yaml")
    (repo.root / "assessments" / "current").symlink_to("2026", target_is_directory=True)
    (repo.root / "assessments" / "2026" / "up").symlink_to("..", target_is_directory=True)
    project = load(repo)
    assert project.diagnostics == []
    # Found directly and through the link: read once, by its own path.
    assert [item.path for item in project.loaded] == ["assessments/2026/payments/2026-09-30.yaml"]


def test_a_file_named_outside_the_project_is_not_read(repo, outside):
    project = load(repo, [outside / "secret.yaml"])
    assert [(d.code, d.message) for d in project.diagnostics] == [
        ("outside-project", OUTSIDE_MESSAGE)
    ]
    assert SECRET not in every_output(project)


def test_a_named_link_is_shown_by_its_own_path(repo, outside):
    link = repo.root / "assessments" / "passwd.yaml"
    link.symlink_to(outside / "secret.yaml")
    project = load(repo, [link])
    assert problems(project) == [
        ("assessments/passwd.yaml", 1, 1, "outside-project", OUTSIDE_MESSAGE)
    ]


def test_an_assessments_folder_outside_the_project_is_a_usage_error(repo, outside):
    (repo.root / "assessments").rmdir()
    (repo.root / "assessments").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UsageError) as raised:
        load(repo)
    message = str(raised.value)
    assert message.startswith("the assessments folder is outside the project (")
    assert str(outside) not in message


def test_a_file_name_that_is_not_utf8_is_an_error_shown_escaped_in_every_format(repo):
    name = os.fsdecode(b"\xff.yaml")
    repo.assessment(f"payments/{name}", ASSESSMENT)
    repo.assessment(os.fsdecode(b"caf\xe9/2026-09-30.yaml"), ASSESSMENT.replace("Pay", "Re"))
    project = load(repo)
    bad = "file name is not valid UTF-8: not read; rename the file"
    assert problems(project) == [
        ("assessments/caf\\xe9/2026-09-30.yaml", 1, 1, "encoding", bad),
        ("assessments/payments/\\xff.yaml", 1, 1, "encoding", bad),
    ]
    assert project.loaded == []
    for fmt in FORMATTERS.values():
        fmt(project.diagnostics, 2).encode("utf-8")  # no lone surrogate left: encodes
    parsed = json.loads(FORMATTERS["json"](project.diagnostics, 2).encode("utf-8"))
    assert parsed[1]["path"] == "assessments/payments/\\xff.yaml"


def test_find_files_without_a_root_reads_nothing_outside_the_folder_searched(repo, outside):
    good = repo.assessment("payments/2026-09-30.yaml")
    (repo.root / "assessments" / "passwd.yaml").symlink_to(outside / "secret.yaml")
    assert find_files([repo.root / "assessments"]) == [good]


def test_a_folder_that_cannot_be_listed_is_an_error_not_a_team_silently_left_out(repo, monkeypatch):
    repo.assessment("locked/2026-09-30.yaml")
    listing = os.scandir

    def no_permission(path):  # root may read anything: the refusal is simulated
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return listing(path)

    monkeypatch.setattr(os, "scandir", no_permission)
    assert problems(load(repo)) == [
        ("assessments/locked", 1, 1, "encoding", "cannot read folder: Permission denied")
    ]


# -- the `groups` option: a site per group --------------------------------------------------


def team(name: str, group: str) -> str:
    return ASSESSMENT.replace("Payments Platform", name).replace("Digital Channels", group)


def grouped_repo(root: Path, groups: str) -> Repo:
    repo = make_repo(root, groups=groups)
    repo.assessment("payments.yaml", team("Payments", "Digital"))
    repo.assessment("app.yaml", team("App", "Digital"))
    repo.assessment("stores.yaml", team("Stores", "Retail & Shops"))
    return repo


def test_groups_keep_only_their_teams_in_the_export(tmp_path, cxm):
    repo = grouped_repo(tmp_path, "[digital]")  # names match whatever their case
    result = cxm("export", "--format", "json", cwd=repo.root)
    assert result.code == 0, result.err
    teams = [a["team"] for a in json.loads(result.out)["assessments"]]
    assert teams == ["App", "Payments"]


def test_groups_still_check_every_file(tmp_path, cxm):
    repo = grouped_repo(tmp_path, "[Digital]")
    repo.assessment("stores.yaml", team("Stores", "Retail & Shops").replace("Stores", "", 1))
    result = cxm("validate", cwd=repo.root)
    assert result.code == 1
    assert "assessments/stores.yaml:" in result.out


def test_a_group_that_no_assessment_names_is_refused_with_the_groups_there_are(tmp_path, cxm):
    repo = grouped_repo(tmp_path, "[Digital, Retial]")
    result = cxm("build", cwd=repo.root)
    assert result.code == 2
    assert (
        "cx-maturity option 'groups': no assessment is in 'Retial' "
        "(groups: Digital, Retail & Shops)"
    ) in result.err
    assert not (repo.root / "site").exists()
