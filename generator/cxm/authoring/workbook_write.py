"""`cxm new --format xlsx`: the workshop workbook, prefilled as the YAML of `cxm new` is.

The workbook is a working copy for a workshop, not an assessment: `cxm import` turns it into
the assessment file. Its layout is in workbook_layout.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import CxmError
from ..export.workbook import (
    HEADER_FILL,
    HEADER_FONT,
    ID_FONT,
    WRAP,
    fit_rows,
    header,
    put_row,
    put_text,
    workbook_bytes,
)
from ..model.framework import Framework
from ..slugs import team_slug
from . import workbook_layout as layout
from .new import Draft, Exists, place

TITLE_FONT = Font(bold=True, size=14)
# A comment box big enough for a practice's level descriptions (points).
COMMENT_SIZE = (420, 260)


def workbook_of(draft: Draft) -> bytes:
    fw = draft.framework
    wb = Workbook()
    scale = _scale_sheet(wb.create_sheet(layout.SCALE), fw)
    _assessment_sheet(wb.active, draft, scale)
    areas = _targets_sheet(wb.create_sheet(layout.TARGETS), draft)
    _metrics_sheet(wb.create_sheet(layout.METRICS), draft)
    _actions_sheet(wb.create_sheet(layout.ACTIONS), draft, areas)
    _rubric_sheet(wb.create_sheet(layout.RUBRIC), fw)
    wb.move_sheet(layout.SCALE, offset=len(wb.sheetnames))  # last: it holds the drop-down
    return workbook_bytes(wb, draft.date)


def _range(ws: Worksheet, column: int, first: int, last: int) -> str:
    letter = get_column_letter(column)
    return f"{quote_sheetname(ws.title)}!${letter}${first}:${letter}${last}"


def _scale_sheet(ws: Worksheet, fw: Framework) -> str:
    """The choices of the Level drop-down, each with what it means; returns their range."""
    header(ws, 1, ["Level", "What it means"], [18, 80])
    rows = [(layout.level_label(fw, n), spec.description) for n, spec in sorted(fw.levels.items())]
    rows.append((layout.NOT_APPLICABLE, "Not applicable to this team: say why under Evidence."))
    for row, values in enumerate(rows, start=2):
        put_row(ws, row, values, wrap=[2])
    fit_rows(ws, 2)
    return _range(ws, 1, 2, len(rows) + 1)


def _assessment_sheet(ws: Worksheet, draft: Draft, scale: str) -> None:
    fw = draft.framework
    ws.title = layout.ASSESSMENT
    title = put_text(ws.cell(layout.TITLE_ROW, 1), f"{fw.name} (version {fw.version}): workshop")
    title.font = TITLE_FONT
    values = {
        "team": draft.team,
        "group": draft.group,
        "date": draft.date.isoformat(),
        "assessors": ", ".join(draft.assessors),
        "summary": None,
    }
    last = len(layout.PRACTICE_TABLE.keys)
    for key, row in layout.HEADER_ROWS.items():
        put_text(ws.cell(row, 1), layout.HEADER_LABELS[key]).font = HEADER_FONT
        put_text(ws.cell(row, 2), values[key], wrap=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last - 2)
    ws.row_dimensions[layout.HEADER_ROWS["summary"]].height = 45
    table = layout.PRACTICE_TABLE
    header(ws, layout.TABLE_HEADER_ROW, table.titles, table.widths)
    levels = DataValidation(
        type="list",
        formula1=scale,
        allow_blank=True,
        errorStyle="warning",
        error="Pick a level from the list, a level's number, or n/a.",
        errorTitle="Level",
        prompt=f"Pick a level ({draft.scale}), or n/a with why under Evidence.",
        promptTitle="Level",
    )
    ws.add_data_validation(levels)
    row = layout.FIRST_PRACTICE_ROW
    for item in draft.practices:
        level = (
            layout.NOT_APPLICABLE
            if item.not_applicable is not None
            else layout.level_label(fw, item.level)
        )
        values_of_row = {
            "area": item.area.name,
            "practice": item.practice.name,
            "question": item.practice.question,
            "level": level,
            "evidence": item.not_applicable or item.evidence,
            "target": item.target,
            "area_id": item.area.id,
            "practice_id": item.practice.id,
        }
        put_row(ws, row, [values_of_row.get(k) for k in table.keys], wrap=[1, 2, 3, 5, 6])
        for column in (table.area_id, table.practice_id):
            ws.cell(row, column).font = ID_FONT
        ws.cell(row, table.practice).comment = _levels_comment(fw, item.practice)
        row += 1
    if row > layout.FIRST_PRACTICE_ROW:
        levels.add(
            f"{get_column_letter(table.level)}{layout.FIRST_PRACTICE_ROW}:"
            f"{get_column_letter(table.level)}{row - 1}"
        )
    # Area and practice stay in sight while scrolling right to the evidence.
    ws.freeze_panes = ws.cell(layout.FIRST_PRACTICE_ROW, table.question)
    fit_rows(ws, layout.FIRST_PRACTICE_ROW)


def _levels_comment(fw: Framework, practice) -> Comment:
    """What each level of the practice looks like, shown when the pointer rests on its name."""
    text = "\n".join(
        f"{layout.level_label(fw, n)}: {practice.levels.get(n, '')}" for n in sorted(fw.levels)
    )
    comment = Comment(text, "cxm")
    comment.width, comment.height = COMMENT_SIZE
    return comment


def _targets_sheet(ws: Worksheet, draft: Draft) -> str:
    """The target level of each area; returns the range of the area ids (a drop-down's)."""
    fw = draft.framework
    table = layout.TARGET_TABLE
    for row, area in enumerate(fw.areas, start=2):
        put_row(ws, row, [area.name, area.id, draft.targets.get(area.id)])
    header(ws, 1, table.titles, table.widths)
    ws.cell(1, table.target).comment = Comment(
        f"Empty: the framework's default target, {fw.default_target}.", "cxm"
    )
    return _range(ws, table.area_id, 2, len(fw.areas) + 1)


def _metrics_sheet(ws: Worksheet, draft: Draft) -> None:
    """Each outcome metric, its last value beside an empty one to measure again."""
    table = layout.METRIC_TABLE
    for row, (metric, last) in enumerate(draft.metrics, start=2):
        low = "" if metric.min is None else f"{metric.min:g}"
        high = "" if metric.max is None else f"{metric.max:g}"
        values = {
            "metric": metric.name,
            "unit": metric.unit or None,
            "range": f"{low}..{high}" if low or high else None,
            "last": last.value if last else None,
            "target": last.target if last else None,
            "source": last.source if last else None,
            "metric_id": metric.id,
        }
        put_row(ws, row, [values.get(k) for k in table.keys], wrap=[1, 7])
        ws.cell(row, table.metric_id).font = ID_FONT
    header(ws, 1, table.titles, table.widths)


def _actions_sheet(ws: Worksheet, draft: Draft, areas: str) -> None:
    """The actions still open last time, then empty rows for new ones."""
    table = layout.ACTION_TABLE
    for row, action in enumerate(draft.actions, start=2):
        values = {
            "title": action.title,
            "area_id": action.area,
            "practice_id": action.practice,
            "owner": action.owner,
            "due": action.due.isoformat() if action.due else None,
            "status": action.status,
            "notes": action.notes,
        }
        put_row(ws, row, [values.get(k) for k in table.keys], wrap=[1, 7])
    header(ws, 1, table.titles, table.widths)
    last = max(layout.ACTION_ROWS, len(draft.actions)) + 1
    for column, formula in (
        (table.area_id, areas),
        (table.status, '"' + ",".join(layout.STATUSES) + '"'),
    ):
        choice = DataValidation(type="list", formula1=formula, allow_blank=True)
        letter = get_column_letter(column)
        choice.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(choice)


def _rubric_sheet(ws: Worksheet, fw: Framework) -> None:
    """Every practice with what each level looks like: the rubric, to read in the workshop."""
    labels = layout.level_labels(fw)
    titles = ["Area", "Practice", "Question", *labels]
    header(ws, 1, titles, [18, 24, 36, *[36] * len(labels)])
    row = 2
    for area in fw.areas:
        for practice in area.practices:
            texts = [practice.levels.get(n, "") for n in sorted(fw.levels)]
            put_row(
                ws,
                row,
                [area.name, practice.name, practice.question, *texts],
                wrap=range(1, len(titles) + 1),
            )
            row += 1
    ws.freeze_panes = ws.cell(2, 4)
    for cell in ws[1]:
        cell.fill, cell.alignment = HEADER_FILL, WRAP
    fit_rows(ws, 2)


def write_workbook(draft: Draft, output: Path | None) -> Path:
    """The workbook into `output`, or `<team-slug>-<date>.xlsx` here; never overwrites."""
    path = output or Path(layout.file_name(team_slug(draft.team), draft.date.isoformat()))
    data = workbook_of(draft)  # the whole file first: on any failure, nothing is written
    folder = path.parent
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise CxmError(f"cannot write {path}: {exc.strerror}; nothing was written") from None
    try:
        place(fd, path.name, data)
    except FileExistsError:
        raise Exists(f"{path} exists already; nothing was written") from None
    except OSError as exc:
        raise CxmError(f"cannot write {path}: {exc.strerror}; nothing was written") from None
    finally:
        os.close(fd)
    return path
