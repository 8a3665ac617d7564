"""Text from YAML on a page: plain text stays text, Markdown fields render safely.

Generated pages are Markdown that MkDocs renders with the site's extensions (attribute lists,
snippets, emoji...). Any of those could turn user text into markup, attributes or file
inclusions, so plain text is written as HTML entities for every ASCII punctuation character,
and Markdown fields are rendered to HTML here, by a bare Markdown instance that escapes raw HTML
and keeps only http(s), mailto and relative links (judged on the address a browser follows).
Fields past MAX_CHARS characters or MAX_BRACKETS "[" are shown as plain text instead.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from html import unescape

import markdown
from markdown import util
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")  # ASCII punctuation
_INLINE_PUNCT = re.compile(r"[!-\"$-%'-/:\-@\[-`{-~]")  # all but & # ; of existing entities
_TEXT_RUN = re.compile(r">([^<]+)<")

# Python-Markdown's inline patterns take time quadratic in a paragraph on some input (every "["
# without its "]" scans to the end of the paragraph, every match copies it), and MkDocs'
# Markdown does the same with the entities of a long field in a table cell. Past these limits a
# field is plain text, and only its first MAX_CHARS characters are shown: the work per field is
# bounded, so a page's grows linearly with its text. docs/reference/format.md states them.
MAX_CHARS = 5_000
MAX_BRACKETS = 100
_LINE_BREAK = re.compile(r"\r\n?|\n")

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


# Addresses a link (a) or an image (img) may keep, as the browser reads them: http(s), mailto
# (links only) or relative (no ":" before the first "/", "?" or "#").
_SAFE_URL = {
    "a": re.compile(r"(https?|mailto):|[^:/?#]*([/?#]|$)", re.IGNORECASE),
    "img": re.compile(r"https?:|[^:/?#]*([/?#]|$)", re.IGNORECASE),
}
_URL_ATTRIBUTE = {"a": "href", "img": "src"}
_MARKDOWN_ESCAPE = re.compile(f"{util.STX}(\\d+){util.ETX}")  # a backslash escape, in the tree
# Characters the browser's URL parser drops (tabs, line breaks, leading controls and spaces):
# "java&#9;script:" is "javascript:". Dropping every control and space is stricter still.
_DROPPED = re.compile(r"[\x00-\x20\x7f\s]+")


def _followed_url(value: str) -> str:
    """The address a browser follows for an attribute value written by this Markdown instance:
    Markdown's own escapes restored, then character references decoded, as the browser does
    (`&#106;avascript&colon;` is `javascript:`), then without the characters it ignores."""
    value = _MARKDOWN_ESCAPE.sub(lambda m: chr(int(m.group(1))), value)
    value = unescape(value.replace(util.AMP_SUBSTITUTE, "&"))
    return _DROPPED.sub("", value)


class _SafeLinks(Treeprocessor):
    """Links and images with other addresses (javascript:, data:, vbscript:, file:...) become
    their plain text: a link keeps its text, an image its alt text."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            attribute = _URL_ATTRIBUTE.get(el.tag)
            if attribute is None:
                continue
            if not _SAFE_URL[el.tag].match(_followed_url(el.get(attribute) or "")):
                if el.tag == "img":
                    el.text = el.get("alt") or ""
                el.tag = "span"
                el.attrib.clear()
            elif el.tag == "a":
                el.set("rel", "nofollow noopener")


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML is shown as text: without these, Markdown passes it through as markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md), "cxm_safe_links", 0)
    return md


_MD = _markdown()


def _as_text(source: str) -> str:
    """A field as plain text: punctuation as entities, line breaks kept, cut after MAX_CHARS
    characters with a note of how many more the file holds."""
    shown = "<br>".join(
        line.translate(_PUNCT_TABLE) for line in _LINE_BREAK.split(source[:MAX_CHARS])
    )
    if len(source) > MAX_CHARS:
        note = f" … ({len(source) - MAX_CHARS:,} more characters in the file)"
        shown += note.translate(_PUNCT_TABLE)
    return shown


@functools.lru_cache(maxsize=2048)
def render_markdown(source: str | None) -> Markup:
    """A Markdown field (summary, evidence) as safe HTML."""
    if not source or not source.strip():
        return Markup("")
    if len(source) <= MAX_CHARS and _PLAIN_SENTENCE.fullmatch(source):
        return Markup(f'<div class="cxm-md"><p>{source.translate(_INLINE_TABLE)}</p></div>')
    html = _full_markdown(source)
    if html is None:
        return Markup(f'<div class="cxm-md"><p>{_as_text(source)}</p></div>')
    return Markup(f'<div class="cxm-md">{html}</div>')


_ONE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p>).)*)</p>", re.DOTALL)


@functools.lru_cache(maxsize=2048)
def render_inline(source: str | None) -> Markup:
    """A short Markdown field (a framework's descriptions and questions) for a sentence or a
    table cell: one paragraph renders without its paragraph, anything longer as a block."""
    if not source or not source.strip():
        return Markup("")
    if len(source) <= MAX_CHARS and _PLAIN_SENTENCE.fullmatch(source):
        return Markup(f'<span class="cxm-md">{source.translate(_INLINE_TABLE)}</span>')
    html = _full_markdown(source)
    if html is None:
        return Markup(f'<span class="cxm-md">{_as_text(source)}</span>')
    if one := _ONE_PARAGRAPH.fullmatch(html):
        return Markup(f'<span class="cxm-md">{one.group(1)}</span>')
    return Markup(f'<div class="cxm-md">{html}</div>')


def _full_markdown(source: str) -> str | None:
    """The field rendered, or None past the limits or when Markdown cannot render it (lists
    nested hundreds deep exhaust Python's stack)."""
    global _MD
    if len(source) > MAX_CHARS or source.count("[") > MAX_BRACKETS:
        return None
    try:
        _MD.reset()
        html = _MD.convert(source)
    except RecursionError:
        # The instance is left half-way through a document: its next output would be wrong
        # (unrendered, so unfiltered, Markdown). A fresh one takes its place.
        _MD = _markdown()
        return None
    # Punctuation in text as entities: wherever MkDocs' Markdown meets this (a block, or inline
    # in a table cell) nothing in it can become Markdown again. A "|" left in an attribute
    # (a link's address or title) would still end a table cell: as an entity, the browser
    # reads the same address. One line, so that it fits a cell; line breaks inside code
    # blocks stay line breaks.
    html = _TEXT_RUN.sub(lambda m: ">" + m.group(1).translate(_INLINE_TABLE) + "<", html)
    return html.replace("|", "&#124;").replace("\n", "&#10;")
