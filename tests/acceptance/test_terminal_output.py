"""What `cxm validate` and `mkdocs build` print to a terminal or a pipe: text from the files
never drives the terminal, and colour shows only on a terminal without NO_COLOR set."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ASSESSMENT, TODAY_EPOCH, Repo, make_repo

# YAML double-quoted escapes: an OSC 8 hyperlink, erase-line, an 8-bit CSI, NEL and the bidi
# overrides of "Trojan Source".
TEAM = r"Team \e]8;;https://evil.example\e\\Click\e]8;;\e\\ \u202eevil\u202c \x9b2K"
AREA = r"supp\e[2K\rort\u2066x\u2069\N"
# The file name holds them too: the path is YAML's neighbour in every diagnostic.
FILE = "e\x1b[2Kvil\u202e.yaml"
UNPRINTABLE = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]} | set(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
ESC = "\x1b"


@pytest.fixture
def hostile(tmp_path: Path) -> Repo:
    repo = make_repo(tmp_path)
    text = ASSESSMENT.replace("Payments Platform", f'"{TEAM}"')
    repo.assessment(
        FILE, text.replace("  policies:\n", f'  "{AREA}": {{returns: 2}}\n  policies:\n')
    )
    # A valid, stale file: its warning quotes the team name (the plugin logs warnings).
    stale = ASSESSMENT.replace("Payments Platform", f'"Old {TEAM}"')
    repo.assessment("old.yaml", stale.replace("2026-09-30", "2024-01-31"))
    repo.write("docs/index.md", "# Home\n")
    return repo


def environment(no_color: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["SOURCE_DATE_EPOCH"] = TODAY_EPOCH
    if no_color is not None:
        env["NO_COLOR"] = no_color
    return env


def run(args: list[str], cwd: Path, no_color: str | None = None) -> tuple[int, str]:
    """Run a command with stdout and stderr on one pipe."""
    done = subprocess.run(
        args,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environment(no_color),
        timeout=120,
    )
    return done.returncode, done.stdout.decode("utf-8")


def run_on_terminal(args: list[str], cwd: Path, no_color: str | None = None) -> tuple[int, str]:
    """Run a command with stdout and stderr on a pseudo-terminal, as a user would see it."""
    main, side = pty.openpty()
    process = subprocess.Popen(
        args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=side, stderr=side, env=environment(no_color)
    )
    os.close(side)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # Linux: EIO once the process closed its side
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    return process.wait(timeout=120), out.decode("utf-8")


CXM = [sys.executable, "-m", "cxm"]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def test_validate_text_shows_controls_from_yaml_escaped_in_message_and_path(hostile):
    code, out = run([*CXM, "validate"], hostile.root)
    assert code == 1
    error = next(line for line in out.splitlines() if "[unknown-area]" in line)
    assert error.startswith("assessments/e\\x1b[2Kvil\\u202e.yaml:")
    assert "unknown area 'supp\\x1b[2K\\rort\\u2066x\\u2069\\x85'" in error
    assert not set(out) & (UNPRINTABLE - {"\n"})


def test_validate_github_shows_controls_from_yaml_escaped_in_message_and_path(hostile):
    code, out = run([*CXM, "validate", "--format", "github"], hostile.root)
    assert code == 1
    error = next(line for line in out.splitlines() if "[unknown-area]" in line)
    assert error.startswith("::error file=assessments/e\\x1b[2Kvil\\u202e.yaml,line=")
    assert "unknown area 'supp\\x1b[2K" in error and "ort\\u2066x\\u2069\\x85'" in error
    assert not set(out) & (UNPRINTABLE - {"\n"})


@pytest.mark.parametrize("no_color", [None, "1"])
def test_piped_output_has_no_colour_from_cxm_or_the_mkdocs_plugin(hostile, no_color):
    for command in ([*CXM, "validate"], [*MKDOCS, "build"]):
        code, out = run(command, hostile.root, no_color)
        assert code == 1, out
        assert "[unknown-area]" in out and "[stale]" in out, command
        assert not set(out) & (UNPRINTABLE - {"\n"}), command


def test_on_a_terminal_the_plugin_colours_its_messages_unless_no_color_is_set(hostile):
    code, out = run_on_terminal([*MKDOCS, "build"], hostile.root)
    assert code == 1, out
    [error] = [line for line in out.splitlines() if "[unknown-area]" in line]
    assert "\x1b[31m\x1b[1merror\x1b[0m" in error
    [warning] = [line for line in out.splitlines() if "[stale]" in line]  # logged by the plugin
    assert "\x1b[33m\x1b[1mwarning\x1b[0m" in warning and "\\x1b]8;;https" in warning
    code, out = run_on_terminal([*MKDOCS, "build"], hostile.root, no_color="1")
    assert code == 1, out
    mine = [line for line in out.splitlines() if "[unknown-area]" in line or "[stale]" in line]
    assert len(mine) == 2 and not any(ESC in line for line in mine)


def test_on_a_terminal_validate_colours_unless_no_color_is_set(hostile):
    code, out = run_on_terminal([*CXM, "validate"], hostile.root)
    assert code == 1 and "\x1b[31m\x1b[1merror\x1b[0m" in out
    code, out = run_on_terminal([*CXM, "validate"], hostile.root, no_color="1")
    assert code == 1 and "[unknown-area]" in out
    assert ESC not in out
    # An empty NO_COLOR does not count (no-color.org).
    code, out = run_on_terminal([*CXM, "validate"], hostile.root, no_color="")
    assert "\x1b[31m\x1b[1merror\x1b[0m" in out
