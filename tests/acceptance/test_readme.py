"""The README's two commands work on Debian's and Ubuntu's own Python (PEP 668 refuses `pip
install` outside a virtualenv): each makes or activates one, and git ignores it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from sitebuild import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def commands() -> list[str]:
    return re.findall(r"^```sh\n(.+?)\n```$", README, re.M)


def test_the_first_command_builds_the_demo_in_a_fresh_copy_with_no_shell_state(tmp_path):
    # Run as a new user would, in a copy of the repository with no virtualenv, by a plain
    # `sh` that has nothing activated; then `cxm` of that virtualenv from another shell.
    copy = tmp_path / "repo"
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    done = subprocess.run(
        ["sh", "-c", commands()[0]],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (copy / "site" / "teams" / "payments-platform" / "index.html").is_file()
    version = subprocess.run(
        ["sh", "-c", ".venv/bin/cxm --version"], cwd=copy, env=env, capture_output=True, text=True
    )
    assert version.stdout.startswith("cxm, version")


def test_the_test_command_runs_in_that_virtualenv():
    test = commands()[1]
    assert test.startswith(".venv/bin/pip install -e '.[test]' && ")
    assert test.endswith(" .venv/bin/python -m pytest")


def test_the_virtualenv_and_chromium_notes_say_what_debian_needs():
    text = " ".join(README.split())
    assert "apt-get update && apt-get install chromium" in text
    assert "python3-venv" in text


def test_git_ignores_the_virtualenv():
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", ".venv/bin/python"], cwd=ROOT, check=False
    )
    assert done.returncode == 0
