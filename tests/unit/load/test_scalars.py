"""Scalars the loader cannot make into their type: a diagnostic at the scalar, in a short line,
and the rest of the file still read; the text as written of plain YAML 1.1 booleans and
numbers, for the fields that expect text."""

from __future__ import annotations

import time

import pytest
from conftest import dedent
from cxm.load.document import quote, shown
from cxm.load.reader import load_text


def diagnostics_of(text: str) -> list[tuple]:
    doc, diagnostics = load_text(dedent(text), "a.yaml")
    assert doc is None
    return [(d.code, d.line, d.column, d.message) for d in diagnostics]


def test_a_5000_digit_number_is_an_invalid_value_at_the_number_in_a_short_message():
    text = "team: Alpha\nscores:\n  support:\n    self_service: " + "7" * 5000 + "\n"
    [(code, line, column, message)] = diagnostics_of(text)
    assert (code, line, column) == ("invalid-value", 4, 19)
    assert message == (
        f"number '{'7' * 60}…' is too long (5,000 characters, at most 100); quote it if it is text"
    )


def test_a_5000_digit_number_with_an_explicit_int_tag_is_at_the_number_too():
    [(code, line, column, message)] = diagnostics_of("team: Alpha\nnps: !!int " + "1" * 5000)
    assert (code, line, column) == ("invalid-value", 2, 6)
    assert len(message) < 120


def test_a_long_sexagesimal_number_is_refused_at_once():
    # YAML 1.1 reads 1:59:59:... as a base-60 integer; 300 kB of it took tens of seconds.
    start = time.perf_counter()
    [(code, line, column, _)] = diagnostics_of("team: Alpha\nnps: 1" + ":59" * 100_000 + "\n")
    assert time.perf_counter() - start < 2
    assert (code, line, column) == ("invalid-value", 2, 6)


@pytest.mark.parametrize(
    ("scalar", "tag"),
    [
        ("!!int ''", "!!int"),
        ("!!int _", "!!int"),
        ("!!float ''", "!!float"),
        ("!!int +", "!!int"),
        ("!!int ١٢٣", "!!int"),  # Python's int() reads Arabic-Indic digits; YAML does not
        ("!!float ١٢٣", "!!float"),
        ("!!float infinity", "!!float"),
        ("!!float 1e999", "!!float"),
        ("!!int 0x", "!!int"),
        ("!!int 0x_", "!!int"),
        ("!!null nothing", "!!null"),
        ("!!timestamp soon", "!!timestamp"),
    ],
)
def test_an_explicit_tag_on_text_that_is_not_of_its_type_is_refused_at_the_scalar(scalar, tag):
    [(code, line, column, message)] = diagnostics_of(f"team: Alpha\nlevel: {scalar}\n")
    assert (code, line, column) == ("yaml-syntax", 2, 8)
    assert message.startswith("invalid YAML: '") and message.endswith(f"is not a valid {tag}")


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("!!int 0b101", 5),
        ("!!int 0x1F", 31),
        ("!!int 1_000", 1000),
        ("!!int 1:30", 90),
        ("!!float 1", 1.0),
        ("!!float 1.5e+3", 1500.0),
        ("!!bool No", False),
        ("!!null ~", None),
        ("!!null ''", None),
        ("!!str 12", "12"),
        ("! 1:30", "1:30"),  # the non-specific tag: text, as the YAML spec says
        ("! yes", "yes"),
        ("!!timestamp 2026-09-30", "2026-09-30"),
    ],
)
def test_an_explicit_tag_on_text_of_its_type_is_that_value(scalar, value):
    doc, diagnostics = load_text(f"a: {scalar}\n", "a.yaml")
    assert diagnostics == []
    assert doc.data["a"] == value and type(doc.data["a"]) is type(value)


def test_plain_text_that_only_looks_like_a_number_is_an_invalid_value_at_it():
    [(code, line, column, message)] = diagnostics_of("team: Alpha\nnps: 0b_\n")
    assert (code, line, column) == ("invalid-value", 2, 6)
    assert message == "'0b_' is not a valid !!int; quote it if it is text"


def test_a_bad_scalar_does_not_hide_the_other_problems_of_its_file():
    found = diagnostics_of(
        """
        team: !!int ''
        date: 2026-09-30
        date: 2026-10-01
        nps: !!float abc
        """
    )
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("yaml-syntax", 1, 7),
        ("duplicate-key", 3, 1),
        ("yaml-syntax", 4, 6),
    ]


def test_plain_booleans_and_numbers_keep_their_text_and_quoted_or_tagged_ones_do_not():
    doc, diagnostics = load_text(
        dedent(
            """
            a: No
            b: 1984
            c: [on, 0x10, 1.50]
            d: "No"
            e: !!bool yes
            f: ~
            """
        ),
        "a.yaml",
    )
    assert diagnostics == []
    assert doc.data == {
        "a": False,
        "b": 1984,
        "c": [True, 16, 1.5],
        "d": "No",
        "e": True,
        "f": None,
    }
    assert doc.texts == {
        ("a",): "No",
        ("b",): "1984",
        ("c", 0): "on",
        ("c", 1): "0x10",
        ("c", 2): "1.50",
    }


def test_the_text_of_an_aliased_or_merged_scalar_is_found_through_the_alias():
    doc, _ = load_text(
        dedent(
            """
            base: &base {owner: No, ratings: {Off: 3}}
            one: *base
            two: {<<: *base, level: 4}
            name: &name on
            three: *name
            """
        ),
        "a.yaml",
    )
    assert doc.written(("one", "owner")) == "No"
    assert doc.written(("two", "owner")) == "No"
    assert doc.written(("three",)) == "on"
    assert doc.data["two"]["ratings"] == {"Off": 3}


def test_keys_that_yaml_1_1_reads_as_booleans_or_null_are_two_different_keys():
    doc, diagnostics = load_text("ratings: {No: 3, Off: 4, false: 2, ~: 1, 1.50: 5}\n", "a.yaml")
    assert diagnostics == []
    assert doc.data["ratings"] == {"No": 3, "Off": 4, "false": 2, "~": 1, "1.50": 5}


def test_a_duplicate_key_of_any_length_is_quoted_short():
    key = "k" * 1000  # YAML's longest implicit key
    [(code, line, _, message)] = diagnostics_of(f"{key}: 1\n{key}: 2\n")
    assert (code, line) == ("duplicate-key", 2)
    assert message.startswith(f"duplicate key '{'k' * 60}…' (first at line 1)")
    assert len(message) < 160


def test_an_undefined_alias_with_a_long_name_is_quoted_short():
    [(code, _, _, message)] = diagnostics_of("a: *" + "x" * 5000 + "\n")
    assert code == "yaml-syntax" and len(message) < 120


def test_quote_keeps_input_short():
    assert quote("support") == "'support'"
    assert quote("a" * 60) == "'" + "a" * 60 + "'"
    assert quote("a" * 61) == "'" + "a" * 60 + "…'"
    assert quote(12) == "'12'"
    assert shown("x" * 5000, 100) == "x" * 100 + "…"
