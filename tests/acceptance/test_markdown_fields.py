"""Markdown fields on a built site: links spelled with character references never become
script links, and fields that would take Markdown minutes (or its whole stack) build in
seconds, as plain text."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

from conftest import ASSESSMENT, FRAMEWORK
from sitebuild import visible_text

# One spelling of "javascript:" per field a framework or an assessment renders as Markdown.
LINKS = {
    "description: (framework)": "[fw](&#106;avascript:alert(1))",
    "level description": "[lv](java&Tab;script:alert(2))",
    "question": "[qu](javascript&colon;alert(3))",
    "practice level": "[pl](&#x6A;avascript:alert(4))",
    "summary": "[su][r]\n\n[r]: &#106;avascript:alert(5)",
    "evidence": "![ev](&#100;ata:image/svg+xml;base64,PHN2Zz4=) [ok](https://example.com/ok)",
}


def _framework() -> str:
    text = FRAMEWORK.replace(
        "version: 3\n",
        f"version: 3\ndescription: {json.dumps(LINKS['description: (framework)'])}\n",
    )
    text = text.replace('"Ad hoc."', json.dumps(LINKS["level description"]))
    text = text.replace('"Can customers help themselves?"', json.dumps(LINKS["question"]))
    return text.replace('"Some FAQ."', json.dumps(LINKS["practice level"]))


class _Addresses(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, v or "") for k, v in attrs if k in ("href", "src")]


def _scheme(url: str) -> str | None:
    """The scheme a browser finds: outer controls and spaces stripped, tabs and newlines gone."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(33)))))
    found = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return found.group(1).lower() if found else None


def _build(repo, cxm):
    repo.write("docs/index.md", "# Home\n")  # MkDocs needs a docs folder
    return cxm("build")


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def test_links_spelled_with_references_are_text_on_every_page(repo, cxm):
    repo.write("framework.yaml", _framework())
    repo.assessment(
        "payments/2026-09-30.yaml",
        ASSESSMENT.replace(
            "group: Digital Channels\n", f"summary: {json.dumps(LINKS['summary'])}\n"
        ).replace('"Help centre deflects 38% of tickets."', json.dumps(LINKS["evidence"])),
    )
    result = _build(repo, cxm)
    assert result.code == 0, result.out + result.err
    pages = _pages(repo.root / "site")
    for path, page in pages.items():
        reader = _Addresses()
        reader.feed(page)
        bad = [(t, u) for t, u in reader.found if _scheme(u) in ("javascript", "data", "vbscript")]
        assert bad == [], path
    team = visible_text(pages["teams/payments-platform/index.html"])
    framework = visible_text(pages["framework/index.html"])
    for text in ("su", "ev", "ok"):
        assert re.search(rf"\b{text}\b", team), text
    for text in ("fw", "lv", "qu", "pl"):
        assert re.search(rf"\b{text}\b", framework), text
    assert "alert" not in team + framework
    assert 'href="https://example.com/ok"' in pages["teams/payments-platform/index.html"]


def test_100_kb_of_brackets_and_deep_lists_build_in_seconds_as_plain_text(repo, cxm):
    evidence = "[" * 100_000
    repo.write(
        "framework.yaml", FRAMEWORK.replace('"Some FAQ."', json.dumps("1. " * 1500 + "deep"))
    )
    repo.assessment(
        "payments/2026-09-30.yaml",
        ASSESSMENT.replace('"Help centre deflects 38% of tickets."', json.dumps(evidence)),
    )
    start = time.perf_counter()
    result = _build(repo, cxm)
    seconds = time.perf_counter() - start
    assert result.code == 0, result.out + result.err
    assert "internal error" not in result.out + result.err
    # Without the limits this build takes hours; with them about two seconds.
    assert seconds < 60, f"{seconds:.0f} s"
    team = visible_text((repo.root / "site/teams/payments-platform/index.html").read_text())
    assert "[" * 5000 + " … (95,000 more characters in the file)" in team
    framework = visible_text((repo.root / "site/framework/index.html").read_text())
    assert "1. 1. 1." in framework and "deep" in framework
