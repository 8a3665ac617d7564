"""The `cxm` command: a thin shell over the pipeline; errors become messages and exit codes."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__
from ..errors import CxmError, UsageError
from ..report.progress import Progress
from ..report.text import printable
from . import authoring
from .options import (
    CONTEXT,
    OFF,
    STRICT_DEFAULT,
    Options,
    config_option,
    default,
    examples,
    framework_option,
    quiet_option,
    shared,
    verbose_option,
)

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..project import Project


def echo_err(message: str) -> None:
    click.echo(message, err=True)


@click.group(
    context_settings=CONTEXT,
    epilog=examples(
        ("cxm init my-cx", "a new assessment repository in my-cx/"),
        ("cxm validate", "check every assessment and the framework"),
        ("cxm build", "validate, then build the site into site/"),
        ("cxm serve", "the site on http://127.0.0.1:8000, reloading on changes"),
    ),
)
@config_option
@framework_option
@quiet_option("only the problems, no summary or 'wrote' lines")
@verbose_option("every file checked, MkDocs' own messages")
@click.version_option(__version__, "--version", prog_name="cxm", help="Print the version.")
def cli() -> None:
    """CX maturity scorecards from YAML: validate, score, chart and publish.

    Settings come from the cx-maturity section of mkdocs.yml in this folder. The options above
    work before the command name too; `cxm COMMAND --help` shows a command's own options, each
    with its default, and examples.
    """


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


@cli.command(
    short_help="Check assessment files and the framework; every problem at once.",
    epilog=examples(
        ("cxm validate", "every assessment, and the framework"),
        ("cxm validate assessments/payments", "one team's files"),
        ("cxm validate --format github", "annotations on a GitHub pull request"),
    ),
)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="How to print the problems: text (file:line:column: message), github (workflow "
    "annotations) or json.",
)
@click.option(
    "--strict",
    is_flag=True,
    default=None,
    help="Warnings become errors (exit 1)." + STRICT_DEFAULT,
)
@shared(quiet="only the problems, no summary line", verbose="every file checked")
@click.pass_obj
def validate(options: Options, paths: tuple[Path, ...], fmt: str, strict: bool | None) -> None:
    """Check assessment files and the framework, and report every problem at once.

    PATHS are the files or folders to check; folders are searched for *.yaml and *.yml.
    Default: the assessments folder of mkdocs.yml (assessments/).

    Exit code 0 without errors (warnings allowed), 1 with errors, 2 on a usage error.
    """
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


@cli.command(
    short_help="Scores of every assessment as JSON, CSV or an Excel workbook.",
    epilog=examples(
        ("cxm export --format csv -o scores.csv", "a spreadsheet of every score"),
        ("cxm export --format xlsx -o s.xlsx", "an Excel workbook, a sheet per table"),
        ("cxm export > scores.json", "JSON, for a BI tool"),
    ),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "xlsx"]),
    default="json",
    show_default=True,
    help="json: each assessment with its area scores; csv: one row per assessment and area; "
    "xlsx: a workbook with sheets of the latest scores, the history, the next steps and the "
    "actions (needs -o).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write." + default("standard output; xlsx needs a file"),
)
@shared(quiet="no 'wrote' line")
@click.pass_obj
def export(options: Options, fmt: str, output: Path | None) -> None:
    """Scores of every assessment, for spreadsheets and BI tools: the overall score, the stage
    and each area's score, target and gap. Validates first; on errors nothing is exported."""
    from ..export.formats import BINARY, EXPORTERS

    if fmt in BINARY and output is None:
        raise click.UsageError(
            f"--format {fmt} writes a binary file: name it with -o, e.g. -o scores.{fmt}"
        )
    project = _validated(options, None, "nothing was exported")
    data = EXPORTERS[fmt](project.framework, project.scorecards)
    if output is None:
        click.echo(data, nl=False)
    else:
        _write(output, data)
        if not options.quiet:
            echo_err(f"wrote {output}")


@cli.command(
    short_help="Write the JSON Schemas that give editors completion and hovers.",
    epilog=examples(
        ("cxm schema", "writes the two schemas into schema/"),
        ("cxm schema -o other --framework f.yaml", "the schemas of another framework"),
    ),
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder to write the schemas into.",
)
@shared(quiet="no 'wrote' lines")
@click.pass_obj
def schema(options: Options, out_dir: Path) -> None:
    """Write the JSON Schemas of assessment and framework files, made from the framework.

    Editors that use yaml-language-server (VS Code's YAML extension) then complete area,
    practice and metric ids and levels, show each practice's question and levels on hover, and
    flag mistakes as you type. Run it again when the framework changes.
    """
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


