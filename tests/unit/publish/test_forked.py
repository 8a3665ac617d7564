"""forked: a function run in a child process; its result, output and failures come back."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
from cxm.errors import UsageError
from cxm.publish import forked

pytestmark = pytest.mark.skipif(not forked.available(), reason="no fork on this platform")


def _child_pid() -> int:
    return os.getpid()


def test_the_function_runs_in_another_process_and_its_result_comes_back() -> None:
    assert forked.call(_child_pid) != os.getpid()
    assert forked.call(sorted, [3, 1, 2]) == [1, 2, 3]


def _talk_and_exit(code: int) -> None:
    print("on stdout")
    print("on stderr", file=sys.stderr)
    raise SystemExit(code)


def test_output_and_exit_code_reach_the_parent(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        forked.call(_talk_and_exit, 3)
    assert exit_.value.code == 3
    out, err = capsys.readouterr()
    assert out == "on stdout\n" and err == "on stderr\n"


def _fail() -> None:
    raise UsageError("assessments folder not found: x")


def test_an_exception_is_raised_again_with_its_type_and_message() -> None:
    with pytest.raises(UsageError, match="assessments folder not found"):
        forked.call(_fail)


class _Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:
        super().__init__(a)  # pickles as _Unpicklable(a): rebuilding it fails


def _fail_oddly() -> None:
    raise _Unpicklable(1, 2)


def test_an_exception_that_cannot_travel_becomes_a_plain_error() -> None:
    with pytest.raises(RuntimeError, match="_Unpicklable"):
        forked.call(_fail_oddly)


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_child_killed_without_a_result_is_an_error_not_a_hang() -> None:
    with pytest.raises(forked.ChildError, match="signal 9"):
        forked.call(_killed)


def _wait_for(path: str) -> bool:
    import time

    for _ in range(200):  # up to 10 s
        if os.path.exists(path):
            return True
        time.sleep(0.05)
    return False


def test_start_lets_this_process_work_while_the_child_runs(tmp_path: Path) -> None:
    signal_file = tmp_path / "go"
    pending = forked.start(_wait_for, str(signal_file))
    signal_file.touch()  # only reached if start() did not wait for the child
    assert pending.result() is True
