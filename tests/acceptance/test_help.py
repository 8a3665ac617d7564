"""`--help` that reads well: whole one-line summaries, each command with only the options that
apply to it, every option with its default, and an example for every command."""

from __future__ import annotations

import re

import pytest
from cxm.cli.main import cli

COMMANDS = sorted(cli.commands)
WIDTH = 80


@pytest.fixture
def help_of(cxm, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(WIDTH))

    def run(*command: str) -> str:
        result = cxm(*command, "--help")
        assert (result.code, result.err) == (0, ""), result.err
        return result.out

    return run


def options_of(text: str) -> dict[str, str]:
    """Each option of a help text (its first name) -> its description, lines joined."""
    section = text.split("\nOptions:\n", 1)[1].split("\n\n", 1)[0]
    entries: dict[str, str] = {}
    name = ""
    for line in section.splitlines():
        match = re.match(r"  (-\w, )?(--?[\w-]+)", line)
        if match:
            name = match.group(2)
            entries[name] = line
        else:
            entries[name] += " " + line.strip()
    return {key: " ".join(value.split()) for key, value in entries.items()}


def test_the_command_list_shows_every_summary_whole_on_one_line(help_of):
    text = help_of()
    commands = text.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    assert "..." not in commands and "…" not in commands
    assert len(commands.splitlines()) == len(COMMANDS)  # one line each
    for name in COMMANDS:
        summary = cli.commands[name].short_help
        assert summary and summary.endswith("."), name
        assert re.search(rf"^  {name} +{re.escape(summary)}$", text, re.M), name


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_fits_the_terminal(help_of, command):
    for line in help_of(*filter(None, [command])).splitlines():
        assert len(line) <= WIDTH, line


def test_init_has_no_config_or_framework_and_only_cxm_has_version(help_of):
    assert "--version" in options_of(help_of())
    for name in COMMANDS:
        assert "--version" not in options_of(help_of(name)), name
    init = options_of(help_of("init"))
    assert set(init) == {"--site-name", "--quiet", "--verbose", "--help"}
    # Everything else reads the settings of mkdocs.yml.
    for name in set(COMMANDS) - {"init"}:
        assert {"--config", "--framework"} <= set(options_of(help_of(name))), name
    # `serve` prints nothing it could leave out.
    assert "--quiet" not in options_of(help_of("serve"))


@pytest.mark.parametrize(
    "args",
    [
        ("init", "here", "--config", "mkdocs.yml"),
        ("--config", "mkdocs.yml", "init", "here"),
        ("init", "--version"),
        ("serve", "-q", "--version"),
    ],
)
def test_global_options_are_accepted_before_or_after_any_command(cxm, tmp_path, args):
    # CLI.md: the global options work before or after the command name; where one does not
    # apply it is accepted, without effect, and left out of that command's help.
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    result = cxm(*args)
    assert "no such option" not in result.err
    if "--version" in args:
        assert result.code == 0 and result.out.startswith("cxm, version ")
    else:
        assert result.code == 0, result.err
        assert (tmp_path / "here" / "mkdocs.yml").is_file()


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_option_is_described_with_its_default(help_of, command):
    for name, text in options_of(help_of(*filter(None, [command]))).items():
        if name in ("--help", "--version"):
            continue
        described = re.sub(r"^\s*(-\w, )?--?[\w-]+( [A-Z:\[\]|a-z]+)?\s+", "", text)
        assert len(described) > 20, f"{command} {name}: {text}"
        assert "[default: " in text or "[required]" in text, f"{command} {name}: {text}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_an_example(help_of, command):
    text = help_of(command)
    assert "\n  Examples:\n" in text
    examples = text.split("\n  Examples:\n", 1)[1].splitlines()
    assert examples and all(line.startswith(f"    cxm {command}") for line in examples)


def test_validate_says_what_it_checks_without_paths(help_of):
    text = " ".join(help_of("validate").split())
    assert "Usage: cxm validate [OPTIONS] [PATHS]..." in text
    assert "Default: the assessments folder of mkdocs.yml (assessments/)." in text
    options = options_of(help_of("validate"))
    assert options["--format"].startswith(
        "--format [text|github|json] How to print the problems: text (file:line:column: "
        "message), github (workflow annotations) or json. [default: text]"
    )


def test_new_says_where_the_file_goes_and_that_the_team_must_match(help_of):
    text = " ".join(help_of("new").split())
    assert "in assessments/<team-slug>/<date>.yaml (the assessments folder of mkdocs.yml)" in text
    assert "TEAM must match the `team:` of the team's files" in text
    assert "cxm new Payments into assessments/payments/<today>.yaml" in text


def test_diff_gives_an_example_of_base(help_of):
    text = help_of("diff")
    assert "Usage: cxm diff [OPTIONS] BASE [HEAD]" in text
    assert "cxm diff origin/main" in text
    assert "a branch, a tag, a commit" in " ".join(text.split())


def test_export_format_is_described(help_of):
    assert options_of(help_of("export"))["--format"] == (
        "--format [json|csv|xlsx] json: each assessment with its area scores; csv: one row per "
        "assessment and area; xlsx: a workbook with sheets of the latest scores, the history, "
        "the next steps and the actions (needs -o). [default: json]"
    )
