"""`cxm import`, reading: a filled workshop workbook as a Document, each value at its cell.

The Document is what the YAML loader gives the validator, so the workbook goes through the
same validation as an assessment file. A Position names a cell by a line that says its sheet
too (`SHEET_SPAN` lines a sheet); `at_cells` turns the validator's diagnostics back into cells.

A workbook is a zip of XML files from anyone: its size, the size it unpacks to and the number
of rows read are bounded before and while openpyxl reads it, and a formula is refused (cxm
reads values; a spreadsheet that evaluates it could fetch or run anything).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..diagnostics import Diagnostic
from ..load.document import Document, Position
from . import workbook_layout as layout

MAX_FILE = 10 * 1024 * 1024  # bytes of the .xlsx
MAX_UNPACKED = 50 * 1024 * 1024  # bytes its parts unpack to, all together
MAX_ROWS = 5000  # read per sheet
MAX_COLUMNS = 30
SHEET_SPAN = 1_000_000  # lines per sheet in the Document's positions
_SPLIT = re.compile(r"[,;\n]")


class NotAWorkbook(Exception):
    """The file cannot be read as a workshop workbook: (code, message)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def check_container(path: Path) -> None:
    """A zip of bounded size that unpacks to a bounded size, or NotAWorkbook."""
    size = path.stat().st_size
    if size > MAX_FILE:
        raise NotAWorkbook(
            "file-too-large", f"the workbook is {size:,} bytes; at most {MAX_FILE:,} are read"
        )
    if not zipfile.is_zipfile(path):
        raise NotAWorkbook(
            "not-a-workbook",
            "not an .xlsx workbook (not a zip file): save it as Excel Workbook (.xlsx)",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotAWorkbook("not-a-workbook", f"the workbook is damaged: {exc}") from None
    if unpacked > MAX_UNPACKED:
        raise NotAWorkbook(
            "file-too-large",
            f"the workbook unpacks to {unpacked:,} bytes; at most {MAX_UNPACKED:,} are read",
        )


@dataclasses.dataclass
class _Reader:
    doc: Document
    problems: list[tuple[Position, str, str]]  # (position, code, message)
    sheet: int = 0

    def pos(self, row: int, column: int) -> Position:
        return Position(self.sheet * SHEET_SPAN + row, column)

    def value(self, cell, row: int, column: int) -> object:
        """The cell's value; a formula is refused (a problem at the cell) and reads as empty."""
        if cell is None:
            return None
        if getattr(cell, "data_type", None) == "f":
            self.problems.append(
                (
                    self.pos(row, column),
                    "formula",
                    "the cell holds a formula: cxm reads values only; type the value itself",
                )
            )
            return None
        value = cell.value
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def put(self, loc: tuple, row: int, column: int, key_column: int | None = None) -> None:
        self.doc.values[loc] = self.pos(row, column)
        self.doc.keys[loc] = self.pos(row, key_column or column)


def text_of(value: object) -> object:
    """A cell's value where text is wanted: numbers and dates as they read."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _rows(ws) -> list[tuple]:
    rows = list(ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS))
    if len(rows) > MAX_ROWS:
        raise NotAWorkbook("file-too-large", f"sheet '{ws.title}' has more than {MAX_ROWS:,} rows")
    return rows


def _cell(rows: list[tuple], row: int, column: int):
    if row > len(rows) or column > len(rows[row - 1]):
        return None
    return rows[row - 1][column - 1]


def read_workbook(path: Path, display: str) -> tuple[Document, list[Diagnostic]]:
    """The workbook's assessment as a Document, and the problems reading it found."""
    check_container(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise NotAWorkbook("not-a-workbook", f"the workbook cannot be read: {exc}") from None
    try:
        sheets = {name: _rows(wb[name]) for name in layout.READ_SHEETS if name in wb.sheetnames}
    except NotAWorkbook:
        raise
    except Exception as exc:
        raise NotAWorkbook("not-a-workbook", f"the workbook cannot be read: {exc}") from None
    finally:
        wb.close()
    rows = sheets.get(layout.ASSESSMENT)
    table = layout.PRACTICE_TABLE
    titles = [
        getattr(_cell(rows or [], layout.TABLE_HEADER_ROW, c), "value", None)
        for c in (table.area_id, table.practice_id)
    ]
    if rows is None or titles != [table.titles[table.area_id - 1], table.titles[-1]]:
        raise NotAWorkbook(
            "not-a-workbook",
            f"not a cxm workshop workbook: no sheet '{layout.ASSESSMENT}' with the practice "
            "table (make one with `cxm new TEAM --format xlsx`)",
        )
    doc = Document(display, {})
    reader = _Reader(doc, [])
    reader.doc.values[()] = reader.pos(layout.TITLE_ROW, 1)
    _header(reader, rows)
    _practices(reader, rows)
    for index, (name, read) in enumerate(
        [(layout.TARGETS, _targets), (layout.METRICS, _metrics), (layout.ACTIONS, _actions)],
        start=1,
    ):
        if name in sheets:
            reader.sheet = index
            read(reader, sheets[name])
    diags = [
        Diagnostic(display, pos.line, pos.column, "error", code, message)
        for pos, code, message in reader.problems
    ]
    return doc, diags


def _header(reader: _Reader, rows: list[tuple]) -> None:
    data = reader.doc.data
    for key, row in layout.HEADER_ROWS.items():
        value = reader.value(_cell(rows, row, 2), row, 2)
        reader.put((key,), row, 2)
        if value is None:
            continue
        if key == "assessors":
            names = [name.strip() for name in _SPLIT.split(str(text_of(value)))]
            data[key] = [name for name in names if name]
            for index in range(len(data[key])):
                reader.put((key, index), row, 2)
            if not data[key]:
                del data[key]
        else:
            data[key] = text_of(value)


def _practices(reader: _Reader, rows: list[tuple]) -> None:
    table = layout.PRACTICE_TABLE
    doc, scores = reader.doc, {}
    reader.put(("scores",), layout.TABLE_HEADER_ROW, 1)
    seen: dict[tuple[str, str], int] = {}
    for row in range(layout.FIRST_PRACTICE_ROW, len(rows) + 1):
        cells = {k: reader.value(_cell(rows, row, c), row, c) for k, c in _columns(table)}
        area, practice = text_of(cells["area_id"]), text_of(cells["practice_id"])
        if area is None or practice is None:
            if any(cells[k] is not None for k in ("level", "evidence", "notes", "target")):
                reader.problems.append(
                    (
                        reader.pos(row, table.area_id if area is None else table.practice_id),
                        "missing-field",
                        f"row {row} has no area id and practice id: copy a practice's row, "
                        "ids included, or leave the row empty",
                    )
                )
            continue
        if ("scores", area) not in doc.keys:
            reader.put(("scores", area), row, table.area_id)
        if (area, practice) in seen:
            reader.problems.append(
                (
                    reader.pos(row, table.practice_id),
                    "duplicate-key",
                    f"practice '{area}.{practice}' is in row {seen[area, practice]} already: "
                    "this row is left out",
                )
            )
            continue
        seen[area, practice] = row
        loc = ("scores", area, practice)
        reader.put(loc, row, table.level, table.practice_id)
        entry = _entry(reader, loc, row, cells)
        if entry is not None:
            scores.setdefault(area, {})[practice] = entry
    doc.data["scores"] = scores


def _columns(table: layout.Columns) -> list[tuple[str, int]]:
    return [(key, getattr(table, key)) for key in table.keys]


def _entry(reader: _Reader, loc: tuple, row: int, cells: dict) -> dict | None:
    """A practice's score from its row; None when its level is empty (not assessed)."""
    table = layout.PRACTICE_TABLE
    level = cells["level"]
    if level is None:
        return None
    entry: dict = {}
    if layout.is_not_applicable(level):
        entry["not_applicable"] = text_of(cells["evidence"]) or ""
        reader.put((*loc, "not_applicable"), row, table.evidence)
    else:
        entry["level"] = layout.level_of(level)
        reader.put((*loc, "level"), row, table.level)
        if cells["evidence"] is not None:
            entry["evidence"] = text_of(cells["evidence"])
            reader.put((*loc, "evidence"), row, table.evidence)
    if cells["notes"] is not None:
        entry["notes"] = text_of(cells["notes"])
        reader.put((*loc, "notes"), row, table.notes)
    if cells["target"] is not None:
        entry["target"] = layout.level_of(cells["target"])
        reader.put((*loc, "target"), row, table.target)
    return entry


def _targets(reader: _Reader, rows: list[tuple]) -> None:
    table = layout.TARGET_TABLE
    targets: dict = {}
    reader.put(("targets",), 1, table.target)
    for row in range(2, len(rows) + 1):
        area = text_of(reader.value(_cell(rows, row, table.area_id), row, table.area_id))
        target = reader.value(_cell(rows, row, table.target), row, table.target)
        if area is None or target is None:
            continue
        if area in targets:
            reader.problems.append(
                (reader.pos(row, table.area_id), "duplicate-key", f"area '{area}' is twice")
            )
            continue
        targets[area] = layout.level_of(target)
        reader.put(("targets", area), row, table.target, table.area_id)
    if targets:
        reader.doc.data["targets"] = targets


def _number(value: object) -> object:
    """A number typed as text ("31") is the number; anything else stays for the validator."""
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


def _metrics(reader: _Reader, rows: list[tuple]) -> None:
    table = layout.METRIC_TABLE
    metrics: dict = {}
    reader.put(("metrics",), 1, table.value)
    for row in range(2, len(rows) + 1):
        cells = {k: reader.value(_cell(rows, row, c), row, c) for k, c in _columns(table)}
        metric = text_of(cells["metric_id"])
        if metric is None or cells["value"] is None:
            continue
        if metric in metrics:
            reader.problems.append(
                (reader.pos(row, table.metric_id), "duplicate-key", f"metric '{metric}' is twice")
            )
            continue
        loc = ("metrics", metric)
        reader.put(loc, row, table.value, table.metric_id)
        entry = {"value": _number(cells["value"])}
        reader.put((*loc, "value"), row, table.value)
        if cells["target"] is not None:
            entry["target"] = _number(cells["target"])
            reader.put((*loc, "target"), row, table.target)
        if cells["source"] is not None:
            entry["source"] = text_of(cells["source"])
            reader.put((*loc, "source"), row, table.source)
        metrics[metric] = entry
    if metrics:
        reader.doc.data["metrics"] = metrics


def _actions(reader: _Reader, rows: list[tuple]) -> None:
    table = layout.ACTION_TABLE
    actions: list = []
    reader.put(("actions",), 1, 1)
    for row in range(2, len(rows) + 1):
        cells = {k: reader.value(_cell(rows, row, c), row, c) for k, c in _columns(table)}
        if all(value is None for value in cells.values()):
            continue
        loc = ("actions", len(actions))
        reader.put(loc, row, table.title)
        action = {}
        for key, column in _columns(table):
            if cells[key] is None:
                continue
            field = key.removesuffix("_id")
            action[field] = text_of(cells[key])
            reader.put((*loc, field), row, column)
        actions.append(action)
    if actions:
        reader.doc.data["actions"] = actions


def at_cells(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics of a workbook's Document at their sheets and cells: line and column
    become the cell's row and column numbers."""
    out = []
    for d in diagnostics:
        index, row = divmod(d.line, SHEET_SPAN)
        sheet = layout.READ_SHEETS[index] if index < len(layout.READ_SHEETS) else ""
        if not sheet or row < 1:  # a problem of the whole file
            out.append(d)
            continue
        cell = f"{get_column_letter(max(d.column, 1))}{row}"
        out.append(dataclasses.replace(d, line=row, sheet=sheet, cell=cell))
    return out
