"""`cxm new`: the next assessment of a team, prefilled; never overwrites."""

from __future__ import annotations

import yaml


def test_new_prefills_levels_targets_evidence_and_open_actions(repo, cxm):
    repo.assessment(
        "payments/2026-09-30.yaml",
        """\
        team: Payments Platform
        group: Digital Channels
        date: 2026-09-30
        assessors: [Dana Lee, Sam Ortiz]
        targets: {support: 4}
        scores:
          support:
            self_service: {level: 4, evidence: "Help centre deflects 38% of tickets.", target: 5}
            onboarding: {ratings: {Dana Lee: 2, Sam Ortiz: 4}}
          marketing: {product_promise: 3}
        metrics: {nps: 31}
        actions:
          - {title: Publish a status page, area: support, due: 2026-12-31, status: in_progress}
          - {title: Old thing, area: support, status: done}
        """,
    )
    result = cxm("new", "Payments Platform", "--date", "2026-10-30")
    assert result.code == 0, result.err
    path = repo.root / "assessments/payments-platform/2026-10-30.yaml"
    assert result.out.strip() == "assessments/payments-platform/2026-10-30.yaml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/assessment.schema.json\n")
    data = yaml.safe_load(text)
    assert data["team"] == "Payments Platform" and data["group"] == "Digital Channels"
    assert str(data["date"]) == "2026-10-30"
    assert data["assessors"] == ["Dana Lee", "Sam Ortiz"]
    assert data["targets"] == {"support": 4}
    support = data["scores"]["support"]
    assert support["self_service"] == {
        "level": 4,
        "evidence": "Help centre deflects 38% of tickets.",
        "target": 5,
    }
    assert support["onboarding"] == 3  # the raters' median
    assert data["scores"]["policies"]["returns"] == 1  # not assessed last time: lowest level
    assert [a["title"] for a in data["actions"]] == ["Publish a status page"]
    assert "#   nps: 31" in text  # last value shown as a hint, to be measured again
    assert cxm("validate", "assessments/payments-platform/2026-10-30.yaml").code == 0


def test_new_refuses_to_overwrite_and_writes_nothing(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")
    first = cxm("new", "Payments Platform", "--date", "2026-10-30")
    assert first.code == 0
    path = repo.root / "assessments/payments-platform/2026-10-30.yaml"
    path.write_text(path.read_text("utf-8") + "# my edits\n", encoding="utf-8")
    before = path.read_bytes()
    second = cxm("new", "Payments Platform", "--date", "2026-10-30")
    assert second.code == 1
    assert "already assesses" in second.err and "nothing was written" in second.err
    assert path.read_bytes() == before


def test_new_refuses_a_date_the_team_has_in_another_file(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")  # not at the recommended path
    result = cxm("new", "Payments Platform", "--date", "2026-09-30")
    assert result.code == 1
    assert "assessments/payments/2026-09-30.yaml" in result.err
    assert not (repo.root / "assessments/payments-platform").exists()


def test_new_team_gets_a_blank_template_that_validates(repo, cxm):
    result = cxm("new", "Customer Care Ü", "--date", "2026-10-01")
    assert result.code == 0, result.err
    path = repo.root / "assessments/customer-care-u/2026-10-01.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["team"] == "Customer Care Ü"
    assert data["scores"]["support"] == {"self_service": 1, "onboarding": 1}
    checked = cxm("validate", "--format", "json")
    assert checked.code == 0
    assert '"severity": "error"' not in checked.out


def test_new_rejects_bad_and_future_dates(repo, cxm):
    assert cxm("new", "X", "--date", "2026-13-45").code == 2
    assert cxm("new", "X", "--date", "2027-01-01").code == 2
    assert not list((repo.root / "assessments").iterdir())
