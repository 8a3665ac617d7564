"""A chart-drawing worker process: `python -m cxm.charts.worker`, started by `charts.cache`.

It imports the chart code (matplotlib) and nothing else of cxm, then serves jobs: from its
standard input, each job is a length-prefixed pickle of (kind, kwargs, target); it draws the
chart, writes the SVG to `target` (atomically), and answers on its standard output with one
length-prefixed pickle: ("ok", None), ("data", svg) when the file could not be written, or
("error", message).

Its own process rather than multiprocessing: forkserver and spawn workers import the parent's
main script again (a user's build script without a `__main__` guard would run twice), and
fork workers carry a copy of the parent's memory.
"""

from __future__ import annotations

import gc
import os
import pickle
import struct
import sys
import tempfile
import traceback
from pathlib import Path
from typing import BinaryIO

_HEADER = struct.Struct(">I")


def draw(kind: str, kwargs: dict) -> bytes:
    from .kinds import KINDS

    return KINDS[kind](**kwargs).encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".svg")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def draw_to(kind: str, kwargs: dict, target: str) -> tuple[str, bytes | None]:
    """Draw one chart into its file; the SVG itself if the file cannot be written."""
    data = draw(kind, kwargs)
    try:
        write_atomic(Path(target), data)
    except OSError:
        return "data", data
    return "ok", None


def draw_job(kind: str, kwargs: dict, target: str) -> tuple[str, bytes | str | None]:
    """`draw_to`, with a chart that fails to draw as an answer rather than an exception."""
    try:
        return draw_to(kind, kwargs, target)
    except Exception:
        return "error", f"chart {Path(target).name} ({kind}): {traceback.format_exc()}"


def send(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: BinaryIO) -> object:
    """The next message, or EOFError when the other side has closed the pipe."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def main() -> None:
    # The protocol owns standard output; anything else printed goes to standard error.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    jobs = sys.stdin.buffer
    from . import kinds  # noqa: F401  (import before the first job arrives)

    # A chart's figure is a web of reference cycles, garbage once drawn, so the collector must
    # run; but every 700 new objects it went over matplotlib's own modules and caches too.
    # Those are frozen out of its sight, and it runs a thirtieth as often: 8% less CPU a chart.
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)

    while True:
        try:
            kind, kwargs, target = receive(jobs)
        except EOFError:
            return
        send(replies, draw_job(kind, kwargs, target))


if __name__ == "__main__":
    main()
