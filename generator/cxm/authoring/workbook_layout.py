"""Where things stand in a workshop workbook: what `cxm new --format xlsx` writes and
`cxm import` reads, declared once so that the two agree.

Rows and columns are 1-based, as a spreadsheet numbers them. The ids (area, practice, metric)
identify a row; the names beside them are for people.
"""

from __future__ import annotations

import re

from ..model.framework import Framework

ASSESSMENT = "Assessment"
TARGETS = "Targets"
METRICS = "Metrics"
ACTIONS = "Actions"
RUBRIC = "Rubric"
SCALE = "Scale"
# The sheets `cxm import` reads, in this order (diagnostics are sorted by it).
READ_SHEETS = (ASSESSMENT, TARGETS, METRICS, ACTIONS)

TITLE_ROW = 1
# The fields above the practice table: label in column A, value in column B.
HEADER_ROWS = {"team": 2, "group": 3, "date": 4, "assessors": 5, "summary": 6}
HEADER_LABELS = {
    "team": "Team",
    "group": "Group",
    "date": "Date (YYYY-MM-DD)",
    "assessors": "Assessors (comma-separated)",
    "summary": "Summary",
}
TABLE_HEADER_ROW = 8
FIRST_PRACTICE_ROW = TABLE_HEADER_ROW + 1


class Columns:
    """A sheet's table: its column titles and widths; `Columns.x` is column x's number."""

    def __init__(self, *columns: tuple[str, str, float]):
        self.keys = [key for key, _, _ in columns]
        self.titles = [title for _, title, _ in columns]
        self.widths = [width for _, _, width in columns]
        for number, key in enumerate(self.keys, start=1):
            setattr(self, key, number)


PRACTICE_TABLE = Columns(
    ("area", "Area", 20),
    ("practice", "Practice", 28),
    ("question", "Question", 48),
    ("level", "Level", 16),
    ("evidence", "Evidence (for n/a: why it does not apply)", 45),
    ("notes", "Notes", 30),
    ("target", "Target", 8),
    ("area_id", "Area id", 10),
    ("practice_id", "Practice id", 12),
)
TARGET_TABLE = Columns(
    ("area", "Area", 28),
    ("area_id", "Area id", 24),
    ("target", "Target level (empty: the default)", 18),
)
METRIC_TABLE = Columns(
    ("metric", "Metric", 30),
    ("unit", "Unit", 8),
    ("range", "Range", 14),
    ("last", "Last value", 10),
    ("value", "Value", 10),
    ("target", "Target", 10),
    ("source", "Source", 40),
    ("metric_id", "Metric id", 12),
)
ACTION_TABLE = Columns(
    ("title", "Action", 40),
    ("area_id", "Area id", 22),
    ("practice_id", "Practice id", 22),
    ("owner", "Owner", 18),
    ("due", "Due (YYYY-MM-DD)", 14),
    ("status", "Status", 12),
    ("notes", "Notes", 30),
)
# The rows of the Actions sheet that offer the drop-downs (area, status), filled or not.
ACTION_ROWS = 40
STATUSES = ("planned", "in_progress", "done", "dropped")

NOT_APPLICABLE = "n/a"
# What an assessor may write for "not applicable" (case aside).
_NOT_APPLICABLE = {"n/a", "na", "n.a.", "not applicable"}
# A level as the drop-down offers it ("3 · Defined"), or the number alone.
_LEVEL = re.compile(r"^\s*(-?\d+)\s*(?:[·.:\-]\s*.*)?$", re.DOTALL)


def level_label(fw: Framework, level: int) -> str:
    spec = fw.levels.get(level)
    return f"{level} · {spec.name}" if spec else str(level)


def level_labels(fw: Framework) -> list[str]:
    return [level_label(fw, n) for n in sorted(fw.levels)]


def is_not_applicable(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in _NOT_APPLICABLE


def level_of(value: object) -> object:
    """A level from a cell: 3, 3.0 or "3 · Defined" give 3; anything else stays as it is,
    for the validator to say what is wrong with it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        match = _LEVEL.match(value)
        if match:
            return int(match.group(1))
    return value


def file_name(slug: str, date: str) -> str:
    return f"{slug}-{date}.xlsx"
