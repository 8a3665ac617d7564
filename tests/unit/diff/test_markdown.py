"""`md` of cxm.diff.markdown: text from YAML files in a pull-request comment, rendered by GitHub's
own Markdown renderer (cmark-gfm, through cmarkgfm), shows as that text and links nothing."""

from __future__ import annotations

import html
import re

import cmarkgfm
import pytest
from cxm.diff.markdown import md

# Everything GitHub turns into a link in a comment: autolinks of the Markdown (URLs, www., e-mail,
# mailto: and xmpp:), then, in the rendered HTML, @mentions, issue and pull-request references,
# custom autolink references, commit ids and emoji.
LINKS = [
    "https://evil.example/login",
    "see http://evil.example/?a=1&b=2, now",
    "ftp://evil.example/file",
    "HTTPS://EVIL.EXAMPLE",
    "www.evil.example",
    "(www.evil.example)",
    "x_www.evil.example",
    "WWW.evil.example",
    "mallory@evil.example",
    "first.last+tag@evil.example",
    "mailto:mallory@evil.example",
    "xmpp:mallory@evil.example/home",
    "@octocat",
    "thanks @octocat!",
    "@org/security-team",
    "#123",
    "fixes #1, #2 and owner/repo#3",
    "GH-123",
    "see JIRA-42",
    "deadbeef12",
    "commit 0123456789abcdef0123456789abcdef01234567",
    "octocat@a1b2c3d",
    ":shipit: :+1:",
]
# Patterns GitHub links in the rendered text (cmark-gfm already made the <a> of the autolinks).
REFERENCES = {
    "mention": r"(?:^|\W)@[A-Za-z0-9]",
    "issue": r"(?:^|\W)#\d",
    "prefixed reference": r"(?i)\b[a-z]+-\d",
    "commit": r"(?<!\w)[0-9a-fA-F]{7,40}(?!\w)",
    "emoji": r":[\w+-]+:",
}
# The places of the comment YAML text goes: a heading, a list item, a table cell, a line.
CONTEXTS = ["#### {}", "- {}: overall 3.1 → 2.4", "| a | b |\n|---|---|\n| {} | 1.0 |", "{}"]


def rendered(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown)


def shown(page: str) -> str:
    """The text a reader sees: tags dropped, entities decoded, the invisible word joiner gone."""
    return html.unescape(re.sub(r"<[^>]+>", "", page)).replace("\u2060", "")


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("text", LINKS)
def test_yaml_text_becomes_no_autolink_mention_or_reference(text, context):
    page = rendered(context.format(md(text)))
    assert "<a" not in page and "<img" not in page
    # The reader sees exactly the text of the file.
    assert text in shown(page)
    # GitHub finds references in the rendered text: none is left whole.
    visible = html.unescape(re.sub(r"<[^>]+>", "", page))
    for kind, pattern in REFERENCES.items():
        found = [m for m in re.finditer(pattern, visible) if m.group().strip() in text]
        assert not found, f"{kind}: {found}"


def test_the_same_text_unescaped_is_linked_so_the_test_can_fail():
    for text in ("https://evil.example/login", "www.evil.example", "mallory@evil.example"):
        assert "<a" in rendered(text)
    for text, kind in (
        ("@octocat", "mention"),
        ("#123", "issue"),
        ("GH-123", "prefixed reference"),
    ):
        assert re.search(REFERENCES[kind], shown(rendered(text)))


def test_plain_text_keeps_its_characters_and_only_gets_invisible_breaks():
    text = "Payments Platform: 2026-09-30.yaml, R&D (EMEA) at 3.5"
    assert md(text) == "Payments Platform: 2026-09-30.yaml, R&amp;D (EMEA) at 3.5"
    assert md("Team @A #1") == "Team @&#8288;A \\#&#8288;1"


@pytest.mark.parametrize(
    ("control", "escaped"),
    [("\x1b", "\\x1b"), ("\x9b", "\\x9b"), ("\u202e", "\\u202e"), ("\u2066", "\\u2066")],
)
def test_controls_and_bidi_overrides_are_shown_escaped(control, escaped):
    # A right-to-left override would reorder the comment around the name.
    page = rendered(f"#### {md(f'Team {control}evil')}")
    assert control not in page
    assert shown(page).strip() == f"Team {escaped}evil"
