"""`cxm build` end to end: validation in a child process, errors, no progress bar in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cxm.publish import forked
from sitebuild import HOSTILE, ROOT, copy_project, run_cxm

needs_fork = pytest.mark.skipif(not forked.available(), reason="no fork on this platform")


def test_build_outside_a_terminal_prints_no_bar(tmp_path):
    project = copy_project(HOSTILE, tmp_path / "p")
    code, _, err = run_cxm(["build", "--no-cache"], project)
    assert code == 0, err
    assert "drawing charts" not in err and "[#" not in err
    assert "built 2 team scorecards" in err


@needs_fork
def test_build_validates_in_another_process(tmp_path: Path, monkeypatch) -> None:
    """The build's process, which runs MkDocs, never loads the assessments itself."""
    import cxm.project

    loaded_here: list[int] = []

    def load_project(*args, **kwargs):
        loaded_here.append(os.getpid())  # in the child, this list is the child's copy
        return real(*args, **kwargs)

    real = cxm.project.load_project
    monkeypatch.setattr(cxm.project, "load_project", load_project)
    project = copy_project(ROOT, tmp_path / "demo")
    code, _, err = run_cxm(["build", "-q"], project)
    assert code == 0, err
    assert (project / "site" / "teams" / "index.html").is_file()
    assert loaded_here == []


@needs_fork
def test_build_errors_still_print_and_exit_1(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "demo")
    bad = next((project / "assessments").rglob("*.yaml"))
    bad.write_text("team: [broken\n", encoding="utf-8")
    code, _, err = run_cxm(["build"], project)
    assert code == 1
    assert f"{bad.relative_to(project).as_posix()}:" in err and "[yaml-syntax]" in err
    assert "nothing was built" in err
    assert not (project / "site").exists()


def test_a_mistake_in_mkdocs_yml_is_said_after_the_assessments_own(tmp_path: Path) -> None:
    """MkDocs' configuration loads while the child validates: its problems wait for it."""
    project = copy_project(HOSTILE, tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "nav: 3\n", encoding="utf-8")
    code, _, err = run_cxm(["build"], project)
    assert code == 1
    assert "the site could not be built" in err
    assert "Config value 'nav'" in err and "got a int: 3" in err
    assert not (project / "site").exists()

    bad = next((project / "assessments").rglob("*.yaml"))
    bad.write_text("team: [broken\n", encoding="utf-8")
    code, _, err = run_cxm(["build"], project)
    assert code == 1
    assert "[yaml-syntax]" in err and "nothing was built" in err
    assert "Config value" not in err
    assert not (project / "site").exists()
