"""Chart drawing cost per kind: CPU milliseconds per chart, in one warm process.

    python benchmarks/charts.py                      # 200 charts of each team kind, 5 runs
    python benchmarks/charts.py --svg-dir DIR        # also write every drawn SVG, to compare

The inputs are the charts a synthetic organization's site asks for (`synth.py`, 200 teams x 4
assessments), taken from `generate_site` as the workers would get them. Each run draws the
first N charts of every kind once (after one untimed warm-up chart of each kind); the table
shows the median over runs of CPU time per chart (process time: steadier than wall time on a
shared machine).
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "generator"))

import synth  # noqa: E402


def inputs(teams: int) -> dict[str, list[dict]]:
    from cxm.config import load_settings
    from cxm.project import load_project
    from cxm.publish.generate import generate_site

    with tempfile.TemporaryDirectory() as tmp:
        org = Path(tmp) / "org"
        synth.generate(teams, 4, org)
        site = generate_site(load_project(load_settings(cwd=org)))
    kinds: dict[str, list[dict]] = collections.defaultdict(list)
    for chart in site.charts:
        kinds[chart.kind].append(chart.kwargs)
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="charts of each kind per run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--kinds", default="history,radar,metrics")
    parser.add_argument("--svg-dir", type=Path, help="write the SVGs of the first run here")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1793534400")
    charts = inputs(args.teams)
    from cxm.charts.kinds import KINDS

    kinds = [k for k in args.kinds.split(",") if k in charts]
    for kind in kinds:  # warm-up: imports, font cache, per-process caches
        KINDS[kind](**charts[kind][0])
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for run in range(args.runs):
        for kind in kinds:
            batch = charts[kind][: args.n]
            start = time.process_time()
            svgs = [KINDS[kind](**kw) for kw in batch]
            times[kind].append((time.process_time() - start) * 1000 / len(batch))
            if args.svg_dir and run == 0:
                args.svg_dir.mkdir(parents=True, exist_ok=True)
                for i, svg in enumerate(svgs):
                    (args.svg_dir / f"{kind}-{i:03d}.svg").write_text(svg, encoding="utf-8")
    print(f"{'kind':<14} {'charts':>6} {'ms/chart':>9}  runs")
    for kind in kinds:
        runs = " ".join(f"{t:.1f}" for t in times[kind])
        n = min(args.n, len(charts[kind]))
        print(f"{kind:<14} {n:>6} {statistics.median(times[kind]):>9.1f}  {runs}")


if __name__ == "__main__":
    main()
