"""What loading gives: plain data, and where each key and value stands in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Document:
    """A loaded YAML file: plain data plus where each key and value stands in the text."""

    path: str
    data: Any
    keys: dict[tuple, Position] = field(default_factory=dict)
    values: dict[tuple, Position] = field(default_factory=dict)

    def value_pos(self, loc: tuple) -> Position:
        """Position of the value at `loc`, else of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Position(1, 1))

    def key_pos(self, loc: tuple) -> Position:
        """Position of the key that holds `loc` (of the item for list entries)."""
        loc = tuple(loc)
        while loc:
            if loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Position(1, 1))
