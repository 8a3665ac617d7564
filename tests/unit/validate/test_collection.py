"""Checks across files: two spellings of one group are a warning, not a silent merge."""

from __future__ import annotations

from conftest import TODAY, document, framework_from
from cxm.validate.assessment import validate_assessment
from cxm.validate.collection import check_collection

FILE = """\
team: {team}
group: {group}
date: 2026-09-30
assessors: [Kim]
scores: {{}}
"""


def loaded(*files: tuple[str, str, str]):
    """(path, team, group) -> valid AssessmentFiles."""
    fw = framework_from()
    out = []
    for path, team, group in files:
        item, diagnostics = validate_assessment(
            document(FILE.format(team=team, group=group), path), fw, TODAY
        )
        assert item is not None, diagnostics
        out.append(item)
    return out


def collisions(*files: tuple[str, str, str]) -> list[tuple]:
    found = check_collection(loaded(*files), None, TODAY)
    return [(d.path, d.severity, d.line, d.column, d.message) for d in found]


def test_group_names_that_differ_in_case_or_punctuation_are_a_warning_naming_both():
    found = collisions(
        ("a/1.yaml", "Alpha", "Digital Channels"),
        ("b/1.yaml", "Beta", "digital channels"),
        ("c/1.yaml", "Gamma", "Digital-Channels!"),
        ("d/1.yaml", "Delta", "Digital Channels"),
    )
    assert found == [
        (
            "b/1.yaml",
            "warning",
            2,
            8,
            "group 'digital channels' and group 'Digital Channels' (a/1.yaml) both give the "
            "slug 'digital-channels' and are shown as one group; write the name the same way "
            "in every file",
        ),
        (
            "c/1.yaml",
            "warning",
            2,
            8,
            "group 'Digital-Channels!' and group 'Digital Channels' (a/1.yaml) both give the "
            "slug 'digital-channels' and are shown as one group; write the name the same way "
            "in every file",
        ),
    ]


def test_one_spelling_in_many_files_or_different_groups_are_no_warning():
    assert (
        collisions(
            ("a/1.yaml", "Alpha", "Digital Channels"),
            ("b/1.yaml", "Beta", "Digital Channels"),
            ("c/1.yaml", "Gamma", "Retail"),
        )
        == []
    )


def test_a_group_collision_is_a_warning_only_so_the_files_still_build():
    items = loaded(("a/1.yaml", "Alpha", "Ops"), ("b/1.yaml", "Beta", "OPS"))
    [d] = check_collection(items, None, TODAY)
    assert (d.code, d.is_error) == ("group-collision", False)


def test_a_group_named_like_the_teams_without_a_group_is_a_warning_when_some_have_none():
    fw = framework_from()
    alone = "team: Solo\ndate: 2026-09-30\nassessors: [Kim]\nscores: {}\n"
    solo, _ = validate_assessment(document(alone, "s/1.yaml"), fw, TODAY)
    named = loaded(("a/1.yaml", "Alpha", "Ungrouped"), ("b/1.yaml", "Beta", "Ungrouped"))
    assert check_collection(named, None, TODAY) == []  # nobody without a group: no merge
    found = check_collection([*named, solo], None, TODAY)
    # One warning per spelling, at its first file.
    assert [(d.path, d.code, d.severity, d.line, d.column) for d in found] == [
        ("a/1.yaml", "group-collision", "warning", 2, 8),
    ]
    assert found[0].message == (
        "group 'Ungrouped' gives the slug 'ungrouped' of the teams without a group (such as "
        "'Solo', s/1.yaml): the site shows them as one group 'Ungrouped'; give the group another "
        "name"
    )
