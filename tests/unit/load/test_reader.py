"""Loading YAML safely: every problem is a diagnostic at its line and column, never a crash."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from conftest import BILLION_LAUGHS, TODAY, dedent, framework_from
from cxm.diagnostics import CODES, Diagnostic
from cxm.load.document import Document
from cxm.load.reader import MAX_BYTES, load_bytes, load_file, load_text
from cxm.validate.assessment import validate_assessment

YAML_TEST_SUITE = Path("/work/shared/testdata/yaml-test-suite")


def only(diagnostics: list[Diagnostic]) -> Diagnostic:
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def load_error(text: str) -> Diagnostic:
    doc, diagnostics = load_text(dedent(text), "a.yaml")
    assert doc is None
    return only(diagnostics)


def test_yaml_syntax_error_has_the_parsers_line_and_column():
    d = load_error(
        """
        team: Payments
        date: {2026-09-30: [}
        """
    )
    assert (d.code, d.severity, d.line, d.column) == ("yaml-syntax", "error", 2, 21)
    assert d.message.startswith("invalid YAML:")


def test_a_line_indented_more_than_the_one_above_it_is_a_slip_on_its_own_line():
    # The parser stops at the colon; the mistake is the indentation (tests/unit/load/test_slips.py).
    d = load_error(
        """
        team: Payments
          date: 2026-09-30
        """
    )
    assert (d.code, d.line, d.column) == ("yaml-syntax", 2, 3)
    assert d.message == (
        "'date' is indented 2 spaces, the fields above it 0 spaces: line it up with them"
    )


def test_unclosed_flow_sequence_is_a_syntax_error_where_the_parser_stops():
    d = load_error("team: Payments\ndate: [2026-09-30\nassessors: [a]\n")
    assert (d.code, d.line, d.column) == ("yaml-syntax", 3, 10)


def test_duplicate_key_is_an_error_with_its_line():
    d = load_error(
        """
        team: Payments
        date: 2026-09-30
        assessors: [Dana]
        date: 2026-10-01
        """
    )
    assert (d.code, d.severity, d.line, d.column) == ("duplicate-key", "error", 4, 1)
    assert "'date'" in d.message and "first at line 2" in d.message


def test_duplicate_key_in_a_nested_mapping_points_at_the_second_key():
    d = load_error(
        """
        scores:
          support:
            self_service: 3
            self_service: 4
        """
    )
    assert (d.code, d.line, d.column) == ("duplicate-key", 4, 5)


def test_alias_bomb_is_rejected_quickly_with_little_memory():
    tracemalloc.start()
    try:
        start = time.perf_counter()
        doc, diagnostics = load_text(BILLION_LAUGHS, "bomb.yaml")
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc is None
    d = only(diagnostics)
    # Nodes added by aliases: b 9x10, c 9x91, d 9x820, e 9x7381 = 74,718 in all, under the
    # bound of 100,000; the first *e on line 6 (66,430 more) passes it.
    assert (d.code, d.line, d.column) == ("yaml-too-complex", 6, 8)
    assert elapsed < 1.0
    assert peak < 50 * 1024 * 1024


def test_self_referencing_alias_is_too_complex_at_the_alias():
    d = load_error("team: &t [a, *t]\n")
    assert (d.code, d.line, d.column) == ("yaml-too-complex", 1, 14)
    assert "*t" in d.message


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_deep_nesting_is_a_diagnostic_not_a_crash(opening):
    # Run in a separate interpreter: a recursion crash would kill it, not the test run.
    program = textwrap.dedent(
        f"""
        import json
        from cxm.load.reader import load_text
        doc, diagnostics = load_text({opening!r} * 100_000, "deep.yaml")
        print(json.dumps([d.as_dict() for d in diagnostics]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    d = only([Diagnostic(**item) for item in json.loads(done.stdout)])
    assert (d.code, d.line) == ("yaml-too-complex", 1)
    # Where the limit was crossed: our bound at the 101st opening, unless the parser's own
    # bound (LibYAML 0.2.6+) stopped first while it scanned ahead.
    assert d.column in (100 * len(opening) + 1, _parser_nesting_limit_column(opening * 100_000))
    assert "deeper than 100" in d.message


def _parser_nesting_limit_column(text: str) -> int | None:
    """The 1-based column where the installed YAML parser itself gives up on nesting."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for _ in yaml.parse(text, Loader=loader):
            pass
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):
            return exc.problem_mark.column + 1
    return None


def test_nesting_past_the_parsers_own_limit_is_too_complex_where_it_stopped():
    # A flow sequence makes the scanner read ahead; whichever bound stops first, the problem is
    # nesting, reported where it happened, never a syntax error.
    text = "team: x\nscores: " + "[" * 5000
    d = load_error(text)
    assert (d.code, d.line) == ("yaml-too-complex", 2)
    # The mapping is level 1, so our bound stops at the 100th bracket (column 9 + 99).
    assert d.column in (9 + 99, _parser_nesting_limit_column(text))


def test_file_over_one_mebibyte_is_too_large(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"summary: '" + b"x" * MAX_BYTES + b"'\n")
    doc, diagnostics = load_file(path, "big.yaml")
    assert doc is None
    d = only(diagnostics)
    assert (d.code, d.path, d.line, d.column) == ("file-too-large", "big.yaml", 1, 1)


def test_file_of_exactly_one_mebibyte_is_not_too_large():
    raw = b"summary: '" + b"x" * (MAX_BYTES - 12) + b"'\n"
    assert len(raw) == MAX_BYTES
    doc, diagnostics = load_bytes(raw, "big.yaml")
    assert diagnostics == [] and doc is not None


def test_bad_byte_on_line_three_is_an_encoding_error_on_line_three():
    raw = b"team: Payments\ndate: 2026-09-30\nsummary: caf\xe9\n"
    doc, diagnostics = load_bytes(raw, "latin1.yaml")
    assert doc is None
    d = only(diagnostics)
    assert (d.code, d.line, d.column) == ("encoding", 3, 13)
    assert "UTF-8" in d.message and "0xe9" in d.message


@pytest.mark.parametrize(
    ("raw", "line", "column", "offset"),
    [
        # Columns count characters, as an editor shows them, not bytes.
        ("summary: Café ☕ ".encode() + b"\xff\n", 1, 17, 19),
        ("team: Zoë\nsummary: é".encode() + b"\xe9", 2, 11, 22),
        # A byte order mark is not a character of the first line.
        (b"\xef\xbb\xbfteam: \xff", 1, 7, 9),
        (b"\xff", 1, 1, 0),
    ],
)
def test_encoding_error_column_counts_characters(raw, line, column, offset):
    d = only(load_bytes(raw, "f.yaml")[1])
    assert (d.code, d.line, d.column) == ("encoding", line, column)
    assert f"at offset {offset})" in d.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("team: héllo wörld \x01\n", 1, 19),
        ("date: 2026-09-30\nteam: ééé\x07x\n", 2, 10),
        ("team: ☕☕☕\nsummary: 😀 \x02\n", 2, 12),
    ],
)
def test_control_character_column_counts_characters(text, line, column):
    d = load_error(text)
    assert (d.code, d.line, d.column) == ("yaml-syntax", line, column)
    assert "unacceptable character" in d.message


def test_utf8_with_a_byte_order_mark_loads():
    doc, diagnostics = load_bytes("\ufeffteam: Café ☕\n".encode(), "bom.yaml")
    assert diagnostics == []
    assert doc.data == {"team": "Café ☕"}


@pytest.mark.parametrize("text", ["", "\n\n", "# a comment\n# and another\n", "---\n...\n"])
def test_empty_or_comments_only_file_misses_every_field(text):
    d = load_error(text)
    assert (d.code, d.line, d.column) == ("missing-field", 1, 1)
    assert "empty" in d.message


def test_python_tag_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "hacked"
    d = load_error(f"team: Payments\nsummary: !!python/object/apply:os.system ['touch {marker}']\n")
    assert (d.code, d.line, d.column) == ("yaml-syntax", 2, 10)
    assert "!!python/object/apply:os.system" in d.message and "not allowed" in d.message
    assert not marker.exists()


@pytest.mark.parametrize(
    "value", ["!!python/name:os.system", "!!binary aGVsbG8=", "!!set {a, b}", "!custom x"]
)
def test_any_non_plain_tag_is_refused(value):
    d = load_error(f"team: Payments\nsummary: {value}\n")
    assert (d.code, d.line, d.column) == ("yaml-syntax", 2, 10)


def test_explicit_plain_tags_are_accepted():
    doc, diagnostics = load_text("a: !!str 3\nb: !!int '4'\nc: !!map {x: 1}\n", "a.yaml")
    assert diagnostics == []
    assert doc.data == {"a": "3", "b": 4, "c": {"x": 1}}


def test_impossible_date_is_an_invalid_value_at_the_date():
    text = "team: Payments\ndate: 2026-13-45\nassessors: [Dana]\nscores: {}\n"
    doc, diagnostics = load_text(text, "a.yaml")
    assert diagnostics == [] and doc.data["date"] == "2026-13-45"  # kept as text by the loader
    _, diagnostics = validate_assessment(doc, framework_from(), TODAY)
    d = only(diagnostics)
    assert (d.code, d.severity, d.line, d.column) == ("invalid-value", "error", 2, 7)
    assert "2026-13-45" in d.message and "not a real date" in d.message


def test_list_at_the_root_is_an_invalid_value():
    doc, diagnostics = load_text("- team: Payments\n- team: Support\n", "a.yaml")
    assert diagnostics == []
    _, diagnostics = validate_assessment(doc, framework_from(), TODAY)
    d = only(diagnostics)
    assert (d.code, d.line, d.column) == ("invalid-value", 1, 1)
    assert "mapping" in d.message and "list" in d.message


def test_second_document_is_a_syntax_error_at_its_marker():
    d = load_error(
        """
        team: Payments
        date: 2026-09-30
        ---
        team: Support
        """
    )
    assert (d.code, d.line, d.column) == ("yaml-syntax", 3, 1)
    assert "second" in d.message


def test_merge_keys_fill_in_fields_and_explicit_keys_win():
    doc, diagnostics = load_text(
        dedent(
            """
            base: &base {level: 3, evidence: "Shared evidence."}
            scores:
              support:
                self_service:
                  <<: *base
                  level: 4
            """
        ),
        "a.yaml",
    )
    assert diagnostics == []
    assert doc.data["scores"]["support"]["self_service"] == {
        "level": 4,
        "evidence": "Shared evidence.",
    }
    assert doc.values[("scores", "support", "self_service", "level")].line == 6


def test_positions_of_keys_and_values_are_one_based():
    doc, _ = load_text("team: Payments\nscores:\n  support:\n    self_service: 3\n", "a.yaml")
    assert (doc.keys[("scores",)].line, doc.keys[("scores",)].column) == (2, 1)
    pos = doc.values[("scores", "support", "self_service")]
    assert (pos.line, pos.column) == (4, 19)


def _suite_inputs() -> list[Path]:
    return sorted(YAML_TEST_SUITE.glob("*/in.yaml")) if YAML_TEST_SUITE.is_dir() else []


@pytest.mark.skipif(not _suite_inputs(), reason="yaml-test-suite not available")
def test_every_yaml_test_suite_input_loads_or_gives_positioned_diagnostics():
    for path in _suite_inputs():
        raw = path.read_bytes()
        try:
            doc, diagnostics = load_bytes(raw, str(path))
        except Exception as exc:  # pragma: no cover - the assertion message is the point
            pytest.fail(f"{path}: load_bytes raised {exc!r}")
        if doc is None:
            assert diagnostics, path
        else:
            assert isinstance(doc, Document)
        for d in diagnostics:
            assert d.code in CODES, (path, d)
            assert d.line >= 1 and d.column >= 1, (path, d)
            assert d.path == str(path)


def test_an_explicit_tag_on_text_of_another_type_is_a_syntax_error():
    from cxm.load.reader import load_text

    for text, column in (
        ("team: !!int abc\n", 7),
        ("team: !!float abc\n", 7),
        ("team: !!bool abc\n", 7),
    ):
        doc, diags = load_text(text, "a.yaml")
        assert doc is None
        assert [(d.code, d.line, d.column) for d in diags] == [("yaml-syntax", 1, column)]
        assert "'abc' is not a valid !!" in diags[0].message
    doc, diags = load_text("a: !!int 12\nb: !!bool yes\n", "a.yaml")
    assert doc.data == {"a": 12, "b": True} and diags == []
