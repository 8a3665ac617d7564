"""The editor, as VS Code's YAML extension shows an assessment: the real yaml-language-server
(npm, `npm ci`) driven over its protocol, with the schema that `cxm init` writes and the
`yaml.schemas` setting of the `.vscode/settings.json` it writes.

Hovers show each practice's question and what each level looks like for it; completion offers
the ids and the levels with their names; and the server's diagnostics agree with `cxm validate`
on a corpus of slips, each disagreement listed with its reason in docs/guides/editor.md.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from lsp import Client, position_of, server_command
from sitebuild import EPOCH, ROOT, run_cxm

TODAY = "2026-11-01"  # the day of EPOCH
EXAMPLE = f"assessments/example-team/{TODAY}.yaml"
GUIDE = ROOT / "docs" / "guides" / "editor.md"
DIFFER = "## Where the editor and cxm differ"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A repository made by `cxm init`: the schemas, the example, the editor settings."""
    root = tmp_path_factory.mktemp("editor") / "repo"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        code, _, err = run_cxm(["init", str(root)], root.parent)
    assert code == 0, err
    return root


def editor_settings(project: Path) -> dict:
    """The `yaml` settings a repository made by `cxm init` gives VS Code (and no schema store:
    no network)."""
    settings = json.loads((project / ".vscode/settings.json").read_text("utf-8"))
    return {
        "schemas": settings["yaml.schemas"],
        "yamlVersion": settings["yaml.yamlVersion"],
        "validate": True,
        "hover": True,
        "completion": True,
        "schemaStore": {"enable": False},
        "format": {"enable": False},
    }


def require_server() -> None:
    if server_command() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("yaml-language-server is not installed: `npm ci` installs it")
        pytest.skip("yaml-language-server is not installed (npm ci)")


@pytest.fixture(scope="module")
def server(project: Path):
    require_server()
    with Client(project, editor_settings(project)) as client:
        yield client


def base(project: Path) -> str:
    """The example assessment of `cxm init` without its modeline: the settings map the schema."""
    text = (project / EXAMPLE).read_text("utf-8")
    lines = [line for line in text.splitlines() if "yaml-language-server:" not in line]
    return "\n".join(lines) + "\n"


def opened(server: Client, project: Path, text: str, name: str = "hover") -> str:
    path = project / "assessments" / "editor" / f"{name}.yaml"
    server.diagnostics_of(path, text)  # opened and checked: the server has read the schema
    return path.as_uri()


# -- hover ------------------------------------------------------------------------------------


def test_hover_on_a_short_form_practice_shows_its_question_and_its_levels(server, project):
    text = base(project)
    uri = opened(server, project, text)
    for offset in (2, len("product_promise: ")):  # the key, and the level
        line, character = position_of(text, "    product_promise: 3", 4 + offset)
        shown = server.hover(uri, line, character)
        assert shown.startswith("#### Product promise\n"), shown
        assert "Does what we say before the sale match what customers get after it?" in shown
        # What each level looks like for this practice, named; the level written comes first.
        assert "* `3`: **3 Standardizing**: One approved list of claims is the source" in shown
        assert shown.index("`3`") < shown.index("`1`")
        assert "* `5`: **5 Improving**: New messages are shown to prospects before launch" in shown


def test_hover_on_a_long_form_practice_shows_its_question_and_its_levels(server, project):
    text = base(project)
    uri = opened(server, project, text)
    line, character = position_of(text, "    reliability:", 6)
    shown = server.hover(uri, line, character)
    assert shown.startswith("#### Reliability and performance\n"), shown
    assert "How often does the product or service fail or slow down for customers" in shown
    assert "- **1 Reacting**: Customers tell us about failures" in shown
    assert "- **5 Improving**: Automatic checks run through the main journeys" in shown
    # On its level: the same question, and the level written first.
    line, character = position_of(text, "      level: 4\n", 13)
    shown = server.hover(uri, line, character)
    assert shown.startswith("#### Reliability and performance\n"), shown
    level_4 = "* `4`: **4 Measuring**: Performance against the reliability targets"
    assert shown.index(level_4) < shown.index("* `1`")
    # A rating is a level of the practice too.
    line, character = position_of(text, "ratings: {Alex Morgan: 2", len("ratings: {Alex Morgan: "))
    shown = server.hover(uri, line, character)
    assert shown.startswith("#### Handover after the sale\n"), shown
    assert "* `2`: **2 Repeating**: For large sales the salesperson sends notes" in shown


