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


def _hand_over_then_wait(go: str) -> str:
    print("said before the hand-over")
    forked.send_early(("pages", os.getpid()))
    print("said after it")
    return "downloads" if _wait_for(go) else "never told to go on"


def test_a_child_hands_a_first_value_over_and_goes_on(tmp_path: Path, capsys) -> None:
    go = tmp_path / "go"
    pending = forked.start(_hand_over_then_wait, str(go), early=True)
    try:
        kind, pid = pending.early()  # while the child still waits for `go`
        assert (kind, pid != os.getpid()) == ("pages", True)
        assert capsys.readouterr().out == "said before the hand-over\n"
        go.touch()
    finally:
        assert pending.result() == "downloads"
    assert capsys.readouterr().out == "said after it\n"


def _fail_before_handing_over() -> None:
    raise UsageError("2 errors in 1 file: nothing was built")


def test_a_child_that_fails_before_the_hand_over_raises_its_error_from_early() -> None:
    pending = forked.start(_fail_before_handing_over, early=True)
    with pytest.raises(UsageError, match="nothing was built"):
        pending.early()


def _hand_over_then_hang() -> None:
    forked.send_early("pages")
    _wait_for("/nonexistent/never")


def test_stop_ends_a_child_still_working_after_the_hand_over() -> None:
    pending = forked.start(_hand_over_then_hang, early=True)
    assert pending.early() == "pages"
    pid = pending._pid
    pending.stop()  # a build that failed while MkDocs rendered
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # gone and reaped: not a zombie of this process


def _hand_over_in_a_grandchild_too() -> str:
    # A grandchild cannot write to its grandparent's pipe: its value stays its own.
    assert forked.start(forked.send_early, "from the grandchild").result() is None
    forked.send_early("from the child")
    return "done"


def test_only_the_child_itself_hands_over() -> None:
    pending = forked.start(_hand_over_in_a_grandchild_too, early=True)
    assert pending.early() == "from the child"
    assert pending.result() == "done"


def test_without_fork_the_function_runs_here_and_hands_over_the_same(monkeypatch) -> None:
    monkeypatch.setattr(forked, "available", lambda: False)
    pending = forked.start(lambda: forked.send_early("pages") or "downloads", early=True)
    assert pending.early() == "pages"
    assert pending.result() == "downloads"
