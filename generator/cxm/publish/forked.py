"""Run a function in a forked child process and take back its result.

`cxm build` validates and generates (cxm.publish.generate) in a child: the validated models of
a large organization (tens of megabytes) live and die there, and the build's own process, which
goes on to run MkDocs (cxm.engine.build), never holds them. Freeing them in the build's process
would not be enough: Python keeps the memory of its small objects for more small objects, not
for MkDocs' large pages.

Where `fork` is missing (Windows) or unsafe without `exec` (macOS), the function runs here.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import CxmError

T = TypeVar("T")


class ChildError(CxmError):
    """The child process ended without a result (killed, out of memory)."""


def available() -> bool:
    return hasattr(os, "fork") and sys.platform != "darwin"


def call(func: Callable[..., T], *args: Any) -> T:
    """`func(*args)`, run in a child process when possible. Its result comes back pickled; an
    exception it raises (SystemExit included) is raised again here."""
    return start(func, *args).result()


class Pending:
    """A function running in a child process; `result()` waits for it."""

    def __init__(self, func: Callable, args: tuple) -> None:
        self._func, self._args = func, args
        self._pid: int | None = None
        if not available():
            return
        fd, self._path = tempfile.mkstemp(prefix="cxm-result-", suffix=".pickle")
        os.close(fd)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            self._pid = os.fork()
        except BaseException:
            os.unlink(self._path)
            raise
        if self._pid == 0:
            _child(self._path, func, args)  # never returns

    def result(self):
        if self._pid is None:
            return self._func(*self._args)
        try:
            try:
                _, status = os.waitpid(self._pid, 0)
            except BaseException:  # Ctrl-C: the child got it too; do not leave it behind
                _kill(self._pid)
                raise
            with open(self._path, "rb") as result:
                data = result.read()
        finally:
            os.unlink(self._path)
        if not data:
            code = os.waitstatus_to_exitcode(status)
            how = f"signal {-code}" if code < 0 else f"exit status {code}"
            raise ChildError(f"a child process of cxm stopped ({how}) without a result")
        kind, value, out, err = pickle.loads(data)
        sys.stdout.write(out)
        sys.stderr.write(err)
        if kind == "ok":
            return value
        if kind == "exit":
            raise SystemExit(value)
        raise value


def start(func: Callable[..., T], *args: Any) -> Pending:
    """`func(*args)` started in a child process (where possible; else run by `result()`), so
    that this process can do something else meanwhile."""
    return Pending(func, args)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


class _Capture(io.StringIO):
    """What the child prints, handed to the parent's streams (which may not be file
    descriptors: a test's, or an embedding program's). Styles are kept or stripped as they
    would be for the stream it stands for."""

    def __init__(self, stream) -> None:
        super().__init__()
        self._tty = bool(getattr(stream, "isatty", lambda: False)())

    def isatty(self) -> bool:
        return self._tty


def _child(path: str, func: Callable, args: tuple) -> None:
    try:
        sys.stdout, sys.stderr = _Capture(sys.stdout), _Capture(sys.stderr)
        try:
            result = ["ok", func(*args)]
        except SystemExit as exc:
            result = ["exit", exc.code]
        except BaseException as exc:
            # For `cxm -v`, which prints the traceback: this one ends in this process.
            exc.add_note("".join(traceback.format_exception(exc)).rstrip())
            result = ["raise", exc]
        result += [sys.stdout.getvalue(), sys.stderr.getvalue()]
        try:
            data = pickle.dumps(tuple(result), protocol=pickle.HIGHEST_PROTOCOL)
            if result[0] == "raise":
                pickle.loads(data)  # an exception that cannot be rebuilt there fails here
        except Exception:
            error = RuntimeError(repr(result[1]) if result[0] == "raise" else "unpicklable")
            data = pickle.dumps(("raise", error, *result[2:]))
        with open(path, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)  # no atexit handlers or finalizers of the parent's objects