def test_hover_on_areas_metrics_and_targets_shows_their_descriptions_and_units(server, project):
    text = base(project)
    uri = opened(server, project, text)
    line, character = position_of(text, "  marketing:\n", 4)
    shown = server.hover(uri, line, character)
    assert shown.startswith("#### Marketing\n"), shown
    assert "How people learn about the offer and judge whether it fits" in shown
    line, character = position_of(text, "  csat: {value", 3)
    shown = server.hover(uri, line, character)
    assert shown.startswith("#### Customer satisfaction (%)\n"), shown
    assert "In %, from 0 to 100; higher is better." in shown
    line, character = position_of(text, "  nps: 24", 3)
    shown = server.hover(uri, line, character)
    assert shown.startswith("#### Net Promoter Score\n"), shown
    assert "From -100 to 100; higher is better." in shown
    line, character = position_of(text, "\n  support: 4", 4)  # in `targets`
    shown = server.hover(uri, line, character)
    assert shown.startswith("#### Target for Support\n"), shown
    assert "* `4`: **4 Measuring**: The practice is measured on a fixed cadence" in shown


# -- completion -------------------------------------------------------------------------------


def labels(items: list[dict]) -> list[str]:
    return [item["label"] for item in items]


def documentation(item: dict) -> str:
    doc = item.get("documentation") or ""
    return doc.get("value", "") if isinstance(doc, dict) else doc


def test_completion_offers_the_ids_that_are_not_written_yet(server, project):
    text = base(project)
    # An area left out, a practice left out, a metric left out: each is offered where it goes.
    text = text.replace("  policies:\n", "  policiez:\n", 1)
    text = text.replace("    usability: 3\n", "    \n", 1)
    text = text.replace("  nps: 24", "  \n  nps: 24", 1)
    text = text.replace("scores:\n", "scores:\n  \n", 1)
    uri = opened(server, project, text)
    line, _ = position_of(text, "scores:\n  \n")
    assert "policies" in labels(server.completion(uri, line + 1, 2))
    line, _ = position_of(text, "  technology:\n    \n")
    assert labels(server.completion(uri, line + 1, 4)) == ["usability"]
    line, _ = position_of(text, "metrics:\n  \n")
    assert {"ces", "churn"} <= set(labels(server.completion(uri, line + 1, 2)))


def test_completing_a_level_offers_the_scale_with_each_level_named(server, project):
    text = base(project).replace("    usability: 3\n", "    usability: \n", 1)
    text = text.replace(
        '      level: 4\n      evidence: "SLO', '      level: \n      evidence: "SLO'
    )
    uri = opened(server, project, text)
    # The short form of `usability`, the long form of `reliability`: each practice's own words.
    for needle, level_4 in (
        ("    usability: \n", "Task success rate"),
        ("      level: \n", "Performance against the reliability targets"),
    ):
        line, character = position_of(text, needle, len(needle) - 1)
        items = [i for i in server.completion(uri, line, character) if i["label"].isdigit()]
        assert labels(items) == ["1", "2", "3", "4", "5"], needle
        names = [documentation(i).split(":")[0] for i in items]
        assert names == [
            "**1 Reacting**",
            "**2 Repeating**",
            "**3 Standardizing**",
            "**4 Measuring**",
            "**5 Improving**",
        ]
        assert documentation(items[3]).startswith(f"**4 Measuring**: {level_4}")


def test_completion_offers_framework_version_and_not_applicable(server, project):
    text = base(project).replace("assessors:", "\nassessors:", 1)
    text = text.replace(
        '      level: 4\n      evidence: "SLO', '      \n      level: 4\n      evidence: "SLO'
    )
    uri = opened(server, project, text)
    line, _ = position_of(text, "\n\nassessors:")
    assert "framework_version" in labels(server.completion(uri, line + 1, 0))
    line, _ = position_of(text, "      \n      level: 4")
    offered = labels(server.completion(uri, line, 6))
    assert "not_applicable" in offered and "evidence" not in offered


# -- diagnostics: the editor and `cxm validate` on a corpus of slips ---------------------------


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple[tuple[str, str], ...]  # (old, new) replacements of the example
    disagree: str = ""  # why the editor and cxm differ; empty when they agree
    yaml_1_2: bool = False  # they differ only when the editor reads YAML 1.2


def case(name: str, *edits: tuple[str, str], disagree: str = "", yaml_1_2: bool = False) -> Case:
    return Case(name, edits, disagree, yaml_1_2)


# With the settings of `cxm init` (YAML 1.1, as cxm reads it), and without them: the server's
# default, YAML 1.2, which is what an editor that reads only the modeline gets.
VERSIONS = ("1.1", "1.2")
ONLY_1_2 = "with YAML 1.2 only: "