@cli.command(
    short_help="Validate, then build the site; on any error the old site stays.",
    epilog=examples(
        ("cxm build", "the site into site/"),
        ("cxm build --strict --site-dir public", "warnings stop it too; into public/"),
    ),
)
@click.option(
    "--site-dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to build into." + default("site_dir of mkdocs.yml, site"),
)
@click.option(
    "--strict",
    is_flag=True,
    default=None,
    help="Warnings become errors: nothing is built." + STRICT_DEFAULT,
)
@click.option("--no-cache", is_flag=True, help="Draw every chart again, not from the cache." + OFF)
@shared(quiet="only errors, no progress or summary", verbose="MkDocs' own messages")
@click.pass_obj
def build(options: Options, site_dir: Path | None, strict: bool | None, no_cache: bool) -> None:
    """Validate, then build the whole site: the scorecards, charts, downloads and the pages of
    docs/. On any error nothing is published: the site folder keeps the previous site."""
    import time

    from ..charts import cache as chart_cache
    from ..publish import forked
    from ..publish.generate import LateFiles

    started = time.perf_counter()
    settings = options.settings()
    # Before anything is generated: a refused site folder leaves every file as it was, the
    # cache included.
    settings.guard_output(site_dir or settings.site_dir, "the site")
    # Chart workers import matplotlib meanwhile, when the cache is empty.
    chart_cache.prepare(None if no_cache else settings.cache_dir)
    cache = None if no_cache else settings.cache_dir
    pending = forked.start(_generate, options, strict, cache, early=True)
    try:
        # Meanwhile, on the other core: MkDocs' own start-up and configuration.
        from ..engine.build import build as build_site
        from ..engine.build import prepare

        prepared = prepare(settings, site_dir, verbose=options.verbose)
        teams, site = pending.early()  # the pages; the child goes on with the downloads
    except BaseException:
        pending.stop()  # never leaves the child behind
        raise
    site.late = LateFiles(site.files, pending)
    target = build_site(
        settings,
        site,
        site_dir,
        use_cache=not no_cache,
        verbose=options.verbose,
        progress=Progress.for_terminal(options.quiet),
        prepared=prepared,
    )
    if not options.quiet:
        echo_err(
            f"built {teams} team scorecard{'s' if teams != 1 else ''} into {target} "
            f"in {time.perf_counter() - started:.1f}s"
        )


def _generate(options: Options, strict: bool | None, cache: Path | None) -> None:
    """Validation, then the pages and downloads, for `build`: `(teams, site)` is handed over
    (`forked.send_early`) once the pages are rendered, the charts left to draw, while the
    downloads may still be being written; this returns when they are. `cache`: the cache
    folder (None: --no-cache)."""
    import gc
    import shutil

    from ..publish import forked
    from ..publish.generate import download_paths, generate_site, scratch_folder, write_downloads

    project = _validated(options, strict, "nothing was built")
    # What was imported and validated lives until this process ends, but Python's collector
    # went over it again and again as the pages were made (every 700 new objects): a sixth of
    # this process's time. Frozen out of its sight, with collections 30 times rarer for what
    # rendering makes, nearly all of that comes back, for the same peak memory.
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
    teams = len(project.scorecards)  # scored once, before another process shares them
    scratch = scratch_folder()
    try:
        # The downloads are written by another process while this one renders the pages ...
        downloads = forked.start(write_downloads, project, scratch, cache)
        try:
            site = generate_site(project, fork=True)
            site.files, site.scratch = download_paths(scratch), scratch
            # ... and may take longer (a new workbook: seconds): MkDocs starts now, and the
            # build waits for them only to copy them into the site, last.
            forked.send_early((teams, site))
        finally:
            downloads.result()
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


@cli.command(
    short_help="Serve the site on 127.0.0.1:8000, reloading on every edit.",
    epilog=examples(
        ("cxm serve", "open http://127.0.0.1:8000"),
        ("cxm serve -a 0.0.0.0:8080", "reachable from other machines, on port 8080"),
    ),
)
@click.option(
    "-a",
    "--dev-addr",
    metavar="IP:PORT",
    help="Address to serve on." + default("127.0.0.1:8000"),
)
@click.option(
    "--no-livereload",
    is_flag=True,
    help="Build once and serve that: no rebuilds, no reloads." + OFF,
)
@shared(verbose="MkDocs' own messages")
@click.pass_obj
def serve(options: Options, dev_addr: str | None, no_livereload: bool) -> None:
    """Serve the site with live reload: an edited assessment, the framework or a template shows
    at once. An edited assessment rebuilds only the pages it changes; each rebuild prints one
    line (what changed, how long, how many pages). While a file has errors they are printed,
    the last valid site stays, and every page shows them in a banner."""
    from ..engine.serve import serve as serve_site

    settings = options.settings()
    serve_site(settings, dev_addr=dev_addr, livereload=not no_livereload, verbose=options.verbose)


