"""The `cxm` command: a thin shell over the pipeline; errors become messages and exit codes."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__
from ..config import Settings, load_settings
from ..errors import CxmError, UsageError
from ..report.progress import Progress
from ..report.text import printable

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..project import Project
    from ..publish.generate import GeneratedSite

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Options:
    """Global options, given before or after the command name (the later one wins)."""

    def __init__(self) -> None:
        self.config: Path | None = None
        self.framework: Path | None = None
        self.quiet = False
        self.verbose = False

    def settings(self) -> Settings:
        return load_settings(self.config).with_framework(self.framework)


def _set(attr: str):
    def callback(ctx: click.Context, _param: click.Parameter, value):
        options = ctx.ensure_object(Options)
        if value not in (None, False):
            setattr(options, attr, value)
        return value

    return callback


def global_options(func: Callable) -> Callable:
    path = click.Path(exists=True, dir_okay=False, path_type=Path)
    decorators = [
        click.option(
            "--config",
            type=path,
            expose_value=False,
            callback=_set("config"),
            help="mkdocs.yml with the cx-maturity section (default: ./mkdocs.yml).",
        ),
        click.option(
            "--framework",
            type=path,
            expose_value=False,
            callback=_set("framework"),
            help="Framework file; overrides the config.",
        ),
        click.option(
            "-q",
            "--quiet",
            is_flag=True,
            default=None,
            expose_value=False,
            callback=_set("quiet"),
            help="Print only what matters: problems, no summary.",
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            default=None,
            expose_value=False,
            callback=_set("verbose"),
            help="Print more: every file checked.",
        ),
        click.version_option(__version__, "--version", prog_name="cxm"),
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), func)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings=CONTEXT)
@global_options
def cli() -> None:
    """CX maturity scorecards from YAML: validate, score, chart and publish."""


def _report(project: Project, fmt: str, options: Options) -> None:
    from ..report.formats import FORMATTERS

    if fmt == "text":
        if options.verbose:
            for path in project.assessment_files:
                echo_err(f"checked {project.settings.display(path)}")
        out = FORMATTERS["text"](project.diagnostics, project.files_checked)
        if options.quiet:
            out = "\n".join(out.splitlines()[:-1])
        if out:
            click.echo(out)
    else:
        diagnostics = _from_workspace(project) if fmt == "github" else project.diagnostics
        click.echo(FORMATTERS[fmt](diagnostics, project.files_checked))


def _from_workspace(project: Project) -> list[Diagnostic]:
    """GitHub places annotations by paths from the repository root (GITHUB_WORKSPACE, else
    here), which is not the folder of mkdocs.yml when the project sits in a subfolder."""
    import dataclasses
    import os

    base = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    out = []
    for d in project.diagnostics:
        try:
            path = (project.settings.root / d.path).resolve().relative_to(base).as_posix()
        except ValueError:
            path = d.path
        out.append(dataclasses.replace(d, path=path))
    return out


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="Output format of the diagnostics.",
)
@click.option("--strict", is_flag=True, default=None, help="Warnings become errors.")
@global_options
@click.pass_obj
def validate(options: Options, paths: tuple[Path, ...], fmt: str, strict: bool | None) -> None:
    """Validate assessment files (folders are searched) and the framework."""
    from ..project import load_project

    project = load_project(options.settings(), list(paths) or None, strict_mode=strict)
    _report(project, fmt, options)
    sys.exit(1 if project.errors else 0)


def _validated(options: Options, strict: bool | None, failed: str) -> Project:
    """Validation output first (stderr), as `cxm validate` prints it; exit 1 on errors."""
    from ..project import load_project
    from ..report.text import text

    project = load_project(options.settings(), strict_mode=strict)
    if project.diagnostics and not (options.quiet and not project.errors):
        echo_err(text(project.diagnostics, project.files_checked))
    if project.errors:
        echo_err(failed)
        raise SystemExit(1)
    return project


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
@global_options
@click.pass_obj
def export(options: Options, fmt: str, output: Path | None) -> None:
    """Scores of every assessment, for spreadsheets and BI tools."""
    from ..export.formats import EXPORTERS

    project = _validated(options, None, "nothing was exported")
    data = EXPORTERS[fmt](project.framework, project.scorecards)
    if output is None:
        click.echo(data, nl=False)
    else:
        _write(output, data)
        if not options.quiet:
            echo_err(f"wrote {output}")


@cli.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder to write the schemas into.",
)
@global_options
@click.pass_obj
def schema(options: Options, out_dir: Path) -> None:
    """JSON Schemas for assessment and framework files (editor completion)."""
    from ..project import framework_path
    from ..validate.framework import load_framework

    settings = options.settings()
    path = framework_path(settings)
    framework, diagnostics = load_framework(path, settings.display(path))
    if framework is None:
        from ..report.text import text

        echo_err(text(diagnostics, 1))
        raise SystemExit(1)
    from ..authoring.schema import write_schemas

    for written in write_schemas(framework, out_dir):
        if not options.quiet:
            echo_err(f"wrote {written}")


@cli.command()
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to build into (default: site_dir of mkdocs.yml).",
)
@click.option("--strict", is_flag=True, default=None, help="Warnings become errors.")
@click.option("--no-cache", is_flag=True, help="Draw every chart again.")
@global_options
@click.pass_obj
def build(options: Options, site_dir: Path | None, strict: bool | None, no_cache: bool) -> None:
    """Validate, then build the whole site; on any error the old site stays."""
    import time

    from ..charts import cache as chart_cache
    from ..engine.build import build as build_site
    from ..publish import forked

    started = time.perf_counter()
    settings = options.settings()
    # Chart workers import matplotlib meanwhile, when the cache is empty.
    chart_cache.prepare(None if no_cache else settings.cache_dir)
    pending = forked.start(_generate, options, strict)
    try:
        _import_mkdocs()  # meanwhile, on another core: MkDocs' own start-up
    finally:
        teams, site = pending.result()  # never leaves the child behind
    target = build_site(
        settings,
        site,
        site_dir,
        use_cache=not no_cache,
        verbose=options.verbose,
        progress=Progress.for_terminal(options.quiet),
    )
    if not options.quiet:
        echo_err(
            f"built {teams} team scorecard{'s' if teams != 1 else ''} into {target} "
            f"in {time.perf_counter() - started:.1f}s"
        )


def _import_mkdocs() -> None:
    import contextlib
    import importlib

    for name in ("mkdocs.commands.build", "material.plugins.search.plugin", "pymdownx.superfences"):
        with contextlib.suppress(ImportError):  # the build reports what is missing, if anything
            importlib.import_module(name)


def _generate(options: Options, strict: bool | None) -> tuple[int, GeneratedSite]:
    """Validation, then the pages and downloads, for `build`: the charts are left to draw."""
    import shutil

    from ..publish import forked
    from ..publish.generate import generate_site, scratch_folder, write_downloads

    project = _validated(options, strict, "nothing was built")
    teams = len(project.scorecards)  # scored once, before another process shares them
    scratch = scratch_folder()
    try:
        # The downloads are written by another process while this one renders the pages.
        downloads = forked.start(write_downloads, project, scratch)
        try:
            site = generate_site(project)
        finally:
            files = downloads.result()
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    site.files, site.scratch = files, scratch
    return teams, site


@cli.command()
@click.option(
    "-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000)."
)
@click.option("--no-livereload", is_flag=True, help="Do not reload pages on changes.")
@global_options
@click.pass_obj
def serve(options: Options, dev_addr: str | None, no_livereload: bool) -> None:
    """Serve the site with live reload: edited assessments, framework or templates show at once."""
    from ..engine.build import serve as serve_site

    settings = options.settings()
    from ..project import load_project

    project = load_project(settings)
    if project.diagnostics:
        from ..report.text import text

        echo_err(text(project.diagnostics, project.files_checked))
    serve_site(settings, dev_addr=dev_addr, livereload=not no_livereload, verbose=options.verbose)


@cli.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the pages and charts into.",
)
@click.option("--no-cache", is_flag=True, help="Draw every chart again.")
@global_options
@click.pass_obj
def generate(options: Options, out_dir: Path, no_cache: bool) -> None:
    """Write the generated pages and charts as plain files (Markdown + SVG)."""
    from ..publish.generate import generate as generate_site
    from ..publish.generate import write_plain

    project = _validated(options, None, "nothing was written")
    out_dir = project.settings.guard_output(out_dir, "generated files")
    site = generate_site(
        project, use_cache=not no_cache, progress=Progress.for_terminal(options.quiet)
    )
    written = write_plain(site, out_dir)
    if not options.quiet:
        echo_err(f"wrote {len(written)} files into {out_dir}")


@cli.command()
@click.argument("team")
@click.option(
    "--date", "date_text", metavar="YYYY-MM-DD", help="Date of the assessment (default: today)."
)
@global_options
@click.pass_obj
def new(options: Options, team: str, date_text: str | None) -> None:
    """Write a new assessment for TEAM, prefilled from its latest one; never overwrites."""
    import datetime as dt

    from ..authoring.new import check_team, write_new

    team = check_team(team)  # first: a name no file can hold is a usage error, nothing read
    try:
        date = dt.date.fromisoformat(date_text) if date_text else None
    except ValueError:
        raise UsageError(f"--date {date_text!r} is not a date written YYYY-MM-DD") from None
    from ..project import load_project

    project = load_project(options.settings())
    path = write_new(project, team, date or project.today)
    click.echo(project.settings.display(path))
    if not options.quiet:
        echo_err("review every level and evidence, then run `cxm validate`")


@cli.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for a pull-request comment, JSON for tools.",
)
@click.option(
    "--fail-on-regression",
    is_flag=True,
    help="Exit 1 when a team's overall or area score drops; regressions are listed first.",
)
@global_options
@click.pass_obj
def diff(options: Options, base: str, head: str | None, fmt: str, fail_on_regression: bool) -> None:
    """Score changes between git revisions BASE and HEAD (default: the work tree)."""
    from ..diff.compare import diff_revisions
    from ..diff.formats import FORMATTERS

    result = diff_revisions(options.settings(), base, head)
    click.echo(FORMATTERS[fmt](result, fail_on_regression), nl=False)
    errors = len(result.head_errors)
    if errors:
        where = "the work tree" if result.head.commit is None else result.head.label
        echo_err(f"{errors} error{'s' if errors != 1 else ''} in the assessments of {where}")
    dropped = len(result.regressions)
    if fail_on_regression and dropped and not options.quiet:
        echo_err(f"{dropped} score{'s' if dropped != 1 else ''} dropped")
    sys.exit(1 if errors or (fail_on_regression and dropped) else 0)


@cli.command()
@click.argument("directory", metavar="[DIR]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--site-name",
    default="CX maturity",
    show_default=True,
    help="The site's title (site_name in mkdocs.yml).",
)
@global_options
@click.pass_obj
def init(options: Options, directory: Path | None, site_name: str) -> None:
    """Write a ready assessment repository into DIR (default: here); never overwrites."""
    from ..authoring.init import Values, next_steps
    from ..authoring.init import init as write_repository

    if not site_name.strip() or "\n" in site_name or "\r" in site_name:
        raise UsageError("--site-name must be one line of text")
    root = directory or Path(".")
    written = write_repository(root, Values(site_name=site_name.strip()))
    if not options.quiet:
        for path in written:
            echo_err(f"wrote {path.as_posix()}")
        echo_err(next_steps(root))


def _write(path: Path, data: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def main(argv: list[str] | None = None) -> None:
    try:
        code = cli.main(args=argv, prog_name="cxm", standalone_mode=False)
    except click.exceptions.Abort:
        echo_err("aborted")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CxmError as exc:
        # A message may quote a file's text or name: shown with its control characters escaped.
        echo_err(f"cxm: error: {printable(str(exc), keep=chr(10))}")
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:  # the edge: never show a user a traceback without asking
        if "-v" in (argv or sys.argv) or "--verbose" in (argv or sys.argv):
            traceback.print_exc()
        echo_err(f"cxm: internal error: {exc!r} (run with -v for details)")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
