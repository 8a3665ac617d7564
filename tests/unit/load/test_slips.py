"""The commonest YAML slips in plain words, each on the line (and column) of the mistake, the
same with LibYAML's parser and with PyYAML's own."""

from __future__ import annotations

import time

import pytest
import yaml
from cxm.load import reader
from cxm.load.reader import load_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BASE = """\
team: Payments
date: 2026-09-30
assessors: [Dana]

scores:
  technology:
    usability: 3
    reliability: 4
    accessibility: 2
  support:
    self_service:
      level: 4
      evidence: Deflection 38%
metrics:
  nps: 31
"""

PARSERS = [pytest.param(yaml.SafeLoader, id="pyyaml")]
if hasattr(yaml, "CSafeLoader"):
    PARSERS.append(pytest.param(yaml.cyaml.CParser, id="libyaml"))


@pytest.fixture(params=PARSERS, autouse=True)
def parser(request, monkeypatch):
    monkeypatch.setattr(reader, "_Parser", request.param)


def slip(old: str, new: str) -> tuple[int, int, str]:
    assert old in BASE
    doc, diagnostics = load_text(BASE.replace(old, new, 1), "a.yaml")
    assert doc is None
    [d] = diagnostics
    assert d.code == "yaml-syntax"
    return d.line, d.column, d.message


TAB = "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces"


@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        ("    usability: 3", "\tusability: 3", 7, 1),  # the first practice of an area
        ("    reliability: 4", "\treliability: 4", 8, 1),
        ("    reliability: 4", "  \treliability: 4", 8, 3),  # after two spaces
        ("date: 2026", "\tdate: 2026", 2, 1),  # a top-level field
    ],
)
def test_a_tab_in_the_indentation_is_named_at_the_tab(old, new, line, column):
    assert slip(old, new) == (line, column, TAB)


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "message"),
    [
        # The first practice of an area: the parser stops on the next line.
        ("    usability: 3", "    usability 3", 7, 5, "write 'usability: 3'"),
        ("    reliability: 4", "    reliability 4", 8, 5, "write 'reliability: 4'"),
        ("    accessibility: 2", "    accessibility 2", 9, 5, "write 'accessibility: 2'"),
        # A top-level field, a blank line before the next one.
        ("assessors: [Dana]", "assessors [Dana]", 3, 1, "write 'assessors: [Dana]'"),
        ("  support:", "  support", 10, 3, "write 'support:'"),
    ],
)
def test_a_missing_colon_is_named_on_the_line_that_misses_it(old, new, line, column, message):
    key = new.split()[0]
    assert slip(old, new) == (line, column, f"missing colon after '{key}': {message}")


def test_a_colon_without_a_space_after_it_is_named_at_the_colon():
    assert slip("    reliability: 4", "    reliability:4") == (
        8,
        16,
        "a colon needs a space after it: write 'reliability: 4'",
    )


def test_a_colon_and_a_space_inside_a_value_asks_for_quotes():
    assert slip("evidence: Deflection 38%", "evidence: Deflection: 38% (Q3)") == (
        13,
        27,
        "the value of 'evidence' holds a colon and a space, which YAML reads as a key: put the "
        "value in double quotes, 'evidence: \"Deflection: 38% (Q3)\"'",
    )


def test_a_value_that_starts_with_an_at_sign_asks_for_quotes():
    assert slip("evidence: Deflection 38%", "evidence: @support-team") == (
        13,
        17,
        "a value cannot start with '@': put the value in quotes",
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "message"),
    [
        # The first practice one space short: the parser stops on the line after it.
        (
            "    usability: 3",
            "   usability: 3",
            7,
            4,
            "'usability' is indented 3 spaces, the practices of 'technology' after it 4 "
            "spaces: line it up with them",
        ),
        (
            "    reliability: 4",
            "   reliability: 4",
            8,
            4,
            "'reliability' is indented 3 spaces, between the practices of 'technology' above "
            "it (4) and the areas (2): line it up with the ones it belongs to",
        ),
        (
            "    accessibility: 2",
            "   accessibility: 2",
            9,
            4,
            "'accessibility' is indented 3 spaces, between the practices of 'technology' above "
            "it (4) and the areas (2): line it up with the ones it belongs to",
        ),
        (
            "    reliability: 4",
            "     reliability: 4",
            8,
            6,
            "'reliability' is indented 5 spaces, the practices of 'technology' above it 4 "
            "spaces: line it up with them",
        ),
        (
            "    usability: 3",
            "     usability: 3",
            7,
            6,
            "'usability' is indented 5 spaces, the practices of 'technology' after it 4 "
            "spaces: line it up with them",
        ),
        (
            "  support:",
            " support:",
            10,
            2,
            "'support' is indented 1 space, between the areas above it (2) and the fields (0): "
            "line it up with the ones it belongs to",
        ),
        (
            "      evidence: Deflection",
            "     evidence: Deflection",
            13,
            6,
            "'evidence' is indented 5 spaces, between the fields of 'self_service' above it (6) "
            "and the practices of 'support' (4): line it up with the ones it belongs to",
        ),
        (
            "date: 2026",
            " date: 2026",
            2,
            2,
            "'date' is indented 1 space, the fields above it 0 spaces: line it up with them",
        ),
    ],
)
def test_a_line_indented_out_of_line_is_named_on_its_own_line(old, new, line, column, message):
    assert slip(old, new) == (line, column, message)


def test_a_dedented_first_practice_before_a_long_form_one_is_named_on_its_own_line():
    text = BASE.replace(
        "    usability: 3\n    reliability: 4\n",
        "   usability: 3\n    reliability:\n      level: 4\n      evidence: SLO report\n",
    )
    doc, [d] = load_text(text, "a.yaml")
    assert doc is None
    assert (d.line, d.column) == (7, 4)
    assert d.message.startswith("'usability' is indented 3 spaces, the practices of 'technology'")


def test_other_syntax_errors_keep_the_parsers_words_and_place():
    line, column, message = slip("  nps: 31", "  nps: [31")
    assert message.startswith("invalid YAML: ")
    assert (line, column) == (16, 1)


SLIPS = [" ", "\t", ":", ": ", "-", "#", "\n", "'", '"', "@", "[", "{", "  "]


# The parser fixture is the same for every example: it only picks the parser.
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, len(BASE)), st.sampled_from(SLIPS)), max_size=3))
def test_any_slip_is_a_diagnostic_inside_the_file_never_a_crash(edits):
    text = BASE
    for at, inserted in sorted(edits, reverse=True):
        text = text[:at] + inserted + text[at:]
    _, diagnostics = load_text(text, "a.yaml")
    lines = text.count("\n") + 1
    for d in diagnostics:
        assert 1 <= d.line <= lines + 1, d
        assert d.column >= 1 and d.message


def test_a_slip_on_a_line_of_a_megabyte_is_explained_at_once():
    long_line = "scores:\n  t:\n    a" + " " * 500_000 + "b 3\n    c: 1\n"
    started = time.perf_counter()
    _, [d] = load_text(long_line, "a.yaml")
    assert time.perf_counter() - started < 2
    assert (d.line, d.column, d.message) == (3, 5, "missing colon after 'a': write 'a: b 3'")
