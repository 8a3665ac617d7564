"""The xlsx export, for analysts: latest scores, history, next steps and actions, one sheet
each, with names beside ids. The numbers are those of the JSON export (records.py); dates are
date cells (yyyy-mm-dd), so that a spreadsheet sorts and filters them as dates."""

from __future__ import annotations

from openpyxl import Workbook

from ..model.framework import Framework
from ..score.scorecard import Scorecard
from .records import assessment_record, ordered
from .workbook import Streamed, workbook_bytes

SCORE_COLUMNS = (
    ("Team", 24),
    ("Team slug", 18),
    ("Group", 18),
    ("Date", 11),
    ("Area", 24),
    ("Area id", 18),
    ("Score", 8),
    ("Target", 8),
    ("Gap", 8),
    ("Change", 8),
    ("Overall", 8),
    ("Stage", 12),
)
STEP_COLUMNS = (
    ("Team", 24),
    ("Team slug", 18),
    ("Date", 11),
    ("Area", 22),
    ("Area id", 18),
    ("Practice", 24),
    ("Practice id", 18),
    ("Level", 7),
    ("Target", 7),
    ("Priority", 8),
    ("Next step", 60),
)
ACTION_COLUMNS = (
    ("Team", 24),
    ("Team slug", 18),
    ("Date", 11),
    ("Action", 40),
    ("Area", 22),
    ("Area id", 18),
    ("Practice", 24),
    ("Practice id", 18),
    ("Owner", 18),
    ("Due", 11),
    ("Status", 12),
)
SHEETS = ("Latest scores", "History", "Next steps", "Actions")
TWO_DECIMALS = "0.00"


def to_xlsx(framework: Framework, cards: dict[str, list[Scorecard]]) -> bytes:
    """The workbook's bytes; the same for the same assessments (dated by the latest one)."""
    wb = Workbook(write_only=True)  # rows written out as they come: a large site's is big
    every = ordered(cards)
    latest = [card for card in every if card is cards[card.loaded.slug][-1]]
    _scores(wb, framework, latest)
    _history(wb, framework, every, {id(card) for card in latest})
    _steps(wb, latest)
    _actions(wb, framework, latest)
    when = max((card.assessment.date for card in every), default=None)
    return workbook_bytes(wb, when)


def _scores(wb: Workbook, framework: Framework, cards: list[Scorecard]) -> None:
    """One row per assessment and assessed area (as the CSV export)."""
    two = dict.fromkeys((7, 9, 10, 11), TWO_DECIMALS)
    sheet = Streamed(wb, SHEETS[0], SCORE_COLUMNS, formats=two)
    for card in cards:
        record = assessment_record(card, True)  # each team's latest
        for area_id, area in record["areas"].items():
            sheet.append(
                [
                    record["team"],
                    record["slug"],
                    record["group"],
                    card.assessment.date,
                    framework.area(area_id).name,
                    area_id,
                    area["score"],
                    area["target"],
                    area["gap"],
                    area["change"],
                    record["overall"],
                    record["stage"],
                ]
            )
    sheet.close()


HISTORY_COLUMNS = (
    ("Team", 24),
    ("Team slug", 18),
    ("Group", 18),
    ("Date", 11),
    ("Overall", 8),
    ("Stage", 12),
    ("Change", 8),
)


def _history(wb: Workbook, framework: Framework, cards: list[Scorecard], latest: set[int]) -> None:
    """One row per assessment, oldest first within a team: the overall score, then each area's
    score in a column of its own (empty where not assessed), ready to chart a trend."""
    areas = [area.id for area in framework.areas]
    titles = [*HISTORY_COLUMNS, *((f"{a.name} ({a.id})", 14) for a in framework.areas)]
    numbers = [5, 7, *range(len(HISTORY_COLUMNS) + 1, len(titles) + 1)]
    sheet = Streamed(wb, SHEETS[1], titles, formats=dict.fromkeys(numbers, TWO_DECIMALS))
    for card in cards:
        record = assessment_record(card, id(card) in latest)
        scores = [record["areas"].get(area, {}).get("score") for area in areas]
        sheet.append(
            [
                record["team"],
                record["slug"],
                record["group"],
                card.assessment.date,
                record["overall"],
                record["stage"],
                record["change"],
                *scores,
            ]
        )
    sheet.close()


def _steps(wb: Workbook, cards: list[Scorecard]) -> None:
    """The recommended next steps of each team's latest assessment, in priority order."""
    sheet = Streamed(wb, SHEETS[2], STEP_COLUMNS, wrap=[11], formats={10: TWO_DECIMALS})
    for card in cards:
        record = assessment_record(card, True)  # each team's latest
        for step, s in zip(card.next_steps, record["next_steps"], strict=True):
            sheet.append(
                [
                    record["team"],
                    record["slug"],
                    card.assessment.date,
                    step.area.name,
                    s["area"],
                    step.practice.name,
                    s["practice"],
                    s["level"],
                    s["target"],
                    s["priority"],
                    s["step"],
                ]
            )
    sheet.close()


def _actions(wb: Workbook, framework: Framework, cards: list[Scorecard]) -> None:
    """The actions of each team's latest assessment, as the team wrote them."""
    sheet = Streamed(wb, SHEETS[3], ACTION_COLUMNS, wrap=[4])
    for card in cards:
        a = card.assessment
        for action in a.actions:
            area = framework.area(action.area)
            practice = (
                next((p for p in area.practices if p.id == action.practice), None)
                if area and action.practice
                else None
            )
            sheet.append(
                [
                    a.team,
                    card.loaded.slug,
                    a.date,
                    action.title,
                    area.name if area else None,
                    action.area,
                    practice.name if practice else None,
                    action.practice,
                    action.owner,
                    action.due,
                    action.status,
                ]
            )
    sheet.close()
