"""The JSON of `cxm diff`: the comparison as data, scores rounded to two decimals."""

from __future__ import annotations

import json

from ..score.scorecard import Scorecard
from ..score.shown import two
from .compare import AreaChange, Diff, stage_name


def _side(card: Scorecard | None) -> dict | None:
    if card is None:
        return None
    return {
        "date": card.assessment.date.isoformat(),
        "path": card.loaded.path,
        "overall": two(card.overall),
        "stage": stage_name(card),
        "areas": {r.area.id: two(r.score) for r in card.areas if r.score is not None},
    }


def _area_record(area: AreaChange) -> dict:
    return {"before": two(area.before), "after": two(area.after), "change": two(area.change)}


def to_json(diff: Diff, regressions_first: bool = False) -> str:
    data = {
        "base": diff.base.label,
        "base_commit": diff.base.commit,
        "head": diff.head.label,
        "head_commit": diff.head.commit,
        "teams": [
            {
                "team": t.team,
                "slug": t.slug,
                "before": _side(t.before),
                "after": _side(t.after),
                "change": two(t.change),
                "areas": {a.id: _area_record(a) for a in t.areas},
            }
            for t in diff.teams
        ],
        "new_teams": [{"team": t.team, "slug": t.slug} for t in diff.new_teams],
        "removed_teams": [{"team": t.team, "slug": t.slug} for t in diff.removed_teams],
        "new_files": diff.new_files,
        "removed_files": diff.removed_files,
        "new_errors": [d.as_dict() for d in diff.new_errors],
        "head_errors": len(diff.head_errors),
        "regressions": [
            {
                "team": r.team,
                "slug": r.slug,
                "area": None if r.area is None else r.area.id,
                "before": two(r.before),
                "after": two(r.after),
                "change": two(r.change),
            }
            for r in diff.regressions
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
