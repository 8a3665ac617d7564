"""The workshop workbook: `cxm new --format xlsx`, filled in with openpyxl as a spreadsheet
would, `cxm import`, then `cxm validate`; and `cxm export --format xlsx`.

The tiny framework (conftest) puts its practices in rows 9..14 of the Assessment sheet:
support.self_service, support.onboarding, marketing.product_promise, marketing.reviews,
policies.returns, policies.privacy. Column D is the level, E the evidence, I the practice id.
"""

from __future__ import annotations

import json
import zipfile

import openpyxl
import pytest
import yaml

ROWS = {
    "self_service": 9,
    "onboarding": 10,
    "product_promise": 11,
    "reviews": 12,
    "returns": 13,
    "privacy": 14,
}
WORKBOOK = "payments-platform-2026-10-30.xlsx"


@pytest.fixture
def workbook(repo, cxm):
    """A new team's workbook, written by `cxm new --format xlsx` in the repository."""
    repo.assessment("payments/2026-09-30.yaml")
    result = cxm("new", "Payments Platform", "--date", "2026-10-30", "--format", "xlsx")
    assert result.code == 0, result.err
    assert result.out.strip() == WORKBOOK
    return repo.root / WORKBOOK


def fill(path, **cells):
    """Set cells of the Assessment sheet ("D9": 4), as an assessor in a spreadsheet would."""
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        sheet, _, ref = ref.rpartition("__")
        wb[sheet or "Assessment"][ref] = value
    wb.save(path)


def test_new_workbook_is_prefilled_with_drop_downs_and_the_rubric(workbook):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == ["Assessment", "Targets", "Metrics", "Actions", "Rubric", "Scale"]
    ws = wb["Assessment"]
    assert [ws[f"{c}2"].value for c in "AB"] == ["Team", "Payments Platform"]
    assert ws["B4"].value == "2026-10-30"
    assert ws["B5"].value == "Dana Lee, Sam Ortiz"
    assert ws["I9"].value == "self_service" and ws["H9"].value == "support"
    # Prefilled from the latest assessment, as the YAML of `cxm new` is.
    assert ws["D9"].value == "4 · Managed"
    assert ws["E9"].value == "Help centre deflects 38% of tickets."
    assert ws["D14"].value == "3 · Defined"
    assert ws.freeze_panes == "C9"
    [levels] = [dv for dv in ws.data_validations.dataValidation if "D9" in str(dv.sqref)]
    assert levels.type == "list" and levels.formula1 == "'Scale'!$A$2:$A$7"
    scale = [wb["Scale"][f"A{row}"].value for row in range(2, 8)]
    labels = ["1 · Reactive", "2 · Emerging", "3 · Defined", "4 · Managed", "5 · Leading"]
    assert scale == [*labels, "n/a"]
    assert "4 · Managed: Measured." in ws["B9"].comment.text
    assert wb["Rubric"]["D1"].value == "1 · Reactive" and wb["Rubric"]["D2"].value == "No help."
    metrics = wb["Metrics"]
    assert (
        metrics["H2"].value == "nps" and metrics["D2"].value == 31 and metrics["E2"].value is None
    )


def test_workbook_round_trip_gives_a_valid_assessment_with_the_levels_set(workbook, repo, cxm):
    fill(
        workbook,
        D9="5 · Leading",
        E9="Deflection 52% (Zendesk, Q4)",
        D10=2,
        F10="Kick-off call only",
        D12="4",
        E12="Review replies in 24 h",
        B6="A good quarter.\nMore next time.",
        Metrics__E2=35,
        Metrics__E3=84.5,
        Targets__C2=4,
    )
    result = cxm("import", workbook.name)
    assert result.code == 0, result.out + result.err
    path = repo.root / "assessments/payments-platform/2026-10-30.yaml"
    assert "wrote assessments/payments-platform/2026-10-30.yaml" in result.err
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/assessment.schema.json\n")
    data = yaml.safe_load(text)
    assert list(data)[:4] == ["team", "group", "date", "assessors"]
    assert data["summary"] == "A good quarter.\nMore next time."
    support = data["scores"]["support"]
    assert support["self_service"] == {"level": 5, "evidence": "Deflection 52% (Zendesk, Q4)"}
    assert support["onboarding"] == {"level": 2, "notes": "Kick-off call only"}
    assert data["scores"]["marketing"] == {
        "product_promise": 3,
        "reviews": {"level": 4, "evidence": "Review replies in 24 h"},
    }
    assert data["targets"] == {"support": 4}
    assert data["metrics"]["nps"] == 35 and data["metrics"]["csat"]["value"] == 84.5
    assert cxm("validate").code == 0
    export = json.loads(cxm("export").out)
    latest = [a for a in export["assessments"] if a["date"] == "2026-10-30"]
    assert latest[0]["areas"]["support"]["practices"]["self_service"]["level"] == 5


