"""Markdown fields render in time linear in their length: past MAX_CHARS characters or
MAX_BRACKETS "[" a field is plain text (cut at MAX_CHARS, with a note), and input Markdown
cannot render (lists nested hundreds deep) is plain text too, never an error.

Timing bounds are generous (each field takes well under a tenth of them on a 2-core machine).
Without the limits, 100 KB of each of the first five shapes took minutes (of "[", about 25)
and "1. " ended the build with a RecursionError."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from cxm.render import markup
from hypothesis import given, settings
from hypothesis import strategies as st

SHAPES = ["[", "![", "`[", "[a][", "[a](", "1. ", "> ", "*a* ", "\n="]


def _visible(out: str) -> str:
    return html.unescape(re.sub(r"<br>", "\n", re.sub(r"<(?!br>)[^>]*>", "", out)))


def _timed(render, source: str) -> tuple[str, float]:
    render.cache_clear()
    start = time.perf_counter()
    out = str(render(source))
    return out, time.perf_counter() - start


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("render", [markup.render_markdown, markup.render_inline])
def test_100_kb_of_a_pathological_shape_renders_in_seconds(shape, render):
    source = (shape * 100_000)[:100_000]
    out, seconds = _timed(render, source)
    assert seconds < 5, f"{shape!r}: {seconds:.1f} s"
    assert _visible(out).endswith(" … (95,000 more characters in the file)")
    assert "|" not in out and "\n" not in out


@pytest.mark.parametrize("render", [markup.render_markdown, markup.render_inline])
def test_a_field_at_the_limits_still_renders_as_markdown_in_time(render):
    # The most "[" a field may hold, each scanning to its end: the costliest Markdown allowed.
    source = "[" * markup.MAX_BRACKETS + "*a*" + "b" * (markup.MAX_CHARS - markup.MAX_BRACKETS - 3)
    out, seconds = _timed(render, source)
    assert "<em>a</em>" in out
    assert seconds < 5, f"{seconds:.1f} s"


def test_past_the_limits_a_field_is_plain_text_with_its_line_breaks():
    first = "*a* <b>x</b> [y](https://example.com)\nnext | line\r\nlast"
    long = first + "z" * markup.MAX_CHARS
    out = str(markup.render_markdown(long))
    assert out.startswith('<div class="cxm-md"><p>') and out.endswith("</p></div>")
    assert "|" not in out and "\n" not in out and "\r" not in out
    assert _visible(out) == (
        first.replace("\r\n", "\n")
        + "z" * (markup.MAX_CHARS - len(first))
        + f" … ({len(first):,} more characters in the file)"
    )
    many_links = "[a](https://example.com) " * (markup.MAX_BRACKETS + 1)
    assert "<a " not in str(markup.render_inline(many_links))
    assert "<a " in str(markup.render_inline(many_links[: -len("[a](https://example.com) ")]))


def test_lists_nested_too_deep_for_markdown_are_text_and_the_next_field_renders():
    deep = "1. " * 1500 + "x"
    out = str(markup.render_markdown(deep))
    assert out.startswith('<div class="cxm-md"><p>1&#46; 1&#46; ') and out.endswith("x</p></div>")
    # The Markdown instance that failed is not reused half-way through: the next field is right.
    assert str(markup.render_markdown("*a* [b](javascript:c)")) == (
        '<div class="cxm-md"><p><em>a</em> <span>b</span></p></div>'
    )


# Repeated units of Markdown punctuation (the shapes that make Markdown backtrack or nest) up
# to 20 KB, and a tail that may close what they opened.
_ALPHABET = "[]()!*_`<>#-=+.:1 \n\\|&;a"
_FIELDS = st.builds(
    lambda unit, count, tail: (unit * count)[:20_000] + tail,
    st.text(alphabet=_ALPHABET, min_size=1, max_size=6),
    st.integers(1, 20_000),
    st.text(alphabet=_ALPHABET, max_size=20),
)


@settings(max_examples=25, deadline=None, database=None)
@given(_FIELDS)
def test_every_field_up_to_20_kb_of_markdown_punctuation_renders_in_under_a_second(source):
    for render in (markup.render_markdown, markup.render_inline):
        out, seconds = _timed(render, source)
        assert seconds < 1, f"{seconds:.2f} s for {source[:40]!r}... ({len(source)} chars)"
        assert "|" not in out and "\n" not in out


def test_the_format_reference_states_the_limits():
    root = Path(__file__).resolve().parents[3]
    page = (root / "docs/reference/format.md").read_text(encoding="utf-8")
    assert f"longer than {markup.MAX_CHARS:,} characters, or with more than " in page
    assert f"more than {markup.MAX_BRACKETS} `[`" in page
