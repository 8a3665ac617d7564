"""The options several commands share, each given only to the commands it applies to, and the
help text every command shows: a one-line summary, each option with its default, examples."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import click

from ..config import Settings, load_settings

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def default(text: str) -> str:
    """A default that is not a value click can show, written as click writes its own."""
    return f"  [default: {text}]"


OFF = default("off")
STRICT_DEFAULT = default("the strict setting of mkdocs.yml, else off")


class Options:
    """Shared options, given before or after the command name (the later one wins)."""

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


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _file_option(name: str, help: str) -> Callable[..., Callable]:
    def add(func: Callable, hidden: bool = False) -> Callable:
        return click.option(
            f"--{name}",
            type=_FILE,
            expose_value=False,
            hidden=hidden,
            callback=_set(name),
            help=help,
        )(func)

    return add


config_option = _file_option(
    "config",
    "The mkdocs.yml whose cx-maturity section holds the settings."
    + default("./mkdocs.yml, if there is one; else the built-in settings"),
)
framework_option = _file_option(
    "framework",
    "A framework file; overrides the framework setting of mkdocs.yml."
    + default("that setting, else the built-in CX framework"),
)


def quiet_option(says: str, hidden: bool = False) -> Callable[[Callable], Callable]:
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        default=None,
        expose_value=False,
        hidden=hidden,
        callback=_set("quiet"),
        help=f"Print less: {says}.{OFF}",
    )


def verbose_option(says: str = "", hidden: bool = False) -> Callable[[Callable], Callable]:
    more = f"{says}, and " if says else ""
    return click.option(
        "-v",
        "--verbose",
        is_flag=True,
        default=None,
        expose_value=False,
        hidden=hidden,
        callback=_set("verbose"),
        help=f"Print more: {more}the traceback of an internal error.{OFF}",
    )


def shared(
    *, settings: bool = True, quiet: str | None = None, verbose: str | None = ""
) -> Callable[[Callable], Callable]:
    """The shared options a command takes: --config and --framework when it reads settings,
    -q when `quiet` says what it leaves out, -v (with what `verbose` adds) unless None.

    The command-line contract (CLI.md) lets every global option stand before or after the
    command name, so those that do not apply are still accepted, without effect, but left out
    of the command's help; so is --version.
    """
    from .. import __version__

    decorators: list[Callable[[Callable], Callable]] = [
        functools.partial(config_option, hidden=not settings),
        functools.partial(framework_option, hidden=not settings),
        quiet_option(quiet or "", hidden=quiet is None),
        verbose_option(verbose or "", hidden=verbose is None),
        click.version_option(__version__, "--version", prog_name="cxm", hidden=True),
    ]
    return lambda func: functools.reduce(lambda f, d: d(f), reversed(decorators), func)


def examples(*lines: tuple[str, str]) -> str:
    """An epilog of examples, one a line, each with what it does; kept as written (\\b)."""
    width = max(len(command) for command, _ in lines)
    rows = "\n".join(f"  {command.ljust(width)}   {what}" for command, what in lines)
    return f"\b\nExamples:\n{rows}"
