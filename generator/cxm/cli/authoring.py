"""The commands that write an assessment for people: `cxm new` (YAML or a workshop workbook)
and `cxm import` (a filled workbook into the assessment file)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..errors import UsageError
from .options import Options, default, examples, shared


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise UsageError(f"--date {text!r} is not a date written YYYY-MM-DD") from None


_DATE_HELP = "Date of the assessment; not in the future."


@click.command(
    short_help="Start a team's next assessment (YAML, or a workshop workbook).",
    epilog=examples(
        ("cxm new Payments", "into assessments/payments/<today>.yaml"),
        ("cxm new Payments --date 2026-12-01", "a workshop on another day"),
        ("cxm new Payments --format xlsx", "a workshop workbook, to import"),
    ),
)
@click.argument("team")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help=_DATE_HELP + default("today"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "xlsx"]),
    default="yaml",
    show_default=True,
    help="yaml: the assessment file; xlsx: a workshop workbook to fill in, then `cxm import`.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the workbook (xlsx only)." + default("./<team-slug>-<date>.xlsx"),
)
@shared(quiet="only the path of the new file")
@click.pass_obj
def new(options: Options, team: str, date_text: str | None, fmt: str, output: Path | None) -> None:
    """Start the next assessment of TEAM, in assessments/<team-slug>/<date>.yaml (the
    assessments folder of mkdocs.yml), prefilled from the team's latest assessment.

    TEAM must match the `team:` of the team's files (case, spaces and punctuation aside: the
    slug decides), or the latest levels, evidence and targets are not copied: a name that no
    file has starts a new team, every practice at the lowest level. Never overwrites a file.

    With --format xlsx it writes a workshop workbook instead, prefilled the same way: a sheet
    to score each practice (levels from a drop-down, the level descriptions on each practice),
    the rubric, targets, metrics and actions. Fill it in, then `cxm import` it.
    """
    from ..authoring.new import check_team, new_draft, write_new

    team = check_team(team)  # first: a name no file can hold is a usage error, nothing read
    date = _date(date_text)
    if output is not None and fmt != "xlsx":
        raise UsageError("-o names the workbook of --format xlsx; a YAML file's place is fixed")
    from ..project import load_project

    project = load_project(options.settings())
    if fmt == "xlsx":
        from ..authoring.workbook_write import write_workbook

        path = write_workbook(new_draft(project, team, date or project.today), output)
        click.echo(str(path))
        if not options.quiet:
            _echo_err(f"fill it in the workshop, then run `cxm import {path}`")
        return
    path = write_new(project, team, date or project.today)
    click.echo(project.settings.display(path))
    if not options.quiet:
        _echo_err("review every level and evidence, then run `cxm validate`")


@click.command(
    "import",
    short_help="Turn a filled workshop workbook into the assessment file.",
    epilog=examples(
        ("cxm import payments-2026-12-01.xlsx", "into assessments/payments/"),
        ("cxm import w.xlsx --format json", "the problems, for a tool"),
    ),
)
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--date",
    "date_text",
    metavar="YYYY-MM-DD",
    help=_DATE_HELP + default("the workbook's Date cell"),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="How to print the problems, as `cxm validate` does; each names its sheet and cell.",
)
@shared(quiet="only the problems, no summary or 'wrote' line")
@click.pass_obj
def import_(options: Options, workbook: Path, date_text: str | None, fmt: str) -> None:
    """Turn WORKBOOK, a workshop workbook of `cxm new --format xlsx` filled in, into the
    assessment file assessments/<team-slug>/<date>.yaml.

    The workbook is validated first, as `cxm validate` checks a file, and every problem names
    its cell (workshop.xlsx:Assessment!D14). With any error nothing is written. Never
    overwrites: an assessment of the team on that date must not exist yet.

    Exit code 0 when the file is written (warnings allowed), 1 with errors, 2 on a usage error.
    """
    from ..authoring.import_workbook import import_workbook
    from ..project import load_project
    from ..report.formats import FORMATTERS

    date = _date(date_text)
    project = load_project(options.settings())
    result = import_workbook(project, workbook, str(workbook), date)
    # The problems on standard output, as `cxm validate` prints them (a tool reads the JSON).
    if result.diagnostics or fmt != "text":
        out = FORMATTERS[fmt](result.diagnostics, 1)
        if fmt == "text" and options.quiet:
            out = "\n".join(out.splitlines()[:-1])
        if out:
            click.echo(out)
    if result.path is None:
        _echo_err("nothing was written")
        sys.exit(1)
    if not options.quiet:
        _echo_err(f"wrote {project.settings.display(result.path)}")
        _echo_err("run `cxm validate`, then commit the file")
