"""Run a function in a forked child process and take back its result.

`cxm build` validates and generates (cxm.publish.generate) in a child: the validated models of
a large organization (tens of megabytes) live and die there, and the build's own process, which
goes on to run MkDocs (cxm.engine.build), never holds them. Freeing them in the build's process
would not be enough: Python keeps the memory of its small objects for more small objects, not
for MkDocs' large pages.

Where `fork` is missing (Windows) or unsafe without `exec` (macOS), the function runs here.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import signal
import struct
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


_LENGTH = struct.Struct(">Q")
_NOT_RUN = object()
# In a child started with `early`: the pipe `send_early` writes to. Without a fork: the list
# `send_early` appends to.
_early_pipe: int | None = None
_early_kept: list | None = None


def send_early(value: Any) -> None:
    """Hand `value` to the parent now, from a function started with `start(..., early=True)`,
    and go on; the parent takes it with `Pending.early()`. What was printed so far goes with
    it, so the parent shows it in the order it was said."""
    global _early_pipe
    if _early_pipe is None:
        if _early_kept is not None:
            _early_kept.append(value)
        return
    out, err = sys.stdout, sys.stderr
    data = pickle.dumps((value, out.getvalue(), err.getvalue()), protocol=pickle.HIGHEST_PROTOCOL)
    for stream in (out, err):
        stream.seek(0)
        stream.truncate()
    with os.fdopen(_early_pipe, "wb") as pipe:
        pipe.write(_LENGTH.pack(len(data)) + data)
    _early_pipe = None


class Pending:
    """A function running in a child process; `result()` waits for it. With `early`, the
    function may hand over a first value with `send_early`, which `early()` waits for."""

    def __init__(self, func: Callable, args: tuple, early: bool = False) -> None:
        self._func, self._args = func, args
        self._pid: int | None = None
        self._reaped = False  # the child waited for: its process id may be another's now
        self._value: Any = _NOT_RUN  # without a fork: the result of a run by `early()`
        self._pipe: int | None = None
        if not available():
            return
        fd, self._path = tempfile.mkstemp(prefix="cxm-result-", suffix=".pickle")
        os.close(fd)
        sys.stdout.flush()
        sys.stderr.flush()
        read, write = os.pipe() if early else (None, None)
        try:
            self._pid = os.fork()
        except BaseException:
            os.unlink(self._path)
            for end in (read, write):
                if end is not None:
                    os.close(end)
            raise
        if self._pid == 0:
            global _early_pipe
            if read is not None:
                os.close(read)
            if _early_pipe is not None:  # its parent's pipe to the grandparent: not its own
                os.close(_early_pipe)
            _early_pipe = write
            _child(self._path, func, args)  # never returns
        if write is not None:
            os.close(write)
        self._pipe = read

    def early(self):
        """What the function handed over with `send_early`. If it ended without, its error is
        raised here (or ChildError); the child is then gone, as after `result()`."""
        if self._pid is None:
            global _early_kept
            _early_kept = []
            try:
                self._value = self._func(*self._args)  # what `result()` returns
                kept = _early_kept
            finally:
                _early_kept = None
            if not kept:
                raise ChildError("a function run by cxm handed nothing over")
            return kept[0]
        try:
            with os.fdopen(self._pipe, "rb") as pipe:
                self._pipe = None
                header = pipe.read(_LENGTH.size)
                data = pipe.read(_LENGTH.unpack(header)[0]) if len(header) == _LENGTH.size else b""
        except BaseException:  # Ctrl-C: do not leave the child behind
            self.stop()
            raise
        if not data:  # it ended first: its exception (or exit) comes with its result
            self.result()
            raise ChildError("a child process of cxm ended without handing its result over")
        value, out, err = pickle.loads(data)
        sys.stdout.write(out)
        sys.stderr.write(err)
        return value

    def stop(self) -> None:
        """End the child now, if it still runs, and forget its result."""
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._pid is not None and not self._reaped:
            _kill(self._pid)
            self._reaped = True
            with contextlib.suppress(OSError):
                os.unlink(self._path)

    def result(self):
        if self._pid is None:
            if self._value is not _NOT_RUN:  # run by `early()` already
                return self._value
            return self._func(*self._args)
        try:
            try:
                _, status = os.waitpid(self._pid, 0)
            except BaseException:  # Ctrl-C: the child got it too; do not leave it behind
                _kill(self._pid)
                raise
            finally:
                self._reaped = True
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


def start(func: Callable[..., T], *args: Any, early: bool = False) -> Pending:
    """`func(*args)` started in a child process (where possible; else run by `result()`, or
    `early()`), so that this process can do something else meanwhile."""
    return Pending(func, args, early)


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
