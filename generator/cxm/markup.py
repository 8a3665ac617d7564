"""Text from YAML on a page: plain text stays text, Markdown fields render safely.

Generated pages are Markdown that MkDocs renders with the site's extensions (attribute lists,
snippets, emoji...). Any of those could turn user text into markup, attributes or file
inclusions, so plain text is written as HTML entities for every ASCII punctuation character,
and Markdown fields are rendered to HTML here, by a bare Markdown instance that escapes raw HTML
and keeps only http(s), mailto and relative links.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")  # ASCII punctuation
_INLINE_PUNCT = re.compile(r"[!-\"$-%'-/:\-@\[-`{-~]")  # all but & # ; of existing entities
_TEXT_RUN = re.compile(r">([^<]+)<")
_SAFE_SCHEME = re.compile(r"^(https?:|mailto:|[^:/?#]*([/?#]|$))", re.IGNORECASE)


def text(value: object) -> str:
    """Plain text for any Markdown context: punctuation as entities, lines joined."""
    s = " ".join(str(value).split())
    return _PUNCT.sub(_entity, s)


def _entity(match: re.Match) -> str:
    return f"&#{ord(match.group())};"


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


def render_markdown(source: str | None) -> Markup:
    """A Markdown field (summary, evidence) as safe HTML."""
    if not source or not source.strip():
        return Markup("")
    _MD.reset()
    html = _MD.convert(source)
    # One line, and punctuation in text as entities: wherever MkDocs' Markdown meets this
    # (a block, or inline in a table cell) nothing in it can become Markdown again.
    html = _TEXT_RUN.sub(lambda m: ">" + _INLINE_PUNCT.sub(_entity, m.group(1)) + "<", html)
    html = html.replace("\n", " ")
    return Markup(f'<div class="cxm-md">{html}</div>')
