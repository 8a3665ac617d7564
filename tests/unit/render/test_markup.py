"""Markdown fields: the shortcut for one plain sentence renders exactly what Markdown renders."""

from __future__ import annotations

import re

from cxm.render import markup
from hypothesis import given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=400, deadline=None, database=None)

# Characters that make or break the shortcut: Markdown's own syntax, spaces, digits, dots,
# quotes, letters beyond ASCII and a few control characters.
TRICKY = "abcXYZé日 019.,;:'\"%()?/+=@$-_*`[]!<>&#\\\n\t~|{}^\u00a0\x00"


def _full(source: str) -> str:
    return f'<div class="cxm-md">{markup._full_markdown(source)}</div>'


def _agrees(source: str) -> None:
    if source.strip() and markup._PLAIN_SENTENCE.fullmatch(source):
        assert str(markup.render_markdown(source)) == _full(source)


@SETTINGS
@given(st.text(alphabet=TRICKY, max_size=40))
def test_a_plain_sentence_renders_as_markdown_renders_it(source):
    _agrees(source)


@SETTINGS
@given(st.from_regex(markup._PLAIN_SENTENCE, fullmatch=True))
def test_every_text_the_shortcut_takes_renders_as_markdown_renders_it(source):
    _agrees(source)


def test_evidence_like_sentences_take_the_shortcut_and_markdown_does_not():
    plain = "Hosted checkout completion 71.2% (Amplitude funnel, Nov 2025); see the log."
    assert markup._PLAIN_SENTENCE.fullmatch(plain)
    assert str(markup.render_markdown(plain)) == _full(plain)
    for source in ["**bold** move", "1. first", "a_b", "see [x](y)", "a  b", "a\nb", "- item"]:
        assert not markup._PLAIN_SENTENCE.fullmatch(source), source
        assert str(markup.render_markdown(source)) == _full(source)


def test_plain_text_puts_every_ascii_punctuation_character_as_an_entity():
    punctuation = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())
    out = markup.text(f"a {punctuation}\n b")
    assert out.startswith("a ") and out.endswith(" b")
    assert re.fullmatch(rf"a (&#\d+;){{{len(punctuation)}}} b", out)


LINKY = st.lists(
    st.sampled_from(
        [
            "[a|b](https://x.org/a|b)",
            '[t](https://x.org "p|q")',
            "![i|j](p|q.png)",
            "\n\n    code\n    block\n",
            "| a | b |",
            "\n- item\n",
            "`x|y`",
            "text",
        ]
    ),
    max_size=6,
).map("".join)


@SETTINGS
@given(st.one_of(st.text(alphabet=TRICKY, max_size=40), LINKY))
def test_rendered_fields_are_one_line_without_a_raw_pipe(source):
    """Whatever the field holds, its HTML fits one Markdown table cell: a raw "|" would end
    the cell and a line break the row."""
    for out in (str(markup.render_markdown(source)), str(markup.render_inline(source))):
        assert "|" not in out and "\n" not in out, out


def test_inline_markdown_drops_the_paragraph_of_one_paragraph_only():
    assert str(markup.render_inline("Some *habits*.")) == (
        '<span class="cxm-md">Some <em>habits</em>&#46;</span>'
    )
    assert str(markup.render_inline("- a\n- b")).startswith('<div class="cxm-md"><ul>')
    assert str(markup.render_inline("")) == ""
