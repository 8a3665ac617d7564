"""The preview part of the harness (`run.py --parts preview`): from saving an edit to the page
showing it, under `cxm serve`.

`cxm serve` runs on the synthetic organization; each round first times the plain `mkdocs build`
of the same pages (the harness's floor, see run.py), then edits one level of one team's latest
assessment and polls that team's page over HTTP until it shows the new overall score, which
is worked out beforehand from the edited file by cxm's own scoring.
"""

from __future__ import annotations

import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from cxm.load.reader import load_text
from cxm.project import BUILTIN_FRAMEWORK
from cxm.score.scorecard import score
from cxm.score.shown import one
from cxm.validate.assessment import validate_assessment
from cxm.validate.framework import load_framework

_LEVEL = re.compile(r"^( {4}[a-z_]+: )([1-5])$", re.MULTILINE)
_OVERALL = re.compile(r"Overall\s*\|?\s*([0-9]+\.[0-9])")
_TAGS = re.compile(r"<[^>]+>")


class Server:
    """`cxm serve` in its own process, and the lines it prints."""

    def __init__(self, cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [*cmd, "-a", f"127.0.0.1:{port}"],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for("serving on ", 1800)
        self.start_seconds = time.perf_counter() - self.started
        self.url = line.split()[2]

    def _read(self) -> None:
        for text in self.process.stderr:
            self.lines.put(text.rstrip("\n"))

    def wait_for(self, start: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if text.startswith(start):
                return text

    def drain(self) -> list[str]:
        out = []
        while not self.lines.empty():
            out.append(self.lines.get())
        return out

    def overall(self, path: str) -> str | None:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            page = response.read().decode("utf-8")
        found = _OVERALL.search(" ".join(_TAGS.sub(" ", page).split()))
        return found[1] if found else None

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _overall_of(text: str, framework, today) -> str:
    doc, diags = load_text(text, "edited.yaml")
    assert doc is not None, diags
    item, diags = validate_assessment(doc, framework, today)
    assert item is not None, diags
    return one(score(item, framework).overall)


def edit(org: Path, round_no: int, framework, today) -> tuple[Path, str, str]:
    """An edit of one level of one team's latest file that moves its overall score as shown:
    (the file, its new text, the overall score the page shows after it)."""
    teams = sorted((org / "assessments").iterdir())
    team = teams[(len(teams) // 2 + round_no * 7) % len(teams)]
    path = sorted(team.glob("*.yaml"))[-1]
    text = path.read_text(encoding="utf-8")
    before = _overall_of(text, framework, today)
    for m in _LEVEL.finditer(text):
        for new in ("1", "5"):
            edited = text[: m.start(2)] + new + text[m.end(2) :]
            after = _overall_of(edited, framework, today)
            if after != before:
                return path, edited, after
    raise RuntimeError(f"no edit of {path} moves its overall score")


def bench_preview(org: Path, plain: Path, runs: int, today, cxm, mkdocs, measure, env) -> dict:
    """Seconds from save to the page showing the edit, the plain builds of the same rounds,
    and the rebuild lines `cxm serve` printed."""
    framework, diags = load_framework(BUILTIN_FRAMEWORK, "framework")
    assert framework is not None, diags
    server = Server(cxm("serve"), org, env())
    out = {"start": server.start_seconds, "plain": [], "edits": [], "lines": []}
    try:
        for r in range(runs):
            print(f"  preview round {r + 1}/{runs}", file=sys.stderr, flush=True)
            out["plain"].append(measure(mkdocs("build", "-q"), plain).seconds)
            path, edited, expected = edit(org, r, framework, today)
            page = f"teams/{path.parent.name}/"
            server.drain()
            saved = time.perf_counter()
            path.write_text(edited, encoding="utf-8")
            while server.overall(page) != expected:
                if time.perf_counter() - saved > 300:
                    raise RuntimeError(f"{page} never showed {expected}")
                time.sleep(0.02)
            out["edits"].append(time.perf_counter() - saved)
            out["lines"].append(server.wait_for("rebuilt in ", 60))
    finally:
        server.stop()
    return out
