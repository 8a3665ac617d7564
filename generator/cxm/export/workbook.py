"""What every workbook cxm writes shares: text cells that stay text, a readable look, and the
same bytes for the same input.

Used by the `xlsx` export and by the workshop workbook of `cxm new --format xlsx`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..report.text import printable

# Text a spreadsheet would take for a formula if typed: = + - @, also in full width (OWASP).
_FORMULA_START = re.compile(r"^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
ID_FONT = Font(color="808080", size=9)
WRAP = Alignment(wrap_text=True, vertical="top")
# Zip entries need a date; the earliest a zip file can hold, when the input gives none.
EPOCH = dt.date(1980, 1, 1)


def put_text(cell: Cell, value: str | None, wrap: bool = False) -> Cell:
    """`value` in `cell` as text, never a formula, whatever it starts with.

    The cell is a string cell (a spreadsheet shows it, never evaluates it); one that looks
    like a formula also gets the quote prefix, so that editing it keeps it text. Characters XML
    cannot hold (control characters) and those that reorder text are shown escaped, as `\\x1b`.
    """
    if value is None:
        return cell
    value = printable(value, keep="\n\t")
    cell.value = value
    cell.data_type = "s"
    if _FORMULA_START.match(value):
        cell.quotePrefix = True
    if wrap:
        cell.alignment = WRAP
    return cell


def put_row(ws: Worksheet, row: int, values: Sequence[object], wrap: Iterable[int] = ()) -> None:
    """One row from column A: text as text (`put_text`), numbers as numbers, None empty."""
    wrapped = set(wrap)
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        if isinstance(value, str):
            put_text(cell, value, wrap=column in wrapped)
        elif value is not None:
            cell.value = value


def header(ws: Worksheet, row: int, titles: Sequence[str], widths: Sequence[float]) -> None:
    """Column titles in bold on a tint, the columns `widths` wide; frozen below the titles."""
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = put_text(ws.cell(row=row, column=column), title, wrap=True)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


class Streamed:
    """A sheet of a write-only workbook (`Workbook(write_only=True)`): its column titles and
    widths, then rows appended one by one and written out at once, never held: the cells are
    those `header` and `put_row` make, in a tenth of the memory for a large organization."""

    def __init__(
        self,
        wb: Workbook,
        title: str,
        columns: Sequence[tuple[str, float]],
        *,
        wrap: Iterable[int] = (),
        formats: dict[int, str] | None = None,
    ) -> None:
        self.ws = wb.create_sheet(title)
        self._wrap, self._formats = set(wrap), formats or {}
        self._columns = len(columns)
        for column, (_, width) in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width
        self.ws.freeze_panes = "A2"
        titles = []
        for name, _ in columns:
            cell = put_text(WriteOnlyCell(self.ws), name, wrap=True)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            titles.append(cell)
        self.ws.append(titles)
        self._rows = 1

    def append(self, values: Sequence[object]) -> None:
        """One row: text as text (`put_text`), numbers as numbers, None empty."""
        cells = []
        for column, value in enumerate(values, start=1):
            cell = WriteOnlyCell(self.ws)
            if isinstance(value, str):
                put_text(cell, value, wrap=column in self._wrap)
            elif value is not None:
                cell.value = value
            if column in self._formats:
                cell.number_format = self._formats[column]
            cells.append(cell)
        self.ws.append(cells)
        self._rows += 1

    def close(self) -> None:
        """The filter buttons over every column and row."""
        self.ws.auto_filter.ref = f"A1:{get_column_letter(self._columns)}{self._rows}"


def fit_rows(ws: Worksheet, first_row: int, line_height: float = 15, most: int = 12) -> None:
    """Rows tall enough for their wrapped text (Excel does not grow them when it opens a file):
    the lines of the longest cell at its column's width, at most `most` lines."""
    widths = {
        get_column_letter(c): ws.column_dimensions[get_column_letter(c)].width or 10
        for c in range(1, ws.max_column + 1)
    }
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                chars = max(int(widths[cell.column_letter] * 1.1), 1)
                wrapped = sum(len(part) // chars + 1 for part in cell.value.split("\n"))
                lines = max(lines, wrapped)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = line_height * min(lines, most)


def workbook_bytes(wb: Workbook, when: dt.date | None) -> bytes:
    """The workbook as an .xlsx file, the same bytes for the same workbook: its properties say
    it was made and changed on `when` (an input's date, not the clock), and so do its zip
    entries, which Python dates by the clock."""
    stamp = dt.datetime.combine(max(when or EPOCH, EPOCH), dt.time())
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "cxm"
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which dates the file by the clock.
    ExcelWriter(wb, _DatedZip(buffer, "w", zipfile.ZIP_DEFLATED, date=stamp)).save()
    return buffer.getvalue()


class _DatedZip(zipfile.ZipFile):
    """A zip file whose entries carry one fixed date: those written by name (dated by the
    clock) and those copied from a file (openpyxl writes each sheet to a temporary file first,
    dated by its modification time)."""

    def __init__(self, *args, date: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._date = date.timetuple()[:6]

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._date)
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        with open(filename, "rb") as source:
            self.writestr(str(arcname or filename), source.read())