WARNING = "a warning of cxm ({}); a schema says what is wrong, and has no warnings"
CORPUS = [
    case("valid"),
    case("unknown-field", ("summary: |", "sumary: |")),
    case("missing-team", ("team: Example Team", "#")),
    case("missing-date", (f"date: {TODAY}", "#")),
    case("missing-assessors", ("assessors: [Alex Morgan, Jamie Chen]", "#")),
    case("missing-scores", ("scores:\n", "scores_:\n")),
    case("no-assessors", ("assessors: [Alex Morgan, Jamie Chen]", "assessors: []")),
    case("blank-team", ("team: Example Team", "team: '  '")),
    case("long-team", ("team: Example Team", "team: " + "t" * 101)),
    case("date-format", (f"date: {TODAY}", "date: 2026-11-1")),
    case(
        "date-not-a-date",
        (f"date: {TODAY}", "date: 2026-02-30"),
        disagree="a calendar check: the pattern YYYY-MM-DD cannot know February has no 30th",
    ),
    case(
        "future-date",
        (f"date: {TODAY}", "date: 2027-01-04"),
        disagree="needs today's date, which a schema does not have",
    ),
    case("unknown-area", ("  policies:\n", "  policiez:\n")),
    case("unknown-practice", ("    usability: 3\n", "    usabilty: 3\n")),
    case("level-above-scale", ("    usability: 3\n", "    usability: 7\n")),
    case("level-zero", ("    usability: 3\n", "    usability: 0\n")),
    case("level-decimal", ("    usability: 3\n", "    usability: 3.5\n")),
    case("level-text", ("    usability: 3\n", "    usability: three\n")),
    case("level-long-form-decimal", ("      level: 4\n", "      level: 4.5\n")),
    case(
        "level-written-3.0",
        ("    usability: 3\n", "    usability: 3.0\n"),
        disagree="JSON has one kind of number: the editor reads 3.0 as the whole number 3, "
        "cxm asks for 3",
    ),
    case(
        "level-binary",
        ("    usability: 3\n", "    usability: 0b11\n"),
        disagree="YAML 1.1 (cxm) reads 0b11 as 3, YAML 1.2 as text",
        yaml_1_2=True,
    ),
    case(
        "level-octal",
        ("    usability: 3\n", "    usability: 0o3\n"),
        disagree="YAML 1.2 reads 0o3 as 3, YAML 1.1 (cxm) as text",
        yaml_1_2=True,
    ),
    case(
        "long-form-without-level", ('      level: 4\n      evidence: "SLO', '      evidence: "SLO')
    ),
    case("long-form-unknown-field", ("      target: 5 ", "      targte: 5 ")),
    case("ratings-out-of-scale", ("ratings: {Alex Morgan: 2,", "ratings: {Alex Morgan: 9,")),
    case("ratings-empty", ("ratings: {Alex Morgan: 2, Jamie Chen: 2}", "ratings: {}")),
    case(
        "rater-not-an-assessor",
        ("ratings: {Alex Morgan: 2,", "ratings: {Alex Morgen: 2,"),
        disagree="compares two fields (ratings and assessors), which draft-07 cannot",
    ),
    case(
        "raters-disagree",
        ("ratings: {Alex Morgan: 2, Jamie Chen: 2}", "ratings: {Alex Morgan: 1, Jamie Chen: 4}"),
        disagree=WARNING.format("disagreement"),
    ),
    case(
        "missing-evidence",
        (
            '      level: 4\n      evidence: "SLO attainment 99.95% for the last'
            ' two quarters; the error budget decides release freezes."\n',
            "      level: 4\n",
        ),
        disagree=WARNING.format("missing-evidence"),
    ),
    case(
        "area-not-assessed",
        (
            "  policies:\n    refunds_and_cancellation: 3\n"
            "    privacy_and_consent: 3\n    service_levels: 2\n"
            "    policy_review: 2\n",
            "",
        ),
        disagree=WARNING.format("incomplete"),
    ),
    case(
        "target-unknown-area",
        (
            "targets:                           # per area; the other"
            " areas aim for the default (3)\n  support: 4",
            "targets:\n  suport: 4",
        ),
    ),
    case("target-above-scale", ("  support: 4\n", "  support: 6\n")),
    case("metric-unknown", ("  nps: 24", "  npss: 24")),
    case("metric-out-of-range", ("  nps: 24", "  nps: 150")),
    case("metric-long-form-out-of-range", ("csat: {value: 81,", "csat: {value: 181,")),
    case("metric-text", ("  nps: 24", "  nps: high")),
    case("action-unknown-area", ("    area: sales\n", "    area: sale\n")),
    case(
        "action-practice-of-another-area",
        ("    practice: handover_to_onboarding\n", "    practice: onboarding\n"),
    ),
    case("action-status", ("    status: planned", "    status: doing")),
    case("action-due-format", ("    due: 2027-01-31", "    due: 31 January 2027")),
    case(
        "action-without-title",
        (
            "  - title: Hand over every closed deal with a written"
            " onboarding brief\n    area: sales",
            "  - area: sales",
        ),
    ),
    case("duplicate-key", ("    usability: 3\n", "    usability: 3\n    usability: 2\n")),
    case(
        "tab-indentation",
        ("    usability: 3\n", "\tusability: 3\n"),
        disagree="cxm stops at the tab and names it; the editor's parser goes on, and flags the "
        "area above and every area after it too",
    ),
    case("missing-colon", ("    accessibility: 2\n", "    accessibility 2\n")),
    case("not-a-mapping", ("", "- team: Example Team\n- date: 2026-11-01\n")),
    case(
        "empty-file",
        ("", "# nothing yet\n"),
        disagree="an empty file is no document for the editor, so nothing to check",
    ),
    case(
        "mkdocs-config",
        ("", "site_name: CX maturity\ntheme:\n  name: material\n"),
        disagree="cxm says in one line that the file is not an assessment; the editor flags "
        "each field",
    ),
    case(
        "dedented-practice",
        ("    usability: 3\n", "   usability: 3\n"),
        disagree="both flag the dedented line; the editor also flags the practices after it, "
        "which no longer line up with it",
    ),
    case(
        "colon-in-value",
        ('      evidence: "SLO attainment 99.95%', "      evidence: SLO: attainment 99.95%"),
    ),
    case("level-left-empty", ("    usability: 3\n", "    usability:\n")),
    case("valid-yes-as-text", ("team: Example Team", "team: yes")),
    case(
        "valid-ratings-only",
        (
            '      level: 4\n      evidence: "SLO',
            '      ratings: {Alex Morgan: 4, Jamie Chen: 4}\n      evidence: "SLO',
        ),
    ),
]


