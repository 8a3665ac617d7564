"""The commonest YAML slips in plain words, on the line of the mistake.

The parser says where it stopped, in its own terms ("found character that cannot start any
token", "mapping values are not allowed here"), often on the line after the mistake. For the
slips people make most when they edit an assessment by hand (a tab in the indentation, a
missing colon, a line indented one space too few or too many) this module reads the lines
around that place and says what happened, where it happened, with the names of the file's
parts (areas, practices, metrics).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from .document import Position, quote

# Line breaks as YAML (and PyYAML's marks) count them.
_LINES = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# The colon that ends a key: followed by a space or the end of the line. (Simple patterns
# only: a line may be a megabyte long, and nothing here may take more than linear time.)
_COLON = re.compile(r":(?=\s|$)")
_ITEM = re.compile(r"- +")
# What a plain key cannot start with.
_NOT_A_KEY = frozenset("#[]{},&*!|>%@`-")
# What each part of an assessment holds, by the keys above it.
_PARTS = {
    (): "fields",
    ("scores",): "areas",
    ("targets",): "areas",
    ("metrics",): "metrics",
}


class Slip(NamedTuple):
    pos: Position
    message: str


class _Line(NamedTuple):
    number: int  # 1-based
    indent: int  # leading spaces
    text: str  # without the indentation

    @property
    def entry(self) -> tuple[str, int] | None:
        """`key: value`, `key:` or `- key: value`: the key, and where its colon ends."""
        item = _ITEM.match(self.text)
        start = item.end() if item else 0
        colon = _COLON.search(self.text, start)
        if colon is None:
            return None
        key = self.text[start : colon.start()].strip()
        if not key or "#" in key or key[0] in _NOT_A_KEY:
            return None
        if key[0] in "'\"":
            if len(key) < 2 or key[-1] != key[0]:
                return None
            key = key[1:-1]
        return key, colon.end()

    @property
    def key(self) -> str | None:
        entry = self.entry
        return entry[0] if entry else None

    @property
    def pos(self) -> Position:
        return Position(self.number, self.indent + 1)


def explain(exc: yaml.YAMLError, text: str) -> Slip | None:
    """A plain-words message at the line of the mistake, or None for another error."""
    problem = getattr(exc, "problem_mark", None)
    if problem is None:
        return None
    lines = _LINES.split(text)
    at = problem.line  # 0-based index of the line where the parser stopped
    if at >= len(lines):
        return None
    for explain_one in (_tab, _reserved, _colon_in_value, _missing_colon, _indentation):
        slip = explain_one(exc, lines, at)
        if slip is not None:
            return slip
    return None


def _tab(exc: yaml.YAMLError, lines: list[str], at: int) -> Slip | None:
    """A tab in the indentation of the line where the parser stopped (or of the line before)."""
    for index in (at, _previous(lines, at)):
        if index is None:
            continue
        line = lines[index]
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead:
            return Slip(
                Position(index + 1, lead.index("\t") + 1),
                "a tab in the indentation: YAML indents with spaces only; "
                "replace the tab with spaces",
            )
    return None


def _reserved(exc: yaml.YAMLError, lines: list[str], at: int) -> Slip | None:
    """`evidence: @team` or a backtick: characters YAML keeps for later, unless quoted."""
    problem = exc.problem_mark  # type: ignore[attr-defined]
    line = lines[at]
    if "cannot start any token" not in (getattr(exc, "problem", None) or ""):
        return None
    if problem.column >= len(line) or line[problem.column] not in "@`":
        return None
    return Slip(
        Position(at + 1, problem.column + 1),
        f"a value cannot start with {quote(line[problem.column])}: put the value in quotes",
    )


def _missing_colon(exc: yaml.YAMLError, lines: list[str], at: int) -> Slip | None:
    context = getattr(exc, "context_mark", None)
    if getattr(exc, "context", None) == "while scanning a simple key" and context is not None:
        index = context.line  # where the key starts: the line of the mistake
    elif _mapping_value_not_allowed(exc):
        index = _previous(lines, at)  # a plain value that ran on into this line
        if index is None or _line(lines, index).key is not None:
            return None
    else:
        return None
    line = _line(lines, index)
    if line.text.startswith(("-", "#")) or not line.text:
        return None
    word, _, rest = line.text.partition(" ")
    if ":" in word and not word.endswith(":"):  # `level:4`
        key, _, value = word.partition(":")
        return Slip(
            Position(line.number, line.indent + len(key) + 1),
            f"a colon needs a space after it: write {quote(f'{key}: {value}')}",
        )
    rest = rest.split(" #")[0].strip()
    written = f"{word}: {rest}" if rest else f"{word}:"
    return Slip(line.pos, f"missing colon after {quote(word)}: write {quote(written)}")


def _mapping_value_not_allowed(exc: yaml.YAMLError) -> bool:
    return (getattr(exc, "problem", None) or "").startswith("mapping values are not allowed")


def _colon_in_value(exc: yaml.YAMLError, lines: list[str], at: int) -> Slip | None:
    """`evidence: Deflection: 38%`: a value with a colon and a space in it, not quoted."""
    problem = exc.problem_mark  # type: ignore[attr-defined]
    line = _line(lines, at)
    entry = line.entry
    if not _mapping_value_not_allowed(exc) or entry is None:
        return None
    key, end = entry
    if problem.column <= line.indent + end - 1:  # the line's own colon
        return None
    value = line.text[end:].split(" #")[0].strip().replace('"', "'")
    written = quote(f'{key}: "{value}"', 80)
    return Slip(
        Position(line.number, problem.column + 1),
        f"the value of {quote(key)} holds a colon and a space, which YAML reads as a key: put "
        f"the value in double quotes, {written}",
    )


def _indentation(exc: yaml.YAMLError, lines: list[str], at: int) -> Slip | None:
    """A line indented differently from the entries it sits among."""
    here = _line(lines, at)
    before = _previous(lines, at)
    if here.key is None or before is None:
        return None
    above = _line(lines, before)
    earlier = _previous(lines, before)
    # The first entry of a mapping is off when the entries after it agree with each other.
    first = above.key is not None and (
        earlier is None or _line(lines, earlier).indent < above.indent
    )
    after = _next(lines, at, here.indent)  # past the lines that belong to this one
    agree = after is not None and _line(lines, after).indent == here.indent
    if _mapping_value_not_allowed(exc) and here.indent > above.indent and above.key:
        # `above` is a `key: value`, and this line, indented more, reads as more of its value.
        if first and agree:
            return _off(lines, above, here.indent, "after")
        return _off(lines, here, above.indent, "above")
    if _expected_key(exc) and here.indent != above.indent:
        parent = _line(lines, earlier).indent if earlier is not None else -1
        if first and agree and above.indent > here.indent > parent:
            return _off(lines, above, here.indent, "after")
        return _between(lines, here)
    return None


def _expected_key(exc: yaml.YAMLError) -> bool:
    """A block mapping met a line that is not one of its keys (LibYAML's words, then PyYAML's)."""
    problem = getattr(exc, "problem", None) or ""
    return problem == "did not find expected key" or problem.startswith("expected <block end>")


def _off(lines: list[str], line: _Line, expected: int, where: str) -> Slip:
    kind = _kind(lines, line.number - 1, expected)
    return Slip(
        line.pos,
        f"{quote(line.key)} is indented {_spaces(line.indent)}, the {kind} {where} it "
        f"{_spaces(expected)}: line it up with them",
    )


def _between(lines: list[str], line: _Line) -> Slip:
    """A line indented between two levels of the entries above it: it belongs to one."""
    deeper = shallower = None
    index = line.number - 1
    while (index := _previous(lines, index)) is not None:
        other = _line(lines, index)
        if other.indent < line.indent:
            shallower = other
            break
        if other.indent > line.indent and (deeper is None or other.indent < deeper.indent):
            deeper = other
    levels = [
        (_kind(lines, other.number - 1, other.indent), other.indent)
        for other in (deeper, shallower)
        if other is not None
    ]
    if len(levels) == 1:
        ((kind, indent),) = levels
        where = f"the {kind} above it {_spaces(indent)}: line it up with them"
    else:
        (kind, indent), (outer, outer_indent) = levels
        where = (
            f"between the {kind} above it ({indent}) and the {outer} ({outer_indent}): "
            "line it up with the ones it belongs to"
        )
    return Slip(line.pos, f"{quote(line.key)} is indented {_spaces(line.indent)}, {where}")


def _kind(lines: list[str], index: int, indent: int) -> str:
    """What the entries indented `indent` at line `index` are: practices, areas, fields..."""
    parents: list[str] = []
    while indent > 0 and (index := _previous(lines, index)) is not None:
        other = _line(lines, index)
        if other.indent < indent:
            if other.key is None:
                break
            parents.insert(0, other.key)
            indent = other.indent
    if parents[:1] == ["scores"] and len(parents) in (2, 3):
        return f"{'practices' if len(parents) == 2 else 'fields'} of {quote(parents[-1])}"
    return _PARTS.get(tuple(parents), "entries")


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def _line(lines: list[str], index: int) -> _Line:
    text = lines[index]
    stripped = text.lstrip(" ")
    return _Line(index + 1, len(text) - len(stripped), stripped.rstrip())


def _content(lines: list[str], index: int) -> bool:
    text = lines[index].strip()
    return bool(text) and not text.startswith("#")


def _previous(lines: list[str], index: int) -> int | None:
    return next((i for i in range(index - 1, -1, -1) if _content(lines, i)), None)


def _next(lines: list[str], index: int, indent: int) -> int | None:
    """The next line indented `indent` or less."""
    return next(
        (
            i
            for i in range(index + 1, len(lines))
            if _content(lines, i) and _line(lines, i).indent <= indent
        ),
        None,
    )
