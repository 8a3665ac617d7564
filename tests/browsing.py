"""Helpers for the browser tests: Debian's Chromium driven by Playwright, a built site served
over HTTP, pages opened with their script errors collected, screenshots for a person to see.

A test module calls `require_chromium()` first: without Chromium it skips with the reason,
except in CI (CI=true), where a missing browser fails the run.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitebuild import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium():
    """Skip the calling module without Chromium (fail in CI); the Playwright API otherwise."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Debian's chromium is not installed", pytrace=False)
        pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api")


@contextlib.contextmanager
def chromium(sync_api) -> Iterator:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """The site folder served over HTTP on a free local port: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def open_page(browser, url: str, scheme: str = "light", width: int = 1280, **options):
    """A new page at `url` and the script errors it logs (the sandbox's failed look-ups of
    the GitHub repository aside)."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, **options
    )
    page = context.new_page()
    errors: list[str] = []
    local = url.split("/", 3)[:3]
    origin = "/".join(local)

    def on_console(message):
        # The sandbox has no internet: the theme's look-ups of the GitHub repository fail.
        where = (message.location or {}).get("url", "")
        local = not where or where.startswith(origin)
        if message.type == "error" and local and "ERR_NAME_NOT_RESOLVED" not in message.text:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, errors


def screenshot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
