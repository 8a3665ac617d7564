"""Markdown fields: only http(s), mailto and relative addresses survive as links or images,
judged on the address the browser follows, whatever character references spell it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from cxm.render import markup
from hypothesis import given, settings
from hypothesis import strategies as st

ALLOWED = {"href": {"http", "https", "mailto"}, "src": {"http", "https"}}
# Tags and attributes a Markdown field may produce: anything else is markup from the YAML file.
TAGS = {"div", "span", "p", "a", "img", "em", "strong", "code", "pre", "br", "hr"}
TAGS |= {"ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
ATTRIBUTES = {"class", "href", "src", "alt", "title", "rel", "start"}


class _Page(HTMLParser):
    """What a browser makes of the HTML: tags, attributes with references decoded, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _read(out: str) -> _Page:
    page = _Page()
    page.feed(out)
    page.close()
    return page


def _scheme(url: str) -> str | None:
    """The scheme a browser finds (WHATWG URL parsing): leading and trailing controls and
    spaces stripped, tabs and line breaks removed anywhere."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(33)))))
    found = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return found.group(1).lower() if found else None


def _bad_addresses(out: str) -> list[str]:
    page = _read(out)
    return [
        f"{tag} {name}={value!r}"
        for tag, attrs in page.tags
        for name, value in attrs.items()
        if name in ALLOWED and _scheme(value or "") not in ALLOWED[name] | {None}
    ]


def _outputs(source: str) -> list[str]:
    return [str(markup.render_markdown(source)), str(markup.render_inline(source))]


# Every way found to write "javascript:" (and other schemes) that Markdown keeps as an address.
HOSTILE = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#0000106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#X6a;avascript:alert(1))",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&#x3a;alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](java&NewLine;script:alert(1))",
    "[x](java&#9;script:alert(1))",
    "[x](java&#x0A;script:alert(1))",
    "[x](java&#13;script:alert(1))",
    "[x](&#1;javascript:alert(1))",
    "[x](&#32;javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](<&#106;avascript:alert(1)>)",
    '[x](&#106;avascript:alert(1) "title")',
    "[x][r]\n\n[r]: &#106;avascript:alert(1)",
    "[x][]\n\n[x]: java&Tab;script:alert(1)",
    "[x]\n\n[x]: javascript&colon;alert(1)",
    "[x](vbscript:msgbox(1))",
    "[x](&#118;bscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](&#100;ata:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
    "![x](&#106;avascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "![x](&#x64;ata:image/svg+xml;base64,PHN2Zz4=)",
    "![x](mailto:a@example.com)",
    "![x][r]\n\n[r]: &#100;ata:image/png;base64,AA==",
    "[![x](&#106;avascript:alert(1))](&#106;avascript:alert(2))",
    "<javascript:alert(1)>",
    "<&#106;avascript:alert(1)>",
    "- item [x](&#106;avascript:alert(1))\n- *em* [x](java&Tab;script:alert(1))",
    "> [x](&#106;avascript:alert(1))",
    "# [x](&#106;avascript:alert(1))",
    "Text [x](&#106;avascript:alert(1)) | and a cell",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_no_link_or_image_reaches_a_scheme_other_than_http_https_mailto(source):
    for out in _outputs(source):
        assert _bad_addresses(out) == [], out
        if source.startswith(("[x]", "![x]")):
            # The link keeps its text; its address is nowhere on the page.
            assert "x" in "".join(_read(out).text), out
            assert "alert" not in "".join(_read(out).text), out


@pytest.mark.parametrize(
    "source",
    [
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](java&Tab;script:alert(1))",
        "[x][r]\n\n[r]: &#x6A;avascript:alert(1)",
    ],
)
def test_a_refused_link_is_its_text(source):
    assert str(markup.render_inline(source)) == '<span class="cxm-md"><span>x</span></span>'


def test_an_image_with_a_refused_source_is_its_alt_text():
    assert str(markup.render_inline("![a chart](&#100;ata:image/svg+xml,x)")) == (
        '<span class="cxm-md"><span>a chart</span></span>'
    )


@pytest.mark.parametrize(
    ("source", "attribute", "value"),
    [
        ("[a](https://example.com/x)", "href", "https://example.com/x"),
        ("[a](http://example.com/?a=1&b=2)", "href", "http://example.com/?a=1&b=2"),
        ("[a](mailto:someone@example.com)", "href", "mailto:someone@example.com"),
        ("[a](../teams/x.md#levels)", "href", "../teams/x.md#levels"),
        ("[a](#levels)", "href", "#levels"),
        ("[a](?q=1)", "href", "?q=1"),
        ("[a](&#104;ttps://example.com)", "href", "https://example.com"),
        ("<https://example.com/a>", "href", "https://example.com/a"),
        ("<someone@example.com>", "href", "mailto:someone@example.com"),
        ("[a][r]\n\n[r]: https://example.com/r", "href", "https://example.com/r"),
        ("![a](https://example.com/i.png)", "src", "https://example.com/i.png"),
        ("![a](img/i.png)", "src", "img/i.png"),
    ],
)
def test_http_mailto_and_relative_addresses_stay_links(source, attribute, value):
    for out in _outputs(source):
        [(_, attrs)] = [t for t in _read(out).tags if t[0] in ("a", "img")]
        assert attrs[attribute] == value, out


@pytest.mark.parametrize(
    "source",
    [
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<iframe src="javascript:alert(1)"></iframe>',
        "<div>\n<script>alert(1)</script>\n</div>",
        "x <b onclick=alert(1)>y</b>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
)
def test_raw_html_is_text(source):
    for out in _outputs(source):
        page = _read(out)
        assert {tag for tag, _ in page.tags} <= {"div", "span", "p"}, out
        assert "<" in "".join(page.text), out


# "javascript:" written as a browser would still read it: each character literal or as a
# decimal, hex or named reference, in any case, with tabs and line breaks between them.
_NAMED = {":": ["&colon;"], "\t": ["&Tab;"], "\n": ["&NewLine;"]}


@st.composite
def _spelled(draw, word: str) -> str:
    out = []
    for c in word:
        c = draw(st.sampled_from([c.lower(), c.upper()]))
        out.append(
            draw(
                st.sampled_from(
                    [
                        c,
                        f"&#{ord(c)};",
                        f"&#{'0' * draw(st.integers(0, 3))}{ord(c)};",
                        f"&#x{ord(c):x};",
                        f"&#X{ord(c):X};",
                        *_NAMED.get(c, []),
                    ]
                )
            )
        )
        out.append(draw(st.sampled_from(["", "", "", "\t", "&#9;", "&#10;", "&Tab;", "&#13;"])))
    return "".join(out)


_SCHEMES = st.sampled_from(["javascript:", "vbscript:", "data:", "file:"])
_PAYLOADS = _SCHEMES.flatmap(_spelled).map(lambda scheme: scheme + "alert(1)")
_FORMS = st.sampled_from(
    [
        "[x]({})",
        "[x](<{}>)",
        '[x]({} "t")',
        "![x]({})",
        "[x][r]\n\n[r]: {}",
        "![x][r]\n\n[r]: {}",
        "<{}>",
        "- a *b* [x]({}) `c`",
    ]
)


@settings(max_examples=300, deadline=None, database=None)
@given(_FORMS, _PAYLOADS)
def test_no_spelling_of_a_script_scheme_reaches_an_address(form, payload):
    for out in _outputs(form.format(payload)):
        assert _bad_addresses(out) == [], out


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet="[]()!<>:&#;jJaAvVsScCrRiIpPtTdDxX0123456789\t\n \"'`*\\", max_size=60))
def test_whatever_the_field_it_makes_only_its_own_tags_and_safe_addresses(source):
    for out in _outputs(source):
        assert _bad_addresses(out) == [], out
        for tag, attrs in _read(out).tags:
            assert tag in TAGS and set(attrs) <= ATTRIBUTES, out
