"""Checks of the fields at the top of the file: team, date, and what `cxm new` left to fill."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Diagnostic
from ...load.document import quote
from ...model.prefill import NEW_ASSESSORS, SUMMARY
from .context import CheckContext

# What `cxm new` and the questionnaire start with where only the workshop can say what goes:
# a file that still holds one unchanged would publish it on the team's scorecard.
PLACEHOLDER_SUMMARY = SUMMARY
(PLACEHOLDER_ASSESSOR,) = NEW_ASSESSORS


def team_not_blank(ctx: CheckContext) -> Iterable[Diagnostic]:
    if not ctx.assessment.team.strip():
        yield ctx.error("invalid-value", ("team",), "team must not be blank")


def date_not_in_future(ctx: CheckContext) -> Iterable[Diagnostic]:
    date = ctx.assessment.date
    if date > ctx.today:
        yield ctx.error("invalid-value", ("date",), f"date {date} is in the future")


def no_placeholder_left(ctx: CheckContext) -> Iterable[Diagnostic]:
    """The placeholders of `cxm new`, unchanged: a warning at each, so none is published."""
    a = ctx.assessment
    for i, name in enumerate(a.assessors):
        if name.strip() == PLACEHOLDER_ASSESSOR:
            message = f"assessor {quote(name)} is the placeholder of cxm new: write who assessed"
            yield ctx.warning("placeholder", ("assessors", i), message, key=False)
    if a.summary is not None and a.summary.strip() == PLACEHOLDER_SUMMARY:
        message = (
            f"summary is the placeholder of cxm new, {quote(PLACEHOLDER_SUMMARY)}: "
            "write what changed, or remove the summary"
        )
        yield ctx.warning("placeholder", ("summary",), message, key=False)
