"""The workshop workbook (cxm.authoring.workbook_write): prefilled as `cxm new` prefills the
YAML, readable, and the same bytes whenever it is made."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import openpyxl
import pytest
from conftest import framework_from
from cxm.authoring.new import Draft, Exists, draft_of
from cxm.authoring.workbook_write import workbook_of, write_workbook

FW = framework_from()
DATE = dt.date(2026, 10, 30)


def draft(**changes) -> Draft:
    base = draft_of(FW, "Payments", DATE, None)
    return Draft(**{**base.__dict__, **changes})


def test_the_same_draft_gives_the_same_bytes_at_any_time():
    first = workbook_of(draft())
    time.sleep(2.1)  # zip entries are dated to two seconds
    assert workbook_of(draft()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {info.date_time for info in z.infolist()} == {(2026, 10, 30, 0, 0, 0)}


def test_practices_read_with_wrapped_text_frozen_titles_and_comments():
    ws = openpyxl.load_workbook(io.BytesIO(workbook_of(draft())))["Assessment"]
    assert ws["C8"].value == "Question" and ws["C9"].value == "Can customers help themselves?"
    assert ws["C9"].alignment.wrap_text and ws.column_dimensions["C"].width >= 40
    assert ws.freeze_panes == "C9"
    assert ws["B9"].comment.text.splitlines()[0] == "1 · Reactive: No help."


def test_rows_are_as_tall_as_their_wrapped_text():
    from cxm.project import BUILTIN_FRAMEWORK

    fw = framework_from(BUILTIN_FRAMEWORK.read_text("utf-8"))
    wb = openpyxl.load_workbook(io.BytesIO(workbook_of(draft_of(fw, "Payments", DATE, None))))
    ws = wb["Assessment"]
    heights = {row: ws.row_dimensions[row].height for row in range(9, ws.max_row + 1)}
    longest = max(range(9, ws.max_row + 1), key=lambda row: len(ws[f"C{row}"].value))
    assert heights[longest] >= 30  # two lines or more of its question
    rubric = wb["Rubric"]
    assert all(rubric.row_dimensions[row].height >= 45 for row in range(2, rubric.max_row + 1))


def test_open_actions_are_offered_with_drop_downs_for_area_and_status():
    ws = openpyxl.load_workbook(io.BytesIO(workbook_of(draft())))["Actions"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["B2:B41"] == "'Targets'!$B$2:$B$4"
    assert lists["F2:F41"] == '"planned,in_progress,done,dropped"'


def test_the_workbook_is_never_written_over_a_file(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"mine")
    with pytest.raises(Exists, match="exists already; nothing was written"):
        write_workbook(draft(), path)
    assert path.read_bytes() == b"mine"
    link = tmp_path / "link.xlsx"
    link.symlink_to(tmp_path / "elsewhere.xlsx")
    with pytest.raises(Exists):
        write_workbook(draft(), link)
    assert not (tmp_path / "elsewhere.xlsx").exists()
