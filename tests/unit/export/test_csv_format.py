"""The CSV export (cxm.export.csv_format): no text cell is a formula to a spreadsheet, every row
stays one row, and the numbers stay numbers."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from fractions import Fraction

import pytest
from conftest import ASSESSMENT, FRAMEWORK, TODAY, document, framework_from
from cxm.export.csv_format import to_csv
from cxm.score.scorecard import score
from cxm.validate.assessment import validate_assessment

# Every way text can start a formula in a spreadsheet (OWASP, CSV injection), and what the
# export writes instead: a `'` before it, the text otherwise unchanged.
FORMULAS = {
    '=HYPERLINK("https://evil.example","x")': '\'=HYPERLINK("https://evil.example","x")',
    "+1+cmd|' /C calc'!A0": "'+1+cmd|' /C calc'!A0",
    "-2+3": "'-2+3",
    "@SUM(1+1)": "'@SUM(1+1)",
    # After the spaces and quotes a spreadsheet skips, and in full width.
    " =1+1": "' =1+1",
    '"=1+1"': '\'"=1+1"',
    "'=1+1": "''=1+1",
    ' \u00a0" @SUM(A1)': "' \u00a0\" @SUM(A1)",
    "\uff1d1+1": "'\uff1d1+1",
    "\u3000\uff0b1": "'\u3000\uff0b1",
    # A tab, CR or LF first is a formula start of its own (OWASP) and a cell start for a
    # spreadsheet splitting there: a `'` for both.
    "\t=1+1": "'\t'=1+1",
    "\r=1+1": "'\r'=1+1",
    "\n=1+1": "'\n'=1+1",
    "\tTeam": "'\tTeam",
    # A cell starts after `;` (the CSV separator of many locales), a tab or a line break too.
    "R&D;=1+1": "R&D;'=1+1",
    'Ops; "@SUM(A1)': "Ops;' \"@SUM(A1)",
    "Ops\r\n-cmd": "Ops\r\n'-cmd",
    "Ops\t+1": "Ops\t'+1",
}


def rows(framework: str, assessment: str) -> tuple[str, list[dict[str, str]]]:
    fw = framework_from(framework)
    loaded, diagnostics = validate_assessment(document(assessment, "a.yaml"), fw, TODAY)
    assert loaded is not None, diagnostics
    text = to_csv(fw, {loaded.slug: [score(loaded, fw)]})
    return text, list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(("formula", "written"), FORMULAS.items())
def test_a_team_group_or_stage_that_could_start_a_formula_is_written_as_text(formula, written):
    quoted = json.dumps(formula)  # YAML reads a JSON string as it is
    assessment = ASSESSMENT.replace("Payments Platform", quoted)
    assessment = assessment.replace("Digital Channels", quoted)
    framework = FRAMEWORK.replace("3: {name: Defined,", f"3: {{name: {quoted},")
    _, table = rows(framework, assessment)
    # One row per assessed area: a line break (a lone CR too) is quoted, it ends no row.
    assert [(r["area"], r["score"]) for r in table] == [
        ("support", "3.67"),
        ("marketing", "2.50"),
        ("policies", "2.50"),
    ]
    for row in table:
        assert (row["team"], row["group"], row["stage"]) == (written, written, written)


def test_harmless_text_is_written_as_it_is():
    assessment = ASSESSMENT.replace("Payments Platform", "Team = A + B - C @ D; E")
    assessment = assessment.replace("Digital Channels", "R&D, Sales")
    text, [row, *_] = rows(FRAMEWORK, assessment)
    assert (row["team"], row["slug"], row["group"], row["stage"]) == (
        "Team = A + B - C @ D; E",
        "team-a-b-c-d-e",
        "R&D, Sales",
        "Defined",
    )
    assert text.splitlines()[1].startswith('Team = A + B - C @ D; E,team-a-b-c-d-e,"R&D, Sales",')


def test_numbers_are_written_as_numbers_even_negative_ones():
    # No scale gives a negative score today; a card with one shows that numbers are never
    # taken for text to neutralize.
    fw = framework_from(FRAMEWORK)
    loaded, _ = validate_assessment(document(ASSESSMENT, "a.yaml"), fw, TODAY)
    card = score(loaded, fw)
    support = dataclasses.replace(card.areas[0], score=Fraction(-1, 2))
    card = dataclasses.replace(card, areas=[support])
    [row] = csv.DictReader(io.StringIO(to_csv(fw, {loaded.slug: [card]})))
    assert (row["score"], row["target"], row["gap"], row["overall"]) == (
        "-0.50",
        "3",
        "3.50",
        "3.08",
    )
