"""Settings: the `cx-maturity` section of mkdocs.yml, read without importing MkDocs.

OPTIONS is the one declaration of the plugin's options. The command line's defaults and checks
are made from it here; the MkDocs plugin's config (cxm.engine.plugin) is made from it too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import UsageError

PLUGIN = "cx-maturity"


@dataclass(frozen=True)
class Option:
    """An option of the cx-maturity plugin, as `mkdocs.yml` holds it."""

    name: str
    type: type  # as YAML gives it: str (a path, relative to mkdocs.yml's folder), int, bool, list
    default: Any  # None: unset (the option may be `null`)
    help: str  # one line: its comment in the example of docs/reference/configuration.md
    expected: str = ""  # what a wrong value must be instead (default: said by its type)


OPTIONS: tuple[Option, ...] = (
    Option("assessments", str, "assessments", "folder of assessment files"),
    Option("framework", str, None, "a framework file; null = the built-in CX framework"),
    Option("templates", str, None, "a folder of templates that override the built-in ones"),
    Option(
        "stale_after_days",
        int,
        365,
        "latest assessment older than this: warning `stale`",
        expected="a whole number of days",
    ),
    Option("strict", bool, False, "warnings become errors"),
    Option("cache_dir", str, ".cache/cxm", "drawn charts, keyed by a hash of their input"),
    Option(
        "groups",
        list,
        None,
        "only the teams of these groups (a site per group); null = every team",
        expected="a list of group names",
    ),
)
DEFAULTS: dict[str, Any] = {option.name: option.default for option in OPTIONS}


@dataclass(frozen=True)
class Settings:
    root: Path  # folder of mkdocs.yml (or the current folder without one)
    config_file: Path | None
    assessments: Path
    framework: Path | None
    templates: Path | None
    stale_after_days: int | None
    strict: bool
    cache_dir: Path
    site_dir: Path
    docs_dir: Path
    repo_url: str | None = None
    edit_uri: str | None = None
    site_name: str = "CX maturity"
    site_url: str | None = None
    extra: dict = field(default_factory=dict)
    groups: tuple[str, ...] | None = None  # names as the assessments write them

    @property
    def edit_base(self) -> str | None:
        """The URL prefix that edits a file at the repository root, from MkDocs' settings.

        MkDocs' edit_uri points into docs_dir (e.g. 'edit/main/docs/'); assessments live beside
        docs_dir, so the docs_dir part is dropped.
        """
        repo_url, edit_uri, docs_dir_name = self.repo_url, self.edit_uri, self.docs_dir.name
        if not repo_url:
            return None
        if edit_uri is None:
            # MkDocs' own default for these hosts, so generated and hand-written pages agree.
            known_host = "github.com" in repo_url or "gitlab" in repo_url
            edit_uri = "edit/master/docs/" if known_host else ""
        if not edit_uri:
            return None
        base = edit_uri.rstrip("/")
        if base.endswith("/" + docs_dir_name) or base == docs_dir_name:
            base = base[: -len(docs_dir_name)].rstrip("/")
        if base.startswith(("http://", "https://")):
            return base + "/"
        return repo_url.rstrip("/") + "/" + (base + "/" if base else "")

    @property
    def new_file_base(self) -> tuple[str, str] | None:
        """The repository host and the URL of its page that proposes a new file on the branch
        of `edit_uri`: ("github", ".../new/main") or ("gitlab", ".../-/new/main"); None for
        another host or without `repo_url`."""
        repo_url = (self.repo_url or "").rstrip("/")
        if repo_url.startswith("https://github.com/"):
            host, page = "github", "new"
        elif repo_url.startswith("https://") and "gitlab" in repo_url.split("/")[2]:
            host, page = "gitlab", "-/new"
        else:
            return None
        # edit_uri such as edit/main/docs/ or -/edit/main/docs/ names the branch; MkDocs'
        # default for these hosts is edit/master/docs/.
        parts = (self.edit_uri if self.edit_uri is not None else "edit/master/docs/").split("/")
        after = [parts[i + 1] for i, p in enumerate(parts[:-1]) if p in ("edit", "blob")]
        branch = after[0] if after and after[0] else "main"
        return host, f"{repo_url}/{page}/{branch}"

    def with_framework(self, framework: Path | None) -> Settings:
        return self if framework is None else replace(self, framework=framework.resolve())

    def guard_output(self, target: Path, what: str) -> Path:
        """Refuse an output folder that is, holds or sits inside one of the project's inputs.

        A build replaces its whole folder: pointed at the assessments, it would delete them.
        """
        target = target.resolve()
        if target == self.root or target in self.root.parents:
            raise UsageError(f"refusing to write {what} into {target}: it holds the project")
        inputs = {
            "the assessments": self.assessments,
            "docs_dir": self.docs_dir,
            "the templates": self.templates,
            "the framework": self.framework,
            "the cache": self.cache_dir,
            "mkdocs.yml": self.config_file,
        }
        for name, path in inputs.items():
            if path is None:
                continue
            path = path.resolve()
            if target == path or path in target.parents or target in path.parents:
                raise UsageError(f"refusing to write {what} into {target}: it overlaps {name}")
        return target

    def display(self, path: Path) -> str:
        """A path as users write it: relative to the project root where possible.

        A symbolic link is shown by its own name, never by its target's (which may lie outside
        the project). The name is shown escaped where it is not printable text (see _printable).
        """
        path = Path(os.path.abspath(path))  # ".." and "." gone, links left as they are
        root = self.root.resolve()
        with contextlib.suppress(ValueError):
            return _printable(path.relative_to(root).as_posix())
        # Only then the folder resolved too (a system call per folder), for a root reached
        # through a link (macOS: /tmp, /var).
        with contextlib.suppress(ValueError):
            return _printable((path.parent.resolve() / path.name).relative_to(root).as_posix())
        return _printable(path.as_posix())


def _printable(text: str) -> str:
    """Text that prints as one line of valid UTF-8, whatever a file name holds.

    A file name may hold bytes that are not UTF-8 (Python keeps them as lone surrogates, which
    no UTF-8 output can encode: JSON and text output would break), and control characters (a
    newline would split a diagnostic line, an escape sequence would drive the terminal). Those
    are shown escaped as Python writes them: the byte 0xff as \\xff, a newline as \\n.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(char) in _HIDDEN:
            out.append(repr(char)[1:-1])  # as Python writes it: \n, \x1b, \u202e
        else:
            out.append(char)
    return "".join(out)