def test_import_never_overwrites(workbook, repo, cxm):
    assert cxm("import", workbook.name).code == 0
    path = repo.root / "assessments/payments-platform/2026-10-30.yaml"
    before = path.read_bytes()
    fill(workbook, D9=1)
    again = cxm("import", workbook.name)
    assert again.code == 1
    assert "already assesses Payments Platform on 2026-10-30" in again.err
    assert path.read_bytes() == before


def test_new_workbook_never_overwrites(workbook, cxm):
    before = workbook.read_bytes()
    again = cxm("new", "Payments Platform", "--date", "2026-10-30", "--format", "xlsx")
    assert again.code == 1 and "exists already; nothing was written" in again.err
    assert workbook.read_bytes() == before


def test_new_workbook_is_the_same_bytes_every_time(workbook, repo, cxm):
    other = cxm(
        "new", "Payments Platform", "--date", "2026-10-30", "--format", "xlsx", "-o", "again.xlsx"
    )
    assert other.code == 0, other.err
    assert (repo.root / "again.xlsx").read_bytes() == workbook.read_bytes()


BAD = {"D14": 7, "I12": "reveiws", "B2": None}


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "text",
            [
                f"{WORKBOOK}:Assessment!B2: error: missing required field 'team' [missing-field]",
                f"{WORKBOOK}:Assessment!I12: error: unknown practice 'reveiws' in area "
                "'marketing'; did you mean 'reviews'? [unknown-practice]",
                f"{WORKBOOK}:Assessment!D14: error: level 7 is outside the scale 1..5 "
                "[out-of-range]",
            ],
        ),
        (
            "github",
            [
                f"::error file={WORKBOOK},line=2,col=2::Assessment!B2: missing required field "
                "'team' [missing-field]",
                f"::error file={WORKBOOK},line=12,col=9::Assessment!I12: unknown practice "
                "'reveiws' in area 'marketing'; did you mean 'reviews'? [unknown-practice]",
                f"::error file={WORKBOOK},line=14,col=4::Assessment!D14: level 7 is outside the "
                "scale 1..5 [out-of-range]",
            ],
        ),
    ],
)
def test_problems_name_their_cells(workbook, repo, cxm, fmt, expected):
    fill(workbook, **BAD)
    result = cxm("import", workbook.name, "--format", fmt)
    assert result.code == 1
    assert result.out.splitlines()[:-1] == expected
    assert "nothing was written" in result.err
    assert not (repo.root / "assessments/payments-platform/2026-10-30.yaml").exists()


def test_problems_as_json_carry_sheet_and_cell(workbook, cxm):
    fill(workbook, **BAD)
    result = cxm("import", workbook.name, "--format", "json")
    assert result.code == 1
    found = {
        (d["sheet"], d["cell"], d["line"], d["column"], d["code"]) for d in json.loads(result.out)
    }
    assert found == {
        ("Assessment", "B2", 2, 2, "missing-field"),
        ("Assessment", "I12", 12, 9, "unknown-practice"),
        ("Assessment", "D14", 14, 4, "out-of-range"),
    }
    assert {d["path"] for d in json.loads(result.out)} == {WORKBOOK}


