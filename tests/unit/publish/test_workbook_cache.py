"""scores.xlsx is made once for the same inputs and kept in the cache folder."""

from __future__ import annotations

import subprocess
import sys

from conftest import ASSESSMENT, TODAY, make_repo
from cxm.config import load_settings
from cxm.export.xlsx_format import to_xlsx
from cxm.project import load_project
from cxm.publish.workbook_cache import FOLDER, cached_workbook


def project_of(repo):
    return load_project(load_settings(repo.root / "mkdocs.yml"), today=TODAY)


def test_the_same_inputs_take_the_workbook_from_the_cache(tmp_path):
    repo = make_repo(tmp_path / "repo")
    repo.assessment("payments/2026-09-30.yaml", ASSESSMENT)
    cache = tmp_path / "cache"
    project = project_of(repo)
    first = cached_workbook(project, cache)
    assert first == to_xlsx(project.framework, project.scorecards)
    [kept] = (cache / FOLDER).glob("scores-*.xlsx")
    # What the next build reads is the file kept: a different content there is taken as is.
    kept.write_bytes(b"kept")
    assert cached_workbook(project_of(repo), cache) == b"kept"


def test_a_changed_assessment_makes_a_new_workbook_and_drops_the_old(tmp_path):
    repo = make_repo(tmp_path / "repo")
    repo.assessment("payments/2026-09-30.yaml", ASSESSMENT)
    cache = tmp_path / "cache"
    old = cached_workbook(project_of(repo), cache)
    [before] = (cache / FOLDER).glob("scores-*.xlsx")
    changed_text = ASSESSMENT.replace("onboarding: 3", "onboarding: 4")
    repo.assessment("payments/2026-09-30.yaml", changed_text)
    changed = project_of(repo)
    data = cached_workbook(changed, cache)
    [after] = (cache / FOLDER).glob("scores-*.xlsx")
    assert after != before and after.read_bytes() == data
    assert data != old and data == to_xlsx(changed.framework, changed.scorecards)


def test_without_a_cache_nothing_is_kept(tmp_path):
    repo = make_repo(tmp_path / "repo")
    repo.assessment("payments/2026-09-30.yaml", ASSESSMENT)
    project = project_of(repo)
    assert cached_workbook(project, None) == to_xlsx(project.framework, project.scorecards)
    assert not (tmp_path / "cache").exists()


def test_a_build_with_the_workbook_cached_never_loads_openpyxl(tmp_path):
    # openpyxl brings numpy: 30 MB in MkDocs' process, and time on every build's path.
    repo = make_repo(tmp_path / "repo")
    repo.assessment("payments/2026-09-30.yaml", ASSESSMENT)
    cache = tmp_path / "cache"
    made = cached_workbook(project_of(repo), cache)
    code = (
        "import sys, datetime\n"
        "from pathlib import Path\n"
        "import cxm.cli.main, cxm.engine.build, cxm.engine.plugin\n"
        "from cxm.config import load_settings\n"
        "from cxm.project import load_project\n"
        "from cxm.publish.workbook_cache import cached_workbook\n"
        "project = load_project(load_settings(Path(sys.argv[1])),"
        " today=datetime.date.fromisoformat(sys.argv[3]))\n"
        "sys.stdout.buffer.write(cached_workbook(project, Path(sys.argv[2])))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'numpy')),"
        " file=sys.stderr)\n"
    )
    args = [str(repo.root / "mkdocs.yml"), str(cache), TODAY.isoformat()]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, check=True)
    assert done.stdout == made
    assert done.stderr.decode().strip() == "[]"
