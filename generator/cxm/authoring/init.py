"""`cxm init`: a ready assessment repository, written from the template files in `scaffold/`.

The templates are plain data files in the folder `scaffold/` beside this module (shipped in the
wheel with the package). Two conventions keep them inert in this project's own tree:

- a path part that starts with `dot-` is written with a leading dot (`dot-github/` becomes
  `.github/`, `dot-gitignore` becomes `.gitignore`), so git, CI and editors do not take the
  templates for this project's own settings;
- `__NAME__` placeholders, in file contents and paths, are replaced by a few values: the site
  name, today's date, where CI installs cxm from. A placeholder without a value is a bug.

The JSON Schemas are not templates: they are written from the built-in framework with
`cxm.authoring.schema.write_schemas`, so they can never be stale. Nothing is written if any
target file exists already: `cxm init` never overwrites.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..config import today as default_today
from ..errors import CxmError, UsageError

TEMPLATES = Path(__file__).parent / "scaffold"

# Where CI installs cxm from until the user says otherwise: visibly not a real address, and the
# workflows stop with a message while it is still there (see docs/guides/ci.md).
PLACEHOLDER_REPOSITORY = "https://github.com/OWNER/cxm"
PLACEHOLDER_PACKAGE = f"git+{PLACEHOLDER_REPOSITORY}"
DEFAULT_SITE_NAME = "CX maturity"

# The GitHub workflows, also used (installing cxm from the checkout) by this project's own CI.
WORKFLOWS = (".github/workflows/cxm-pr.yml", ".github/workflows/cxm-site.yml")
SCHEMA_DIR = "schema"

_PLACEHOLDER = re.compile(r"__[A-Z][A-Z_]*__")
_DOT = "dot-"


class Exists(CxmError):
    """Some of the files `cxm init` would write exist already; nothing was written (exit 1)."""


@dataclass(frozen=True)
class Values:
    """What the placeholders of the templates become."""

    site_name: str = DEFAULT_SITE_NAME
    today: dt.date = field(default_factory=default_today)
    package: str = PLACEHOLDER_PACKAGE  # CXM_PACKAGE: pip's argument in CI

    def placeholders(self) -> dict[str, str]:
        return {
            "__SITE_NAME_YAML__": json.dumps(self.site_name, ensure_ascii=False),
            "__SITE_NAME__": self.site_name,
            "__DATE__": self.today.isoformat(),
            "__DUE__": (self.today + dt.timedelta(days=91)).isoformat(),
            "__CXM_PACKAGE__": self.package,
        }


def _fill(text: str, placeholders: dict[str, str], where: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(0)
        if name not in placeholders:
            raise CxmError(f"template {where}: unknown placeholder {name}")
        return placeholders[name]

    return _PLACEHOLDER.sub(value, text)


def template_names() -> list[str]:
    """Paths of the template files, relative to `scaffold/`, in POSIX form."""
    return sorted(
        p.relative_to(TEMPLATES).as_posix()
        for p in TEMPLATES.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def target_name(template: str, values: Values) -> str:
    """Where a template is written: `dot-` parts get their dot, placeholders their value."""
    parts = ["." + p[len(_DOT) :] if p.startswith(_DOT) else p for p in template.split("/")]
    return _fill("/".join(parts), values.placeholders(), template)


def fill(template: str, values: Values) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    return _fill(text, values.placeholders(), template)


def _schemas() -> dict[str, str]:
    """The JSON Schemas of the built-in framework, as `cxm schema` writes them."""
    from ..project import BUILTIN_FRAMEWORK
    from ..validate.framework import load_framework
    from .schema import write_schemas

    framework, diagnostics = load_framework(BUILTIN_FRAMEWORK, BUILTIN_FRAMEWORK.name)
    if framework is None:  # the shipped framework is tested; this is a broken installation
        raise CxmError(f"the built-in framework has errors: {diagnostics}")
    with tempfile.TemporaryDirectory(prefix="cxm-schema-") as folder:
        return {
            f"{SCHEMA_DIR}/{path.name}": path.read_text(encoding="utf-8")
            for path in write_schemas(framework, Path(folder))
        }


def files(values: Values | None = None) -> dict[str, str]:
    """Every file of a new assessment repository: relative path -> content, sorted by path."""
    values = values or Values()
    out = {target_name(t, values): fill(t, values) for t in template_names()}
    out.update(_schemas())
    return dict(sorted(out.items()))


def project_workflows(package: str = ".") -> dict[str, str]:
    """The GitHub workflows as this project's own CI uses them: cxm from the checkout."""
    values = Values(package=package)
    by_target = {target_name(t, values): t for t in template_names()}
    return {name: fill(by_target[name], values) for name in WORKFLOWS}


def _in_the_way(root: Path, relative: str) -> bool:
    """The file exists, or a folder on its way is a file: writing it would replace something."""
    path = root / relative
    if path.exists() or path.is_symlink():
        return True
    return any(parent.exists() and not parent.is_dir() for parent in path.parents)


def init(root: Path, values: Values | None = None) -> list[Path]:
    """Write a new assessment repository into `root`; all files or none. Returns the files."""
    for folder in (root, *root.parents):  # the nearest folder that exists must be a folder
        if folder.exists():
            if not folder.is_dir():
                raise UsageError(f"{folder} is a file, not a folder")
            break
    plan = files(values)
    taken = [relative for relative in plan if _in_the_way(root, relative)]
    if taken:
        listed = "\n".join(f"  {(root / relative).as_posix()}" for relative in taken)
        raise Exists(f"these files exist already; nothing was written:\n{listed}")
    written: list[Path] = []
    try:
        for relative, text in plan.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))  # LF line endings on every system
            written.append(path)
    except OSError as exc:
        for path in written:  # all or nothing: take back what was written
            path.unlink(missing_ok=True)
        raise UsageError(f"cannot write {exc.filename}: {exc.strerror}") from None
    return written


def next_steps(root: Path) -> str:
    lines = ["next steps:"]
    if root.resolve() != Path.cwd().resolve():
        lines.append(f"  cd {shlex.quote(root.as_posix())}")
    lines += [
        "  cxm build      # validate the example and build the site into site/",
        "  cxm serve      # preview it on http://127.0.0.1:8000, reloading on every save",
        "  set CXM_PACKAGE (where CI installs cxm from) as a CI variable, or in",
        "  .github/workflows/ and .gitlab-ci.yml; then commit and push",
    ]
    return "\n".join(lines)


def write_project_workflows(root: Path | None = None) -> list[Path]:
    """Write this project's own GitHub workflows from the scaffold (run in the project root)."""
    root = root or Path.cwd()
    written = []
    for name, text in project_workflows().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written
