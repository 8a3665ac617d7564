"""`cxm diff`: score changes between git revisions, in temp git repositories.

The history every test starts from (`history`):
  v1: Payments Platform assessed 2026-06-30 (self-service at 3), Support Desk 2026-06-30
  v2: Payments Platform assessed again 2026-09-30 (self-service at 4)
and a clean work tree at v2, which tests then edit.

Tiny framework scores: support weighs 2, self-service weighs 2 inside it. Payments at v1:
support 3, marketing 2.5, policies 2.5, overall 11/4 = 2.75 (Emerging). At v2: support 11/3,
overall 37/12 = 3.08 (Defined).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import markdown
import pytest
from conftest import Repo, make_repo

LEVELS = {
    "support": {"self_service": 4, "onboarding": 3},
    "marketing": {"product_promise": 3, "reviews": 2},
    "policies": {"returns": 2, "privacy": 3},
}
HOSTILE = "<img src=x onerror=alert(1)> [x](javascript:1) | pipe"


def assessment(
    team: str = "Payments Platform", date: str = "2026-09-30", evidence: str = "Seen.", **levels
) -> str:
    lines = [
        f"team: {json.dumps(team)}",
        "group: Digital Channels",
        f"date: {date}",
        "assessors: [Dana Lee]",
        "scores:",
    ]
    for area, practices in LEVELS.items():
        lines.append(f"  {area}:")
        for practice, level in practices.items():
            level = levels.get(practice, level)
            lines.append(f"    {practice}: {{level: {level}, evidence: {json.dumps(evidence)}}}")
    return "\n".join(lines) + "\n"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def commit(root: Path, message: str, tag: str | None = None) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    if tag:
        git(root, "tag", tag)


def init_git(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "commit.gpgsign", "false")


@pytest.fixture(autouse=True)
def no_parent_repository(tmp_path: Path, monkeypatch) -> None:
    # Never let git find a repository above the temp folder.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


@pytest.fixture
def history(tmp_path: Path) -> Repo:
    repo = make_repo(tmp_path)
    init_git(tmp_path)
    repo.assessment("payments/2026-06-30.yaml", assessment(date="2026-06-30", self_service=3))
    repo.assessment("support-desk/2026-06-30.yaml", assessment("Support Desk", "2026-06-30"))
    commit(tmp_path, "first assessments", "v1")
    repo.assessment("payments/2026-09-30.yaml", assessment())
    commit(tmp_path, "payments again", "v2")
    return repo


def section(text: str, title: str) -> str:
    """The lines of one `### title` section of the Markdown."""
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^### |\Z)", text, re.M | re.S)
    assert match, f"no section {title!r} in:\n{text}"
    return match.group(1)


def status(root: Path) -> str:
    return git(root, "status", "--porcelain=v1", "--untracked-files=all")


# -- Markdown -------------------------------------------------------------------------------


def test_markdown_shows_overall_and_stage_before_and_after_and_areas_that_moved(history, cxm):
    result = cxm("diff", "v1", "v2")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith("## CX maturity score changes\n")
    changes = section(text, "Score changes")
    assert "#### Payments Platform" in changes
    assert "Latest assessment: 2026-06-30 → 2026-09-30" in changes
    assert "| **Overall** | 2.8 | 3.1 | ▲ +0.3 |" in changes  # 2.75 -> 3.08, half to even
    assert "| Stage | Emerging | Defined | ▲ |" in changes
    assert "| Support | 3.0 | 3.7 | ▲ +0.7 |" in changes
    assert "Marketing" not in changes  # did not move
    assert "Support Desk" not in text  # unchanged team
    assert section(text, "New assessments").strip() == "- assessments/payments/2026-09-30.yaml"


def test_without_head_the_work_tree_is_compared(history, cxm):
    history.assessment("payments/2026-09-30.yaml", assessment(reviews=3))  # marketing 2.5 -> 3
    result = cxm("diff", "v2")
    assert result.code == 0, result.err
    assert "with the work tree." in result.out
    changes = section(result.out, "Score changes")
    assert "Latest assessment: 2026-09-30\n" in changes
    assert "| **Overall** | 3.1 | 3.2 | ▲ +0.1 |" in changes  # 37/12 -> 77/24
    assert "| Marketing | 2.5 | 3.0 | ▲ +0.5 |" in changes
    assert "| Support |" not in changes


def test_a_new_team_from_an_untracked_file_shows_under_new_teams(history, cxm):
    history.assessment("field-sales/2026-10-01.yaml", assessment("Field Sales", "2026-10-01"))
    result = cxm("diff", "v2")
    assert result.code == 0, result.err
    assert "| Field Sales | 2026-10-01 | 3.1 | Defined |" in section(result.out, "New teams")
    assert "- assessments/field-sales/2026-10-01.yaml" in section(result.out, "New assessments")
    assert "### Score changes" not in result.out


def test_a_removed_file_shows_under_removed_files(history, cxm):
    (history.root / "assessments/support-desk/2026-06-30.yaml").unlink()
    result = cxm("diff", "v2")
    assert result.code == 0, result.err
    assert section(result.out, "Removed files").strip() == (
        "- assessments/support-desk/2026-06-30.yaml"
    )
    assert "| Support Desk | 2026-06-30 |" in section(result.out, "Removed teams")


def test_no_change_is_one_line(history, cxm):
    result = cxm("diff", "v2")
    assert (result.code, result.out) == (0, "No score changes.\n")
    assert cxm("diff", "v2", "v2").out == "No score changes.\n"


def test_an_edit_that_moves_no_score_is_no_change(history, cxm):
    history.assessment("payments/2026-09-30.yaml", assessment(evidence="Seen twice."))
    result = cxm("diff", "v2")
    assert (result.code, result.out) == (0, "No score changes.\n")


# -- regressions ----------------------------------------------------------------------------


def test_fail_on_regression_exits_1_and_lists_the_regressions_first(history, cxm):
    history.assessment("payments/2026-09-30.yaml", assessment(self_service=2))  # support 7/3
    result = cxm("diff", "v2", "--fail-on-regression")
    assert result.code == 1
    text = result.out
    assert text.index("### Regressions") < text.index("### Score changes")
    assert section(text, "Regressions").strip().splitlines() == [
        "- Payments Platform: overall 3.1 → 2.4 ▼ -0.7",  # 37/12 -> 29/12
        # The change is the difference of the scores as shown: 11/3 -> 7/3 is -4/3 exactly,
        # but 3.7 -> 2.3 reads as -1.4, and a reader checks the row.
        "- Payments Platform: Support 3.7 → 2.3 ▼ -1.4",
    ]
    assert "| Stage | Defined | Emerging | ▼ |" in section(text, "Score changes")
    assert "2 scores dropped" in result.err


def test_a_drop_without_the_flag_exits_0_and_lists_no_regressions_section(history, cxm):
    history.assessment("payments/2026-09-30.yaml", assessment(self_service=2))
    result = cxm("diff", "v2")
    assert result.code == 0
    assert "### Regressions" not in result.out
    assert "| **Overall** | 3.1 | 2.4 | ▼ -0.7 |" in result.out


def test_fail_on_regression_exits_0_when_nothing_dropped(history, cxm):
    result = cxm("diff", "v1", "v2", "--fail-on-regression")
    assert result.code == 0, result.err
    assert "### Regressions" not in result.out


# -- JSON -----------------------------------------------------------------------------------


def test_json_has_both_sides_the_moved_areas_and_two_decimal_numbers(history, cxm):
    history.assessment("payments/2026-09-30.yaml", assessment(self_service=2))
    result = cxm("diff", "v1", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data) >= {
        "base",
        "head",
        "teams",
        "new_teams",
        "new_files",
        "removed_files",
        "new_errors",
        "regressions",
    }
    assert data["base"] == "v1"
    assert data["base_commit"] == git(history.root, "rev-parse", "v1").strip()
    assert data["head"] == "work tree"
    assert data["head_commit"] is None
    (team,) = data["teams"]
    assert team["team"] == "Payments Platform"
    assert team["slug"] == "payments-platform"
    assert team["before"] == {
        "date": "2026-06-30",
        "path": "assessments/payments/2026-06-30.yaml",
        "overall": 2.75,
        "stage": "Emerging",
        "areas": {"support": 3.0, "marketing": 2.5, "policies": 2.5},
    }
    assert team["after"]["date"] == "2026-09-30"
    assert team["after"]["overall"] == 2.42  # 29/12
    assert team["change"] == -0.33
    assert team["areas"] == {"support": {"before": 3.0, "after": 2.33, "change": -0.67}}
    assert data["new_files"] == ["assessments/payments/2026-09-30.yaml"]
    assert data["removed_files"] == data["new_errors"] == data["new_teams"] == []
    assert data["regressions"] == [
        {
            "team": "Payments Platform",
            "slug": "payments-platform",
            "area": None,
            "before": 2.75,
            "after": 2.42,
            "change": -0.33,
        },
        {
            "team": "Payments Platform",
            "slug": "payments-platform",
            "area": "support",
            "before": 3.0,
            "after": 2.33,
            "change": -0.67,
        },
    ]


def test_json_of_no_change_has_empty_lists(history, cxm):
    data = json.loads(cxm("diff", "v2", "HEAD", "--format", "json").out)
    assert data["head"] == "HEAD"
    assert data["teams"] == data["new_files"] == data["regressions"] == []


def test_json_lists_a_new_team_with_no_before(history, cxm):
    history.assessment("field-sales/2026-10-01.yaml", assessment("Field Sales", "2026-10-01"))
    data = json.loads(cxm("diff", "v2", "--format", "json").out)
    assert data["new_teams"] == [{"team": "Field Sales", "slug": "field-sales"}]
    (team,) = data["teams"]
    assert team["before"] is None
    assert team["after"]["overall"] == 3.08


# -- errors ---------------------------------------------------------------------------------


def test_a_file_invalid_at_head_shows_under_new_errors_and_exits_1(history, cxm):
    history.assessment("payments/2026-10-15.yaml", assessment(date="2026-10-15", reviews=7))
    result = cxm("diff", "v2")
    assert result.code == 1
    errors = section(result.out, "New errors")
    assert re.search(
        r"^- assessments/payments/2026-10-15\.yaml:\d+:\d+: level 7 is outside the scale 1\.\.5 "
        r"\\\[out-of-range\\\]$",
        errors,
        re.M,
    ), errors
    assert "1 error in the assessments of the work tree" in result.err
    data = json.loads(cxm("diff", "v2", "--format", "json").out)
    assert [(e["path"], e["code"]) for e in data["new_errors"]] == [
        ("assessments/payments/2026-10-15.yaml", "out-of-range")
    ]


def test_a_file_invalid_at_base_and_fixed_at_head_is_no_new_error(tmp_path, cxm):
    repo = make_repo(tmp_path)
    init_git(tmp_path)
    repo.assessment("payments/2026-06-30.yaml", assessment(date="2026-06-30"))
    repo.assessment("field-sales/2026-09-30.yaml", assessment("Field Sales", reviews=9))
    commit(tmp_path, "a broken file", "v1")
    repo.assessment("field-sales/2026-09-30.yaml", assessment("Field Sales"))
    commit(tmp_path, "fixed", "v2")
    result = cxm("diff", "v1", "v2")
    assert result.code == 0, result.err
    assert "### New errors" not in result.out
    assert "| Field Sales | 2026-09-30 | 3.1 | Defined |" in section(result.out, "New teams")
    assert "### New assessments" not in result.out  # the file was there, only invalid


def test_an_error_already_at_base_is_not_new_but_still_exits_1(history, cxm):
    history.assessment("payments/2026-10-15.yaml", assessment(date="2026-10-15", reviews=7))
    commit(history.root, "broken", "v3")
    result = cxm("diff", "v3")
    assert (result.code, result.out) == (1, "No score changes.\n")
    assert "1 error" in result.err


# -- git ------------------------------------------------------------------------------------


def test_an_unknown_revision_is_a_usage_error(history, cxm):
    for args in (["nope"], ["v1", "nope"], ["v1..v2"]):
        result = cxm("diff", *args)
        assert result.code == 2, args
        assert f"cxm: error: unknown revision '{args[-1]}'" in result.err
        assert result.out == ""


def test_an_error_message_shows_control_characters_from_its_input_escaped(history, cxm):
    # A revision that colours the terminal red: the message shows it, the terminal ignores it.
    result = cxm("diff", "v\x1b[31m")
    assert result.code == 2
    assert "\x1b" not in result.err
    assert "cxm: error: unknown revision 'v\\x1b[31m'" in result.err


def test_outside_a_git_repository_is_a_usage_error(repo, cxm):
    result = cxm("diff", "HEAD")
    assert result.code == 2
    assert "cxm: error: not a git repository" in result.err


def test_the_work_tree_and_the_repository_are_left_as_they_were(history, cxm):
    history.assessment("payments/2026-09-30.yaml", assessment(self_service=2))
    history.assessment("field-sales/2026-10-01.yaml", assessment("Field Sales", "2026-10-01"))
    (history.root / "assessments/support-desk/2026-06-30.yaml").unlink()
    before = (status(history.root), git(history.root, "rev-parse", "HEAD"))
    edited = (history.root / "assessments/payments/2026-09-30.yaml").read_bytes()
    for args in (["v1"], ["v1", "v2"], ["v2", "--format", "json"]):
        cxm("diff", *args)
    assert (status(history.root), git(history.root, "rev-parse", "HEAD")) == before
    assert (history.root / "assessments/payments/2026-09-30.yaml").read_bytes() == edited
    assert git(history.root, "stash", "list") == ""


def test_a_tracked_framework_is_read_at_each_revision(history, cxm):
    framework = history.root / "framework.yaml"
    framework.write_text(
        framework.read_text().replace("    name: Support\n    weight: 2\n", "    name: Support\n")
    )
    commit(history.root, "support weighs 1", "v3")
    result = cxm("diff", "v2", "v3")
    assert result.code == 0, result.err
    # Payments: (2 * 11/3 + 5) / 4 = 3.08 -> (11/3 + 5) / 3 = 2.89; no assessment changed.
    assert "| **Overall** | 3.1 | 2.9 | ▼ -0.2 |" in result.out
    assert "#### Support Desk" in result.out
    assert "### New assessments" not in result.out


def test_a_config_in_a_subfolder_shows_paths_from_that_folder(tmp_path, cxm):
    sub = tmp_path / "cx"
    repo = make_repo(sub)
    init_git(tmp_path)
    repo.assessment("payments/2026-06-30.yaml", assessment(date="2026-06-30"))
    commit(tmp_path, "first", "v1")
    repo.assessment("payments/2026-09-30.yaml", assessment(reviews=3))
    result = cxm("diff", "v1", cwd=sub)
    assert result.code == 0, result.err
    assert section(result.out, "New assessments").strip() == (
        "- assessments/payments/2026-09-30.yaml"
    )
    assert "| Marketing | 2.5 | 3.0 | ▲ +0.5 |" in result.out


# -- a pull-request comment is not an injection point ---------------------------------------


def test_hostile_names_and_yaml_text_are_escaped(tmp_path, cxm):
    repo = make_repo(tmp_path)
    init_git(tmp_path)
    repo.assessment("hostile/2026-06-30.yaml", assessment(HOSTILE, "2026-06-30"))
    commit(tmp_path, "first", "v1")
    repo.assessment("hostile/2026-09-30.yaml", assessment(HOSTILE, reviews=1))
    repo.assessment("other/2026-09-30.yaml", assessment(f"{HOSTILE} 2"))
    bad_key = '"<script>alert(2)</script> [y](javascript:2)": 1\n'
    repo.assessment("broken/2026-09-30.yaml", assessment("Broken") + bad_key)
    result = cxm("diff", "v1", "--fail-on-regression")
    assert result.code == 1
    text = result.out
    escaped = r"&lt;img src=x onerror=alert(1)&gt; \[x\](javascript:1) \| pipe"
    assert f"#### {escaped}\n" in section(text, "Score changes")
    assert section(text, "Regressions").startswith(f"\n- {escaped}: overall ")
    assert f"| {escaped} 2 | 2026-09-30 |" in section(text, "New teams")
    assert "&lt;script&gt;alert(2)&lt;/script&gt; \\[y\\](javascript:2)" in section(
        text, "New errors"
    )
    for raw in ("<img", "<script", " [x](", " [y](", " | pipe"):
        assert raw not in text
    html = markdown.markdown(text, extensions=["tables"])
    for raw in ("<img", "<script", "<a "):
        assert raw not in html
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if "onerror" in r)
    assert row.count("<td") == 4  # the pipe did not open a fifth cell


LINKING = "Ops https://evil.example www.evil.example @octocat #1 GH-2 ops@evil.example deadbeef12"


def test_names_that_github_would_link_or_mention_stay_plain_text(tmp_path, cxm):
    import html as html_module

    import cmarkgfm

    repo = make_repo(tmp_path)
    init_git(tmp_path)
    repo.assessment("ops/2026-06-30.yaml", assessment(LINKING, "2026-06-30"))
    commit(tmp_path, "first", "v1")
    repo.assessment("ops/2026-09-30.yaml", assessment(LINKING, reviews=1))
    repo.assessment("new/2026-09-30.yaml", assessment(f"New {LINKING}"))
    result = cxm("diff", "v1", "--fail-on-regression")
    assert result.code == 1
    # GitHub's Markdown renderer (cmark-gfm) makes no link of them, and the rendered text holds
    # no whole @mention, issue reference or commit id for GitHub to link afterwards.
    page = cmarkgfm.github_flavored_markdown_to_html(result.out)
    assert "<a" not in page
    text = html_module.unescape(re.sub(r"<[^>]+>", "", page))
    text = text.replace(git(tmp_path, "rev-parse", "v1")[:12], "")  # the base: a real commit
    for pattern in (r"\W@\w", r"\W#\d", r"GH-\d", r"(?<!\w)[0-9a-f]{7,40}(?!\w)"):
        assert not re.search(pattern, text), pattern
    # What a reader sees is the name, in each section it shows in.
    seen = text.replace("\u2060", "")
    assert f"\n{LINKING}\n" in seen  # the heading of its score changes
    assert f"{LINKING}: overall " in seen  # its regression
    assert f"New {LINKING}\n" in seen  # a cell of the new teams
