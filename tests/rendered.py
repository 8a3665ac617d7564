"""Reading built pages as a reader does: the prose, the code, and markup shown as text.

Shared by the checks of the MkDocs site (tests/acceptance/test_rendered_markup.py) and of the
Zensical site (tests/acceptance/test_zensical.py): every engine must pass the same checks.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml
from sitebuild import run_cxm

# Markup a reader should never see as text: Markdown emphasis and links, table rows and
# separators, admonition markers, the HTML our templates write, template syntax.
MARKUP = {
    "bold": re.compile(r"\*\*\S"),
    "link": re.compile(r"\]\((?:[^)\s]+)\)"),
    "table row": re.compile(r"(?m)^\s*\|.*\|\s*$|\|\s*:?-{3,}:?\s*\|"),
    "admonition": re.compile(r"(?:^|\s)(?:\?\?\?\+?|!!!) [a-z]+\b"),
    "html tag": re.compile(r"</?(?:span|em|strong|div|table|tr|td|br|p|a|code)\b[^>]*>"),
    "template": re.compile(r"\{\{|\{%|%\}|\}\}"),
}
VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area"}


class _Reader(HTMLParser):
    """Splits a page into the prose a reader reads and the contents of code elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.prose: list[str] = []
        self.code: list[str] = []
        self._code_depth = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag in ("pre", "code") and "cxm-snippet" not in (attrs.get("class") or ""):
            if self._code_depth == 0:
                self._buffer = []
            self._code_depth += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, attrs = self.stack.pop()
            if open_tag in ("pre", "code") and "cxm-snippet" not in (attrs.get("class") or ""):
                self._code_depth -= 1
                if self._code_depth == 0:
                    self.code.append("".join(self._buffer))
            if open_tag == tag:
                break

    def handle_data(self, data):
        if any(t in ("script", "style", "svg", "title") for t, _ in self.stack):
            return
        if self._code_depth:
            self._buffer.append(data)
        elif not any("cxm-snippet" in (a.get("class") or "") for _, a in self.stack):
            self.prose.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def generated_pages(project: Path, site: Path, tmp_path: Path) -> dict[str, str]:
    """The HTML of every page cxm generates (not the hand-written docs), by its source path."""
    out = tmp_path / "generated"
    code, _, err = run_cxm(["generate", "-o", str(out)], project)
    assert code == 0, err
    return built_pages(out, site)


def built_pages(generated: Path, site: Path) -> dict[str, str]:
    """The HTML in `site` of every Markdown page in `generated`, by its source path."""
    pages = {}
    for md in sorted(generated.rglob("*.md")):
        rel = md.relative_to(generated).as_posix()
        html = rel[: -len(".md")]
        html = html[: -len("index")] if html.endswith("index") else html + "/"
        pages[rel] = (site / html / "index.html").read_text("utf-8")
    return pages


def plain_texts(project: Path, keys: bool = True) -> list[str]:
    """Every string in the project's YAML input: text shown as typed (names, notes) may hold
    anything, so it is taken out of the prose before looking for markup."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.extend([value, *value.splitlines()])
        elif isinstance(value, dict):
            for key, item in value.items():
                if keys:
                    walk(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in [*project.glob("*.yaml"), *(project / "assessments").rglob("*.yaml")]:
        walk(yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader))
    return sorted({t.strip() for t in found if t.strip()}, key=len, reverse=True)


def html_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def markup_in(text: str) -> list[str]:
    return [name for name, pattern in MARKUP.items() if pattern.search(text)]


def check_pages(project: Path, site: Path, tmp_path: Path) -> list[str]:
    return markup_problems(project, generated_pages(project, site, tmp_path))


def markup_problems(project: Path, pages: dict[str, str]) -> list[str]:
    """Markup shown as text or inside code, page by page (text typed in the YAML aside)."""
    assert len(pages) > 5
    typed = plain_texts(project)
    problems = []
    for path, page in pages.items():
        reader = read(page)
        for block in reader.code:
            found = markup_in(block)
            if found:
                problems.append(f"{path}: code element holds {found}: {block[:120]!r}")
        prose = "\n".join(reader.prose)
        for text in typed:
            prose = prose.replace(text, " ")
        found = markup_in(prose)
        if found:
            where = next(MARKUP[f].search(prose) for f in found)
            snippet = prose[max(0, where.start() - 60) : where.end() + 60]
            problems.append(f"{path}: shows {found} as text: {snippet!r}")
    return problems
