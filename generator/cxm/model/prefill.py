"""The next assessment of a team, prefilled from its latest one: what it starts with.

`cxm new` writes it as a file and the questionnaire page (the site's assess/ page) starts from
it, so that both begin a team's next assessment with the same values: the levels (a median of
ratings becomes the level), evidence and per-practice targets of last time, the area targets,
the assessors and group, the open actions, and why a practice did not apply; the last metric
values are shown to measure again.
A new team starts with every practice at the lowest level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .assessment import Action, Assessment, practice_level
from .framework import Framework

# The prompt for the summary: `cxm new` writes it as a comment and the questionnaire as a hint,
# so that the next assessment starts without one (a summary left as this warns: placeholder).
SUMMARY = "What changed since the last assessment."
NEW_ASSESSORS = ["Your Name"]


@dataclass(frozen=True, slots=True)
class PracticeStart:
    level: int | None  # None: not applicable last time
    evidence: str | None = None
    target: int | None = None
    not_applicable: str | None = None  # the reason, to review: still true?


@dataclass(frozen=True, slots=True)
class Prefill:
    team: str
    group: str | None
    assessors: list[str]
    summary: str
    targets: dict[str, int]  # area id -> target level, as written last time
    # area id -> practice id -> start, every practice of the framework in its order
    scores: dict[str, dict[str, PracticeStart]]
    last_metrics: dict[str, float]  # metric id -> last value, to measure again
    actions: list[Action] = field(default_factory=list)  # still open last time
    new_team: bool = False


def prefill(fw: Framework, team: str, previous: Assessment | None) -> Prefill:
    """What the next assessment of `team` starts with (`previous`: its latest, if any)."""
    low = fw.scale[0]
    scores: dict[str, dict[str, PracticeStart]] = {}
    for area in fw.areas:
        given = previous.scores.get(area.id, {}) if previous else {}
        starts = scores[area.id] = {}
        for practice in area.practices:
            entry = given.get(practice.id)
            level = practice_level(entry) if entry is not None else None
            if entry is not None and entry.not_applicable is not None:
                starts[practice.id] = PracticeStart(None, not_applicable=entry.not_applicable)
            elif entry is None or level is None:
                starts[practice.id] = PracticeStart(low)
            else:
                starts[practice.id] = PracticeStart(level, entry.evidence or None, entry.target)
    if previous is None:
        return Prefill(team, None, list(NEW_ASSESSORS), "", {}, scores, {}, new_team=True)
    return Prefill(
        previous.team,
        previous.group,
        list(previous.assessors),
        "",
        dict(previous.targets),
        scores,
        {m.id: previous.metrics[m.id].value for m in fw.metrics if m.id in previous.metrics},
        [a for a in previous.actions if a.status in ("planned", "in_progress")],
    )
