"""Progress bars for long runs: on a terminal only, never in CI, never with -q."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator

import click

Advance = Callable[[int], None]


def _noop(_n: int = 1) -> None:
    pass


class Progress:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    @classmethod
    def for_terminal(cls, quiet: bool) -> Progress:
        in_ci = os.environ.get("CI", "").lower() in ("true", "1", "yes")
        return cls(sys.stderr.isatty() and not in_ci and not quiet)

    @contextlib.contextmanager
    def step(self, label: str, total: int) -> Iterator[Advance]:
        """A bar for `total` units of work; the caller advances it as units finish."""
        if not self.enabled or total < 2:
            yield _noop
            return
        with click.progressbar(length=total, label=label, file=sys.stderr, width=30) as bar:
            yield bar.update


QUIET = Progress(False)
