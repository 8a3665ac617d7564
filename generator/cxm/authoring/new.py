"""`cxm new`: the next assessment of a team, prefilled from its latest one.

The file is written as text rather than dumped, so that it carries what an assessor needs in
the workshop: each practice's question as a comment, the scale, and what came from last time.
Strings are written as JSON strings, which YAML reads as double-quoted scalars.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import secrets
import unicodedata
from pathlib import Path

from ..config import Settings
from ..errors import CxmError, UsageError
from ..model.assessment import practice_level
from ..model.assessment_file import AssessmentFile
from ..model.framework import Framework
from ..project import Project, inside, real_path
from ..slugs import team_slug
from ..validate.checks.header import PLACEHOLDER_ASSESSOR, PLACEHOLDER_SUMMARY

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


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


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


def modeline(settings: Settings, path: Path) -> str:
    schema = settings.root / "schema" / "assessment.schema.json"
    relative = Path(os.path.relpath(schema, path.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}"


def latest_of(project: Project, team: str) -> AssessmentFile | None:
    slug = team_slug(team)
    mine = [item for item in project.loaded if item.slug == slug]
    return max(mine, key=lambda i: (i.assessment.date, i.path), default=None)


def next_assessment_text(
    fw: Framework, team: str, date: dt.date, previous: AssessmentFile | None, header: str
) -> str:
    low = fw.scale[0]
    scale = ", ".join(f"{n} {spec.name}" for n, spec in sorted(fw.levels.items()))
    a = previous.assessment if previous else None
    lines = [header]
    if a is None:
        lines.append("# A new team: every practice starts at the lowest level; set each one.")
    else:
        lines.append(
            f"# Prefilled from {previous.path} ({a.date}): review every level and evidence."
        )
    lines.append(f"team: {_s(a.team if a else team)}")
    if a and a.group:
        lines.append(f"group: {_s(a.group)}")
    elif a is None:
        lines.append('# group: "Department or business unit"')
    lines.append(f"date: {date.isoformat()}")
    assessors = a.assessors if a else [PLACEHOLDER_ASSESSOR]
    lines.append("assessors: [" + ", ".join(_s(n) for n in assessors) + "]")
    # A prompt, not a value: the file validates cleanly as written, and a summary uncommented
    # but left as it is warns (`placeholder`) rather than reaching the scorecard.
    lines.append("# summary: |  # shown on the scorecard: uncomment it and write what changed")
    lines.append(f"#   {PLACEHOLDER_SUMMARY}")
    if a and a.targets:
        lines.append("targets:")
        lines.extend(f"  {area}: {level}" for area, level in a.targets.items())
    lines.append(f"scores:  # levels: {scale}")
    for area in fw.areas:
        given = a.scores.get(area.id, {}) if a else {}
        lines.append(f"  {area.id}:  # {_comment(area.name)}")
        for practice in area.practices:
            question = f"  # {_comment(practice.question)}" if practice.question else ""
            entry = given.get(practice.id)
            if entry is None:
                lines.append(f"    {practice.id}: {low}{question}")
                continue
            level = practice_level(entry)
            if not entry.evidence and entry.target is None:
                lines.append(f"    {practice.id}: {level}{question}")
                continue
            lines.append(f"    {practice.id}:{question}")
            lines.append(f"      level: {level}")
            if entry.evidence:
                lines.append(f"      evidence: {_s(entry.evidence)}  # review: still true?")
            if entry.target is not None:
                lines.append(f"      target: {entry.target}")
    if fw.metrics:
        lines.append("# metrics: measure again; last values shown")
        lines.append("# metrics:")
        for metric in fw.metrics:
            last = a.metrics.get(metric.id) if a else None
            value = f"{last.value:g}" if last else "value"
            unit = f" {metric.unit}" if metric.unit else ""
            lines.append(f"#   {metric.id}: {value}  # {_comment(metric.name)}{unit}")
    open_actions = [x for x in (a.actions if a else []) if x.status in ("planned", "in_progress")]
    if open_actions:
        lines.append("actions:  # still open last time")
        for action in open_actions:
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


def write_new(project: Project, team: str, date: dt.date) -> Path:
    settings = project.settings
    team = check_team(team)
    if project.framework is None:
        raise CxmError("the framework has errors: run `cxm validate`")
    if date > project.today:
        raise UsageError(f"date {date} is in the future")
    previous = latest_of(project, team)
    name = previous.assessment.team if previous else team
    path = target_path(settings, name, date)
    folder, missing = existing_folder(settings, path.parent)
    target = None if missing else folder / path.name
    if target is not None and os.path.islink(target):
        raise Unsafe(
            f"{settings.display(path)} is a symbolic link: cxm new never writes through one; "
            "nothing was written"
        )
    same_day = [
        item.path
        for item in project.loaded
        if item.slug == team_slug(name) and item.assessment.date == date
    ]
    exists = target is not None and target.exists()
    if exists or same_day:
        where = settings.display(path) if exists else same_day[0]
        raise Exists(f"{where} already assesses {name} on {date}; nothing was written")
    # The whole text first: if making it fails, nothing at all has been written.
    text = next_assessment_text(project.framework, name, date, previous, modeline(settings, path))
    data = text.encode("utf-8")
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
