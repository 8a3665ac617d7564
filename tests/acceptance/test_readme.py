"""The README's two commands work on Debian's and Ubuntu's own Python (PEP 668 refuses `pip
install` outside a virtualenv): each makes or activates one, and git ignores it."""

from __future__ import annotations

import re
import subprocess

from sitebuild import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def commands() -> list[str]:
    return re.findall(r"^```sh\n(.+?)\n```$", README, re.M)


def test_the_first_command_makes_a_virtualenv_then_installs_and_builds():
    assert commands()[0] == (
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && cxm build"
    )


def test_the_test_command_runs_in_that_virtualenv():
    test = commands()[1]
    assert test.startswith(". .venv/bin/activate && python3 -m pip install -e '.[test]' && ")
    assert test.endswith(" python3 -m pytest")


def test_the_virtualenv_and_chromium_notes_say_what_debian_needs():
    text = " ".join(README.split())
    assert "apt-get update && apt-get install chromium" in text
    assert "python3-venv" in text


def test_git_ignores_the_virtualenv():
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", ".venv/bin/python"], cwd=ROOT, check=False
    )
    assert done.returncode == 0
