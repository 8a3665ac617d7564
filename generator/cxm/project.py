"""Load a whole project: framework and assessment files -> validated, scored collection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .config import Settings
from .config import today as default_today
from .diagnostics import Diagnostic, cap, sort_key, strict
from .errors import UsageError
from .load.document import Document
from .load.reader import load_file
from .model.assessment_file import AssessmentFile
from .model.framework import Framework
from .score.scorecard import Scorecard, score_all
from .validate.assessment import validate_assessment
from .validate.collection import check_collection
from .validate.framework import load_framework

BUILTIN_FRAMEWORK = Path(__file__).parent / "frameworks" / "cx-maturity.yaml"
SUFFIXES = (".yaml", ".yml")


@dataclass
class Project:
    settings: Settings
    framework: Framework | None
    loaded: list[AssessmentFile]
    diagnostics: list[Diagnostic]
    files_checked: int
    today: dt.date
    assessment_files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    @cached_property
    def scorecards(self) -> dict[str, list[Scorecard]]:
        """Per team slug, oldest first. Only meaningful when there are no errors."""
        assert self.framework is not None
        return score_all(self.loaded, self.framework)

    @property
    def latest(self) -> dict[str, Scorecard]:
        """The latest scorecard of each team, by slug."""
        return {slug: history[-1] for slug, history in self.scorecards.items()}


def find_files(paths: list[Path]) -> list[Path]:
    """Files named directly, plus every *.yaml/*.yml below named folders (hidden ones skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    unique = dict.fromkeys(p.resolve() for p in found)
    return list(unique)


def framework_path(settings: Settings) -> Path:
    path = settings.framework or BUILTIN_FRAMEWORK
    if not path.is_file():
        raise UsageError(f"framework file not found: {path}")
    return path


def load_project(
    settings: Settings,
    paths: list[Path] | None = None,
    today: dt.date | None = None,
    strict_mode: bool | None = None,
) -> Project:
    today = today or default_today()
    fw_path = framework_path(settings)
    framework, diagnostics = load_framework(fw_path, settings.display(fw_path))
    if paths is None:
        if not settings.assessments.is_dir():
            raise UsageError(f"assessments folder not found: {settings.assessments}")
        paths = [settings.assessments]
    files = find_files(paths)
    documents = (load_file(path, settings.display(path)) for path in files)
    checked = len(files) + (1 if settings.framework else 0)
    return assemble(settings, framework, diagnostics, documents, today, strict_mode, checked, files)


def assemble(
    settings: Settings,
    framework: Framework | None,
    diagnostics: list[Diagnostic],
    documents: Iterable[tuple[Document | None, list[Diagnostic]]],
    today: dt.date,
    strict_mode: bool | None = None,
    files_checked: int = 0,
    assessment_files: list[Path] | None = None,
) -> Project:
    """A project from loaded assessment documents (from disk, or from a git revision).

    `diagnostics` holds the framework's; each document is validated, then the checks across
    files run and strict mode applies, as for every command.
    """
    diagnostics = list(diagnostics)
    loaded: list[AssessmentFile] = []
    for doc, diags in documents:
        diagnostics.extend(cap(diags))
        if doc is None:
            continue
        item, diags = validate_assessment(doc, framework, today)
        diagnostics.extend(diags)
        if item is not None:
            loaded.append(item)
    diagnostics.extend(check_collection(loaded, settings.stale_after_days, today))
    if settings.strict if strict_mode is None else strict_mode:
        diagnostics = strict(diagnostics)
    diagnostics.sort(key=sort_key)
    return Project(
        settings, framework, loaded, diagnostics, files_checked, today, assessment_files or []
    )
