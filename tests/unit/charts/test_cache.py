"""The chart cache (cxm.charts.cache): a damaged cache file is drawn again, never used, and the
scratch that killed builds left is removed. Charts are drawn in this process (fewer than
twelve, `background=False`); processes are real."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cxm.charts import cache
from cxm.charts.cache import ChartStats, draw_charts, remove_stale_scratch, scratch_dir
from cxm.charts.chart import Chart

TREND = {"dates": ["2026-Q1", "2026-Q2"], "values": [2.5, 3.1], "vmin": 1, "vmax": 5}
CHART = Chart("assets/cxm/charts/overview-trend.svg", "trend", TREND, "Trend")


def cached_file(cache_dir: Path) -> Path:
    [svg] = (cache_dir / "charts").rglob("*.svg")
    return svg


def is_svg(data: bytes) -> bool:
    return ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.fixture
def warm(tmp_path) -> tuple[Path, bytes]:
    """A cache holding one drawn chart, and the chart's SVG."""
    svgs = draw_charts([CHART], tmp_path / "cache")
    return tmp_path / "cache", svgs[CHART.path]


def test_a_drawn_chart_is_cached_with_its_checksum_and_used_next_time(warm):
    cache_dir, svg = warm
    assert is_svg(svg)
    assert sorted(p.suffix for p in cached_file(cache_dir).parent.iterdir()) == [".sha256", ".svg"]
    stats = ChartStats()
    assert draw_charts([CHART], cache_dir, stats) == {CHART.path: svg}
    assert (stats.cached, stats.drawn, stats.damaged) == (1, 0, 0)


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "garbage": lambda data: os.urandom(len(data)),
    "one byte changed": lambda data: data.replace(b"viewBox", b"viewBoy", 1),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_file_is_drawn_again_and_repaired(warm, damage, caplog):
    cache_dir, svg = warm
    path = cached_file(cache_dir)
    path.write_bytes(DAMAGE[damage](svg))
    stats = ChartStats()
    with caplog.at_level(logging.INFO, logger="cxm"):
        again = draw_charts([CHART], cache_dir, stats)
    assert again == {CHART.path: svg} and is_svg(again[CHART.path])
    assert (stats.cached, stats.drawn, stats.damaged) == (0, 1, 1)
    assert path.read_bytes() == svg  # repaired: the next build uses it
    how = "is empty" if damage == "empty" else "does not match its checksum"
    assert caplog.messages == [
        f"chart {CHART.path}: the cached file {path} {how}"
        + (" (truncated or changed)" if damage != "empty" else "")
        + "; drawing it again"
    ]
    stats = ChartStats()
    assert draw_charts([CHART], cache_dir, stats) == {CHART.path: svg}
    assert stats.cached == 1


def test_a_cache_file_without_a_checksum_is_drawn_again_quietly(warm, caplog):
    """A cache of an earlier version, or a build killed between the chart and its checksum."""
    cache_dir, svg = warm
    path = cached_file(cache_dir)
    path.with_suffix(".sha256").unlink()
    path.write_bytes(svg[:100])
    stats = ChartStats()
    with caplog.at_level(logging.INFO, logger="cxm"):
        assert draw_charts([CHART], cache_dir, stats) == {CHART.path: svg}
    assert (stats.drawn, stats.damaged) == (1, 0)
    assert caplog.messages == []


def test_a_worker_temporary_file_older_than_the_build_goes_when_its_chart_is_drawn(warm):
    cache_dir, svg = warm
    path = cached_file(cache_dir)
    path.unlink()  # the chart a worker was writing when it was killed
    stale = path.parent / ".tmp-killed.svg"
    stale.write_bytes(svg[:10])
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = path.parent / ".tmp-another-build-writes-it.svg"
    fresh.write_bytes(b"")
    draw_charts([CHART], cache_dir)
    assert not stale.exists()
    assert fresh.exists()


# -- scratch folders -----------------------------------------------------------------------------


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def made(folder: Path, *, old: bool = True) -> Path:
    """A folder, last changed an hour ago (before this process started) unless not `old`."""
    folder.mkdir()
    if old:
        then = time.time() - 3600
        os.utime(folder, (then, then))
    return folder


@pytest.fixture
def tmpdir_env(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def test_a_scratch_folder_is_named_by_the_process_that_loaded_cxm(tmpdir_env):
    folder = scratch_dir("charts")
    assert folder.parent == tmpdir_env
    assert folder.name.startswith(f"cxm-charts-{os.getpid()}-")


def test_scratch_of_gone_processes_is_removed_and_nothing_else(tmpdir_env):
    pid = dead_pid()
    for kind in ("charts", "downloads"):
        folder = made(tmpdir_env / f"cxm-{kind}-{pid}-abcd1234", old=False)
        (folder / "scores.json").write_text("{}")
        os.utime(folder, (time.time() - 3600,) * 2)
    mine = scratch_dir("downloads")
    os.utime(mine, (time.time() - 3600,) * 2)
    keep = [
        mine.name,  # this process's
        made(tmpdir_env / f"cxm-charts-{os.getppid()}-live0000").name,  # a live process's
        made(tmpdir_env / f"cxm-charts-{pid}-young000", old=False).name,  # younger than this
        made(tmpdir_env / f"cxm-result-{pid}-other000").name,  # not a scratch folder of ours
        made(tmpdir_env / "cxm-downloads-nopid123").name,
        f"cxm-charts-{pid}-afile000",  # a file, not a folder
    ]
    (tmpdir_env / keep[-1]).write_text("a file")
    remove_stale_scratch()
    assert sorted(p.name for p in tmpdir_env.iterdir()) == sorted(keep)


def test_a_zombie_counts_as_gone(tmpdir_env):
    """A killed build that nobody reaped still has a process table entry."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 30
        while not cache._zombie(child.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert cache._zombie(child.pid)
        folder = made(tmpdir_env / f"cxm-downloads-{child.pid}-zombie00")
        remove_stale_scratch()
        assert not folder.exists()
    finally:
        child.wait()
