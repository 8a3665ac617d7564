"""The scratch folder of a build (cxm.publish.generate.scratch_folder): made by `cxm build`'s
forked child, used by the build's own process after the child has ended. A cleaner in another
process must leave it alone while that build lives, and take it once it is gone.

`cxm build` renders part of the team scorecards in a second process: the same site, the same
errors."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ASSESSMENT, TODAY, make_repo
from cxm.config import load_settings
from cxm.project import Project, load_project
from cxm.publish import forked
from cxm.publish.generate import LateFiles, generate_site, scratch_folder
from cxm.render.pages import TemplateProblem

CLEAN = "from cxm.charts.cache import remove_stale_scratch; remove_stale_scratch()"


def clean_from_another_process(tmp: Path) -> None:
    """What the next `cxm build` does first, in a process started after this one."""
    subprocess.run(
        [sys.executable, "-c", CLEAN], env={**os.environ, "TMPDIR": str(tmp)}, check=True
    )


@pytest.mark.skipif(not forked.available(), reason="no fork on this platform")
def test_the_scratch_folder_of_a_forked_child_belongs_to_the_build_that_forked_it(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = forked.call(scratch_folder)  # the child has ended
    assert folder.parent == tmp_path
    assert folder.name.startswith(f"cxm-downloads-{os.getpid()}-")
    (folder / "scores.json").write_text("{}")
    os.utime(folder, (time.time() - 3600,) * 2)
    clean_from_another_process(tmp_path)
    assert (folder / "scores.json").read_text() == "{}"


def test_the_scratch_folder_of_a_killed_build_is_removed_by_the_next(tmp_path):
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cxm.publish.generate import scratch_folder; print(scratch_folder())",
        ],
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    folder = Path(made.stdout.strip())  # its process is gone, never having removed it
    assert folder.parent == tmp_path and folder.is_dir()
    clean_from_another_process(tmp_path)
    assert not folder.exists()


def organization_of(tmp_path: Path, **options) -> Project:
    repo = make_repo(tmp_path / "repo", **options)
    for i, (team, group) in enumerate(
        [("Payments", "Digital"), ("Mobile App", "Digital"), ("Stores", "Retail")]
        + [(f"Team {n}", "Retail") for n in range(4)]
    ):
        text = ASSESSMENT.replace("Payments Platform", team).replace("Digital Channels", group)
        text = text.replace("reviews: 2", f"reviews: {i % 4 + 1}")
        repo.assessment(f"t{i}/2026-09-30.yaml", text)
    return load_project(load_settings(repo.root / "mkdocs.yml"), today=TODAY)


@pytest.mark.skipif(not forked.available(), reason="no fork on this platform")
def test_a_site_rendered_in_two_processes_is_the_one_rendered_in_one(tmp_path):
    project = organization_of(tmp_path)
    one, two = generate_site(project), generate_site(project, fork=True)
    assert len(project.scorecards) == 7
    assert [(p.path, p.title, p.content, p.charts) for p in two.pages] == [
        (p.path, p.title, p.content, p.charts) for p in one.pages
    ]
    assert [c.path for c in two.charts] == [c.path for c in one.charts]
    assert two.assets == one.assets


@pytest.mark.parametrize("team", ["Payments", "Mobile App"])  # rendered here, by the child
def test_a_template_mistake_on_any_scorecard_names_its_file_and_line(tmp_path, team):
    project = organization_of(tmp_path, templates="templates")
    (project.settings.root / "templates").mkdir()
    (project.settings.root / "templates/team.md.j2").write_text(
        f"# {{{{ card.assessment.team }}}}\n{{% if card.assessment.team == '{team}' %}}\n"
        "{{ card.assessment.team() }}\n{% endif %}\n"
    )
    with pytest.raises(TemplateProblem, match=r"team\.md\.j2:3: .*not callable"):
        generate_site(project, fork=True)


def _write_then_fail(path: str) -> None:
    Path(path).write_text("half")
    raise OSError(28, "No space left on device")


@pytest.mark.skipif(not forked.available(), reason="no fork on this platform")
def test_late_files_raise_their_writers_error_when_awaited(tmp_path):
    # A download that failed after the pages were handed over fails the build at the end.
    target = tmp_path / "scores.xlsx"
    late = LateFiles({"scores.xlsx": target}, forked.start(_write_then_fail, str(target)))
    with pytest.raises(OSError, match="No space left"):
        late.wait()
    late.close()  # nothing left to stop


def _write_slowly(path: str) -> None:
    time.sleep(30)
    Path(path).write_text("late")


@pytest.mark.skipif(not forked.available(), reason="no fork on this platform")
def test_closing_late_files_stops_their_writer(tmp_path):
    # A build that failed while the downloads were written: the writer does not outlive it.
    target = tmp_path / "scores.json"
    writer = forked.start(_write_slowly, str(target))
    pid = writer._pid
    started = time.monotonic()
    LateFiles({"scores.json": target}, writer).close()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # gone and reaped
    assert not target.exists()