@cli.command(
    short_help="Write the generated pages and charts as Markdown and SVG files.",
    epilog=examples(
        ("cxm generate -o generated", "every page and chart into generated/"),
        ("cxm generate --engine zensical -o z", "a Zensical project in z/"),
    ),
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the pages and charts into.",
)
@click.option(
    "--engine",
    type=click.Choice(["plain", "zensical"]),
    default="plain",
    show_default=True,
    help="plain: the pages and charts only. zensical: a Zensical project (DIR/zensical.toml "
    "made from mkdocs.yml, DIR/docs/ with the generated and hand-written pages, DIR/overrides/) "
    "that `zensical build -f DIR/zensical.toml` builds into DIR/site/.",
)
@click.option("--no-cache", is_flag=True, help="Draw every chart again, not from the cache." + OFF)
@shared(quiet="no progress or 'wrote' line")
@click.pass_obj
def generate(options: Options, out_dir: Path, engine: str, no_cache: bool) -> None:
    """Write the generated pages and charts as plain files (Markdown and SVG), for another site
    engine or for review. Validates first; on errors nothing is written."""
    from ..publish.generate import generate as generate_site
    from ..publish.generate import write_plain

    project = _validated(options, None, "nothing was written")
    settings = project.settings
    out_dir = settings.guard_output(out_dir, "generated files")
    site = generate_site(
        project, use_cache=not no_cache, progress=Progress.for_terminal(options.quiet)
    )
    if engine == "zensical":
        from ..engine.zensical import CONFIG, write_project

        for path in write_project(site, settings, out_dir):
            shown = settings.display(settings.docs_dir / path)
            echo_err(f"warning: {shown} is written by hand; it replaces the generated page")
        if not options.quiet:
            config = settings.display(out_dir / CONFIG)
            echo_err(
                f"wrote a Zensical project into {settings.display(out_dir)}; "
                f"build it with: zensical build -f {config}"
            )
        return
    written = write_plain(site, out_dir)
    if not options.quiet:
        echo_err(f"wrote {len(written)} files into {out_dir}")


@cli.command(
    short_help="Score changes between two git revisions, for a pull request.",
    epilog=examples(
        ("cxm diff origin/main", "the work tree against the main branch"),
        ("cxm diff v1.0 v1.1 --format json", "between two tags, for a tool"),
    ),
)
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown: a pull-request comment; json: for tools.",
)
@click.option(
    "--fail-on-regression",
    is_flag=True,
    help="Exit 1 when a team's overall or area score drops; regressions are listed first." + OFF,
)
@shared(quiet="no count of dropped scores")
@click.pass_obj
def diff(options: Options, base: str, head: str | None, fmt: str, fail_on_regression: bool) -> None:
    """Score changes between git revisions BASE and HEAD: each team whose scores moved, new and
    removed teams and files, and new errors.

    BASE and HEAD are anything git names a commit by: a branch, a tag, a commit. HEAD
    defaults to the work tree, with the changes not committed yet.
    """
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


@cli.command(
    short_help="Write a ready assessment repository; never overwrites a file.",
    epilog=examples(
        ("cxm init my-cx", "a new repository in my-cx/"),
        ('cxm init --site-name "Acme CX maturity"', "here, with the site's title"),
    ),
)
@click.argument("directory", metavar="[DIR]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--site-name",
    default="CX maturity",
    show_default=True,
    help="The site's title (site_name in mkdocs.yml).",
)
@shared(settings=False, quiet="no 'wrote' lines or next steps")
@click.pass_obj
def init(options: Options, directory: Path | None, site_name: str) -> None:
    """Write a ready assessment repository into DIR: mkdocs.yml, an example assessment, the
    JSON Schemas, CI workflows for GitHub and GitLab, a pre-commit hook and editor settings.

    DIR defaults to the current folder. Never overwrites: if any of the files exists, nothing
    is written.
    """
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


cli.add_command(authoring.new)
cli.add_command(authoring.import_)


def _write(path: Path, data: str | bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
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