# Control and format characters (bidi overrides, zero-width ones), lone surrogates, line and
# paragraph separators: invisible or line-breaking when printed.
_HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}


class _MkDocsYamlLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !ENV (resolved) and !!python/name tags (read as plain values)."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`, resolved as MkDocs resolves it."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "!ENV takes a variable name or a list of them", node.start_mark
        )
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


_MkDocsYamlLoader.add_constructor("!ENV", _env_tag)
_MkDocsYamlLoader.add_multi_constructor("!", _any_tag)
_MkDocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def plugin_section(plugins: Any) -> dict | None:
    """The options of the cx-maturity plugin in mkdocs.yml's `plugins` (list or mapping)."""
    if isinstance(plugins, dict):
        items = plugins.items()
    elif isinstance(plugins, list):
        items = []
        for entry in plugins:
            if isinstance(entry, str):
                items.append((entry, {}))
            elif isinstance(entry, dict):
                items.extend(entry.items())
    else:
        return None
    for name, options in items:
        if name == PLUGIN:
            return options or {}
    return None


def load_settings(config: Path | None = None, cwd: Path | None = None) -> Settings:
    cwd = cwd or Path.cwd()
    if config is None:
        candidate = cwd / "mkdocs.yml"
        config = candidate if candidate.is_file() else None
        if config is None and (cwd / "mkdocs.yaml").is_file():
            config = cwd / "mkdocs.yaml"
    data = read_mkdocs_yml(config) if config is not None else {}
    root = (config.parent if config else cwd).resolve()
    options = dict(DEFAULTS)
    section = plugin_section(data.get("plugins"))
    if section is not None:
        if not isinstance(section, dict):
            raise UsageError(f"{config}: the {PLUGIN} plugin options must be a mapping")
        unknown = set(section) - set(DEFAULTS)
        if unknown:
            raise UsageError(f"{config}: unknown {PLUGIN} option(s): {', '.join(sorted(unknown))}")
        options.update(section)
    return settings_from(options, root, config, data)


