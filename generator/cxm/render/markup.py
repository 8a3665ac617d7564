"""Text from YAML on a page: plain text stays text, Markdown fields render safely.

Generated pages are Markdown that MkDocs renders with the site's extensions (attribute lists,
snippets, emoji...). Any of those could turn user text into markup, attributes or file
inclusions, so plain text is written as HTML entities for every ASCII punctuation character,
and Markdown fields are rendered to HTML here, by a bare Markdown instance that escapes raw HTML
and keeps only http(s), mailto and relative links.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")  # ASCII punctuation
_INLINE_PUNCT = re.compile(r"[!-\"$-%'-/:\-@\[-`{-~]")  # all but & # ; of existing entities
_TEXT_RUN = re.compile(r">([^<]+)<")
_SAFE_SCHEME = re.compile(r"^(https?:|mailto:|[^:/?#]*([/?#]|$))", re.IGNORECASE)

# The same substitutions as translation tables: str.translate runs them in C (pages print
# hundreds of thousands of values; a regex with a Python callback per character was a
# measurable part of rendering).
_ASCII = [chr(c) for c in range(128)]
_PUNCT_TABLE = {ord(c): f"&#{ord(c)};" for c in _ASCII if _PUNCT.fullmatch(c)}
_INLINE_TABLE = {ord(c): f"&#{ord(c)};" for c in _ASCII if _INLINE_PUNCT.fullmatch(c)}

# Markdown fields that are one plain sentence (letters, digits, spaces and punctuation that
# means nothing to Markdown) render to one paragraph without running Markdown: most evidence
# is like that. Anything else (emphasis, code, links, HTML, entities, escapes, lists,
# headings, line breaks) takes the full path. tests/unit/render/test_markup.py checks both agree.
_PLAIN_SENTENCE = re.compile(r"(?!\d+[.)])[^\W_](?:[^\W_]|[,.;:'\"%()?/+=@$-]| (?=[^ ]))*")


def text(value: object) -> str:
    """Plain text for any Markdown context: punctuation as entities, lines joined."""
    return " ".join(str(value).split()).translate(_PUNCT_TABLE)


class _SafeLinks(Treeprocessor):
    """Links with other schemes (javascript:, data:...) become their plain text."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a" and not _SAFE_SCHEME.match(
                    "".join((child.get("href") or "").split())
                ):
                    child.tag = "span"
                    child.attrib.clear()
                elif child.tag == "img":
                    src = "".join((child.get("src") or "").split())
                    if not _SAFE_SCHEME.match(src) or src.lower().startswith("mailto:"):
                        child.tag = "span"
                        alt = child.get("alt") or ""
                        child.attrib.clear()
                        child.text = alt
                if child.tag == "a":
                    child.set("rel", "nofollow noopener")


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML is shown as text: without these, Markdown passes it through as markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md), "cxm_safe_links", 0)
    return md


_MD = _markdown()


@functools.lru_cache(maxsize=2048)
def render_markdown(source: str | None) -> Markup:
    """A Markdown field (summary, evidence) as safe HTML."""
    if not source or not source.strip():
        return Markup("")
    if _PLAIN_SENTENCE.fullmatch(source):
        return Markup(f'<div class="cxm-md"><p>{source.translate(_INLINE_TABLE)}</p></div>')
    return Markup(f'<div class="cxm-md">{_full_markdown(source)}</div>')


_ONE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p>).)*)</p>", re.DOTALL)


@functools.lru_cache(maxsize=2048)
def render_inline(source: str | None) -> Markup:
    """A short Markdown field (a framework's descriptions and questions) for a sentence or a
    table cell: one paragraph renders without its paragraph, anything longer as a block."""
    if not source or not source.strip():
        return Markup("")
    if _PLAIN_SENTENCE.fullmatch(source):
        return Markup(f'<span class="cxm-md">{source.translate(_INLINE_TABLE)}</span>')
    html = _full_markdown(source)
    if one := _ONE_PARAGRAPH.fullmatch(html):
        return Markup(f'<span class="cxm-md">{one.group(1)}</span>')
    return Markup(f'<div class="cxm-md">{html}</div>')


def _full_markdown(source: str) -> str:
    _MD.reset()
    html = _MD.convert(source)
    # Punctuation in text as entities: wherever MkDocs' Markdown meets this (a block, or inline
    # in a table cell) nothing in it can become Markdown again. A "|" left in an attribute
    # (a link's address or title) would still end a table cell: as an entity, the browser
    # reads the same address. One line, so that it fits a cell; line breaks inside code
    # blocks stay line breaks.
    html = _TEXT_RUN.sub(lambda m: ">" + m.group(1).translate(_INLINE_TABLE) + "<", html)
    return html.replace("|", "&#124;").replace("\n", "&#10;")
