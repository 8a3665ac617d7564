"""The export formats, by the name `cxm export --format` takes."""

from __future__ import annotations

from .csv_format import to_csv
from .json_format import to_json

EXPORTERS = {"json": to_json, "csv": to_csv}
