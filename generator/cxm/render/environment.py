"""The Jinja environment the pages are rendered with, and where the built-in templates are.

Every value a template prints goes through `_finalize`: text from YAML becomes inert text
unless it was made safe on purpose (Markup: rendered Markdown fields, links we build).
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import markup
from .indent import KeepIndentOfContentLines
from .numbers import change, gap, metric_value, one, percent, signed, status

BUILTIN_TEMPLATES = Path(str(files("cxm"))) / "site_templates"
if not BUILTIN_TEMPLATES.is_dir():  # a source checkout: templates live at the repository root
    BUILTIN_TEMPLATES = Path(__file__).resolve().parents[3] / "site_templates"


def _finalize(value: Any) -> Markup:
    # Autoescape is on, so macros and callers stay Markup; anything else is inert text.
    if isinstance(value, Markup):
        return value
    return Markup("") if value is None else Markup(markup.text(value))


@functools.lru_cache(maxsize=8)
def environment(templates: Path | None) -> jinja2.Environment:
    """One environment per templates folder for the process: templates are compiled once,
    and recompiled only when their file changes (Jinja checks, e.g. in `mkdocs serve`)."""
    return _environment(templates)


def _environment(templates: Path | None) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))]
    if templates is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(templates)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        finalize=_finalize,
        autoescape=True,  # with _finalize: every printed value is safe unless made so on purpose
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[KeepIndentOfContentLines],
    )
    env.filters.update(
        md=markup.render_markdown,
        mdi=markup.render_inline,
        one=one,
        signed=signed,
        change=change,
        gap=gap,
        status=status,
        percent=percent,
        metric=metric_value,
    )
    return env
