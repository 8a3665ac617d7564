"""The xlsx export (cxm.export.xlsx_format): the JSON export's numbers in four sheets, the same
bytes for the same input, and text that a spreadsheet shows but never runs."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
from conftest import TODAY, make_repo
from cxm.config import load_settings
from cxm.export.json_format import to_json
from cxm.export.xlsx_format import to_xlsx
from cxm.project import load_project

OLDER = """\
team: Payments Platform
date: 2026-03-31
assessors: [Dana Lee]
scores:
  support: {self_service: 2, onboarding: 2}
"""
LATEST = """\
team: Payments Platform
group: "=HYPERLINK(\\"http://evil.example\\")"
date: 2026-09-30
assessors: [Dana Lee]
scores:
  support: {self_service: {level: 4, evidence: "Measured."}, onboarding: 3}
  marketing: {product_promise: 1, reviews: 2}
actions:
  - {title: "+cmd|' /C calc'!A0", area: support, practice: onboarding, due: 2026-12-31}
"""


def project(tmp_path):
    repo = make_repo(tmp_path)
    repo.assessment("payments/2026-03-31.yaml", OLDER)
    repo.assessment("payments/2026-09-30.yaml", LATEST)
    p = load_project(load_settings(repo.root / "mkdocs.yml"), today=TODAY)
    assert p.errors == []
    return p


def test_sheets_hold_the_json_exports_numbers(tmp_path):
    p = project(tmp_path)
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(p.framework, p.scorecards)))
    records = json.loads(to_json(p.framework, p.scorecards))["assessments"]
    history = list(wb["History"].iter_rows(values_only=True))
    assert history[0][4:9] == (
        "Overall",
        "Stage",
        "Change",
        "Support (support)",
        "Marketing (marketing)",
    )
    assert [(r[3].date().isoformat(), r[4], r[6], r[7], r[8]) for r in history[1:]] == [
        (
            rec["date"],
            rec["overall"],
            rec["change"],
            rec["areas"]["support"]["score"],
            rec["areas"].get("marketing", {}).get("score"),
        )
        for rec in records
    ]
    latest = list(wb["Latest scores"].iter_rows(min_row=2, values_only=True))
    assert {r[3].date().isoformat() for r in latest} == {"2026-09-30"}
    assert [r[4] for r in latest] == ["Support", "Marketing"]  # names beside the ids
    steps = list(wb["Next steps"].iter_rows(min_row=2, values_only=True))
    assert [(r[6], r[9], r[10]) for r in steps] == [
        (s["practice"], s["priority"], s["step"]) for s in records[-1]["next_steps"]
    ]
    [action] = wb["Actions"].iter_rows(min_row=2, values_only=True)
    assert action[3:8] == ("+cmd|' /C calc'!A0", "Support", "support", "Onboarding", "onboarding")


def test_the_same_input_gives_the_same_bytes_dated_by_the_latest_assessment(tmp_path):
    p = project(tmp_path)
    first = to_xlsx(p.framework, p.scorecards)
    assert to_xlsx(p.framework, p.scorecards) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {info.date_time for info in z.infolist()} == {(2026, 9, 30, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2026-09-30T00:00:00Z" in core and "<dc:creator>cxm</dc:creator>" in core


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    p = project(tmp_path)
    data = to_xlsx(p.framework, p.scorecards)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert all("<f>" not in sheet for sheet in sheets)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    group = wb["Latest scores"]["C2"]
    assert group.value == '=HYPERLINK("http://evil.example")'
    assert group.data_type == "s" and group.quotePrefix
    title = wb["Actions"]["D2"]
    assert title.data_type == "s" and title.quotePrefix


def test_each_sheet_has_frozen_titles_a_filter_over_every_row_and_two_decimal_scores(tmp_path):
    p = project(tmp_path)
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(p.framework, p.scorecards)))
    assert wb.sheetnames == ["Latest scores", "History", "Next steps", "Actions"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert ws.cell(1, 1).font.b and ws.column_dimensions["A"].width == 24
    scores = wb["Latest scores"]
    assert scores.max_row == 3  # the title row, then support and marketing
    assert {scores.cell(r, 7).number_format for r in (2, 3)} == {"0.00"}
    steps = wb["Next steps"]
    assert steps.cell(2, 11).alignment.wrap_text  # a next step wraps in its column
