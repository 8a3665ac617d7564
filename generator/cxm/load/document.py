"""What loading gives: plain data, and where each key and value stands in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# A value quoted in a message shows at most this many characters: a message stays one short
# line whatever the file holds (a 5,000-digit number, a key of a megabyte).
QUOTE_LIMIT = 60


def shown(value: object, limit: int = QUOTE_LIMIT) -> str:
    """User input as a message shows it: at most `limit` characters, then '…'.

    Characters are kept as they are: each diagnostics format makes a message one line and
    escapes what a terminal or a log would act on (report/), and JSON keeps the exact text.
    """
    text = value if isinstance(value, str) else repr(value)
    return text[:limit] + "…" if len(text) > limit else text


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """User input quoted in a message: `'name'`, shortened as `shown` says."""
    return f"'{shown(value, limit)}'"


class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Document:
    """A loaded YAML file: plain data plus where each key and value stands in the text.

    `texts` and `key_texts` keep the text as written of plain scalars that YAML 1.1 reads as a
    boolean or a number (`No`, `on`, `1984`), so that a field that expects text takes the text.
    `aliases` says where copied content comes from (an alias, a merge key): loc -> loc of the
    original. `renamed` maps a location whose key became text back to its location here.
    """

    path: str
    data: Any
    keys: dict[tuple, Position] = field(default_factory=dict)
    values: dict[tuple, Position] = field(default_factory=dict)
    texts: dict[tuple, str] = field(default_factory=dict)
    key_texts: dict[tuple, str] = field(default_factory=dict)
    aliases: dict[tuple, tuple] = field(default_factory=dict)
    renamed: dict[tuple, tuple] = field(default_factory=dict)

    def value_pos(self, loc: tuple) -> Position:
        """Position of the value at `loc`, else of its nearest ancestor that has one."""
        loc = self._here(tuple(loc))
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Position(1, 1))

    def key_pos(self, loc: tuple) -> Position:
        """Position of the key that holds `loc` (of the item for list entries)."""
        loc = self._here(tuple(loc))
        while loc:
            if loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Position(1, 1))

    def written(self, loc: tuple, key: bool = False) -> str | None:
        """The text as written of the plain scalar at `loc` (of its key with `key`), or None
        when it was text already, quoted, tagged or is not there."""
        table = self.key_texts if key else self.texts
        if loc not in table:
            loc = self._here(tuple(loc))
        for _ in range(len(self.aliases) + 1):  # each step moves to an earlier node
            if loc in table:
                return table[loc]
            source = _through(self.aliases, loc)
            if source is None:
                return None
            loc = source
        return None

    def source(self, loc: tuple) -> tuple:
        """Where the entry at `loc` stands in the file (a renamed or migrated entry moved)."""
        return self._here(tuple(loc))

    def _here(self, loc: tuple) -> tuple:
        if not self.renamed:
            return loc
        return _through(self.renamed, loc) or loc


def _through(table: dict[tuple, tuple], loc: tuple) -> tuple | None:
    """`loc` with its longest prefix found in `table` replaced by what the table maps it to."""
    for end in range(len(loc), 0, -1):
        target = table.get(loc[:end])
        if target is not None:
            return (*target, *loc[end:])
    return None
