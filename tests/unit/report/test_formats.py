"""The diagnostic formats of `cxm validate --format text|github|json` (CLI.md, Diagnostics)."""

from __future__ import annotations

import io
import json

import click
import pytest
from cxm.diagnostics import Diagnostic
from cxm.report.formats import FORMATTERS
from cxm.report.github import github
from cxm.report.json_format import json_format
from cxm.report.text import colour_on, summary, text

OUT_OF_RANGE = Diagnostic(
    "assessments/payments/2026-09-30.yaml",
    14,
    7,
    "error",
    "out-of-range",
    "level 7 is outside the scale 1..5",
)
INCOMPLETE = Diagnostic(
    "assessments/payments/2026-09-30.yaml", 3, 1, "warning", "incomplete", "'policies' not assessed"
)


def test_each_format_name_the_cli_takes_gives_its_own_output():
    assert sorted(FORMATTERS) == ["github", "json", "text"]  # `--format text|github|json`
    outputs = {name: format([OUT_OF_RANGE], 1) for name, format in FORMATTERS.items()}
    assert click.unstyle(outputs["text"]).startswith(
        "assessments/payments/2026-09-30.yaml:14:7: error: "
    )
    assert outputs["github"].startswith("::error file=assessments/payments/2026-09-30.yaml,")
    assert json.loads(outputs["json"])[0]["code"] == "out-of-range"


def test_text_is_one_problem_a_line_then_the_summary_as_cli_md_shows_it():
    out = click.unstyle(text([OUT_OF_RANGE, INCOMPLETE], 2))
    assert out.splitlines() == [
        "assessments/payments/2026-09-30.yaml:14:7: error: level 7 is outside the scale 1..5"
        " [out-of-range]",
        "assessments/payments/2026-09-30.yaml:3:1: warning: 'policies' not assessed [incomplete]",
        "2 files checked: 1 error, 1 warning",
    ]


def test_text_colours_errors_red_and_warnings_yellow_on_a_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    error_line, warning_line, _ = text([OUT_OF_RANGE, INCOMPLETE], 1).splitlines()
    assert click.style("error", fg="red", bold=True) in error_line
    assert click.style("warning", fg="yellow", bold=True) in warning_line


def test_text_shows_line_breaks_in_a_path_or_message_escaped_on_one_line():
    d = Diagnostic("odd\nname.yaml", 1, 1, "error", "unknown-field", "unknown field 'a\rb\u2028c'")
    out = click.unstyle(text([d], 1))
    assert out.splitlines() == [
        "odd\\nname.yaml:1:1: error: unknown field 'a\\rb\\u2028c' [unknown-field]",
        "1 file checked: 1 error, 0 warnings",
    ]


# What a terminal or the Actions log would act on, from a YAML file: an OSC 8 hyperlink, erase
# line, an 8-bit CSI, BEL, NUL, DEL, NEL, a tab, the separators and the bidi controls.
CONTROLS = {
    "\x1b]8;;https://evil.example\x1b\\": "\\x1b]8;;https://evil.example\\x1b\\",
    "\x1b[2K": "\\x1b[2K",
    "\x9b2K": "\\x9b2K",
    "\x07\x00\x7f\x85\t": "\\x07\\x00\\x7f\\x85\\t",
    "\u2028\u2029": "\\u2028\\u2029",
    "\u202a\u202b\u202c\u202d\u202e": "\\u202a\\u202b\\u202c\\u202d\\u202e",
    "\u2066\u2067\u2068\u2069": "\\u2066\\u2067\\u2068\\u2069",
    "\u200e\u200f\u061c": "\\u200e\\u200f\\u061c",
}


@pytest.mark.parametrize(("raw", "shown"), CONTROLS.items())
def test_text_shows_controls_from_yaml_escaped_in_path_and_message(raw, shown):
    d = Diagnostic(f"a{raw}.yaml", 2, 3, "error", "unknown-area", f"unknown area '{raw}'")
    assert text([d], 1, colour=False).splitlines() == [
        f"a{shown}.yaml:2:3: error: unknown area '{shown}' [unknown-area]",
        "1 file checked: 1 error, 0 warnings",
    ]


@pytest.mark.parametrize(("raw", "shown"), CONTROLS.items())
def test_github_shows_controls_from_yaml_escaped_in_path_and_message(raw, shown):
    d = Diagnostic(f"a{raw}.yaml", 2, 3, "error", "unknown-area", f"unknown area '{raw}'")
    [line, _] = github([d], 1).splitlines()
    path = shown.replace(":", "%3A").replace(",", "%2C")
    assert line == f"::error file=a{path}.yaml,line=2,col=3::unknown area '{shown}' [unknown-area]"


