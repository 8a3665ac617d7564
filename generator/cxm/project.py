"""Load a whole project: framework and assessment files -> validated, scored collection."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from collections.abc import Iterable, Iterator
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
from .score.organization import NO_GROUP
from .score.scorecard import Scorecard, score_all
from .slugs import slug
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


@dataclass(frozen=True)
class Found:
    """A file to read as an assessment: where it is read from, and the path it is shown by."""

    real: Path  # no symbolic link in it
    shown: Path  # as found: a link is shown by its own name, never by its target's
    problem: tuple[str, str] | None = None  # (code, message): not read, reported instead
    through_link: bool = False


def inside(path: Path, root: Path) -> bool:
    """Whether a resolved path is `root` or below it."""
    return path == root or root in path.parents


def real_path(path: Path) -> Path | None:
    """Where a path really is, every link followed; None for a link to nothing or a loop."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except OSError:
        return None


def _undecodable(name: str) -> bool:
    """A name with bytes that are not UTF-8 (kept by Python as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_NO_TARGET = ("encoding", "cannot read file: it is a symbolic link to nothing, or in a loop")
_OUTSIDE = (
    "outside-project",
    "outside the project (the folder of mkdocs.yml), or a symbolic link that leads out of it: "
    "not read; keep assessment files inside the project",
)
# Such a name cannot be shown on a page or in a link, nor checked out on macOS or Windows.
_BAD_NAME = ("encoding", "file name is not valid UTF-8: not read; rename the file")


@dataclass
class _Search:
    """One search below the project's root: the folders listed so far end link loops."""

    root: Path
    seen: set[Path] = field(default_factory=set)

    def walk(self, folder: Path, shown: Path, bad: bool, via: bool) -> Iterator[Found]:
        """Every *.yaml/*.yml below a real folder, hidden ones skipped, in the order of paths.

        `bad`: a folder's name on the way is not UTF-8; `via`: reached through a link.
        """
        self.seen.add(folder)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:  # no permission: said, rather than a team silently left out
            yield Found(shown, shown, ("encoding", f"cannot read folder: {exc.strerror}"), via)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            here, wanted = shown / entry.name, Path(entry.name).suffix in SUFFIXES
            name_bad = bad or _undecodable(entry.name)
            if entry.is_symlink():
                yield from self.link(Path(entry.path), here, wanted, name_bad)
            elif entry.is_dir(follow_symlinks=False):
                yield from self.walk(Path(entry.path), here, name_bad, via)
            elif wanted and entry.is_file(follow_symlinks=False):
                yield _file(Path(entry.path), here, name_bad, via)

    def link(self, path: Path, shown: Path, wanted: bool, bad: bool) -> Iterator[Found]:
        """A link is followed only when it resolves inside the project; a folder at most once."""
        real = real_path(path)
        if real is None:
            if wanted:
                yield Found(shown, shown, _NO_TARGET, True)
        elif not inside(real, self.root):
            if wanted or real.is_dir():
                yield Found(shown, shown, _OUTSIDE, True)
        elif real.is_dir():
            if real not in self.seen:
                yield from self.walk(real, shown, bad, True)
        elif wanted and real.is_file():
            yield _file(real, shown, bad, True)


def _file(real: Path, shown: Path, bad: bool, via: bool) -> Found:
    return Found(real, shown, _BAD_NAME if bad else None, via)


def search(paths: list[Path], root: Path) -> list[Found]:
    """Files named directly, plus every *.yaml/*.yml below named folders (hidden ones skipped).

    Only files whose real location is inside `root` (the project) are read: a team's file may
    be a link to anywhere, and CI would publish what it reads. A file found twice (named and
    searched, or through a link) is read once, and shown by its own path rather than a link's.
    """
    found: dict[Path, Found] = {}
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"no such file or folder: {path}")
        walker, real = _Search(root.resolve()), real_path(path)
        via = os.path.islink(path)
        if real is None:
            items: Iterable[Found] = [Found(path, path, _NO_TARGET, True)]
        elif not inside(real, walker.root):
            items = [Found(path, path, _OUTSIDE, via)]
        elif real.is_dir():
            items = walker.walk(real, path, False, via)
        elif real.is_file():
            items = [_file(real, path, _undecodable(path.name), via)]
        else:
            raise UsageError(f"no such file or folder: {path}")
        for item in items:
            key = item.real if item.problem is None else item.shown.absolute()
            if key not in found or (found[key].through_link and not item.through_link):
                found[key] = item
    return list(found.values())


def find_files(paths: list[Path], root: Path | None = None) -> list[Path]:
    """The files `search` reads, where they really are. Without a root, each path named is its
    own boundary: nothing outside the folders named is read."""
    found = search(paths, root) if root else [i for p in paths for i in search([p], p)]
    return [item.real for item in found if item.problem is None]


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
    cache: FileCache | None = None,
) -> Project:
    """Find, load and validate every assessment file, then check across them. With a `cache`
    (`cxm serve`), a file unchanged since the last load is not read or validated again."""
    today = today or default_today()
    fw_path = framework_path(settings)
    cache = cache if cache is not None else FileCache()
    framework, diagnostics = cache.framework(fw_path, settings.display(fw_path), today)
    if paths is None:
        if not settings.assessments.is_dir():
            raise UsageError(f"assessments folder not found: {settings.assessments}")
        if not inside(settings.assessments.resolve(), settings.root.resolve()):
            raise UsageError(
                f"the assessments folder is outside the project ({settings.root}): keep it "
                "inside the folder of mkdocs.yml; nothing was read"
            )
        paths = [settings.assessments]
    found = search(paths, settings.root)
    shown = cache.displays(settings, [item.shown for item in found])
    with _collector_paused():
        results = [
            cache.validated(item, display, framework)
            for item, display in zip(found, shown, strict=True)
        ]
    cache.forget_unseen()
    checked = len(found) + (1 if settings.framework else 0)
    files = [item.shown for item in found]
    return collect(settings, framework, diagnostics, results, today, strict_mode, checked, files)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the files are validated, and what they leave
    handed to its oldest generation as it is.

    Each valid file leaves about 150 objects that live on (its models, the positions the
    checks across files report) and makes next to no cycles. Counting new objects, the
    collector went over the files before again and again, and once more over all of them when
    it ran again after the files: a fifth of the time on 1,600 files, to free next to nothing.
    gc.freeze() then gc.unfreeze() move every object to the oldest generation unexamined; a
    full collection, as rare as ever, still frees any cycle there. Memory no longer used is
    freed as always, by reference counts.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


