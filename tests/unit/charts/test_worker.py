"""The chart worker protocol (cxm.charts.worker), end to end: a real worker process fed
length-prefixed jobs, and the cache (cxm.charts.cache) drawing through its workers.

Every wait is bounded: a worker that hangs fails the test instead of hanging the run.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from cxm.charts import cache
from cxm.charts.cache import ChartError, ChartStats, draw_charts, start_drawing
from cxm.charts.chart import Chart
from cxm.charts.worker import receive, send

T = TypeVar("T")
SVG = "{http://www.w3.org/2000/svg}"
RADAR = {
    "labels": ["Support", "Marketing", "Policies"],
    "series": [("Current", [3.0, 2.5, 4.0]), ("Target", [3.0, 3.0, 3.0])],
    "vmin": 1,
    "vmax": 5,
    "title": "Payments Platform",
}
TREND = {"dates": ["2026-Q1", "2026-Q2"], "values": [2.5, 3.1], "vmin": 1, "vmax": 5}


def within(seconds: float, work: Callable[[], T]) -> T:
    """The result of `work`, or a failed test if it takes longer than `seconds`."""
    done: queue.Queue = queue.Queue()

    def run() -> None:
        try:
            done.put((True, work()))
        except BaseException as exc:
            done.put((False, exc))

    threading.Thread(target=run, daemon=True).start()
    try:
        ok, value = done.get(timeout=seconds)
    except queue.Empty:
        pytest.fail(f"no answer within {seconds} s: the chart worker hangs")
    if not ok:
        raise value
    return value


def texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)  # valid XML, or this raises
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[subprocess.Popen]:
    """A chart worker, started as `python -m cxm.charts.worker`, outside the project folder."""
    process = subprocess.Popen(
        [sys.executable, "-m", "cxm.charts.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=tmp_path,
    )
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()
    process.stdin.close()
    process.stdout.close()


def ask(worker: subprocess.Popen, kind: str, kwargs: dict, target: Path) -> tuple:
    def exchange():
        send(worker.stdin, (kind, kwargs, str(target)))
        return receive(worker.stdout)

    return within(120, exchange)


def test_a_worker_draws_the_chart_into_its_target_file_and_answers_ok(worker, tmp_path):
    target = tmp_path / "cache" / "ab" / "radar.svg"  # folders made as needed
    assert ask(worker, "radar", RADAR, target) == ("ok", None)
    shown = texts(target.read_bytes())
    assert "Payments Platform" in shown
    assert {"Support", "Marketing", "Policies"} <= set(shown)
    assert [p.name for p in target.parent.iterdir()] == ["radar.svg"]  # no temporary file left


def test_a_bad_job_is_answered_with_an_error_naming_the_chart_and_the_worker_goes_on(
    worker, tmp_path
):
    status, message = ask(worker, "pie", {}, tmp_path / "pie.svg")
    assert status == "error"
    assert message.startswith("chart pie.svg (pie): Traceback")
    assert message.rstrip().endswith("KeyError: 'pie'")
    assert not (tmp_path / "pie.svg").exists()
    # The same worker still draws the next job.
    assert ask(worker, "trend", TREND, tmp_path / "trend.svg") == ("ok", None)
    assert "Median overall score" in texts((tmp_path / "trend.svg").read_bytes())


def test_wrong_arguments_are_an_error_answer_not_a_dead_worker(worker, tmp_path):
    status, message = ask(worker, "radar", {"labels": ["a", "b", "c"]}, tmp_path / "r.svg")
    assert status == "error"
    assert "TypeError" in message and "series" in message
    assert worker.poll() is None


def test_a_chart_whose_file_cannot_be_written_comes_back_as_data(worker, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    status, data = ask(worker, "radar", RADAR, blocker / "radar.svg")
    assert status == "data"
    assert "Payments Platform" in texts(data)


def test_a_worker_exits_cleanly_when_its_jobs_end(worker):
    worker.stdin.close()
    assert within(60, worker.wait) == 0
    assert worker.stdout.read() == b""  # nothing but replies ever goes to its output


# -- through the cache: what a build does ---------------------------------------------------


def test_drawn_charts_are_svg_files_in_the_cache_and_are_reused(tmp_path):
    charts = [
        Chart("assets/cxm/charts/team-a-radar.svg", "radar", RADAR, "Radar of A"),
        Chart("assets/cxm/charts/overview-trend.svg", "trend", TREND, "Trend"),
        # The same input as the first: one file serves both.
        Chart("assets/cxm/charts/team-b-radar.svg", "radar", RADAR, "Radar of B"),
    ]
    stats = ChartStats()
    drawing = start_drawing(charts, tmp_path / "cache", stats)  # workers, in the background
    try:
        svgs = within(120, drawing.read)
    finally:
        drawing.close()
    assert sorted(svgs) == sorted(c.path for c in charts)
    assert "Payments Platform" in texts(svgs["assets/cxm/charts/team-a-radar.svg"])
    assert svgs["assets/cxm/charts/team-a-radar.svg"] == svgs["assets/cxm/charts/team-b-radar.svg"]
    assert "Apr 2026" in texts(svgs["assets/cxm/charts/overview-trend.svg"])
    cached = sorted((tmp_path / "cache" / "charts").rglob("*.svg"))
    assert len(cached) == 2 and all(p.parent.name == p.name[:2] for p in cached)
    assert (stats.drawn, stats.cached) == (3, 0)

    again = ChartStats()
    assert within(120, lambda: draw_charts(charts, tmp_path / "cache", again)) == svgs
    assert (again.drawn, again.cached) == (0, 3)


# What a user reads (after "cxm: error: ") when a chart cannot be drawn: which chart, and why.
BAD_PIE = "chart assets/cxm/charts/bad.svg could not be drawn: KeyError: 'pie'"


def test_a_chart_a_worker_cannot_draw_is_a_chart_error_not_a_hang(tmp_path):
    charts = [
        Chart("assets/cxm/charts/ok.svg", "trend", TREND, "Trend"),
        Chart("assets/cxm/charts/bad.svg", "pie", {"slices": [1, 2]}, "Pie"),
    ]
    drawing = start_drawing(charts, tmp_path / "cache")
    try:
        with pytest.raises(ChartError) as raised:
            within(120, drawing.read)
    finally:
        drawing.close()
    assert str(raised.value) == BAD_PIE
    assert not list((tmp_path / "cache" / "charts").rglob(".tmp-*"))  # no half-written file


def test_a_chart_drawn_in_this_process_that_fails_is_a_chart_error_too():
    # Fewer than twelve charts are drawn in this process, without workers.
    with pytest.raises(ChartError) as raised:
        draw_charts([Chart("assets/cxm/charts/bad.svg", "pie", {}, "Pie")], None)
    assert str(raised.value) == BAD_PIE


def _trends(n: int) -> list[Chart]:
    """n charts of different input (so none shares a file)."""
    return [
        Chart(f"assets/cxm/charts/t{i}.svg", "trend", {**TREND, "values": [2.5, 1 + i / n]}, "T")
        for i in range(n)
    ]


def test_a_large_drawing_in_the_background_keeps_a_worker_in_standby_until_it_is_awaited(
    tmp_path, monkeypatch
):
    # On 4 cores, 3 workers draw beside MkDocs and one waits until the pages are done.
    monkeypatch.setattr(cache, "_cpus", lambda: 4)
    charts = _trends(4 * cache.CHARTS_PER_WORKER)
    drawing = start_drawing(charts, tmp_path / "cache")
    try:
        pool = drawing._pool
        assert (len(pool._workers), len(pool._standby)) == (3, 1)
        svgs = within(300, drawing.read)
    finally:
        drawing.close()
    assert sorted(svgs) == sorted(c.path for c in charts)
    assert all("Apr 2026" in texts(svg) for svg in svgs.values())


def test_closing_a_drawing_never_awaited_stops_its_standby_worker_too(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "_cpus", lambda: 2)
    drawing = start_drawing(_trends(2 * cache.CHARTS_PER_WORKER), tmp_path / "cache")
    workers = [*drawing._pool._workers, *drawing._pool._standby]
    assert len(workers) == 2
    within(60, drawing.close)  # a build that failed while MkDocs rendered
    assert all(w.poll() is not None for w in workers)