def test_hostile_text_stays_text_both_ways(workbook, repo, cxm):
    hostile = '=HYPERLINK("http://evil.example","click")'
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Assessment"]
    ws["E9"] = hostile
    ws["E9"].data_type = "s"  # typed with a leading ' in a spreadsheet: text
    ws["F10"] = "<script>alert(1)</script>"
    ws["D11"] = "=1+2"  # a formula: refused, not evaluated
    wb.save(workbook)
    refused = cxm("import", workbook.name)
    assert refused.code == 1
    assert f"{WORKBOOK}:Assessment!D11: error: the cell holds a formula" in refused.out
    fill(workbook, D11=3)
    result = cxm("import", workbook.name)
    assert result.code == 0, result.out
    data = yaml.safe_load(
        (repo.root / "assessments/payments-platform/2026-10-30.yaml").read_text("utf-8")
    )
    assert data["scores"]["support"]["self_service"]["evidence"] == hostile
    assert data["scores"]["support"]["onboarding"]["notes"] == "<script>alert(1)</script>"
    # ... and the next workbook of the team writes it back as text, never a formula.
    assert cxm("new", "Payments Platform", "--date", "2026-10-31", "--format", "xlsx").code == 0
    with zipfile.ZipFile(repo.root / "payments-platform-2026-10-31.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    again = openpyxl.load_workbook(repo.root / "payments-platform-2026-10-31.xlsx")["Assessment"]
    assert again["E9"].value == hostile and again["E9"].data_type == "s"
    assert again["E9"].quotePrefix


@pytest.mark.parametrize(
    ("content", "code", "says"),
    [
        (b"team: not a workbook\n", "not-a-workbook", "not an .xlsx workbook"),
        (b"PK\x03\x04 damaged", "not-a-workbook", "not an .xlsx workbook"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_an_error_not_a_traceback(repo, cxm, content, code, says):
    (repo.root / "w.xlsx").write_bytes(content)
    result = cxm("import", "w.xlsx")
    assert result.code == 1
    assert result.out.startswith(f"w.xlsx:1:1: error: {says}")
    assert f"[{code}]" in result.out
    assert "Traceback" not in result.out + result.err


def test_a_workbook_of_another_kind_is_named_so(repo, cxm):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "budget"
    wb.save(repo.root / "budget.xlsx")
    result = cxm("import", "budget.xlsx")
    assert result.code == 1
    assert "not a cxm workshop workbook" in result.out and "[not-a-workbook]" in result.out


def test_a_zip_bomb_is_refused_before_it_is_unpacked(repo, cxm):
    with zipfile.ZipFile(repo.root / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert (repo.root / "bomb.xlsx").stat().st_size < 1024 * 1024
    result = cxm("import", "bomb.xlsx")
    assert result.code == 1
    assert "unpacks to 62,914,560 bytes" in result.out and "[file-too-large]" in result.out


def test_import_of_a_missing_file_is_a_usage_error(repo, cxm):
    assert cxm("import", "nothing.xlsx").code == 2


def test_export_xlsx_needs_a_file_and_matches_the_json_numbers(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")
    refused = cxm("export", "--format", "xlsx")
    assert refused.code == 2 and "name it with -o" in refused.err
    assert cxm("export", "--format", "xlsx", "-o", "scores.xlsx").code == 0
    first = (repo.root / "scores.xlsx").read_bytes()
    assert cxm("export", "--format", "xlsx", "-o", "scores.xlsx").code == 0
    assert (repo.root / "scores.xlsx").read_bytes() == first  # byte-identical
    wb = openpyxl.load_workbook(repo.root / "scores.xlsx")
    assert wb.sheetnames == ["Latest scores", "History", "Next steps", "Actions"]
    [record] = json.loads(cxm("export").out)["assessments"]
    rows = list(wb["Latest scores"].iter_rows(min_row=2, values_only=True))
    got = {row[5]: (row[6], row[7], row[8], row[10], row[11]) for row in rows}
    want = {
        area: (v["score"], v["target"], v["gap"], record["overall"], record["stage"])
        for area, v in record["areas"].items()
    }
    assert got == want
    steps = list(wb["Next steps"].iter_rows(min_row=2, values_only=True))
    assert [(r[4], r[6], r[7], r[8], r[9], r[10]) for r in steps] == [
        (s["area"], s["practice"], s["level"], s["target"], s["priority"], s["step"])
        for s in record["next_steps"]
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-o", "x.yaml"], "-o names the workbook of --format xlsx"),
        (["--format", "xlsx", "--date", "2027-01-01"], "date 2027-01-01 is in the future"),
    ],
)
def test_new_workbook_usage_errors_write_nothing(repo, cxm, args, says):
    result = cxm("new", "Payments Platform", *args)
    assert result.code == 2 and says in result.err
    assert not list(repo.root.glob("*.xlsx")) and not (repo.root / "x.yaml").exists()


def test_not_applicable_goes_both_ways(repo, cxm):
    repo.assessment(
        "payments/2026-09-30.yaml",
        """\
        team: Payments Platform
        date: 2026-09-30
        assessors: [Dana Lee]
        scores:
          support: {self_service: 3, onboarding: 3}
          marketing:
            product_promise: 3
            reviews: {not_applicable: "We sell through no review sites."}
          policies: {returns: 3, privacy: 3}
        """,
    )
    made = cxm("new", "Payments Platform", "--date", "2026-10-30", "--format", "xlsx")
    assert made.code == 0, made.err
    path = repo.root / WORKBOOK
    ws = openpyxl.load_workbook(path)["Assessment"]
    assert (ws["D12"].value, ws["E12"].value) == ("n/a", "We sell through no review sites.")
    fill(path, D13="N/A", E13="No returns: a free service.", D14="n/a")
    refused = cxm("import", WORKBOOK)
    assert refused.code == 1
    assert refused.out.splitlines()[0] == (
        f"{WORKBOOK}:Assessment!E14: error: 'policies.privacy' is not applicable: say why "
        "(the reason is shown on the scorecard) [invalid-value]"
    )
    fill(path, E14="We hold no personal data.")
    result = cxm("import", WORKBOOK)
    assert result.code == 0, result.out
    data = yaml.safe_load(
        (repo.root / "assessments/payments-platform/2026-10-30.yaml").read_text("utf-8")
    )
    assert data["scores"]["marketing"]["reviews"] == {
        "not_applicable": "We sell through no review sites."
    }
    assert data["scores"]["policies"] == {
        "returns": {"not_applicable": "No returns: a free service."},
        "privacy": {"not_applicable": "We hold no personal data."},
    }
    assert cxm("validate").code == 0
