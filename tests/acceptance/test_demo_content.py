"""The demo reads like a real organization's record: what a CX practitioner checks first.

Every evidence text is dated no later than its assessment, commitments slip, scores fall as well
as rise, metrics move noisily and not in step, raters disagree, and the framework's version
change runs through the history.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import json
import re
from collections import defaultdict

import pytest
import yaml
from sitebuild import EPOCH, ROOT, run_cxm

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({MONTH})\.? (\d{{4}})\b", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTH_YEAR = re.compile(rf"\b({MONTH})\.?,? (\d{{4}})\b", re.I)
QUARTER = re.compile(r"\bQ([1-4])[ /-]?(\d{4})\b", re.I)
HALF = re.compile(r"\bH([12])[ /-]?(\d{4})\b", re.I)
FISCAL_YEAR = re.compile(r"\bFY ?(\d{4}|\d{2})\b", re.I)
YEAR = re.compile(r"\b(20\d{2})\b")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_ends(text: str) -> list[tuple[str, dt.date]]:
    """Each date or period that `text` names, with the last day it covers. A period counts
    as ending on its last day (a September file may not cite "Q3 2026"), a fiscal year as
    its calendar year, and a bare year as its 1 January (only a later year is caught)."""
    readers = [
        (DAY_MONTH_YEAR, lambda m: dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))),
        (ISO_DATE, lambda m: dt.date(int(m[1]), int(m[2]), int(m[3]))),
        (MONTH_YEAR, lambda m: _month_end(int(m[2]), MONTHS[m[1].lower()])),
        (QUARTER, lambda m: _month_end(int(m[2]), 3 * int(m[1]))),
        (HALF, lambda m: _month_end(int(m[2]), 6 * int(m[1]))),
        (FISCAL_YEAR, lambda m: dt.date(int(m[1]) % 100 + 2000, 12, 31)),
        (YEAR, lambda m: dt.date(int(m[1]), 1, 1)),
    ]
    found: list[tuple[str, dt.date]] = []
    for pattern, end in readers:  # most specific first; what one reads, the next does not
        found += [(m[0], end(m)) for m in pattern.finditer(text)]
        text = pattern.sub(" ", text)
    return found


def test_period_ends_reads_the_ways_people_write_dates():
    ends = dict(
        period_ends(
            "99.97% in Q3 2026, Jun-Aug 2026 and H1 2026; since 2026-07-06, 14 May 2026, "
            "September 2025, FY2027 and the 2028 plan"
        )
    )
    assert ends == {
        "Q3 2026": dt.date(2026, 9, 30),
        "Aug 2026": dt.date(2026, 8, 31),
        "H1 2026": dt.date(2026, 6, 30),
        "2026-07-06": dt.date(2026, 7, 6),
        "14 May 2026": dt.date(2026, 5, 14),
        "September 2025": dt.date(2025, 9, 30),
        "FY2027": dt.date(2027, 12, 31),
        "2028": dt.date(2028, 1, 1),
    }


def _files() -> list[tuple[str, dict]]:
    files = sorted((ROOT / "assessments").rglob("*.yaml"))
    assert files
    return [(p.relative_to(ROOT).as_posix(), yaml.safe_load(p.read_text("utf-8"))) for p in files]


def _texts(data: dict) -> list[str]:
    """Every free text of an assessment a reader sees on its scorecard."""
    texts = [data.get("summary") or ""]
    for practices in data["scores"].values():
        for entry in practices.values():
            if isinstance(entry, dict):
                texts += [entry.get(k) or "" for k in ("evidence", "notes", "not_applicable")]
    for metric in data.get("metrics", {}).values():
        if isinstance(metric, dict):
            texts.append(metric.get("source") or "")
    for action in data.get("actions", []):
        texts += [action["title"], action.get("notes") or ""]
    return texts


def _level(entry: object) -> int | None:
    if isinstance(entry, int):
        return entry
    assert isinstance(entry, dict)
    if "level" in entry:
        return entry["level"]
    if "ratings" in entry:
        values = sorted(entry["ratings"].values())
        mid = len(values) // 2
        return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) // 2
    return None


@pytest.fixture(scope="module")
def exported() -> dict:
    code, out, _ = run_cxm(["export", "--format", "json"], ROOT)
    assert code == 0
    return json.loads(out)


@pytest.fixture(scope="module")
def export(exported) -> list[dict]:
    return exported["assessments"]


def _metric_directions() -> dict[str, str]:
    """Which way is better for each metric of the framework the demo uses (the default)."""
    framework = ROOT / "generator/cxm/frameworks/cx-maturity.yaml"
    return {m["id"]: m["better"] for m in yaml.safe_load(framework.read_text("utf-8"))["metrics"]}


def _by_team(export: list[dict]) -> dict[str, list[dict]]:
    teams: dict[str, list[dict]] = defaultdict(list)
    for record in export:  # sorted by slug, then date
        teams[record["slug"]].append(record)
    return teams


def test_no_text_names_a_date_after_its_assessment():
    late = [
        (path, data["date"].isoformat(), words)
        for path, data in _files()
        for text in _texts(data)
        for words, end in period_ends(text)
        if end > data["date"]
    ]
    assert late == []


def test_no_assessment_is_dated_after_the_demo_reference_day():
    today = dt.datetime.fromtimestamp(int(EPOCH), dt.UTC).date()
    assert [path for path, data in _files() if data["date"] > today] == []


def test_every_level_that_needs_evidence_cites_a_number_or_a_document():
    needs = 4  # evidence_required_from of the default framework
    unsupported = [
        (path, f"{area}.{practice}")
        for path, data in _files()
        for area, practices in data["scores"].items()
        for practice, entry in practices.items()
        if (_level(entry) or 0) >= needs
        and not re.search(r"\d", entry.get("evidence", "") if isinstance(entry, dict) else "")
    ]
    assert unsupported == []


def test_commitments_slip_some_are_late_or_dropped_and_carried():
    today = dt.datetime.fromtimestamp(int(EPOCH), dt.UTC).date()
    latest: dict[str, dict] = {}
    for _, data in _files():
        latest[data["team"]] = data  # files sort by team folder, then date
    overdue = [
        (team, a["title"])
        for team, data in latest.items()
        for a in data.get("actions", [])
        if a["status"] in ("planned", "in_progress") and a["due"] < today
    ]
    dropped = [
        a for _, data in _files() for a in data.get("actions", []) if a["status"] == "dropped"
    ]
    assert len({team for team, _ in overdue}) >= 3
    assert len(dropped) >= 2
    # A commitment carried from one assessment to the next keeps its title.
    titles = defaultdict(set)
    for _, data in _files():
        for action in data.get("actions", []):
            titles[(data["team"], action["title"])].add(data["date"])
    assert any(len(dates) >= 3 for dates in titles.values())


def test_scores_fall_as_well_as_rise(export):
    ups = downs = 0
    for records in _by_team(export).values():
        for before, after in itertools.pairwise(records):
            for area, scored in after["areas"].items():
                for practice, now in scored["practices"].items():
                    then = before["areas"].get(area, {}).get("practices", {}).get(practice)
                    if then and then["level"] is not None and now["level"] is not None:
                        ups += now["level"] > then["level"]
                        downs += now["level"] < then["level"]
    assert downs >= 15 and downs >= ups / 4, (ups, downs)
    overall = [r["change"] for r in export if r["change"] is not None]
    assert sum(c < 0 for c in overall) >= 3, overall


def test_metrics_move_noisily_and_not_together(export):
    better = _metric_directions()
    steadily_improving = []
    nps_up_while_effort_worse = []
    for slug, records in _by_team(export).items():
        worse_steps = 0
        for before, after in itertools.pairwise(records):
            moves = {}
            for metric, now in after["metrics"].items():
                if metric in before["metrics"]:
                    delta = now["value"] - before["metrics"][metric]["value"]
                    moves[metric] = delta if better[metric] == "higher" else -delta
            worse_steps += any(v < 0 for v in moves.values())
            if moves.get("nps", 0) > 0 and moves.get("ces", 0) < 0:
                nps_up_while_effort_worse.append((slug, after["date"]))
        if worse_steps == 0:
            steadily_improving.append(slug)
    assert len(steadily_improving) <= 1, steadily_improving
    assert nps_up_while_effort_worse


def test_raters_disagree_on_some_teams_not_in_a_fixed_pattern():
    rated: dict[str, int] = defaultdict(int)
    disagreements = set()
    latest_counts: dict[str, int] = {}
    for _, data in _files():
        count = 0
        for practices in data["scores"].values():
            for entry in practices.values():
                if isinstance(entry, dict) and "ratings" in entry:
                    count += 1
                    levels = entry["ratings"].values()
                    if max(levels) - min(levels) >= 2:
                        disagreements.add(data["team"])
        rated[data["team"]] += count
        latest_counts[data["team"]] = count
    assert len([t for t, n in rated.items() if n]) >= 2
    assert len(disagreements) >= 2
    assert len([t for t, n in rated.items() if n == 0]) >= 1  # not every team rates separately
    assert len(set(latest_counts.values())) >= 3  # no fixed number of rated practices per file


def test_not_applicable_practices_say_why(export):
    reasons = {
        (r["slug"], practice): reason
        for r in export
        for practice, reason in r["not_applicable"].items()
    }
    assert len({slug for slug, _ in reasons}) >= 3
    assert all(len(reason) >= 30 for reason in reasons.values())


def test_history_runs_across_the_framework_version_change(exported):
    current = exported["framework"]["version"]
    crossing = [
        slug
        for slug, records in _by_team(exported["assessments"]).items()
        if records[0]["framework_version"] < current and records[-1]["framework_version"] == current
    ]
    assert len(crossing) >= 5
    for path, data in _files():
        if data.get("framework_version") is not None:
            assert data["framework_version"] < current, path
