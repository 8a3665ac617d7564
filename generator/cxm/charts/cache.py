"""Draw charts through a cache keyed by a hash of their input, in parallel when many miss.

A chart is drawn only when its kind, its data, the chart code or matplotlib changes. Every
chart is a file: a cached one is its cache file, a drawn one is written there by the worker
process that drew it (without a cache, into a temporary folder). Cache files are written to a
temporary name and renamed, so concurrent builds never read half a file; beside each, its SHA-256
is written once it is complete, and a file that does not match it (truncated, emptied, changed)
is drawn again rather than published.

Drawing can run in the background (`start_drawing`): the MkDocs plugin starts it, lets MkDocs
render the pages meanwhile, and waits only when it writes the charts into the site. Workers
are processes of their own (`charts.worker`), so this process never imports matplotlib: a build
whose charts are all cached does not load it at all.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import json
import logging
import os
import queue
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

from ..errors import CxmError
from ..report.progress import QUIET, Progress
from .chart import Chart
from .worker import draw, draw_job, receive, send, write_atomic

__all__ = [
    "ChartStats",
    "Drawing",
    "chart_key",
    "draw",
    "draw_charts",
    "look_up",
    "remove_stale_scratch",
    "scratch_dir",
    "start_drawing",
]

log = logging.getLogger(__name__)

# Below this many charts to draw, `draw_charts` draws in this process: workers cost more.
PARALLEL_FROM = 12
# Charts per worker (a chart takes 30-200 ms): a few changed charts need one worker, not a
# worker per core competing with MkDocs for the cores while it renders the pages.
CHARTS_PER_WORKER = 50
# The most expensive kinds first, so that no worker is left with a big heatmap at the end.
_COST = {"heatmap": 0, "distribution": 1, "history": 2, "radar": 3}


class ChartError(CxmError):
    """A chart could not be drawn (exit 1)."""


def _code_version() -> str:
    # matplotlib's version from its metadata: importing it only to read it cost a warm build
    # a third of its memory.
    try:
        mpl = package_version("matplotlib")
    except PackageNotFoundError:  # pragma: no cover - an unusual install
        import matplotlib

        mpl = matplotlib.__version__
    # Every module of the package that decides what a chart looks like.
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        if module.name not in ("cache.py", "worker.py"):
            digest.update(module.read_bytes())
    return mpl + ":" + digest.hexdigest()


def chart_key(chart: Chart, version: str) -> str:
    payload = json.dumps([chart.kind, chart.kwargs, version], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _worker_count(background: bool = True) -> int:
    """Workers for the charts to draw. In the background of a build, one core fewer: MkDocs
    renders the pages on one core, in one thread, and its pages are the longer path; a
    worker beside it on that core slows the whole build down rather than the charts up."""
    cpus = min(_cpus(), 8)
    return max(1, cpus - 1) if background else cpus


# -P: the project folder (the current one) is not searched for modules. The folder this cxm
# was imported from comes last, so the worker finds the same cxm without it shadowing others.
_WORKER = "import sys; sys.path.append(sys.argv[1]); from cxm.charts.worker import main; main()"


def _spawn_worker() -> subprocess.Popen:
    package_root = str(Path(__file__).resolve().parents[2])
    return subprocess.Popen(
        [sys.executable, "-P", "-c", _WORKER, package_root],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )


# Workers started ahead of need by `prepare`, taken by the next drawing.
_spares: list[subprocess.Popen] = []


def prepare(cache_dir: Path | None) -> None:
    """Start the workers now when the cache is empty (or off): they import matplotlib on the
    other cores while this process validates and renders, instead of afterwards."""
    if _cpus() < 2 or _spares:
        return
    if cache_dir is not None and (cache_dir / "charts").is_dir():
        return  # most charts are probably cached: start workers only if some are not
    _spares.extend(_spawn_worker() for _ in range(_worker_count()))


def _take_workers(n: int) -> list[subprocess.Popen]:
    taken = [w for w in _spares[:n] if w.poll() is None]
    for worker in _spares[n:]:
        _stop(worker)
    _spares.clear()
    return taken + [_spawn_worker() for _ in range(n - len(taken))]


def _stop(worker: subprocess.Popen) -> None:
    with contextlib.suppress(OSError):
        worker.stdin.close()
    if worker.poll() is None:
        worker.kill()
    worker.wait()
    with contextlib.suppress(OSError):
        worker.stdout.close()


class ChartStats:
    def __init__(self) -> None:
        self.drawn = 0
        self.cached = 0
        self.damaged = 0  # cache files that failed their checksum: drawn again (in `drawn`)


class _Pool:
    """Worker processes fed from one queue of jobs, one thread per worker (mostly waiting).

    `standby` workers start at once (they import matplotlib meanwhile) but take jobs only
    after `hurry`: in a build, once MkDocs has rendered the pages and has nothing left to do
    but wait for the charts, the core it used draws the rest of them."""

    def __init__(self, jobs: list[tuple[str, Chart, Path]], workers: int, standby: int = 0):
        self._jobs = collections.deque(jobs)
        self._lock = threading.Lock()
        self._go = threading.Event()
        self.results: queue.Queue = queue.Queue()
        self._workers = _take_workers(workers)
        self._standby = [_spawn_worker() for _ in range(standby)]
        self._threads = [
            threading.Thread(target=self._feed, args=(w, w in self._standby), daemon=True)
            for w in [*self._workers, *self._standby]
        ]
        for thread in self._threads:
            thread.start()

    def hurry(self) -> None:
        """Let the standby workers take jobs too."""
        self._go.set()

    def _feed(self, worker: subprocess.Popen, standby: bool) -> None:
        if standby:
            self._go.wait()
        while True:
            with self._lock:
                if not self._jobs:
                    break
                path, chart, target = self._jobs.popleft()
            try:
                send(worker.stdin, (chart.kind, chart.kwargs, str(target)))
                status, value = receive(worker.stdout)
            except (OSError, EOFError, ValueError):
                status, value = "error", f"a chart worker stopped (exit code {worker.poll()})"
            self.results.put((path, status, value))
            if status == "error":
                break
        with contextlib.suppress(OSError):
            worker.stdin.close()

    def close(self) -> None:
        with self._lock:
            self._jobs.clear()
        self._go.set()
        for worker in [*self._workers, *self._standby]:
            _stop(worker)
        for thread in self._threads:
            thread.join()


class Drawing:
    """Every chart of a site as a file; the files of charts to draw are final after `wait`."""

    def __init__(self, files: dict[str, Path], stats: ChartStats) -> None:
        self.files = files  # site path -> file holding its SVG
        self.stats = stats
        self._pool: _Pool | None = None
        self._waiting = 0  # results still to collect from the pool
        self._total = 0
        self._temp: Path | None = None

    def _start(self, jobs: list[tuple[str, Chart, Path]], background: bool) -> None:
        # Charts with the same input share a file: draw each once.
        jobs = list({target: (path, chart, target) for path, chart, target in jobs}.values())
        self._total = len(jobs)
        useful = max(1, len(jobs) // CHARTS_PER_WORKER)
        workers = min(_worker_count(background), useful)
        # In the background, the core left to MkDocs joins in once the pages are done.
        standby = min(_worker_count(False), useful) - workers if background else 0
        if _cpus() > 1 and len(jobs) >= (1 if background else PARALLEL_FROM):
            jobs.sort(key=lambda job: _COST.get(job[1].kind, 9))
            self._waiting = len(jobs)
            self._pool = _Pool(jobs, workers, standby)
        else:
            for path, chart, target in jobs:
                self._done(path, *draw_job(chart.kind, chart.kwargs, str(target)))

    def _done(self, path: str, status: str, value: bytes | str | None) -> None:
        if status == "error":
            # Drawn here or by a worker, the same error: which chart, and the exception's last
            # line (the whole traceback is the worker's answer, `value`).
            reason = str(value).strip().splitlines()[-1]
            raise ChartError(f"chart {path} could not be drawn: {reason}")
        if status == "ok" and self.files[path].parent != self._temp:
            _seal(self.files[path])
        if status == "data":  # the cache could not be written: keep the chart elsewhere
            written = self.files[path]
            target = self._temp_dir() / written.name
            target.write_bytes(value)
            for site_path, file in self.files.items():
                if file == written:
                    self.files[site_path] = target

    def _temp_dir(self) -> Path:
        if self._temp is None:
            self._temp = scratch_dir("charts")
        return self._temp

    def wait(self, progress: Progress = QUIET) -> None:
        """Block until every chart is drawn; a chart that could not be drawn raises here."""
        if self._pool is None:
            return
        self._pool.hurry()
        try:
            with progress.step("drawing charts", self._total) as advance:
                advance(self._total - self._waiting)
                while self._waiting:
                    self._done(*self._pool.results.get())
                    self._waiting -= 1
                    advance(1)
        finally:
            self._pool.close()
            self._pool = None

    def read(self, progress: Progress = QUIET) -> dict[str, bytes]:
        self.wait(progress)
        return {path: Path(file).read_bytes() for path, file in self.files.items()}

    def close(self) -> None:
        """Stop drawing (if it still runs) and remove the temporary files."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None