def read_mkdocs_yml(config: Path, inherited_by: tuple[Path, ...] = ()) -> dict:
    """The whole of mkdocs.yml as plain data, as MkDocs reads it (tags read as their values,
    !ENV resolved): an `INHERIT: parent.yml` is merged under it (mappings
    merged key by key, anything else replaced), so a site per group can share one config."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_MkDocsYamlLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read config {config}: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"config {config} is not a mapping")
    parent = data.pop("INHERIT", None)
    if parent is None:
        return data
    path = Path(os.path.normpath(config.parent / str(parent)))
    if path in inherited_by or path == Path(os.path.normpath(config)):
        raise UsageError(f"config {config}: INHERIT {parent} inherits from itself")
    return _merged(read_mkdocs_yml(path, (*inherited_by, Path(os.path.normpath(config)))), data)


def _merged(parent: dict, child: dict) -> dict:
    out = dict(parent)
    for key, value in child.items():
        if isinstance(out.get(key), dict) and isinstance(value, dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def settings_from(options: dict, root: Path, config: Path | None, mkdocs: dict) -> Settings:
    """Settings from plugin options (also used by cxm.engine.plugin with MkDocs' parsed config)."""
    values = {
        option.name: _READ[option.type](option, options.get(option.name, option.default), root)
        for option in OPTIONS
    }
    return Settings(
        root=root,
        config_file=config,
        **values,
        site_dir=(root / str(mkdocs.get("site_dir") or "site")).resolve(),
        docs_dir=(root / str(mkdocs.get("docs_dir") or "docs")).resolve(),
        repo_url=mkdocs.get("repo_url") if isinstance(mkdocs.get("repo_url"), str) else None,
        edit_uri=mkdocs.get("edit_uri") if isinstance(mkdocs.get("edit_uri"), str) else None,
        site_name=str(mkdocs.get("site_name") or "CX maturity"),
        site_url=mkdocs.get("site_url") if isinstance(mkdocs.get("site_url"), str) else None,
    )


def _refuse(option: Option) -> UsageError:
    expected = option.expected or _EXPECTED[option.type]
    return UsageError(f"{PLUGIN} option '{option.name}' must be {expected}")


def _read_path(option: Option, value: Any, root: Path) -> Path | None:
    if value in (None, ""):  # unset: the default
        return root / option.default if option.default is not None else None
    if not isinstance(value, str):
        raise _refuse(option)
    return (root / value).resolve()


def _read_count(option: Option, value: Any, root: Path) -> int:
    value = option.default if value is None else value  # null: the default, as MkDocs does
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _refuse(option)
    return value


def _read_flag(option: Option, value: Any, root: Path) -> bool:
    if not isinstance(value, bool):
        raise _refuse(option)
    return value


def _read_names(option: Option, value: Any, root: Path) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _refuse(option)
    return tuple(value)


_EXPECTED = {str: "a path", int: "a whole number", bool: "true or false", list: "a list"}
# How the command line reads an option of each type (MkDocs checks the type by itself).
_READ: dict[type, Callable[[Option, Any, Path], Any]] = {
    str: _read_path,
    int: _read_count,
    bool: _read_flag,
    list: _read_names,
}


def today() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that a reproducible build is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def modeline(settings: Settings, path: Path) -> str:
    """The first line of an assessment file at `path`: yaml-language-server reads its schema."""
    schema = settings.root / "schema" / "assessment.schema.json"
    relative = Path(os.path.relpath(schema, path.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}"
