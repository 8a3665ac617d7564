"""What depends on what in `cxm serve` (cxm.publish.changes, cxm.publish.preview): real files in
a temp repository, loaded, validated and scored by the real pipeline."""

from __future__ import annotations

import html
import time

from conftest import ASSESSMENT, TODAY
from cxm.config import load_settings
from cxm.project import FileCache, load_project
from cxm.publish.changes import changed, rescore, stamps, teams_to_render
from cxm.publish.preview import Preview
from cxm.score.scorecard import by_team

OTHER = ASSESSMENT.replace("Payments Platform", "Search").replace("Digital Channels", "Core")


def _save(path, text: str) -> None:
    time.sleep(0.01)  # a modification time of its own
    path.write_text(text, "utf-8")


def _project(repo, cache: FileCache):
    return load_project(load_settings(repo.root / "mkdocs.yml"), today=TODAY, cache=cache)


def test_changed_lists_files_saved_added_and_removed(tmp_path):
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (tmp_path / name).write_text("x", "utf-8")
    before = stamps([tmp_path])
    _save(tmp_path / "a.yaml", "y")
    (tmp_path / "b.yaml").unlink()
    (tmp_path / "d.yaml").write_text("x", "utf-8")
    assert changed(before, stamps([tmp_path])) == [
        tmp_path / n for n in ("a.yaml", "b.yaml", "d.yaml")
    ]


def test_only_the_edited_file_is_validated_again(repo):
    a = repo.assessment("pay/2026-09-30.yaml")
    repo.assessment("search/2026-09-30.yaml", OTHER)
    cache = FileCache()
    first = {item.slug: item for item in _project(repo, cache).loaded}
    _save(a, ASSESSMENT.replace("onboarding: 3", "onboarding: 4"))
    second = {item.slug: item for item in _project(repo, cache).loaded}
    assert second["search"] is first["search"]
    assert second["payments-platform"] is not first["payments-platform"]


def test_an_edited_team_is_scored_again_and_the_others_keep_their_scorecards(repo):
    a = repo.assessment("pay/2026-09-30.yaml")
    repo.assessment("search/2026-09-30.yaml", OTHER)
    cache = FileCache()
    project = _project(repo, cache)
    before, again = rescore(by_team(project.loaded), project.framework, {})
    assert again == {"payments-platform", "search"}
    _save(a, ASSESSMENT.replace("onboarding: 3", "onboarding: 4"))
    project = _project(repo, cache)
    after, again = rescore(by_team(project.loaded), project.framework, before)
    assert again == {"payments-platform"}
    assert after["search"] is before["search"]
    assert after["payments-platform"][-1].overall > before["payments-platform"][-1].overall


def test_a_moved_median_renders_every_scorecard_again():
    same = ("Core", "core", ("median 3",))
    moved = ("Core", "core", ("median 4",))
    before = {"a": same, "b": same}
    assert teams_to_render(before, {"a": same, "b": same}, {"a"}) == {"a"}
    assert teams_to_render(before, {"a": moved, "b": moved}, {"a"}) == {"a", "b"}
    assert teams_to_render(before, {"a": same, "b": same, "c": same}, set()) == {"c"}


def test_an_edit_of_evidence_writes_only_its_scorecard(repo, tmp_path):
    a = repo.assessment("pay/2026-09-30.yaml")
    repo.assessment("search/2026-09-30.yaml", OTHER)
    settings = load_settings(repo.root / "mkdocs.yml")
    preview = Preview(tmp_path / "out")
    first = preview.update(settings, TODAY)
    assert first.full and first.ok and first.pages == len(preview.site.pages)
    search_page = preview.sources["teams/search.md"]
    written = search_page.stat().st_mtime_ns
    _save(a, ASSESSMENT.replace("38% of tickets", "41% of tickets"))
    update = preview.update(settings, TODAY)
    assert (update.full, update.pages, update.changed) == (
        False,
        1,
        ["assessments/pay/2026-09-30.yaml"],
    )
    page = preview.sources["teams/payments-platform.md"].read_text("utf-8")
    assert "41% of tickets" in html.unescape(page)
    assert search_page.stat().st_mtime_ns == written


def test_a_copied_file_is_a_duplicate_and_the_last_valid_site_stays(repo, tmp_path):
    repo.assessment("pay/2026-09-30.yaml")
    settings = load_settings(repo.root / "mkdocs.yml")
    preview = Preview(tmp_path / "out")
    preview.update(settings, TODAY)
    site = preview.site
    repo.assessment("pay/copy.yaml")
    update = preview.update(settings, TODAY)
    assert [d.code for d in update.problems] == ["duplicate-assessment"]
    assert preview.site is site
    (repo.root / "assessments" / "pay" / "copy.yaml").unlink()
    assert preview.update(settings, TODAY).ok


def test_a_new_team_or_a_framework_edit_rebuilds_everything(repo, tmp_path):
    repo.assessment("pay/2026-09-30.yaml")
    settings = load_settings(repo.root / "mkdocs.yml")
    preview = Preview(tmp_path / "out")
    preview.update(settings, TODAY)
    repo.assessment("search/2026-09-30.yaml", OTHER)
    update = preview.update(settings, TODAY)
    assert update.full and "teams/search.md" in preview.sources  # the navigation moved
    framework = repo.root / "framework.yaml"
    _save(framework, framework.read_text("utf-8").replace("Tiny framework", "Small framework"))
    assert preview.update(settings, TODAY).full