def test_text_has_no_colour_with_no_color_set_or_when_asked_for_none(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = text([OUT_OF_RANGE, INCOMPLETE], 2)
    assert "\x1b" not in out and out == text([OUT_OF_RANGE, INCOMPLETE], 2, colour=False)
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set (no-color.org)
    assert "\x1b[31m" in text([OUT_OF_RANGE], 1)


class Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "no_color", "coloured"),
    [(True, None, True), (True, "", True), (True, "1", False), (False, None, False)],
)
def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch, tty, no_color, coloured):
    monkeypatch.delenv("NO_COLOR", raising=False)
    if no_color is not None:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert colour_on(Stream(tty)) is coloured
    assert colour_on(object()) is False  # no isatty at all: not a terminal


@pytest.mark.parametrize(
    ("diagnostics", "files", "line"),
    [
        ([], 0, "0 files checked: 0 errors, 0 warnings"),
        ([OUT_OF_RANGE], 1, "1 file checked: 1 error, 0 warnings"),
        ([INCOMPLETE], 3, "3 files checked: 0 errors, 1 warning"),
        (
            [OUT_OF_RANGE, OUT_OF_RANGE, INCOMPLETE, INCOMPLETE],
            2,
            "2 files checked: 2 errors, 2 warnings",
        ),
    ],
)
def test_summary_counts_files_errors_and_warnings_with_plurals(diagnostics, files, line):
    assert summary(diagnostics, files) == line


def test_github_format_is_one_workflow_command_a_problem_then_the_summary():
    assert github([OUT_OF_RANGE, INCOMPLETE], 2).splitlines() == [
        "::error file=assessments/payments/2026-09-30.yaml,line=14,col=7"
        "::level 7 is outside the scale 1..5 [out-of-range]",
        "::warning file=assessments/payments/2026-09-30.yaml,line=3,col=1"
        "::'policies' not assessed [incomplete]",
        "2 files checked: 1 error, 1 warning",
    ]


def test_github_escapes_percent_and_line_breaks_in_messages_and_commas_colons_in_paths():
    d = Diagnostic("a,b:c%.yaml", 2, 5, "error", "invalid-value", "50% done:\r\nsee, here")
    [line, _] = github([d], 1).splitlines()
    # Data escapes %, CR and LF; properties also ',' and ':'. The message keeps ':' and ','.
    assert (
        line
        == "::error file=a%2Cb%3Ac%25.yaml,line=2,col=5::50%25 done:%0D%0Asee, here [invalid-value]"
    )


def test_json_is_an_array_holding_every_field_of_every_diagnostic():
    parsed = json.loads(json_format([OUT_OF_RANGE, INCOMPLETE], 2))
    assert parsed == [
        {
            "path": "assessments/payments/2026-09-30.yaml",
            "line": 14,
            "column": 7,
            "severity": "error",
            "code": "out-of-range",
            "message": "level 7 is outside the scale 1..5",
        },
        {
            "path": "assessments/payments/2026-09-30.yaml",
            "line": 3,
            "column": 1,
            "severity": "warning",
            "code": "incomplete",
            "message": "'policies' not assessed",
        },
    ]


def test_json_keeps_non_ascii_text_readable_and_a_clean_run_is_an_empty_array():
    d = Diagnostic("équipe/ü.yaml", 1, 1, "warning", "stale", 'Équipe Ü: 😀 "quoted"')
    out = json_format([d], 1)
    assert "équipe/ü.yaml" in out and "😀" in out  # not \u escapes
    assert json.loads(out)[0]["message"] == 'Équipe Ü: 😀 "quoted"'
    assert json.loads(json_format([], 3)) == []


def test_json_shows_c1_controls_and_bidi_overrides_escaped_too():
    # json.dumps escapes only characters below U+0020; a tool printing the message would pass
    # an 8-bit CSI (U+009B) or a right-to-left override to its terminal.
    d = Diagnostic("a.yaml", 1, 1, "error", "unknown-area", "unknown area 'x\u009b2J\u202ey'")
    out = FORMATTERS["json"]([d], 1)
    assert "\u009b" not in out and "\u202e" not in out
    assert json.loads(out)[0]["message"] == "unknown area 'x\u009b2J\u202ey'"
