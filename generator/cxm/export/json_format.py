"""The JSON export: the framework and one assessment record a line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ..model.framework import Framework
from ..score.scorecard import Scorecard
from .records import assessment_record, latest_cards, ordered


def to_json(
    framework: Framework, cards: dict[str, list[Scorecard]], line: Callable | None = None
) -> str:
    """{"framework": {...}, "assessments": [...]}, one assessment a line."""
    return "".join(json_chunks(framework, cards, line))


def _line(value: object) -> str:
    # Without `indent`, json.dumps runs its C encoder: a large organization's export is
    # written in a fraction of the time, and one assessment a line still diffs well.
    return json.dumps(value, ensure_ascii=False)


def json_line(card: Scorecard, latest: bool) -> str:
    """One assessment's line of the export (`latest`: the team's latest assessment)."""
    return _line(assessment_record(card, latest))


def json_chunks(
    framework: Framework, cards: dict[str, list[Scorecard]], line: Callable | None = None
) -> Iterator[str]:
    """The text of `to_json` in pieces, one per assessment, each made as it is asked for: a
    large organization's export is written out without holding every record at once. `line`
    gives an assessment's line (`json_line`, or one that remembers them: `cxm serve`)."""
    line = line or json_line
    fw = {"id": framework.id, "version": framework.version, "name": framework.name}
    yield '{"framework": ' + _line(fw) + ',\n "assessments": ['
    sep = "\n  "
    latest = latest_cards(cards)
    for card in ordered(cards):
        yield sep + line(card, id(card) in latest)
        sep = ",\n  "
    yield ("" if sep == "\n  " else "\n ") + "]}\n"
