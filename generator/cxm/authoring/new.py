"""`cxm new`: the next assessment of a team, prefilled from its latest one.

The file is written as text rather than dumped, so that it carries what an assessor needs in
the workshop: each practice's question as a comment, the scale, and what came from last time.
Strings are written as JSON strings, which YAML reads as double-quoted scalars.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings, modeline
from ..errors import CxmError, UsageError
from ..model.assessment import Action, MetricValue
from ..model.assessment_file import AssessmentFile
from ..model.framework import Area, Framework, MetricSpec, Practice
from ..model.prefill import SUMMARY, prefill
from ..project import Project, inside, real_path
from ..slugs import team_slug
from .yaml_text import comment, yaml_string

TEAM_MAX = 100  # characters, as an assessment file's `team` allows
_CONTROL = {"Cc", "Zl", "Zp"}  # C0 and C1 controls (newline, tab, escape), line separators
# Bidirectional controls: they reorder the text shown around them ("Trojan Source").
_BIDI = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# What a file system without hard links answers (FAT, some network shares).
_NO_HARD_LINKS = frozenset([errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS])


class Exists(CxmError):
    """The file (or another assessment of the team on that date) exists already: exit 1."""


class Unsafe(CxmError):
    """The file would be written through a link that leads out of the project: exit 1."""


_s = yaml_string
_comment = comment


def check_team(team: str) -> str:
    """The team name, trimmed; a usage error for a name no assessment file can hold.

    Checked before anything is read or written: a name from the shell may hold bytes that are
    not UTF-8 (they could not be written) and control characters (a line break would end the
    YAML string; a bidi control would disguise the name on every page).
    """
    if any(unicodedata.category(char) == "Cs" for char in team):
        raise UsageError("the team name is not valid UTF-8: write it in UTF-8 text")
    control = next((c for c in team if unicodedata.category(c) in _CONTROL or ord(c) in _BIDI), "")
    if control:
        raise UsageError(
            f"the team name holds the control character U+{ord(control):04X}: "
            "write the name on one line, without tabs or control characters"
        )
    name = team.strip()
    if not name:
        raise UsageError('the team name is empty: give the team\'s name, e.g. cxm new "Mobile App"')
    if len(name) > TEAM_MAX:
        raise UsageError(f"the team name is longer than {TEAM_MAX} characters")
    return name


def target_path(settings: Settings, team: str, date: dt.date) -> Path:
    return settings.assessments / team_slug(team) / f"{date.isoformat()}.yaml"


def latest_of(project: Project, team: str) -> AssessmentFile | None:
    slug = team_slug(team)
    mine = [item for item in project.loaded if item.slug == slug]
    return max(mine, key=lambda i: (i.assessment.date, i.path), default=None)


@dataclass(frozen=True)
class PracticeDraft:
    """One practice of the next assessment: what last time said of it, or the lowest level."""

    area: Area
    practice: Practice
    level: int | None  # None: not applicable last time
    evidence: str | None = None
    target: int | None = None
    not_applicable: str | None = None
    prefilled: bool = False  # from the latest assessment, rather than the lowest level


@dataclass(frozen=True)
class Draft:
    """What `cxm new` prefills, whatever it writes (YAML, or a workshop workbook)."""

    framework: Framework
    team: str
    date: dt.date
    previous: AssessmentFile | None
    group: str | None
    assessors: list[str]
    targets: dict[str, int]
    practices: list[PracticeDraft]
    metrics: list[tuple[MetricSpec, MetricValue | None]]  # each with its last value
    actions: list[Action]  # still open last time

    @property
    def scale(self) -> str:
        return ", ".join(f"{n} {spec.name}" for n, spec in sorted(self.framework.levels.items()))


def draft_of(fw: Framework, team: str, date: dt.date, previous: AssessmentFile | None) -> Draft:
    """The next assessment as `prefill` starts it (the questionnaire page starts from the
    same), with what a file or a workbook shows beside it."""
    a = previous.assessment if previous else None
    start = prefill(fw, team, a)
    practices = []
    for area in fw.areas:
        given = a.scores.get(area.id, {}) if a else {}
        for practice in area.practices:
            s = start.scores[area.id][practice.id]
            practices.append(
                PracticeDraft(
                    area,
                    practice,
                    s.level,
                    s.evidence,
                    s.target,
                    s.not_applicable,
                    prefilled=practice.id in given,
                )
            )
    return Draft(
        framework=fw,
        team=start.team,
        date=date,
        previous=previous,
        group=start.group,
        assessors=start.assessors,
        targets=start.targets,
        practices=practices,
        metrics=[(m, a.metrics.get(m.id) if a else None) for m in fw.metrics],
        actions=start.actions,
    )


def next_assessment_text(draft: Draft, header: str) -> str:
    previous = draft.previous
    lines = [header]
    if previous is None:
        lines.append("# A new team: every practice starts at the lowest level; set each one.")
    else:
        lines.append(
            f"# Prefilled from {previous.path} ({previous.assessment.date}): "
            "review every level and evidence."
        )
    lines.append(f"team: {_s(draft.team)}")
    if draft.group:
        lines.append(f"group: {_s(draft.group)}")
    elif previous is None:
        lines.append('# group: "Department or business unit"')
    lines.append(f"date: {draft.date.isoformat()}")
    lines.append("assessors: [" + ", ".join(_s(n) for n in draft.assessors) + "]")
    # A prompt, not a value: the file validates cleanly as written, and a summary uncommented
    # but left as it is warns (`placeholder`) rather than reaching the scorecard.
    lines.append("# summary: |  # shown on the scorecard: uncomment it and write what changed")
    lines.append(f"#   {SUMMARY}")
    if draft.targets:
        lines.append("targets:")
        lines.extend(f"  {area}: {level}" for area, level in draft.targets.items())
    lines.append(f"scores:  # levels: {draft.scale}")
    lines.extend(_score_lines(draft))
    if draft.metrics:
        lines.append("# metrics: measure again; last values shown")
        lines.append("# metrics:")
        for metric, last in draft.metrics:
            value = f"{last.value:g}" if last else "value"
            unit = f" {metric.unit}" if metric.unit else ""
            lines.append(f"#   {metric.id}: {value}  # {_comment(metric.name)}{unit}")
    if draft.actions:
        lines.append("actions:  # still open last time")
        for action in draft.actions:
            lines.append(f"  - title: {_s(action.title)}")
            lines.append(f"    area: {action.area}")
            if action.practice:
                lines.append(f"    practice: {action.practice}")
            if action.owner:
                lines.append(f"    owner: {_s(action.owner)}")
            if action.due:
                lines.append(f"    due: {action.due.isoformat()}")
            lines.append(f"    status: {action.status}")
    return "\n".join(lines) + "\n"


def _score_lines(draft: Draft) -> list[str]:
    lines: list[str] = []
    area = None
    for item in draft.practices:
        if item.area is not area:
            area = item.area
            lines.append(f"  {area.id}:  # {_comment(area.name)}")
        practice = item.practice
        question = f"  # {_comment(practice.question)}" if practice.question else ""
        if item.not_applicable is not None:
            lines.append(f"    {practice.id}:{question}")
            lines.append(f"      not_applicable: {_s(item.not_applicable)}  # review: still true?")
        elif not item.evidence and item.target is None:
            lines.append(f"    {practice.id}: {item.level}{question}")
        else:
            lines.append(f"    {practice.id}:{question}")
            lines.append(f"      level: {item.level}")
            if item.evidence:
                lines.append(f"      evidence: {_s(item.evidence)}  # review: still true?")
            if item.target is not None:
                lines.append(f"      target: {item.target}")
    return lines


def write_new(project: Project, team: str, date: dt.date) -> Path:
    team = check_team(team)
    draft = new_draft(project, team, date)
    return write_assessment(
        project,
        draft.team,
        date,
        lambda path: next_assessment_text(draft, modeline(project.settings, path)),
    )


def new_draft(project: Project, team: str, date: dt.date) -> Draft:
    """What `cxm new` prefills for `team` on `date`: from its latest assessment, if any."""
    if project.framework is None:
        raise CxmError("the framework has errors: run `cxm validate`")
    if date > project.today:
        raise UsageError(f"date {date} is in the future")
    return draft_of(project.framework, team, date, latest_of(project, team))


def write_assessment(
    project: Project, team: str, date: dt.date, make_text: Callable[[Path], str]
) -> Path:
    """The assessment of `team` on `date`, `assessments/<team-slug>/<date>.yaml`, holding what
    `make_text` makes for that path. Never overwrites, nor adds a second assessment of the
    team on that date, nor writes through a link that leads out of the project."""
    settings = project.settings
    path = target_path(settings, team, date)
    folder, missing = existing_folder(settings, path.parent)
    target = None if missing else folder / path.name
    if target is not None and os.path.islink(target):
        raise Unsafe(
            f"{settings.display(path)} is a symbolic link: cxm never writes through one; "
            "nothing was written"
        )
    same_day = [
        item.path
        for item in project.loaded
        if item.slug == team_slug(team) and item.assessment.date == date
    ]
    exists = target is not None and target.exists()
    if exists or same_day:
        where = settings.display(path) if exists else same_day[0]
        raise Exists(f"{where} already assesses {team} on {date}; nothing was written")
    # The whole text first: if making it fails, nothing at all has been written.
    data = make_text(path).encode("utf-8")
    try:
        write_exclusive(settings.root.resolve(), folder, missing, path.name, data)
    except FileExistsError:  # made meanwhile, by someone else
        raise Exists(f"{settings.display(path)} exists already; nothing was written") from None
    except OSError as exc:
        problem = exc.strerror or str(exc)
        raise CxmError(
            f"cannot write {settings.display(path)}: {problem}; nothing was written"
        ) from None
    return path


def existing_folder(settings: Settings, folder: Path) -> tuple[Path, list[str]]:
    """The deepest folder of `folder`'s path that exists, resolved, and the names below it.

    It must resolve inside the project: a team's folder may be a link (a pull request can add
    one), and `cxm new` writes nothing outside the project, nor through a link to nothing.
    """
    missing: list[str] = []
    probe = Path(os.path.abspath(folder))
    while not os.path.lexists(probe):
        missing.insert(0, probe.name)
        probe = probe.parent
    real = real_path(probe)
    shown = settings.display(probe)
    if real is None:
        raise Unsafe(f"{shown} is a symbolic link to nothing, or in a loop; nothing was written")
    if not inside(real, settings.root.resolve()):
        raise Unsafe(
            f"{shown} leads outside the project (the folder of mkdocs.yml): cxm new writes "
            "only inside it; nothing was written"
        )
    if not real.is_dir():
        raise Unsafe(f"{shown} is not a folder; nothing was written")
    return real, missing


def write_exclusive(root: Path, folder: Path, missing: list[str], name: str, data: bytes) -> None:
    """`name` in `folder` (below `root`, resolved) and the `missing` folders below it, made.

    Each folder is opened from the root one at a time without following a link, so a link
    swapped in since the check is refused rather than followed. Folders made here are removed
    again if the file cannot be written.
    """
    nofollow = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    fds = [os.open(root, os.O_RDONLY | os.O_DIRECTORY)]
    made: list[tuple[int, str]] = []
    try:
        there = folder.relative_to(root).parts
        for index, part in enumerate([*there, *missing]):
            if index >= len(there):
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, dir_fd=fds[-1])
                    made.append((fds[-1], part))
            fds.append(os.open(part, nofollow, dir_fd=fds[-1]))
        place(fds[-1], name, data)
    except BaseException:
        for parent, part in reversed(made):
            with contextlib.suppress(OSError):
                os.rmdir(part, dir_fd=parent)
        raise
    finally:
        for fd in fds:
            os.close(fd)


def place(folder: int, name: str, data: bytes) -> None:
    """`name` in the open folder, holding `data` whole or not there at all; never replaced.

    The data goes to a hidden temporary file (never read as an assessment), which is then
    linked to its name: the link fails if the name exists, even as a link to elsewhere.
    """
    temp = f".{name}.{secrets.token_hex(6)}.tmp"
    _create(folder, temp, data)
    try:
        os.link(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        _create(folder, name, data)  # no hard links here: made exclusively, removed on failure
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=folder)
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder
        os.fsync(folder)


def _create(folder: int, name: str, data: bytes) -> None:
    """A new file (never through a link), written and synced; removed if any of that fails."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    fd = os.open(name, flags, 0o666, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
        raise
