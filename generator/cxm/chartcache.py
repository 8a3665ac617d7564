"""Draw charts through a cache keyed by a hash of their input, in parallel when many miss.

A chart is drawn only when its kind, its data, the chart code or matplotlib changes. Cache
files are written to a temporary name and renamed, so concurrent builds never read half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from .pages import Chart
from .progress import QUIET, Progress

# Below this many charts to draw, a process pool costs more than it saves.
PARALLEL_FROM = 12


def _code_version() -> str:
    import matplotlib

    source = Path(__file__).with_name("charts.py").read_bytes()
    return matplotlib.__version__ + ":" + hashlib.sha256(source).hexdigest()


def chart_key(chart: Chart, version: str) -> str:
    payload = json.dumps([chart.kind, chart.kwargs, version], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def draw(kind: str, kwargs: dict) -> bytes:
    from . import charts

    return getattr(charts, kind)(**kwargs).encode("utf-8")


def _draw_job(job: tuple[str, dict]) -> bytes:
    return draw(*job)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".svg")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _advanced(data: bytes, advance) -> bytes:
    advance(1)
    return data


class ChartStats:
    def __init__(self) -> None:
        self.drawn = 0
        self.cached = 0


def render_charts(
    charts: list[Chart],
    cache_dir: Path | None,
    stats: ChartStats | None = None,
    progress: Progress = QUIET,
) -> dict[str, bytes]:
    """SVG bytes per site path. `cache_dir=None` draws everything and stores nothing."""
    stats = stats or ChartStats()
    version = _code_version()
    out: dict[str, bytes] = {}
    missing: list[tuple[Chart, Path | None]] = []
    for chart in charts:
        cached = None
        if cache_dir is not None:
            key = chart_key(chart, version)
            cached = cache_dir / "charts" / key[:2] / f"{key}.svg"
            if cached.is_file():
                out[chart.path] = cached.read_bytes()
                stats.cached += 1
                continue
        missing.append((chart, cached))
    jobs = [(chart.kind, chart.kwargs) for chart, _ in missing]
    workers = min(os.cpu_count() or 1, 8)
    with progress.step("drawing charts", len(jobs)) as advance:
        if len(jobs) >= PARALLEL_FROM and workers > 1 and sys.platform.startswith("linux"):
            # fork: the workers inherit the imported modules instead of importing them again.
            with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
                drawn = [_advanced(d, advance) for d in pool.map(_draw_job, jobs, chunksize=4)]
        else:
            drawn = [_advanced(_draw_job(job), advance) for job in jobs]
    for (chart, cached), data in zip(missing, drawn, strict=True):
        out[chart.path] = data
        stats.drawn += 1
        if cached is not None:
            with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
                _write_atomic(cached, data)
    return out
