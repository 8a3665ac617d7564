"""The Markdown of `cxm diff`: a pull-request comment, safe for any text the files hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

from ..report.text import UNPRINTABLE
from ..score import shown
from ..score.scorecard import Scorecard
from ..score.shown import one
from .compare import Diff, Regression, TeamChange, stage_name
from .git import Snapshot

# Text from YAML files (team names, messages quoting keys) goes into a pull-request comment:
# it must never become a link, an image, HTML, a table cell or a new line, nor reorder the text
# around it (the controls the terminal formats show escaped, bidirectional ones included).
_CONTROL = re.compile(f"[{re.escape(''.join(sorted(UNPRINTABLE)))}]")
_PUNCTUATION = re.compile(r"([\\`*_\[\]|~#!{}$])")
_BLOCK_START = re.compile(r"^([-+>=])|^(\d+)([.)])")
# Nor an autolink (www., http://, mailto:, e-mail), an @mention, an issue, commit or custom
# autolink reference (#12, GH-12, JIRA-12, a hex word) or an :emoji:. GitHub finds references in
# the rendered HTML, where entities are decoded already: what breaks them is an invisible word
# joiner after the character that starts one (in a hex word, after every six characters, so no
# part of it is a commit id), and the comment reads the same.
_WORD_JOINER = "&#8288;"
_LINK_START = re.compile(
    r"(?P<hex>(?<!\w)[0-9a-fA-F]{7,}(?!\w))"
    r"|[@#]"
    r"|(?i:www)(?=\.)"
    r"|:(?=//|[\w+-]+:)"
    r"|(?<=[A-Za-z])-(?=\d)"
)


def _unlinked(m: re.Match) -> str:
    word = m.group("hex")
    if word:
        return _WORD_JOINER.join(word[i : i + 6] for i in range(0, len(word), 6))
    return m.group() + _WORD_JOINER


def md(text: str) -> str:
    """Plain text as inline Markdown that shows exactly that text."""
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _LINK_START.sub(_unlinked, text)
    return _BLOCK_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text
    )


def arrow(change: Fraction | int | None) -> str:
    if change is None or change == 0:
        return ""
    return "▲" if change > 0 else "▼"


def change(before: Fraction | None, after: Fraction | None) -> str:
    """▲ +0.3, ▼ -0.3: the difference of the two scores as shown, so that the row adds up."""
    tenths = shown.change(before, after)
    if tenths is None:
        return ""
    return f"{arrow(tenths) or '■'} {shown.signed(tenths)}"


def _label(snapshot: Snapshot) -> str:
    if snapshot.commit is None:
        return "the work tree"
    # The commit id is git's hex, not text from a file: GitHub may link it to the commit.
    if snapshot.commit.startswith(snapshot.label):
        return snapshot.commit[:12]
    return f"{md(snapshot.label)} ({snapshot.commit[:12]})"


def _regression_line(r: Regression) -> str:
    what = "overall" if r.area is None else md(r.area.name)
    return f"- {md(r.team)}: {what} {one(r.before)} → {one(r.after)} {change(r.before, r.after)}"


def _team_table(t: TeamChange) -> list[str]:
    assert t.before is not None and t.after is not None
    before, after = t.before, t.after
    dates = (before.assessment.date, after.assessment.date)
    lines = [f"#### {md(t.team)}", ""]
    if dates[0] != dates[1]:
        lines += [f"Latest assessment: {dates[0]} → {dates[1]}", ""]
    else:
        lines += [f"Latest assessment: {dates[1]}", ""]
    stages = [md(stage_name(card) or shown.NO_VALUE) for card in (before, after)]
    stage_change = arrow((after.stage_level or 0) - (before.stage_level or 0))
    lines += [
        "| | Before | After | Change |",
        "|---|---:|---:|---|",
        f"| **Overall** | {one(before.overall)} | {one(after.overall)} "
        f"| {change(before.overall, after.overall)} |",
        f"| Stage | {stages[0]} | {stages[1]} | {stage_change} |",
    ]
    for area in t.areas:
        note = change(area.before, area.after)
        if area.before is None:
            note = "applies again" if area.not_applicable[0] else "newly assessed"
        elif area.after is None:
            note = "now not applicable" if area.not_applicable[1] else "not assessed any more"
        lines.append(f"| {md(area.name)} | {one(area.before)} | {one(area.after)} | {note} |")
    return [*lines, ""]


def _teams_table(teams: list[TeamChange], side: Callable[[TeamChange], Scorecard]) -> list[str]:
    lines = ["| Team | Assessment | Overall | Stage |", "|---|---|---:|---|"]
    for t in teams:
        card = side(t)
        lines.append(
            f"| {md(t.team)} | {card.assessment.date} | {one(card.overall)} "
            f"| {md(stage_name(card) or shown.NO_VALUE)} |"
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
