"""`cxm diff`: what changed in the scores between two git revisions, for a pull-request comment.

Files of a revision are read from git (`ls-tree`, `cat-file`), never checked out: the user's
work tree is left as it is. Without a HEAD revision the work tree is compared, untracked files
included. Each side becomes the same Project the other commands build; the comparison is
plain data, and each output format (Markdown, JSON) is one function over it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..config import Settings
from ..config import today as default_today
from ..diagnostics import Diagnostic
from ..errors import UsageError
from ..load.reader import load_bytes, load_file
from ..model.framework import Framework
from ..project import SUFFIXES, Project, assemble, find_files, framework_path
from ..score.scorecard import Scorecard, rounded
from ..validate.assessment import load_framework, validate_framework

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
    displays = [settings.display(root / name) for name, _ in entries]
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


# -- the comparison -------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaChange:
    id: str
    name: str
    before: Fraction | None  # None: not assessed
    after: Fraction | None

    @property
    def change(self) -> Fraction | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class TeamChange:
    slug: str
    before: Scorecard | None  # None: a new team
    after: Scorecard | None  # None: a team whose files were all removed
    areas: list[AreaChange]  # only the areas that moved

    @property
    def team(self) -> str:
        card = self.after or self.before
        assert card is not None
        return card.assessment.team

    @property
    def change(self) -> Fraction | None:
        if self.before is None or self.after is None:
            return None
        if self.before.overall is None or self.after.overall is None:
            return None
        return self.after.overall - self.before.overall


@dataclass(frozen=True)
class Regression:
    team: str
    slug: str
    area: AreaChange | None  # None: the overall score
    before: Fraction
    after: Fraction

    @property
    def change(self) -> Fraction:
        return self.after - self.before


@dataclass
class Diff:
    base: Snapshot
    head: Snapshot
    teams: list[TeamChange]  # changed, new and removed teams, by slug
    new_files: list[str]
    removed_files: list[str]
    new_errors: list[Diagnostic]  # errors at HEAD that BASE did not have

    @property
    def changed_teams(self) -> list[TeamChange]:
        return [t for t in self.teams if t.before is not None and t.after is not None]

    @property
    def new_teams(self) -> list[TeamChange]:
        return [t for t in self.teams if t.before is None]

    @property
    def removed_teams(self) -> list[TeamChange]:
        return [t for t in self.teams if t.after is None]

    @property
    def regressions(self) -> list[Regression]:
        """Drops of a team's latest overall score or of one of its area scores."""
        found = []
        for t in self.changed_teams:
            assert t.before is not None and t.after is not None
            before, after = t.before.overall, t.after.overall
            if before is not None and after is not None and after < before:
                found.append(Regression(t.team, t.slug, None, before, after))
            for area in t.areas:
                if area.before is not None and area.after is not None and area.after < area.before:
                    found.append(Regression(t.team, t.slug, area, area.before, area.after))
        return found

    @property
    def head_errors(self) -> list[Diagnostic]:
        return self.head.errors

    @property
    def is_empty(self) -> bool:
        return not (self.teams or self.new_files or self.removed_files or self.new_errors)


def _area_changes(before: Scorecard, after: Scorecard) -> list[AreaChange]:
    names = {r.area.id: r.area.name for r in before.areas}
    names.update({r.area.id: r.area.name for r in after.areas})  # the framework order of HEAD
    ordered = [r.area.id for r in after.areas] + [r.area.id for r in before.areas]
    moved = []
    for area_id in dict.fromkeys(ordered):
        old, new = before.area(area_id), after.area(area_id)
        change = AreaChange(
            area_id, names[area_id], old.score if old else None, new.score if new else None
        )
        if change.before != change.after:
            moved.append(change)
    return moved


def _stage(card: Scorecard) -> str | None:
    return card.stage.name if card.stage else None