def look_up(
    charts: list[Chart], cache_dir: Path | None, stats: ChartStats | None = None
) -> tuple[dict[str, Path], list[Chart]]:
    """The charts the cache holds (site path -> file), and those it does not, drawing none."""
    stats = stats or ChartStats()
    version = _code_version()
    found: dict[str, Path] = {}
    missing: list[Chart] = []
    for chart in charts:
        if cache_dir is not None:
            key = chart_key(chart, version)
            cached = cache_dir / "charts" / key[:2] / f"{key}.svg"
            if cached.is_file() and _usable(cached, chart, stats):
                found[chart.path] = cached
                stats.cached += 1
                continue
        missing.append(chart)
    return found, missing


def start_drawing(
    charts: list[Chart],
    cache_dir: Path | None,
    stats: ChartStats | None = None,
    *,
    background: bool = True,
) -> Drawing:
    """Look every chart up in the cache and start drawing the missing ones.

    With `background`, the missing charts are drawn by worker processes while the caller goes
    on; `Drawing.wait` collects them. `cache_dir=None` draws everything and caches nothing.
    """
    stats = stats or ChartStats()
    version = _code_version()
    files: dict[str, Path] = {}
    jobs: list[tuple[str, Chart, Path]] = []
    drawing = Drawing(files, stats)
    usable = cache_dir is not None and _writable(cache_dir / "charts")
    for chart in charts:
        key = chart_key(chart, version)
        if cache_dir is not None:
            cached = cache_dir / "charts" / key[:2] / f"{key}.svg"
            if cached.is_file() and _usable(cached, chart, stats):
                files[chart.path] = cached
                stats.cached += 1
                continue
            target = cached if usable else drawing._temp_dir() / f"{key}.svg"
        else:
            target = drawing._temp_dir() / f"{key}.svg"
        files[chart.path] = target
        jobs.append((chart.path, chart, target))
    stats.drawn = len(jobs)
    if usable:
        _remove_stale_temporaries({target.parent for _, _, target in jobs})
    if not jobs:
        for worker in _spares:  # started ahead of need, and none was
            _stop(worker)
        _spares.clear()
        return drawing
    try:
        drawing._start(jobs, background)
    except BaseException:
        drawing.close()
        raise
    return drawing