Validated = tuple[AssessmentFile | None, list[Diagnostic]]


class FileCache:
    """Framework and assessment files as validated by earlier loads, each under its path and
    stat (modification time, size, inode): `cxm serve` reads again only what changed. A new
    framework or a new day empties it (both change what a file's validation says)."""

    def __init__(self) -> None:
        self._framework: tuple[tuple, tuple[Framework | None, list[Diagnostic]]] | None = None
        self._files: dict[tuple, Validated] = {}
        self._today: dt.date | None = None
        self._seen: set[tuple] = set()
        self._shown: dict[tuple, str] = {}

    def displays(self, settings: Settings, paths: list[Path]) -> list[str]:
        """`settings.displays(paths)`, worked out once per path (it resolves folders)."""
        cwd = Path.cwd()
        new = [path for path in paths if (settings.root, cwd, path) not in self._shown]
        for path, display in zip(new, settings.displays(new), strict=True):
            self._shown[(settings.root, cwd, path)] = display
        return [self._shown[(settings.root, cwd, path)] for path in paths]

    def framework(
        self, path: Path, display: str, today: dt.date
    ) -> tuple[Framework | None, list[Diagnostic]]:
        key = (_stat_key(path), display)
        if self._framework is None or self._framework[0] != key or self._today != today:
            self._files.clear()
            self._framework = (key, load_framework(path, display))
            self._today = today
        return self._framework[1]

    def validated(self, item: Found, display: str, framework: Framework | None) -> Validated:
        key = (item.real, display, item.problem, _stat_key(item.real))
        if key[-1] is None:  # unreadable now: said by the load, never kept
            return validate_document(_read(item, display), framework, self._today)
        if key not in self._files:
            self._files[key] = validate_document(_read(item, display), framework, self._today)
        self._seen.add(key)
        return self._files[key]

    def forget_unseen(self) -> None:
        """Forget the files this load did not read: gone, or changed since."""
        self._files = {k: v for k, v in self._files.items() if k in self._seen}
        self._seen = set()


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _read(item: Found, display: str) -> tuple[Document | None, list[Diagnostic]]:
    if item.problem is None:
        return load_file(item.real, display)
    code, message = item.problem
    return None, [Diagnostic(display, 1, 1, "error", code, message)]


def validate_document(
    read: tuple[Document | None, list[Diagnostic]], framework: Framework | None, today: dt.date
) -> Validated:
    """One loaded document validated: the file (None when unusable) and its diagnostics."""
    doc, diags = read
    diagnostics = list(cap(diags))
    if doc is None:
        return None, diagnostics
    item, more = validate_assessment(doc, framework, today)
    return item, diagnostics + more


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
    results = (validate_document(read, framework, today) for read in documents)
    return collect(
        settings,
        framework,
        diagnostics,
        results,
        today,
        strict_mode,
        files_checked,
        assessment_files,
    )


def collect(
    settings: Settings,
    framework: Framework | None,
    diagnostics: list[Diagnostic],
    results: Iterable[Validated],
    today: dt.date,
    strict_mode: bool | None = None,
    files_checked: int = 0,
    assessment_files: list[Path] | None = None,
) -> Project:
    """A project from validated files: the checks across files run and strict mode applies."""
    diagnostics = list(diagnostics)
    loaded: list[AssessmentFile] = []
    for item, diags in results:
        diagnostics.extend(diags)
        if item is not None:
            loaded.append(item)
    diagnostics.extend(check_collection(loaded, settings.stale_after_days, today))
    if settings.strict if strict_mode is None else strict_mode:
        diagnostics = strict(diagnostics)
    diagnostics.sort(key=sort_key)
    if settings.groups is not None:
        valid = not any(d.is_error for d in diagnostics)
        loaded = in_groups(loaded, settings.groups, checked=valid)
    return Project(
        settings, framework, loaded, diagnostics, files_checked, today, assessment_files or []
    )


def in_groups(
    loaded: list[AssessmentFile], groups: tuple[str, ...], checked: bool = True
) -> list[AssessmentFile]:
    """The assessments of these groups only (the `groups` option: a site per group). Every
    file is still validated; a group no valid assessment names is a usage error (a typo would
    build an empty site), once the files have no errors."""
    wanted = {slug(name): name for name in groups}
    kept = [item for item in loaded if slug(item.assessment.group or NO_GROUP) in wanted]
    found = {slug(item.assessment.group or NO_GROUP) for item in kept}
    missing = [name for key, name in wanted.items() if key not in found]
    if missing and checked:
        known = sorted({item.assessment.group or NO_GROUP for item in loaded})
        raise UsageError(
            f"cx-maturity option 'groups': no assessment is in {', '.join(map(repr, missing))}"
            f" (groups: {', '.join(known) or 'none'})"
        )
    return kept
