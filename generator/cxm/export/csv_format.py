"""The CSV export: one row per assessed area, numbers with two decimals, for spreadsheets."""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

from ..model.framework import Framework
from ..score.scorecard import Scorecard, rounded
from .records import latest_cards, ordered

CSV_COLUMNS = (
    "team",
    "slug",
    "group",
    "date",
    "area",
    "score",
    "target",
    "gap",
    "overall",
    "stage",
    # Added after the contract's columns, for spreadsheet users: what a pivot table or a
    # filter needs without a look-up (the area's name, the stage as a number, the latest row).
    "area_name",
    "stage_level",
    "latest",
)

# A spreadsheet reads a cell as a formula when it starts with one of = + - @ (OWASP, CSV
# injection), also after spaces or quotes it skips, or in full width (some locales take those for
# the ASCII ones); and when it starts with a tab, a line break or NUL.
_TRIGGER = "=+\\-@\uff1d\uff0b\uff0d\uff20"
_SKIPPED = r"""[^\S\t\r\n]|["'\uff02\uff07]"""  # spaces and quotes, not the separators below
# Where a cell starts: at the start of the text, and after each character that some spreadsheet
# takes for a separator when it reads the file its own way (OWASP: the attacker's text can start a
# cell there): `;` in locales that use it for CSV, a tab, a line break (quotes are not honoured
# in the middle of a cell). A `'` there keeps it text.
_CELL_START = re.compile(rf"(?:^|(?<=[;\t\r\n]))(?=(?:{_SKIPPED})*[{_TRIGGER}])")
_CONTROL_START = re.compile(r"[\t\r\n\0]")
# RFC 4180: such a field is quoted (the csv module leaves a lone CR unquoted with "\n" lines).
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def text_cell(value: str) -> str:
    """Text a spreadsheet shows as text: a `'` before whatever could start a formula."""
    value = _CELL_START.sub("'", value)
    return "'" + value if _CONTROL_START.match(value) else value


def _field(value: str) -> str:
    if _NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


class _Number(str):
    """A number (or TRUE/FALSE) cxm wrote: the one kind of cell written as it is (-0.5 stays
    a number)."""


def _two(value: Fraction | None) -> _Number:
    return _Number("" if value is None else f"{rounded(value, 2):.2f}")


def _cell(value: str | None) -> str:
    # Every other cell is text, whatever its column: team, group, area, stage, or any added.
    return value if isinstance(value, _Number) else text_cell(value or "")


def to_csv(
    framework: Framework, cards: dict[str, list[Scorecard]], rows: Callable | None = None
) -> str:
    """One row per assessment and area. `rows` gives an assessment's rows (`csv_rows`, or one
    that remembers them: `cxm serve`)."""
    rows = rows or csv_rows
    latest = latest_cards(cards)
    header = ",".join(CSV_COLUMNS) + "\n"
    return "".join([header, *(rows(card, id(card) in latest) for card in ordered(cards))])


def csv_rows(card: Scorecard, latest: bool) -> str:
    """The rows of one assessment, one per assessed area, each ending in a newline."""
    a = card.assessment
    is_latest = _Number("TRUE" if latest else "FALSE")
    lines = []
    for result in card.areas:
        if result.score is None:
            continue
        row = [
            a.team,
            card.loaded.slug,
            a.group,
            a.date.isoformat(),
            result.area.id,
            _two(result.score),
            _Number(result.target),
            _two(result.gap),
            _two(card.overall),
            card.stage.name if card.stage else None,
            result.area.name,
            _Number("" if card.stage_level is None else card.stage_level),
            is_latest,
        ]
        lines.append(",".join(_field(_cell(value)) for value in row) + "\n")
    return "".join(lines)
