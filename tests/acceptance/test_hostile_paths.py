"""Links and file names a pull request can add: what `validate`, `build` and `generate` show.

Only files inside the project are read, a link is named by its own path, and a file name that
is not UTF-8 is an error shown escaped, in valid UTF-8, in every output format.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY_EPOCH
from sitebuild import EPOCH, HOSTILE, copy_project, run_cxm

SECRET = "s3cr3t-token-value"
NOT_UTF8 = os.fsdecode(b"\xff.yaml")  # a name git allows; Python keeps the byte as U+DCFF
OUTSIDE_LINE = (
    "assessments/b/passwd.yaml:1:1: error: outside the project (the folder of mkdocs.yml), or a "
    "symbolic link that leads out of it: not read; keep assessment files inside the project "
    "[outside-project]"
)
NOT_UTF8_LINE = (
    "assessments/b/\\xff.yaml:1:1: error: file name is not valid UTF-8: not read; rename the file "
    "[encoding]"
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(HOSTILE, tmp_path / "project")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file beside the project, shaped like an assessment so only the boundary stops it."""
    path = tmp_path / "home" / "hosts.yml"
    path.parent.mkdir()
    path.write_text(f"team: {SECRET}\ndate: 2026-01-01\nassessors: [{SECRET}]\n", "utf-8")
    return path


def errors(output: str) -> list[str]:
    """The error lines of text output (the hostile project has warnings of its own)."""
    return [line for line in output.splitlines() if ": error: " in line]


def cxm_bytes(*args: str, cwd: Path) -> tuple[int, bytes, bytes]:
    """`python -m cxm ARGS` as CI runs it, its output as the bytes written."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "cxm", *args], cwd=cwd, capture_output=True, env=env, timeout=120
    )
    return done.returncode, done.stdout, done.stderr


def test_validate_json_stays_valid_utf8_with_a_file_name_that_is_not(project):
    shutil.copy(project / "assessments/b/2026-08-15.yaml", project / "assessments/b" / NOT_UTF8)
    code, out, _ = cxm_bytes("validate", "--format", "json", cwd=project)
    assert code == 1
    assert [d for d in json.loads(out.decode("utf-8")) if d["severity"] == "error"] == [
        {
            "path": "assessments/b/\\xff.yaml",
            "line": 1,
            "column": 1,
            "severity": "error",
            "code": "encoding",
            "message": "file name is not valid UTF-8: not read; rename the file",
        }
    ]
    for fmt in ("text", "github"):
        code, out, _ = cxm_bytes("validate", "--format", fmt, cwd=project)
        assert code == 1 and "b/\\xff.yaml" in out.decode("utf-8")


@pytest.mark.parametrize(
    ("command", "failed"),
    [(["build"], "nothing was built"), (["generate", "-o", "out"], "nothing was written")],
)
def test_build_and_generate_stop_with_one_short_error_for_a_name_that_is_not_utf8(
    project, command, failed
):
    shutil.copy(project / "assessments/b/2026-08-15.yaml", project / "assessments/b" / NOT_UTF8)
    code, _, err = run_cxm(command, project)
    assert code == 1
    assert errors(err) == [NOT_UTF8_LINE]
    assert err.splitlines()[-2:] == ["5 files checked: 1 error, 5 warnings", failed]
    assert not (project / "site").exists() and not (project / "out").exists()


def test_a_link_to_a_file_outside_the_project_is_never_read_nor_published(project, secret):
    (project / "assessments/b/passwd.yaml").symlink_to(secret)
    code, out, _ = run_cxm(["validate"], project)
    assert (code, errors(out)) == (1, [OUTSIDE_LINE])
    assert out.splitlines()[-1] == "5 files checked: 1 error, 5 warnings"
    code, out, err = run_cxm(["build"], project)
    assert code == 1 and OUTSIDE_LINE in err.splitlines() and "nothing was built" in err
    assert not (project / "site").exists()
    for shown in (out, err, run_cxm(["validate", "--format", "json"], project)[1]):
        assert SECRET not in shown and str(secret.parent) not in shown


def test_a_dangling_link_and_a_link_loop_are_errors_not_crashes(project):
    (project / "assessments/b/gone.yaml").symlink_to("nowhere.yaml")
    (project / "assessments/b/loop.yaml").symlink_to("loop.yaml")
    code, out, _ = run_cxm(["validate"], project)
    message = "error: cannot read file: it is a symbolic link to nothing, or in a loop [encoding]"
    assert code == 1
    assert errors(out) == [
        f"assessments/b/gone.yaml:1:1: {message}",
        f"assessments/b/loop.yaml:1:1: {message}",
    ]


def test_a_link_inside_the_project_builds_and_the_site_names_the_links_path(project):
    """A link that stays inside is followed; the site names the link's own path."""
    (project / "shared").mkdir()
    shutil.move(project / "assessments/b/2026-08-15.yaml", project / "shared/b.yaml")
    (project / "assessments/b/2026-08-15.yaml").symlink_to("../../shared/b.yaml")
    code, _, err = run_cxm(["build", "-q"], project)
    assert code == 0, err
    scores = json.loads((project / "site/scores.json").read_text("utf-8"))
    assert "assessments/b/2026-08-15.yaml" in [a["path"] for a in scores["assessments"]]
    for path in (project / "site").rglob("*"):
        assert not path.is_file() or b"shared/b.yaml" not in path.read_bytes(), path
