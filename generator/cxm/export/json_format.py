"""The JSON export: the framework and one assessment record a line."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..model.framework import Framework
from ..score.scorecard import Scorecard
from .records import assessment_record, latest_cards, ordered


def to_json(framework: Framework, cards: dict[str, list[Scorecard]]) -> str:
    """{"framework": {...}, "assessments": [...]}, one assessment a line."""
    return "".join(json_chunks(framework, cards))


def _line(value: object) -> str:
    # Without `indent`, json.dumps runs its C encoder: a large organization's export is
    # written in a fraction of the time, and one assessment a line still diffs well.
    return json.dumps(value, ensure_ascii=False)


def json_chunks(framework: Framework, cards: dict[str, list[Scorecard]]) -> Iterator[str]:
    """The text of `to_json` in pieces, one per assessment, each made as it is asked for: a
    large organization's export is written out without holding every record at once."""
    fw = {"id": framework.id, "version": framework.version, "name": framework.name}
    yield '{"framework": ' + _line(fw) + ',\n "assessments": ['
    sep = "\n  "
    latest = latest_cards(cards)
    for card in ordered(cards):
        yield sep + _line(assessment_record(card, id(card) in latest))
        sep = ",\n  "
    yield ("" if sep == "\n  " else "\n ") + "]}\n"
