"""The `cxm` command end to end, in temp folders: output formats, exit codes, configuration."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml
from conftest import ASSESSMENT, FRAMEWORK, FRAMEWORK_0_3, make_repo
from cxm import __version__

BAD_LEVEL = ASSESSMENT.replace("    onboarding: 3\n", "    onboarding: 7\n")  # line 8, column 17
NO_POLICIES = ASSESSMENT.replace("  policies:\n    returns: 2\n    privacy: 3\n", "")

SUMMARY = re.compile(r"^\d+ files? checked: \d+ errors?, \d+ warnings?$")


def lines(text: str) -> list[str]:
    return text.splitlines()


# -- output formats -------------------------------------------------------------------------


def test_text_format_is_one_problem_a_line_then_a_summary(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    repo.assessment("support/2026-09-30.yaml", NO_POLICIES.replace("Payments", "Support"))
    result = cxm("validate")
    assert result.code == 1
    assert lines(result.out) == [
        "assessments/payments/2026-09-30.yaml:8:17: error: level 7 is outside the scale 1..5"
        " [out-of-range]",
        "assessments/support/2026-09-30.yaml:5:1: warning: 'policies' not assessed [incomplete]",
        "3 files checked: 1 error, 1 warning",
    ]
    assert result.err == ""


def test_github_format_is_workflow_annotations(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    repo.assessment("support/2026-09-30.yaml", NO_POLICIES.replace("Payments", "Support"))
    result = cxm("validate", "--format", "github")
    assert result.code == 1
    assert lines(result.out) == [
        "::error file=assessments/payments/2026-09-30.yaml,line=8,col=17::"
        "level 7 is outside the scale 1..5 [out-of-range]",
        "::warning file=assessments/support/2026-09-30.yaml,line=5,col=1::"
        "'policies' not assessed [incomplete]",
        "3 files checked: 1 error, 1 warning",
    ]


def test_github_annotations_point_from_the_repository_root(tmp_path, cxm, monkeypatch):
    """A project in a subfolder of the repository: annotations name the file from the root."""
    repo = make_repo(tmp_path / "cx")
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    result = cxm("validate", "--config", "cx/mkdocs.yml", "--format", "github", cwd=tmp_path)
    assert lines(result.out)[0].startswith(
        "::error file=cx/assessments/payments/2026-09-30.yaml,line=8,col=17::"
    )
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    result = cxm("validate", "--format", "github", cwd=tmp_path / "cx")
    assert lines(result.out)[0].startswith("::error file=cx/assessments/payments/2026-09-30.yaml,")
    # The other formats keep paths from the folder of mkdocs.yml.
    result = cxm("validate", "--config", "cx/mkdocs.yml", cwd=tmp_path)
    assert lines(result.out)[0].startswith("assessments/payments/2026-09-30.yaml:8:17:")


def test_github_format_escapes_percent_and_newlines_in_messages(repo, cxm):
    repo.assessment("odd.yaml", ASSESSMENT + '"50%\\nnew": 1\n')
    result = cxm("validate", "--format", "github")
    (annotation,) = [line for line in lines(result.out) if line.startswith("::")]
    assert annotation == (
        "::error file=assessments/odd.yaml,line=18,col=1::"
        "unknown field '50%25%0Anew' [unknown-field]"
    )


def test_json_format_is_an_array_of_diagnostics(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    repo.assessment("support/2026-09-30.yaml", NO_POLICIES.replace("Payments", "Support"))
    result = cxm("validate", "--format", "json")
    assert result.code == 1
    assert json.loads(result.out) == [
        {
            "path": "assessments/payments/2026-09-30.yaml",
            "line": 8,
            "column": 17,
            "severity": "error",
            "code": "out-of-range",
            "message": "level 7 is outside the scale 1..5",
        },
        {
            "path": "assessments/support/2026-09-30.yaml",
            "line": 5,
            "column": 1,
            "severity": "warning",
            "code": "incomplete",
            "message": "'policies' not assessed",
        },
    ]


def test_json_format_of_a_clean_run_is_an_empty_array(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")
    result = cxm("validate", "--format", "json")
    assert (result.code, json.loads(result.out)) == (0, [])


def test_quiet_leaves_out_the_summary_and_verbose_lists_the_files(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    quiet = cxm("validate", "-q")
    assert quiet.code == 1
    assert lines(quiet.out) == [
        "assessments/payments/2026-09-30.yaml:8:17: error: level 7 is outside the scale 1..5"
        " [out-of-range]"
    ]
    verbose = cxm("validate", "--verbose")
    assert "checked assessments/payments/2026-09-30.yaml" in verbose.err
    assert SUMMARY.match(lines(verbose.out)[-1])


# -- exit codes -----------------------------------------------------------------------------


def test_warnings_only_exit_zero(repo, cxm):
    repo.assessment("support/2026-09-30.yaml", NO_POLICIES)
    result = cxm("validate")
    assert result.code == 0
    assert lines(result.out)[-1] == "2 files checked: 0 errors, 1 warning"


def test_errors_exit_one(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    assert cxm("validate").code == 1


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--bogus"),
        ("--bogus", "validate"),
        ("validate", "--format", "xml"),
        ("frobnicate",),
        ("export", "--format", "xlsx"),
    ],
)
def test_bad_flag_exits_two(repo, cxm, args):
    repo.assessment("payments/2026-09-30.yaml")
    result = cxm(*args)
    assert result.code == 2
    assert "Error:" in result.err and result.out == ""


def test_missing_path_exits_two(repo, cxm):
    result = cxm("validate", "assessments/nope.yaml")
    assert result.code == 2
    assert "nope.yaml" in result.err


def test_missing_assessments_folder_exits_two(repo, cxm):
    (repo.root / "assessments").rmdir()
    result = cxm("validate")
    assert result.code == 2
    assert "assessments folder not found" in result.err


def test_invalid_yaml_config_exits_two(repo, cxm):
    repo.write("mkdocs.yml", "site_name: [Test\nplugins:\n")
    result = cxm("validate")
    assert result.code == 2
    assert result.err.startswith("cxm: error: cannot read config")
    assert "Traceback" not in result.err


def test_missing_config_file_exits_two(repo, cxm):
    result = cxm("--config", "absent.yml", "validate")
    assert result.code == 2
    assert "absent.yml" in result.err


def test_unknown_plugin_option_exits_two(tmp_path, cxm):
    make_repo(tmp_path, assesments="data")
    result = cxm("validate")
    assert result.code == 2
    assert "unknown cx-maturity option(s): assesments" in result.err


def test_missing_framework_file_exits_two(repo, cxm):
    (repo.root / "framework.yaml").unlink()
    result = cxm("validate")
    assert result.code == 2
    assert "framework file not found" in result.err


# -- many files, paths, options -------------------------------------------------------------


def test_folder_of_fifty_files_reports_every_problem(repo, cxm):
    for i in range(50):
        text = ASSESSMENT.replace("Payments Platform", f"Team {i:02}")
        repo.assessment(
            f"team-{i:02}/2026-09-30.yaml",
            BAD_LEVEL.replace("Payments Platform", f"Team {i:02}") if i % 5 == 0 else text,
        )
    result = cxm("validate")
    assert result.code == 1
    out = lines(result.out)
    assert out[:-1] == [
        f"assessments/team-{i:02}/2026-09-30.yaml:8:17: error: level 7 is outside the scale 1..5"
        " [out-of-range]"
        for i in range(0, 50, 5)
    ]
    assert out[-1] == "51 files checked: 10 errors, 0 warnings"  # 50 assessments + framework


def test_paths_given_are_the_only_files_checked(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    good = repo.assessment("support/2026-09-30.yaml", ASSESSMENT.replace("Payments", "Support"))
    extra = repo.write("elsewhere/x.yml", ASSESSMENT.replace("Payments", "Elsewhere"))
    result = cxm("validate", good, extra)
    assert (result.code, lines(result.out)) == (0, ["3 files checked: 0 errors, 0 warnings"])


def test_hidden_folders_and_other_suffixes_are_skipped(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")
    repo.assessment(".drafts/x.yaml", "not: [valid\n")
    repo.assessment("payments/notes.txt", "not: [valid\n")
    repo.assessment("support/2026-09-30.yml", ASSESSMENT.replace("Payments", "Support"))
    assert lines(cxm("validate").out) == ["3 files checked: 0 errors, 0 warnings"]


@pytest.mark.parametrize(
    "args",
    [
        ("--config", "conf/x.yml", "validate"),
        ("validate", "--config", "conf/x.yml"),
        ("validate", "--format", "json", "--config", "conf/x.yml"),
    ],
)
def test_global_options_work_before_and_after_the_command(tmp_path, cxm, args):
    repo = make_repo(tmp_path / "conf")
    (repo.root / "mkdocs.yml").rename(repo.root / "x.yml")
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    result = cxm(*args)
    assert result.code == 1
    assert "assessments/payments/2026-09-30.yaml" in result.out
    assert "out-of-range" in result.out


@pytest.mark.parametrize("before", [True, False])
def test_framework_option_overrides_the_config(repo, cxm, before):
    repo.write("other.yaml", FRAMEWORK_0_3)
    repo.assessment("payments/2026-09-30.yaml")
    option = ("--framework", "other.yaml")
    result = cxm(*option, "validate") if before else cxm("validate", *option)
    assert result.code == 1
    assert "unknown area 'support'" in result.out


def test_settings_come_from_the_plugin_section_of_mkdocs_yml(repo, cxm):
    repo.write("framework.yaml", FRAMEWORK)
    repo.write(
        "mkdocs.yml",
        """
        site_name: Test
        plugins: [search, {cx-maturity: {assessments: data, framework: framework.yaml,
          stale_after_days: 30}}]
        """,
    )
    repo.write("data/payments/2026-09-30.yaml", ASSESSMENT)  # 32 days before "today"
    repo.assessment("ignored/2026-09-30.yaml", BAD_LEVEL)  # ./assessments is not configured
    result = cxm("validate")
    assert result.code == 0
    assert lines(result.out) == [
        "data/payments/2026-09-30.yaml:3:7: warning: the latest assessment of"
        " 'Payments Platform' is 32 days old (stale after 30) [stale]",
        "2 files checked: 0 errors, 1 warning",
    ]


def test_plugins_may_be_a_mapping_in_mkdocs_yml(repo, cxm):
    repo.write(
        "mkdocs.yml",
        """
        site_name: Test
        plugins:
          search: {}
          cx-maturity:
            assessments: data
            framework: framework.yaml
        """,
    )
    repo.write("data/payments/2026-09-30.yaml", BAD_LEVEL)
    result = cxm("validate")
    assert result.code == 1
    assert lines(result.out)[0].startswith("data/payments/2026-09-30.yaml:8:17: error:")


MKDOCS_WITH_TAGS = """\
site_name: !ENV [CXM_TEST_SITE_NAME, "CX maturity"]
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
plugins:
  - search
  - cx-maturity:
      assessments: data
      framework: framework.yaml
      stale_after_days: !ENV [CXM_TEST_STALE_DAYS, 30]
