"""Reading one side of `cxm diff`: the project at a git revision, or in the work tree.

Files of a revision are read from git (`ls-tree`, `cat-file`), never checked out: the user's
work tree is left as it is. Without a HEAD revision the work tree is compared, untracked files
included. Each side becomes the same Project the other commands build.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..config import Settings
from ..diagnostics import Diagnostic
from ..errors import UsageError
from ..load.reader import load_bytes, load_file
from ..model.framework import Framework
from ..project import SUFFIXES, Project, assemble, find_files, framework_path
from ..score.scorecard import Scorecard
from ..validate.framework import load_framework, validate_framework

WORK_TREE = "work tree"

# -- reading a revision from git ------------------------------------------------------------


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    # Read-only commands only; no optional locks, so not even the index is refreshed.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(
            ["git", "--literal-pathspecs", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("git is not installed; cxm diff reads the revisions with git") from None


def repository_root(settings: Settings) -> Path:
    done = _git(settings.root, "rev-parse", "--show-toplevel")
    if done.returncode != 0 or not done.stdout.strip():
        raise UsageError(f"not a git repository: {settings.root}")
    return Path(os.fsdecode(done.stdout.rstrip(b"\r\n"))).resolve()


def resolve_revision(root: Path, revision: str) -> str:
    """The commit id of `revision`; a usage error (exit 2) when git does not know it."""
    if revision and not revision.startswith("-") and "\n" not in revision:
        done = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        if done.returncode == 0:
            return done.stdout.decode("ascii").strip()
    raise UsageError(f"unknown revision '{revision}'")


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def _tree(root: Path, commit: str, path: str) -> list[tuple[str, str]]:
    """(path from the repository root, blob id) of the files at or below `path`."""
    done = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", path)
    if done.returncode != 0:
        raise UsageError(f"git ls-tree failed: {done.stderr.decode(errors='replace').strip()}")
    entries = []
    for entry in done.stdout.split(b"\0"):
        if not entry:
            continue
        header, _, name = entry.partition(b"\t")
        mode, kind, blob = header.decode("ascii").split()
        if kind == "blob" and mode != "120000":  # symbolic links are not files of the revision
            entries.append((os.fsdecode(name), blob))
    return entries


def _blobs(root: Path, ids: list[str]) -> list[bytes]:
    """Contents of the blobs, in one `git cat-file --batch`."""
    if not ids:
        return []
    done = _git(root, "cat-file", "--batch", stdin="".join(f"{i}\n" for i in ids).encode())
    out, pos, contents = done.stdout, 0, []
    for blob in ids:
        end = out.find(b"\n", pos)
        header = out[pos:end].split() if end >= 0 else []
        if done.returncode != 0 or len(header) != 3:
            raise UsageError(f"git cat-file could not read {blob}")
        size = int(header[2])
        contents.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return contents


def _wanted(relative: str) -> bool:
    """As project.find_files: *.yaml/*.yml, hidden files and folders skipped."""
    path = PurePosixPath(relative)
    return path.suffix in SUFFIXES and not any(part.startswith(".") for part in path.parts)


# -- one side of the comparison -------------------------------------------------------------


@dataclass
class Snapshot:
    """The project at one revision (or the work tree)."""

    label: str  # the revision as given, or "work tree"
    commit: str | None  # None: the work tree
    project: Project
    files: list[str]  # assessment files, as paths are displayed

    @cached_property
    def latest(self) -> dict[str, Scorecard]:
        """The latest scorecard of each team, by slug."""
        if self.project.framework is None:  # an invalid framework: nothing can be scored
            return {}
        return self.project.latest

    @property
    def errors(self) -> list[Diagnostic]:
        return self.project.errors


def _framework_at(
    settings: Settings, root: Path, commit: str | None
) -> tuple[Framework | None, list[Diagnostic]]:
    """A framework file of the repository as it was at `commit`; else the current one."""
    relative = _relative(settings.framework, root) if settings.framework else None
    if commit is not None and relative is not None:
        found = [blob for name, blob in _tree(root, commit, relative) if name == relative]
        if found:
            display = settings.display(settings.framework)
            doc, diags = load_bytes(_blobs(root, found)[0], display)
            if doc is None:
                return None, diags
            framework, more = validate_framework(doc)
            return framework, diags + more
    path = framework_path(settings)
    return load_framework(path, settings.display(path))


def read_revision(
    settings: Settings, root: Path, label: str, commit: str, today: dt.date
) -> Snapshot:
    folder = _relative(settings.assessments, root)
    if folder is None:
        raise UsageError(f"the assessments folder {settings.assessments} is not in the repository")
    prefix = "" if folder == "." else folder + "/"
    entries = [
        (name, blob)
        for name, blob in _tree(root, commit, folder)
        if name.startswith(prefix) and _wanted(name[len(prefix) :])
    ]
    displays = settings.displays([root / name for name, _ in entries])
    contents = _blobs(root, [blob for _, blob in entries])
    documents = (load_bytes(raw, display) for raw, display in zip(contents, displays, strict=True))
    framework, diagnostics = _framework_at(settings, root, commit)
    project = assemble(settings, framework, diagnostics, documents, today, None, len(entries))
    return Snapshot(label, commit, project, displays)


def read_work_tree(settings: Settings, root: Path, today: dt.date) -> Snapshot:
    if not settings.assessments.is_dir():
        raise UsageError(f"assessments folder not found: {settings.assessments}")
    files = find_files([settings.assessments])
    displays = [settings.display(path) for path in files]
    documents = (load_file(path, display) for path, display in zip(files, displays, strict=True))
    framework, diagnostics = _framework_at(settings, root, None)
    project = assemble(settings, framework, diagnostics, documents, today, None, len(files), files)
    return Snapshot(WORK_TREE, None, project, displays)
