"""`cxm serve` as a user runs it: a real process on a free port, a copy of the demo, real edits.

One server for the module; each test leaves the project valid for the next.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from cxm.config import load_settings
from cxm.project import load_project
from cxm.score.shown import one
from sitebuild import EPOCH, ROOT, copy_project, visible_text

TEAM = "payments-platform"
LATEST = f"assessments/{TEAM}/2026-09-18.yaml"
RADAR = f"assets/cxm/charts/team-{TEAM}-radar.svg"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class Served:
    """A running `cxm serve`: its project, its URL, and the lines it prints to stderr."""

    def __init__(self, project: Path, tmp: Path) -> None:
        self.project, self.tmp = project, tmp
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_COLOR": "1", "TMPDIR": str(tmp)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cxm", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = re.search(r"serving on (\S+)", self.wait_for("serving on ", 240))[1]

    def _read(self) -> None:
        for text in self.process.stderr:
            self.lines.put(text.rstrip("\n"))

    def wait_for(self, start: str, timeout: float = 60) -> str:
        """The next line that starts with `start`; the lines before it are kept in `seen`."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                text = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                printed = "\n".join(self.seen)
                pytest.fail(f"no line {start!r} within {timeout} s; printed:\n{printed}")
            self.seen.append(text)
            if text.startswith(start):
                return text

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        while not self.lines.empty():  # what earlier edits printed
            self.seen.append(self.lines.get())
        file = self.project / relative
        text = file.read_text("utf-8")
        assert old in text
        time.sleep(0.05)  # a new modification time, even on a coarse clock
        file.write_text(text.replace(old, new, 1), "utf-8")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = copy_project(ROOT, tmp_path_factory.mktemp("serve") / "demo")
    server = Served(project, tmp_path_factory.mktemp("tmp"))
    yield server
    server.stop()
    # Stopped with SIGTERM, as Ctrl+C: its temporary folders (site, pages) are gone.
    assert list(server.tmp.iterdir()) == []


def overall_on(page: str) -> str:
    return re.search(r"Overall\s*\|?\s*([0-9]+\.[0-9])", visible_text(page))[1]


def expected_overall(project: Path) -> str:
    old = Path.cwd()
    os.chdir(project)
    try:
        settings = load_settings(project / "mkdocs.yml")
        return one(load_project(settings).latest[TEAM].overall)
    finally:
        os.chdir(old)


def test_serve_prints_its_address_and_serves_the_site(served):
    assert served.url.startswith("http://127.0.0.1:")
    assert "Payments Platform" in visible_text(served.get(f"teams/{TEAM}/"))


def test_an_edited_level_shows_after_one_rebuild_line(served):
    before = overall_on(served.get(f"teams/{TEAM}/"))
    radar = served.get(RADAR)
    marketing = "    product_promise: 2\n    reviews_and_social: 1\n    personalization: 1\n"
    served.edit(LATEST, marketing, marketing.replace(": 2\n", ": 5\n").replace(": 1\n", ": 5\n"))
    line = served.wait_for("rebuilt in ")
    assert re.fullmatch(rf"rebuilt in \d+\.\d\d s: {LATEST} changed, \d+ pages?", line), line
    after = overall_on(served.get(f"teams/{TEAM}/"))
    assert after == expected_overall(served.project) and after != before
    # The charts follow: drawn after the text is shown, then served by one more rebuild.
    assert re.fullmatch(r"drew \d+ charts? in \d+\.\d\d s", served.wait_for("drew ")), served.seen
    deadline = time.monotonic() + 60
    while served.get(RADAR) == radar:
        assert time.monotonic() < deadline, "the radar chart was not redrawn"
        time.sleep(0.2)


def test_an_edit_that_changes_one_page_renders_one_page(served):
    """Evidence shows on its team's scorecard only: no other page is rendered again."""
    served.edit(LATEST, "no screen reader testing yet.", "owned by the content team now.")
    line = served.wait_for("rebuilt in ")
    page = visible_text(served.get(f"teams/{TEAM}/"))
    assert "owned by the content team now." in page, served.seen
    assert line.endswith(f"{LATEST} changed, 1 page"), line


def test_an_invalid_file_is_reported_until_fixed(served):
    shown = overall_on(served.get(f"teams/{TEAM}/"))
    served.edit(LATEST, "    personalization: 5\n", "    personalization: 7\n")
    problem = served.wait_for(f"{LATEST}:")
    assert "[out-of-range]" in problem
    assert served.wait_for("not rebuilt: ").startswith(f"not rebuilt: {LATEST} changed; ")
    assert "[out-of-range]" in served.get("cxm-serve/problems.json")
    page = served.get(f"teams/{TEAM}/")
    assert overall_on(page) == shown  # the last valid version, below the banner
    banner = _banner(served, f"teams/{TEAM}/")
    if banner is not None:
        assert "Not rebuilt: the assessments have errors" in banner
        assert f"{LATEST}:" in banner and "[out-of-range]" in banner

    served.edit(LATEST, "    personalization: 7\n", "    personalization: 5\n")
    served.wait_for("rebuilt in ")
    assert served.get("cxm-serve/problems.json") == "[]"
    if banner is not None:
        assert _banner(served, f"teams/{TEAM}/") == ""
    assert not any("Traceback" in text for text in served.seen)


def _banner(served: Served, path: str) -> str | None:
    """The banner's text in a real browser ("" when there is none); None without Chromium."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Debian's chromium is not installed", pytrace=False)
        return None
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            # The page keeps a request open for live reload: wait for the banner's list.
            with page.expect_response(lambda r: r.url.endswith("problems.json")):
                page.goto(served.url + path, wait_until="domcontentloaded")
            page.wait_for_timeout(500)  # the script adds the banner once it has read it
            banner = page.locator(".cxm-serve-problems")
            return banner.inner_text() if banner.count() else ""
        finally:
            browser.close()


def test_a_broken_mkdocs_yml_is_said_in_one_line_and_the_site_stays(served):
    config = served.project / "mkdocs.yml"
    good = config.read_text("utf-8")
    served.edit("mkdocs.yml", good, good + "plugins: [\n")
    line = served.wait_for("not rebuilt: ")
    assert "error parsing the configuration file" in line
    assert "Payments Platform" in visible_text(served.get(f"teams/{TEAM}/"))
    served.edit("mkdocs.yml", good + "plugins: [\n", good)
    assert served.wait_for("rebuilt in ", 240).endswith("pages")  # everything, from scratch
    assert not any("Traceback" in text for text in served.seen)
