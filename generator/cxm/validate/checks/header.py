"""Checks of the fields at the top of the file: team and date."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Diagnostic
from .context import CheckContext


def team_not_blank(ctx: CheckContext) -> Iterable[Diagnostic]:
    if not ctx.assessment.team.strip():
        yield ctx.error("invalid-value", ("team",), "team must not be blank")


def date_not_in_future(ctx: CheckContext) -> Iterable[Diagnostic]:
    date = ctx.assessment.date
    if date > ctx.today:
        yield ctx.error("invalid-value", ("date",), f"date {date} is in the future")