"""


def test_mkdocs_yml_with_python_name_and_env_tags_is_read(repo, cxm, monkeypatch):
    monkeypatch.delenv("CXM_TEST_STALE_DAYS", raising=False)
    repo.write("mkdocs.yml", MKDOCS_WITH_TAGS)
    repo.write("data/payments/2026-09-30.yaml", ASSESSMENT)  # 32 days before "today"
    result = cxm("validate")
    assert result.code == 0, result.err
    assert "(stale after 30) [stale]" in result.out  # the !ENV default


def test_env_tag_in_mkdocs_yml_takes_the_environment_variable(repo, cxm, monkeypatch):
    monkeypatch.setenv("CXM_TEST_STALE_DAYS", "40")
    repo.write("mkdocs.yml", MKDOCS_WITH_TAGS)
    repo.write("data/payments/2026-09-30.yaml", ASSESSMENT)
    result = cxm("validate")
    assert (result.code, lines(result.out)) == (0, ["2 files checked: 0 errors, 0 warnings"])


# -- export and schema ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_writes_the_file_given(repo, cxm, fmt, tmp_path):
    repo.assessment("payments/2026-09-30.yaml")
    target = tmp_path / "exports" / f"scores.{fmt}"
    result = cxm("export", "--format", fmt, "-o", target)
    assert result.code == 0
    assert result.out == ""
    assert result.err.strip() == f"wrote {target}"
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(text)
        assert data["assessments"][0]["overall"] == 3.08  # 37/12, see test_scorecard
    else:
        assert lines(text)[0] == (
            "team,slug,group,date,area,score,target,gap,overall,stage,area_name,stage_level,latest"
        )
        assert len(lines(text)) == 4


def test_export_prints_json_by_default(repo, cxm):
    repo.assessment("payments/2026-09-30.yaml")
    result = cxm("export")
    assert result.code == 0
    assert json.loads(result.out)["assessments"][0]["slug"] == "payments-platform"


def test_export_refuses_input_with_errors(repo, cxm, tmp_path):
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    target = tmp_path / "scores.json"
    result = cxm("export", "-o", target)
    assert result.code == 1
    assert "[out-of-range]" in result.err
    assert not target.exists()


def _json_able(value):
    """YAML data as JSON data: dates as strings, mapping keys as strings."""
    if isinstance(value, dict):
        return {str(k): _json_able(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_able(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture
def schemas(repo, cxm):
    result = cxm("schema", "-o", "schema")
    assert result.code == 0, result.err
    folder = repo.root / "schema"
    assert sorted(p.name for p in folder.iterdir()) == [
        "assessment.schema.json",
        "framework.schema.json",
    ]
    out = {}
    for name in ("assessment", "framework"):
        schema = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(schema)
        out[name] = jsonschema.Draft7Validator(schema)
    return out


def test_assessment_schema_accepts_a_valid_assessment(schemas):
    data = _json_able(yaml.safe_load(ASSESSMENT))
    assert list(schemas["assessment"].iter_errors(data)) == []
    with_extras = copy.deepcopy(data)
    with_extras["targets"] = {"support": 4}
    with_extras["scores"]["marketing"]["reviews"] = {
        "ratings": {"Dana Lee": 2, "Sam Ortiz": 4},
        "target": 3,
    }
    with_extras["actions"] = [
        {"title": "Status page", "area": "support", "practice": "onboarding", "due": "2026-12-31"}
    ]
    assert list(schemas["assessment"].iter_errors(with_extras)) == []


@pytest.mark.parametrize(
    "change",
    ["unknown area", "unknown practice", "level out of range", "unknown field", "metric range"],
)
def test_assessment_schema_rejects_what_validate_rejects(schemas, change):
    data = _json_able(yaml.safe_load(ASSESSMENT))
    if change == "unknown area":
        data["scores"]["suport"] = {"self_service": 3}
    elif change == "unknown practice":
        data["scores"]["support"]["self_servise"] = 3
    elif change == "level out of range":
        data["scores"]["support"]["onboarding"] = 7
    elif change == "unknown field":
        data["assesors"] = ["Dana Lee"]
    else:
        data["metrics"]["csat"] = 150
    assert not schemas["assessment"].is_valid(data)


def test_framework_schema_accepts_the_framework(schemas):
    data = _json_able(yaml.safe_load(FRAMEWORK))
    assert list(schemas["framework"].iter_errors(data)) == []
    data["areas"][0]["wieght"] = 2
    assert not schemas["framework"].is_valid(data)


def test_version_prints_the_package_version(cxm):
    result = cxm("--version")
    assert result.code == 0
    assert result.out.strip() == f"cxm, version {__version__}"


# -- as a separate process, as CI runs it ---------------------------------------------------


def test_python_dash_m_cxm_validates_a_repository(repo, cxm_process):
    repo.assessment("payments/2026-09-30.yaml", BAD_LEVEL)
    repo.assessment("support/2026-09-30.yaml", NO_POLICIES.replace("Payments", "Support"))
    result = cxm_process("validate", "--format", "github", cwd=repo.root)
    assert result.code == 1, result.err
    assert lines(result.out) == [
        "::error file=assessments/payments/2026-09-30.yaml,line=8,col=17::"
        "level 7 is outside the scale 1..5 [out-of-range]",
        "::warning file=assessments/support/2026-09-30.yaml,line=5,col=1::"
        "'policies' not assessed [incomplete]",
        "3 files checked: 1 error, 1 warning",
    ]


def test_python_dash_m_cxm_exports_and_reports_usage_errors(repo, cxm_process):
    repo.assessment("payments/2026-09-30.yaml")
    result = cxm_process("export", "--format", "csv", cwd=repo.root)
    assert result.code == 0, result.err
    assert lines(result.out)[1].startswith("Payments Platform,payments-platform,")
    usage = cxm_process("validate", "--nope", cwd=repo.root)
    assert usage.code == 2
    assert "No such option" in usage.err
    version = cxm_process("--version", cwd=repo.root)
    assert (version.code, version.out.strip()) == (0, f"cxm, version {__version__}")


def test_text_format_keeps_one_problem_a_line_when_a_name_holds_a_line_break(tmp_path, cxm):
    repo = make_repo(tmp_path, stale_after_days=30)
    # A literal block keeps its final line break: the team is "Payments Platform\n".
    repo.assessment(
        "payments/2026-09-30.yaml",
        ASSESSMENT.replace("team: Payments Platform\n", "team: |\n  Payments Platform\n")
        + '"odd\\u2028key": 1\n',
    )
    result = cxm("validate")
    assert lines(result.out) == [
        "assessments/payments/2026-09-30.yaml:19:1: error: unknown field 'odd\\u2028key'"
        " [unknown-field]",
        "2 files checked: 1 error, 0 warnings",
    ]
    repo.assessment(
        "payments/2026-09-30.yaml",
        ASSESSMENT.replace("team: Payments Platform\n", "team: |\n  Payments Platform\n"),
    )
    result = cxm("validate")
    assert lines(result.out) == [
        "assessments/payments/2026-09-30.yaml:4:7: warning: the latest assessment of"
        " 'Payments Platform\\n' is 32 days old (stale after 30) [stale]",
        "2 files checked: 0 errors, 1 warning",
    ]


def test_the_command_line_starts_without_pydantic_matplotlib_or_mkdocs():
    """`cxm --help`, and `cxm build` before it forks, pay only for what they use."""
    import subprocess
    import sys

    heavy = "{'pydantic', 'matplotlib', 'mkdocs'}"
    code = f"import sys, cxm.cli.main; print(sorted({heavy} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_file_full_of_duplicate_keys_shows_a_hundred_then_too_many(repo, cxm):
    repo.assessment("dups.yaml", ASSESSMENT + "".join(f"summary: v{i}\n" for i in range(150)))
    result = cxm("validate")
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in lines(result.out) if "[" in line]
    assert codes == ["duplicate-key"] * 100 + ["too-many-problems"]
    assert result.code == 1
