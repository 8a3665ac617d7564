"""`cxm validate` on the commonest slips in a repository made by `cxm init`: each said in plain
words, with the framework's vocabulary, on the line (and column) of the mistake, and one slip
is one problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from cxm.project import BUILTIN_FRAMEWORK
from sitebuild import EPOCH, run_cxm

TODAY = "2026-11-01"  # the day of EPOCH
EXAMPLE = f"assessments/example-team/{TODAY}.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("slips") / "repo"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        code, _, err = run_cxm(["init", str(root)], root.parent)
    assert code == 0, err
    return root


def validate(project: Path, old: str, new: str) -> list[str]:
    """The lines `cxm validate` prints for the example with `old` replaced by `new`."""
    text = (project / EXAMPLE).read_text("utf-8")
    assert old in text
    path = project / "assessments" / "slip" / f"{TODAY}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace(old, new, 1).replace("Example Team", "Slip Team"), "utf-8")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
            code, out, _ = run_cxm(["validate", str(path.relative_to(project))], project)
    finally:
        path.unlink()
    assert code == 1
    return out.splitlines()


FILE = f"assessments/slip/{TODAY}.yaml"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "    usability: 3\n",
            "\tusability: 3\n",
            "33:1: error: a tab in the indentation: YAML indents with spaces only; replace the "
            "tab with spaces [yaml-syntax]",
        ),
        (
            "    accessibility: 2\n",
            "    accessibility 2\n",
            "37:5: error: missing colon after 'accessibility': write 'accessibility: 2' "
            "[yaml-syntax]",
        ),
        (
            "    usability: 3\n",
            "   usability: 3\n",
            "33:4: error: 'usability' is indented 3 spaces, the practices of 'technology' after "
            "it 4 spaces: line it up with them [yaml-syntax]",
        ),
        (
            "    launch_readiness: 2\n",
            "   launch_readiness: 2\n",
            "38:4: error: 'launch_readiness' is indented 3 spaces, between the practices of "
            "'technology' above it (4) and the areas (2): line it up with the ones it belongs "
            "to [yaml-syntax]",
        ),
        (
            "    usability: 3\n",
            "    usability: 3.5\n",
            "33:16: error: level of 'technology.usability' must be a whole number from 1 to 5, "
            "not 3.5 [invalid-value]",
        ),
        (
            "    usability: 3\n",
            "    usabilty: 3\n",
            "33:5: error: unknown practice 'usabilty' in area 'technology'; did you mean "
            "'usability'? [unknown-practice]",
        ),
    ],
    ids=["tab", "missing-colon", "dedented-first", "dedented-last", "decimal-level", "typo"],
)
def test_a_slip_is_one_problem_in_plain_words_at_its_line(project, old, new, problem):
    assert validate(project, old, new) == [
        f"{FILE}:{problem}",
        "1 file checked: 1 error, 0 warnings",
    ]


def test_the_long_form_level_is_named_as_the_practices_level(project):
    lines = validate(project, "      level: 4\n", "      level: 4.5\n")
    assert lines[0] == (
        f"{FILE}:35:14: error: level of 'technology.reliability' must be a whole number from 1 "
        "to 5, not 4.5 [invalid-value]"
    )


def test_mkdocs_yml_is_not_an_assessment_in_one_line(project):
    code, out, _ = run_cxm(["validate", "mkdocs.yml"], project)
    assert code == 1
    assert out.splitlines() == [
        "mkdocs.yml:2:1: error: not an assessment file: it is an MkDocs configuration (it has "
        "site_name); an assessment has team, date, assessors and scores [invalid-value]",
        "1 file checked: 1 error, 0 warnings",
    ]


def test_a_framework_is_not_an_assessment_in_one_line(project):
    (project / "framework.yaml").write_bytes(BUILTIN_FRAMEWORK.read_bytes())
    code, out, _ = run_cxm(["validate", "framework.yaml"], project)
    assert code == 1
    [problem, _] = out.splitlines()
    assert problem.endswith(
        ": error: not an assessment file: it is a framework (it has levels and areas); an "
        "assessment has team, date, assessors and scores [invalid-value]"
    )