def corpus_text(project: Path, case: Case) -> str:
    text = base(project)
    for old, new in case.edits:
        if not old:  # a whole file of its own
            return new
        assert old in text, f"{case.name}: {old!r} is not in the example"
        text = text.replace(old, new, 1)
    return text


def cxm_lines(project: Path, path: Path) -> set[int]:
    """Lines of every problem `cxm validate` finds in the file (errors and warnings)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        code, out, err = run_cxm(["validate", "--format", "json", str(path)], project)
    assert code in (0, 1), err
    return {d["line"] for d in json.loads(out)}


def editor_lines(diagnostics: list[dict]) -> set[int]:
    return {d["range"]["start"]["line"] + 1 for d in diagnostics}


@pytest.fixture(scope="module", params=VERSIONS, ids=lambda v: f"yaml-{v}")
def agreement(request, project) -> tuple[str, dict[str, tuple[set[int], set[int]]]]:
    """The YAML version, and for each case: (lines of cxm's diagnostics, lines of the editor's)."""
    require_server()
    folder = project / "assessments" / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    settings = {**editor_settings(project), "yamlVersion": request.param}
    out = {}
    with Client(project, settings) as server:
        for item in CORPUS:
            path = folder / f"{item.name}.yaml"
            text = corpus_text(project, item)
            path.write_text(text, encoding="utf-8")
            editor = editor_lines(server.diagnostics_of(path, text))
            out[item.name] = (cxm_lines(project, path), editor)
            path.unlink()
    return request.param, out


def test_the_corpus_has_thirty_cases_or_more():
    assert len(CORPUS) >= 30
    assert len({c.name for c in CORPUS}) == len(CORPUS)


def differs(item: Case, version: str) -> bool:
    return bool(item.disagree) and (version == "1.2" or not item.yaml_1_2)


@pytest.mark.parametrize("item", CORPUS, ids=lambda c: c.name)
def test_the_editor_flags_the_lines_cxm_flags_except_where_the_guide_says_why(item, agreement):
    version, lines = agreement
    cxm, editor = lines[item.name]
    if differs(item, version):
        assert cxm != editor, f"{item.name} agrees now: take it off the list of disagreements"
    else:
        assert cxm == editor, f"cxm flags lines {sorted(cxm)}, the editor {sorted(editor)}"
    if not item.name.startswith("valid") and not item.disagree:
        assert cxm, f"{item.name}: cxm finds nothing; the case tests no slip"


def test_the_guide_lists_every_disagreement_with_its_reason():
    guide = GUIDE.read_text("utf-8").split(DIFFER, 1)[1]
    rows = dict(re.findall(r"^\| `([\w.-]+)` \| (.+?) \|$", guide, re.M))
    disagree = {c.name: (ONLY_1_2 if c.yaml_1_2 else "") + c.disagree for c in CORPUS if c.disagree}
    assert set(rows) == set(disagree)
    for name, reason in disagree.items():
        assert rows[name] == reason, name
    for version in VERSIONS:
        agree = sum(not differs(c, version) for c in CORPUS)
        assert f"agree on {agree} of the {len(CORPUS)} cases with YAML {version}" in guide
