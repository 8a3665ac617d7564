"""pre-commit, the real package, in a git repository made by `cxm init`, with no network: the
generated `.pre-commit-config.yaml` passes a good repository and blocks a commit of a bad file
with file:line:column messages; so does this repository's own `.pre-commit-hooks.yaml`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitebuild import EPOCH, ROOT, run_cxm

TODAY = "2026-11-01"  # the day of EPOCH
EXAMPLE = f"assessments/example-team/{TODAY}.yaml"
BAD_LEVEL = "    usability: 3.5\n"
PROBLEM = (
    f"{EXAMPLE}:33:16: error: level of 'technology.usability' must be a whole number from 1 "
    "to 5, not 3.5 [invalid-value]"
)


@pytest.fixture(scope="module", autouse=True)
def needs_pre_commit():
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("pre-commit is not installed: pip install -e '.[test]'")
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")


def offline_env(home: Path) -> dict[str, str]:
    """No network: every proxy points at a closed port, pip may not use an index; pre-commit
    and git keep their state in `home`. The installed `cxm` is on the PATH."""
    closed = "http://127.0.0.1:9"
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT")) and key.lower() not in ("http_proxy",)
    }
    return {
        **env,
        "PATH": path,
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "http_proxy": closed,
        "https_proxy": closed,
        "HTTP_PROXY": closed,
        "HTTPS_PROXY": closed,
        "ALL_PROXY": closed,
        "no_proxy": "",
        "PIP_NO_INDEX": "1",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Dana Lee",
        "GIT_AUTHOR_EMAIL": "dana@example.com",
        "GIT_COMMITTER_NAME": "Dana Lee",
        "GIT_COMMITTER_EMAIL": "dana@example.com",
        "SOURCE_DATE_EPOCH": EPOCH,
        "NO_COLOR": "1",
    }


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = run(["git", *args], cwd, env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "pre_commit", *args], cwd, env)


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """`cxm init`, then `git init` and every file staged; and the offline environment."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        code, _, err = run_cxm(["init", "repo"], tmp_path)
    assert code == 0, err
    root = tmp_path / "repo"
    env = offline_env(tmp_path / "home")
    (tmp_path / "home").mkdir()
    git(root, env, "init", "-q", "-b", "main")
    git(root, env, "add", "-A")
    return root, env


def break_the_example(root: Path) -> str:
    """A level that is not a whole number in the example; returns the example as it was."""
    path = root / EXAMPLE
    text = path.read_text("utf-8")
    assert "    usability: 3\n" in text
    path.write_text(text.replace("    usability: 3\n", BAD_LEVEL, 1), encoding="utf-8")
    return text


def assert_blocks_a_bad_commit(root: Path, env: dict[str, str]) -> None:
    done = pre_commit(root, env, "install")
    assert done.returncode == 0, done.stdout + done.stderr
    git(root, env, "commit", "-q", "-m", "A good first assessment")
    break_the_example(root)
    git(root, env, "add", EXAMPLE)
    done = run(["git", "commit", "-m", "A level that is not one"], root, env)
    assert done.returncode != 0
    assert PROBLEM in done.stdout + done.stderr
    assert "cxm validate" in done.stdout + done.stderr
    assert git(root, env, "log", "--format=%s") == "A good first assessment\n"


def test_the_generated_config_runs_offline_with_a_local_hook(repository):
    root, env = repository
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text("utf-8"))
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    done = pre_commit(root, env, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cxm validate" in done.stdout and "Passed" in done.stdout


def test_the_generated_config_fails_a_bad_file_with_its_line(repository):
    root, env = repository
    break_the_example(root)
    done = pre_commit(root, env, "run", "--all-files")
    assert done.returncode == 1
    assert "Failed" in done.stdout
    assert PROBLEM in done.stdout


def test_the_generated_config_blocks_a_commit_of_a_bad_file(repository):
    assert_blocks_a_bad_commit(*repository)


def test_this_repositorys_hook_runs_offline_from_a_clone(repository, tmp_path):
    """The hook from this repository's `.pre-commit-hooks.yaml`, with `repo:` the path of a
    git repository that holds it (a clone): pre-commit clones it locally, installs nothing."""
    root, env = repository
    source = tmp_path / "cxm-clone"
    source.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", source / ".pre-commit-hooks.yaml")
    git(source, env, "init", "-q", "-b", "main")
    git(source, env, "add", "-A")
    git(source, env, "commit", "-q", "-m", "hooks")
    revision = git(source, env, "rev-parse", "HEAD").strip()
    config = {"repos": [{"repo": str(source), "rev": revision, "hooks": [{"id": "cxm-validate"}]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(root, env, "add", ".pre-commit-config.yaml")
    done = pre_commit(root, env, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    good = break_the_example(root)
    done = pre_commit(root, env, "run", "--all-files")
    assert done.returncode == 1
    assert PROBLEM in done.stdout
    (root / EXAMPLE).write_text(good, encoding="utf-8")
    assert_blocks_a_bad_commit(root, env)


def test_the_hook_and_the_local_hook_check_the_same_files(repository):
    root, _ = repository
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    [repo] = yaml.safe_load((root / ".pre-commit-config.yaml").read_text("utf-8"))["repos"]
    [local] = repo["hooks"]
    for key in ("id", "entry", "language", "pass_filenames", "files"):
        assert local[key] == hook[key], key