def _checksum_file(svg: Path) -> Path:
    return svg.with_suffix(".sha256")


def _seal(svg: Path) -> None:
    """Write the checksum of a chart just drawn into the cache beside it (for `_usable`)."""
    with contextlib.suppress(OSError):  # without it, the chart is drawn again next time
        digest = hashlib.sha256(svg.read_bytes()).hexdigest()
        write_atomic(_checksum_file(svg), f"{digest}\n".encode("ascii"))


def _usable(svg: Path, chart: Chart, stats: ChartStats) -> bool:
    """Whether a cache file holds the chart as drawn: it matches the checksum written beside
    it. Without one (a cache of an earlier version, a kill before it was written) it is drawn
    again; with a wrong one, it is drawn again and -v says so."""
    try:
        recorded = _checksum_file(svg).read_text("ascii").strip()
        data = svg.read_bytes()
    except (OSError, UnicodeDecodeError):
        return False
    if hashlib.sha256(data).hexdigest() == recorded:
        return True
    stats.damaged += 1
    how = "is empty" if not data else "does not match its checksum (truncated or changed)"
    log.info(f"chart {chart.path}: the cached file {svg} {how}; drawing it again")
    return False


def _remove_stale_temporaries(folders: set[Path]) -> None:
    """A worker killed while writing leaves its temporary file (`.tmp-*`) in the folder of
    the chart it drew; the next build draws that chart again, and removes it then. Only files
    older than this process: a concurrent build's whose file goes keeps its chart in memory."""
    for folder in folders:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if not entry.name.startswith(".tmp-"):
                    continue
                if entry.stat(follow_symlinks=False).st_mtime < _STARTED:
                    Path(entry.path).unlink(missing_ok=True)


def _writable(folder: Path) -> bool:
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        return os.access(folder, os.W_OK)
    return False


def draw_charts(
    charts: list[Chart],
    cache_dir: Path | None,
    stats: ChartStats | None = None,
    progress: Progress = QUIET,
) -> dict[str, bytes]:
    """SVG bytes per site path. `cache_dir=None` draws everything and stores nothing."""
    drawing = start_drawing(charts, cache_dir, stats, background=False)
    try:
        return drawing.read(progress)
    finally:
        drawing.close()


# -- scratch folders in the temporary folder ---------------------------------------------------

# The process that loaded cxm owns the scratch folders it and its forked children
# (cxm.publish.forked) make: they live until it removes them, after a child has ended.
_OWNER = os.getpid()
_STARTED = time.time()
_SCRATCH = re.compile(r"cxm-(?:charts|downloads)-(\d+)-")


def scratch_dir(kind: str) -> Path:
    """A new temporary folder `cxm-<kind>-<pid>-*`: the pid tells a later build whether the
    build that made it is gone (`remove_stale_scratch`)."""
    return Path(tempfile.mkdtemp(prefix=f"cxm-{kind}-{_OWNER}-"))


def remove_stale_scratch() -> None:
    """Remove the scratch folders that killed builds left in the temporary folder: this
    user's, older than this process, and whose process is gone."""
    if os.name != "posix":  # pragma: no cover - no safe "is it alive" there
        return
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return
    for entry in entries:
        match = _SCRATCH.match(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if (
            stat.S_ISDIR(info.st_mode)
            and info.st_uid == os.getuid()
            and info.st_mtime < _STARTED
            and not _alive(int(match[1]))
        ):
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid in (os.getpid(), _OWNER):
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process that nobody reaped (a container's init may not) is gone all the same."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text("ascii", "replace").rpartition(")")[2]
    except OSError:  # not Linux, or gone meanwhile
        return False
    return state.split()[:1] == ["Z"]
