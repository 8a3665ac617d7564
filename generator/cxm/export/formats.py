"""The export formats, by the name `cxm export --format` takes."""

from __future__ import annotations

from .csv_format import to_csv
from .json_format import to_json
from .xlsx_format import to_xlsx

EXPORTERS = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}
# Formats whose output is bytes, not text: written to a file, never to a terminal.
BINARY = frozenset({"xlsx"})
