"""The checks of one assessment against the framework: one module per part of the file.

A check is a function that takes a CheckContext and yields Diagnostics (plain data). A new
one goes in the module of the part of the file it reads and in CHECKS below; a check of one
practice's score goes in `scores.PRACTICE_CHECKS` instead. The tuples run in order, and that
order is the order of the output (tests and the command line read it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic
from .actions import actions_name_known_practices
from .context import CheckContext
from .header import date_not_in_future, no_placeholder_left, team_not_blank
from .metrics import metrics_known_and_in_bounds
from .scores import PRACTICE_CHECKS, every_area_assessed, scored_practices_known
from .targets import targets_known_and_on_scale

CHECKS = (
    team_not_blank,
    date_not_in_future,
    no_placeholder_left,
    targets_known_and_on_scale,
    scored_practices_known,  # runs PRACTICE_CHECKS on each practice
    every_area_assessed,
    metrics_known_and_in_bounds,
    actions_name_known_practices,
)

__all__ = ["CHECKS", "PRACTICE_CHECKS", "CheckContext", "run_checks"]


def run_checks(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every check's diagnostics, lazily: a caller that stops at the cap stops the checks."""
    for check in CHECKS:
        yield from check(ctx)