def compare(base: Snapshot, head: Snapshot) -> Diff:
    before_cards, after_cards = base.latest, head.latest
    teams = []
    for slug in sorted(set(before_cards) | set(after_cards)):
        before, after = before_cards.get(slug), after_cards.get(slug)
        if before is None or after is None:
            teams.append(TeamChange(slug, before, after, []))
            continue
        areas = _area_changes(before, after)
        if areas or before.overall != after.overall or _stage(before) != _stage(after):
            teams.append(TeamChange(slug, before, after, areas))
    base_files, head_files = set(base.files), set(head.files)
    # An error that only moved to another line is not new.
    known = {(d.path, d.code, d.message) for d in base.errors}
    new_errors = [d for d in head.errors if (d.path, d.code, d.message) not in known]
    return Diff(
        base,
        head,
        teams,
        sorted(head_files - base_files),
        sorted(base_files - head_files),
        new_errors,
    )


def diff_revisions(
    settings: Settings, base: str, head: str | None = None, today: dt.date | None = None
) -> Diff:
    """Compare the assessments at `base` with those at `head` (None: the work tree)."""
    today = today or default_today()
    root = repository_root(settings)
    base_commit = resolve_revision(root, base)
    head_commit = None if head is None else resolve_revision(root, head)
    old = read_revision(settings, root, base, base_commit, today)
    if head_commit is None:
        new = read_work_tree(settings, root, today)
    else:
        new = read_revision(settings, root, head, head_commit, today)
    return compare(old, new)


# -- Markdown -------------------------------------------------------------------------------

# Text from YAML files (team names, messages quoting keys) goes into a pull-request comment:
# it must never become a link, an image, HTML, a table cell or a new line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_PUNCTUATION = re.compile(r"([\\`*_\[\]|~#!{}])")
_BLOCK_START = re.compile(r"^([-+>=])|^(\d+)([.)])")


def md(text: str) -> str:
    """Plain text as inline Markdown that shows exactly that text."""
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCTUATION.sub(r"\\\1", text)
    return _BLOCK_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text
    )


def one(value: Fraction | None) -> str:
    """A score as pages show it: one decimal, half to even."""
    return "—" if value is None else f"{rounded(value, 1):.1f}"


def arrow(change: Fraction | int | None) -> str:
    if change is None or change == 0:
        return ""
    return "▲" if change > 0 else "▼"


def signed(change: Fraction | None) -> str:
    """▲ +0.3, ▼ -0.3: the arrow follows the exact change, the amount has one decimal."""
    if change is None or change == 0:
        return ""
    return f"{arrow(change)} {rounded(change, 1):+.1f}"


def _label(snapshot: Snapshot) -> str:
    if snapshot.commit is None:
        return "the work tree"
    if snapshot.commit.startswith(snapshot.label):
        return md(snapshot.commit[:12])
    return f"{md(snapshot.label)} ({snapshot.commit[:12]})"


def _regression_line(r: Regression) -> str:
    what = "overall" if r.area is None else md(r.area.name)
    return f"- {md(r.team)}: {what} {one(r.before)} → {one(r.after)} {signed(r.change)}"


def _team_table(t: TeamChange) -> list[str]:
    assert t.before is not None and t.after is not None
    before, after = t.before, t.after
    dates = (before.assessment.date, after.assessment.date)
    lines = [f"#### {md(t.team)}", ""]
    if dates[0] != dates[1]:
        lines += [f"Latest assessment: {dates[0]} → {dates[1]}", ""]
    else:
        lines += [f"Latest assessment: {dates[1]}", ""]
    stage_change = arrow((after.stage_level or 0) - (before.stage_level or 0))
    lines += [
        "| | Before | After | Change |",
        "|---|---:|---:|---|",
        f"| **Overall** | {one(before.overall)} | {one(after.overall)} | {signed(t.change)} |",
        f"| Stage | {md(_stage(before) or '—')} | {md(_stage(after) or '—')} | {stage_change} |",
    ]
    for area in t.areas:
        note = signed(area.change)
        if area.before is None:
            note = "newly assessed"
        elif area.after is None:
            note = "not assessed any more"
        lines.append(f"| {md(area.name)} | {one(area.before)} | {one(area.after)} | {note} |")
    return [*lines, ""]


