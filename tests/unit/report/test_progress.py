"""Progress: a bar on a terminal for long builds, quiet in CI, off with -q."""

from __future__ import annotations

import io
import sys

from cxm.report.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_on_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.delenv("CI", raising=False)
    assert Progress.for_terminal(quiet=False).enabled
    assert not Progress.for_terminal(quiet=True).enabled
    monkeypatch.setenv("CI", "true")
    assert not Progress.for_terminal(quiet=False).enabled
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.delenv("CI")
    assert not Progress.for_terminal(quiet=False).enabled


def test_a_bar_counts_the_work_and_a_disabled_one_prints_nothing(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with Progress(True).step("drawing charts", 4) as advance:
        for _ in range(4):
            advance(1)
    assert "drawing charts" in terminal.getvalue() and "100%" in terminal.getvalue()
    silent = _Terminal()
    monkeypatch.setattr(sys, "stderr", silent)
    with Progress(False).step("drawing charts", 4) as advance:
        advance(4)
    assert silent.getvalue() == ""
