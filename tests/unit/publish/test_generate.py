"""The scratch folder of a build (cxm.publish.generate.scratch_folder): made by `cxm build`'s
forked child, used by the build's own process after the child has ended. A cleaner in another
process must leave it alone while that build lives, and take it once it is gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cxm.publish import forked
from cxm.publish.generate import scratch_folder

CLEAN = "from cxm.charts.cache import remove_stale_scratch; remove_stale_scratch()"


def clean_from_another_process(tmp: Path) -> None:
    """What the next `cxm build` does first, in a process started after this one."""
    subprocess.run(
        [sys.executable, "-c", CLEAN], env={**os.environ, "TMPDIR": str(tmp)}, check=True
    )


@pytest.mark.skipif(not forked.available(), reason="no fork on this platform")
def test_the_scratch_folder_of_a_forked_child_belongs_to_the_build_that_forked_it(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = forked.call(scratch_folder)  # the child has ended
    assert folder.parent == tmp_path
    assert folder.name.startswith(f"cxm-downloads-{os.getpid()}-")
    (folder / "scores.json").write_text("{}")
    os.utime(folder, (time.time() - 3600,) * 2)
    clean_from_another_process(tmp_path)
    assert (folder / "scores.json").read_text() == "{}"


def test_the_scratch_folder_of_a_killed_build_is_removed_by_the_next(tmp_path):
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cxm.publish.generate import scratch_folder; print(scratch_folder())",
        ],
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    folder = Path(made.stdout.strip())  # its process is gone, never having removed it
    assert folder.parent == tmp_path and folder.is_dir()
    clean_from_another_process(tmp_path)
    assert not folder.exists()