def _teams_table(teams: list[TeamChange], side: Callable[[TeamChange], Scorecard]) -> list[str]:
    lines = ["| Team | Assessment | Overall | Stage |", "|---|---|---:|---|"]
    for t in teams:
        card = side(t)
        lines.append(
            f"| {md(t.team)} | {card.assessment.date} | {one(card.overall)} "
            f"| {md(_stage(card) or '—')} |"
        )
    return [*lines, ""]


def _paths(paths: list[str]) -> list[str]:
    return [*(f"- {md(p)}" for p in paths), ""]


def to_markdown(diff: Diff, regressions_first: bool = False) -> str:
    if diff.is_empty:
        return "No score changes.\n"
    lines = [
        "## CX maturity score changes",
        "",
        f"Comparing {_label(diff.base)} with {_label(diff.head)}.",
        "",
    ]
    regressions = diff.regressions
    if regressions_first and regressions:
        lines += ["### Regressions", "", *map(_regression_line, regressions), ""]
    if diff.changed_teams:
        lines += ["### Score changes", ""]
        for team in diff.changed_teams:
            lines += _team_table(team)
    if diff.new_teams:
        lines += ["### New teams", "", *_teams_table(diff.new_teams, lambda t: t.after)]
    if diff.removed_teams:
        lines += ["### Removed teams", "", *_teams_table(diff.removed_teams, lambda t: t.before)]
    if diff.new_files:
        lines += ["### New assessments", "", *_paths(diff.new_files)]
    if diff.removed_files:
        lines += ["### Removed files", "", *_paths(diff.removed_files)]
    if diff.new_errors:
        lines += ["### New errors", ""]
        lines += [
            f"- {md(d.path)}:{d.line}:{d.column}: {md(d.message)} {md(f'[{d.code}]')}"
            for d in diff.new_errors
        ]
        lines += ["", "Files with errors are left out of the scores above.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- JSON -----------------------------------------------------------------------------------


def _two(value: Fraction | None) -> float | None:
    return rounded(value, 2)


def _side(card: Scorecard | None) -> dict | None:
    if card is None:
        return None
    return {
        "date": card.assessment.date.isoformat(),
        "path": card.loaded.path,
        "overall": _two(card.overall),
        "stage": _stage(card),
        "areas": {r.area.id: _two(r.score) for r in card.areas if r.score is not None},
    }


def _area_record(area: AreaChange) -> dict:
    return {"before": _two(area.before), "after": _two(area.after), "change": _two(area.change)}


def to_json(diff: Diff, regressions_first: bool = False) -> str:
    data = {
        "base": diff.base.label,
        "base_commit": diff.base.commit,
        "head": diff.head.label,
        "head_commit": diff.head.commit,
        "teams": [
            {
                "team": t.team,
                "slug": t.slug,
                "before": _side(t.before),
                "after": _side(t.after),
                "change": _two(t.change),
                "areas": {a.id: _area_record(a) for a in t.areas},
            }
            for t in diff.teams
        ],
        "new_teams": [{"team": t.team, "slug": t.slug} for t in diff.new_teams],
        "removed_teams": [{"team": t.team, "slug": t.slug} for t in diff.removed_teams],
        "new_files": diff.new_files,
        "removed_files": diff.removed_files,
        "new_errors": [d.as_dict() for d in diff.new_errors],
        "head_errors": len(diff.head_errors),
        "regressions": [
            {
                "team": r.team,
                "slug": r.slug,
                "area": None if r.area is None else r.area.id,
                "before": _two(r.before),
                "after": _two(r.after),
                "change": _two(r.change),
            }
            for r in diff.regressions
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATTERS: dict[str, Callable[[Diff, bool], str]] = {"markdown": to_markdown, "json": to_json}
