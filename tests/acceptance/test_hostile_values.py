"""Hostile values through the command line: odd tags and huge numbers are diagnostics at the
value (never a traceback, never the end of the run), YAML 1.1 words are text where text is
expected, and two spellings of a group are a warning."""

from __future__ import annotations

import json

from conftest import ASSESSMENT, FRAMEWORK

BROKEN_SCORES = ASSESSMENT.replace("    onboarding: 3\n", "    onboarding: !!int ''\n")


def test_one_file_with_a_tag_on_an_empty_value_does_not_hide_the_others(repo, cxm):
    repo.assessment("alpha/2026-09-30.yaml", BROKEN_SCORES)
    repo.assessment(
        "beta/2026-09-30.yaml",
        ASSESSMENT.replace("Payments Platform", "Beta").replace("reviews: 2", "reviews: 9"),
    )
    repo.assessment(
        "gamma/2026-09-30.yaml",
        ASSESSMENT.replace("Payments Platform", "Gamma").replace("  policies:", "  polices:"),
    )
    result = cxm("validate")
    assert result.code == 1
    lines = result.out.splitlines()
    assert (
        "assessments/alpha/2026-09-30.yaml:8:17: error: invalid YAML: '' is not a valid !!int "
        "[yaml-syntax]" in lines
    )
    assert (
        "assessments/beta/2026-09-30.yaml:11:14: error: level 9 is outside the scale 1..5 "
        "[out-of-range]" in lines
    )
    assert any(
        line.startswith("assessments/gamma/2026-09-30.yaml:12:3: error: unknown area 'polices'")
        for line in lines
    )
    assert "Traceback" not in result.err and "internal error" not in result.err + result.out


def test_a_5000_digit_level_is_reported_at_the_level_in_a_short_line(repo, cxm):
    repo.assessment("a.yaml", ASSESSMENT.replace("reviews: 2", "reviews: " + "9" * 5000))
    result = cxm("validate")
    assert result.code == 1
    [line] = [line for line in result.out.splitlines() if "too long" in line]
    assert line.startswith("assessments/a.yaml:11:14: error: number '9999")
    assert len(line) < 200


def test_a_huge_framework_weight_stops_export_and_build_with_an_error_at_the_weight(repo, cxm):
    repo.write(
        "framework.yaml",
        FRAMEWORK.replace("    weight: 2\n    practices:", "    weight: 1.0e+308\n    practices:"),
    )
    repo.assessment("payments/2026-09-30.yaml")
    expected = (
        "framework.yaml:15:13: error: areas[0].weight: 1e+308 is out of range: it must be at "
        "most 1,000 [framework]"
    )
    for command in (("export",), ("build",)):
        result = cxm(*command)
        assert result.code == 1, command
        assert expected in (result.out + result.err).splitlines(), (command, result)
        assert "Traceback" not in result.err
    assert not (repo.root / "site").exists()


def test_a_huge_metric_bound_is_an_error_at_the_bound(repo, cxm):
    repo.write("framework.yaml", FRAMEWORK.replace("min: 0, max: 100", "min: 0, max: 1.0e+308"))
    repo.assessment("payments/2026-09-30.yaml")
    result = cxm("validate", "--format", "json")
    assert result.code == 1
    [d] = json.loads(result.out)
    assert (d["path"], d["line"], d["column"], d["code"]) == ("framework.yaml", 75, 69, "framework")


def test_yaml_1_1_booleans_and_numbers_are_names_as_written(repo, cxm):
    repo.assessment(
        "a.yaml",
        ASSESSMENT.replace("team: Payments Platform", "team: 1984")
        .replace("group: Digital Channels", "group: Yes")
        .replace("assessors: [Dana Lee, Sam Ortiz]", "assessors: [No, On]")
        .replace("    onboarding: 3\n", "    onboarding: {ratings: {No: 3, On: 4}}\n"),
    )
    assert cxm("validate").code == 0
    result = cxm("export")
    assert result.code == 0
    [exported] = json.loads(result.out)["assessments"]
    assert (exported["team"], exported["slug"], exported["group"]) == ("1984", "1984", "Yes")


def test_two_spellings_of_a_group_are_a_warning_naming_both(repo, cxm):
    repo.assessment("a.yaml")
    repo.assessment(
        "b.yaml",
        ASSESSMENT.replace("Payments Platform", "Support").replace(
            "Digital Channels", "digital channels"
        ),
    )
    result = cxm("validate")
    assert result.code == 0
    assert (
        "assessments/b.yaml:2:8: warning: group 'digital channels' and group 'Digital Channels' "
        "(assessments/a.yaml) both give the slug 'digital-channels' and are shown as one group; "
        "write the name the same way in every file [group-collision]"
    ) in result.out.splitlines()
    assert cxm("validate", "--strict").code == 1
