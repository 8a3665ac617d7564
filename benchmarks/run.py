"""The benchmark harness: our cost against the floor of what we build on, in the same run.

    python benchmarks/run.py              # the figures of benchmarks/README.md (~18 minutes)
    python benchmarks/run.py --quick      # a small organization, to try the harness (~2 minutes)
    python benchmarks/run.py --parts growth   # 100 and 1,000 teams: does cost grow linearly?

Every measured command runs in its own process, so times include nothing cached by an earlier
measurement and peak memory (ru_maxrss from os.wait4: the largest process of the tree) belongs
to that command alone. Each measurement repeats --runs times, interleaved round by round so a
slow spell of a noisy machine hits every figure alike; the table shows medians, and ratios are
medians of ours over medians of the baseline measured in the same run, and (paired) the
median of the ratios round by round.

Baselines:
- validation: `yaml.load(CSafeLoader)` of the same files (framework included) in one process,
  against `load_project` (load with positions, validate, checks across files) in one process;
  imports are timed apart.
- builds: a plain `mkdocs build` of exactly the same pages and charts, written by
  `cxm generate` into a second project whose mkdocs.yml has the same theme, extensions and
  extra_css but no cx-maturity plugin: what the site engine itself costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import preview  # noqa: E402
import synth  # noqa: E402
from growth import bench_growth, report_growth  # noqa: E402

# "Today" for every build and validation: a month after the synthetic latest quarter.
EPOCH = str(
    int(
        dt.datetime.combine(
            synth.LATEST + dt.timedelta(days=30), dt.time(12), tzinfo=dt.UTC
        ).timestamp()
    )
)

TARGETS = {
    "validate": 1.5,
    "cold": 2.0,
    "warm": 1.2,
    "changed": 1.3,
    "memory": 1.5,
    "scaling": 4.4,
    "preview": 0.15,
}

VALIDATE = """
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from cxm.config import load_settings
from cxm.project import load_project
t1 = time.perf_counter()
settings = load_settings(Path(sys.argv[1]) / "mkdocs.yml")
t2 = time.perf_counter()
project = load_project(settings)
t3 = time.perf_counter()
assert not project.errors, project.errors[:3]
print(json.dumps({"import": t1 - t0, "time": t3 - t2, "files": project.files_checked}))
"""

RAW = """
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
import yaml
t1 = time.perf_counter()
root = Path(sys.argv[1])
t2 = time.perf_counter()
files = [Path(sys.argv[2])] + sorted(
    p for p in (root / "assessments").rglob("*") if p.suffix in (".yaml", ".yml")
)
for path in files:
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "time": t3 - t2, "files": len(files)}))
"""


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int
    # CPU seconds (user + system) of the command and the processes it waited for (chart
    # workers): what the work costs, whatever else the machine runs meanwhile.
    cpu: float = 0.0


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    @property
    def time(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return statistics.median(s.max_rss_kb for s in self.samples) / 1024

    def paired(self, baseline: Series) -> float:
        """Median of the ratios round by round (measured back to back)."""
        return statistics.median(
            a.seconds / b.seconds for a, b in zip(self.samples, baseline.samples, strict=True)
        )

    def spread(self) -> str:
        times = [s.seconds for s in self.samples]
        return f"{min(times):.2f}–{max(times):.2f}"


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["SOURCE_DATE_EPOCH"] = EPOCH
    out["NO_MKDOCS_2_WARNING"] = "1"
    out.pop("PYTHONHASHSEED", None)
    return out


def measure(cmd: list[str], cwd: Path) -> Sample:
    """Wall time and peak RSS of one command in its own process (exit status checked)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{err.read().decode(errors='replace')}")
    return Sample(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)


def timed_snippet(code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env(), capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def cxm(*args: str) -> list[str]:
    return [sys.executable, "-m", "cxm", *args]


def mkdocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- projects -------------------------------------------------------------------------------


def make_org(work: Path, teams: int, assessments: int) -> Path:
    org = work / f"org-{teams}x{assessments}"
    synth.generate(teams, assessments, org)
    return org


def make_plain(work: Path, org: Path) -> Path:
    """The same pages and charts as plain files, in a project without the plugin."""
    plain = work / f"plain-{org.name.removeprefix('org-')}"
    if plain.exists():
        shutil.rmtree(plain)
    (plain / "docs").mkdir(parents=True)
    (plain / "mkdocs.yml").write_text(synth.mkdocs_yml(plugin=False), encoding="utf-8")
    shutil.copy(org / "docs" / "about.md", plain / "docs" / "about.md")
    subprocess.run(
        cxm("generate", "-q", "-o", str(plain / "docs")),
        cwd=org,
        env=env(),
        check=True,
    )
    return plain


_SHORT_LEVEL = re.compile(r"^( {4}[a-z_]+: )([1-5])$", re.MULTILINE)


def change_one(org: Path, round_no: int) -> None:
    """Edit one level of one team's latest assessment; every round gives a new state."""
    team = sorted((org / "assessments").iterdir())[len(list((org / "assessments").iterdir())) // 2]
    path = sorted(team.glob("*.yaml"))[-1]
    text = path.read_text(encoding="utf-8")
    matches = list(_SHORT_LEVEL.finditer(text))
    m = matches[round_no % len(matches)]
    new = str(int(m.group(2)) % 3 + 1)  # 1..3: no evidence needed
    if new == m.group(2):
        new = str(int(new) % 3 + 1)
    path.write_text(text[: m.start(2)] + new + text[m.end(2) :], encoding="utf-8")


# -- measurements ---------------------------------------------------------------------------


def bench_validation(work: Path, teams: int, assessments: int, runs: int) -> dict:
    org = make_org(work, teams, assessments)
    ours, raw = Series(), Series()
    imports_ours, imports_raw = [], []
    e2e_ours, e2e_raw = Series(), Series()
    for r in range(runs):
        log(f"  validation round {r + 1}/{runs}")
        a = timed_snippet(VALIDATE, str(org))
        b = timed_snippet(RAW, str(org), str(synth.FRAMEWORK))
        assert a["files"] == b["files"] - 1 or a["files"] == b["files"], (a, b)
        ours.samples.append(Sample(a["time"], 0))
        raw.samples.append(Sample(b["time"], 0))
        imports_ours.append(a["import"])
        imports_raw.append(b["import"])
        # The whole command as CI runs it, against a process that only parses.
        e2e_ours.samples.append(measure(cxm("validate", "-q"), org))
        e2e_raw.samples.append(
            measure([sys.executable, "-c", RAW, str(org), str(synth.FRAMEWORK)], org)
        )
    shutil.rmtree(org)
    return {
        "size": f"{teams}x{assessments}",
        "files": teams * assessments,
        "validate": ours,
        "raw": raw,
        "import_ours": statistics.median(imports_ours),
        "import_raw": statistics.median(imports_raw),
        "cli": e2e_ours,
        "cli_raw": e2e_raw,
    }


def bench_builds(work: Path, teams: int, assessments: int, runs: int, changed: bool) -> dict:
    log(f"  setting up {teams}x{assessments}")
    org = make_org(work, teams, assessments)
    plain = make_plain(work, org)
    cache = org / ".cache" / "cxm"
    out = {"plain": Series(), "cold": Series(), "warm": Series()}
    if changed:
        out["changed"] = Series()
    for r in range(runs):
        log(f"  builds {teams}x{assessments} round {r + 1}/{runs}")
        out["plain"].samples.append(measure(mkdocs("build", "-q"), plain))
        shutil.rmtree(cache, ignore_errors=True)
        out["cold"].samples.append(measure(cxm("build", "-q"), org))
        out["warm"].samples.append(measure(cxm("build", "-q"), org))
        if changed:
            change_one(org, r)
            out["changed"].samples.append(measure(cxm("build", "-q"), org))
    pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
    charts = sum(1 for _ in (plain / "docs" / "assets" / "cxm" / "charts").glob("*.svg"))
    shutil.rmtree(org)
    shutil.rmtree(plain)
    return {"size": f"{teams}x{assessments}", "pages": pages, "charts": charts, **out}


def bench_preview(work: Path, teams: int, assessments: int, runs: int) -> dict:
    log(f"  setting up {teams}x{assessments}")
    org = make_org(work, teams, assessments)
    plain = make_plain(work, org)
    today = synth.LATEST + dt.timedelta(days=30)
    out = preview.bench_preview(org, plain, runs, today, cxm, mkdocs, measure, env)
    pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
    shutil.rmtree(org)
    shutil.rmtree(plain)
    return {"size": f"{teams}x{assessments}", "pages": pages, **out}


# -- report ---------------------------------------------------------------------------------


def verdict(ratio: float, target: float) -> str:
    return f"≤ {target:.1f}x: {'met' if ratio <= target else 'MISSED'}"


def report(
    args, validation: dict | None, builds: dict | None, scaling: list[dict], previews: dict | None
) -> list[str]:
    lines = []
    if validation is not None:
        lines += report_validation(args, validation)
    if builds is not None:
        lines += report_builds(args, builds)
    if scaling:
        lines += report_scaling(args, scaling)
    if previews is not None:
        lines += report_preview(args, previews)
    return lines


def report_preview(args, p: dict) -> list[str]:
    edit, plain = statistics.median(p["edits"]), statistics.median(p["plain"])
    paired = statistics.median(e / b for e, b in zip(p["edits"], p["plain"], strict=True))
    return [
        f"## Preview (`cxm serve`), {p['size']} ({p['pages']} pages), medians of {args.runs} edits",
        "",
        "| measurement | time | range | vs plain | paired | target |",
        "|---|---:|---:|---:|---:|---|",
        f"| plain `mkdocs build` (floor) | {plain:.2f} s | {min(p['plain']):.2f}–"
        f"{max(p['plain']):.2f} | 1.00x | | |",
        f"| save to the page showing the edit | {edit:.2f} s | {min(p['edits']):.2f}–"
        f"{max(p['edits']):.2f} | {edit / plain:.2f}x | {paired:.2f}x "
        f"| {preview_verdict(edit / plain)} |",
        f"| `cxm serve` start, empty cache (once) | {p['start']:.2f} s | | "
        f"{p['start'] / plain:.2f}x | | |",
        "",
        "What `cxm serve` printed for each edit:",
        "",
        *[f"    {line}" for line in p["lines"]],
        "",
    ]


def preview_verdict(ratio: float) -> str:
    target = TARGETS["preview"]
    return f"≤ {target:.2f}x: {'met' if ratio <= target else 'MISSED'}"


def report_validation(args, v: dict) -> list[str]:
    ratio = v["validate"].time / v["raw"].time
    cli = v["cli"].time / v["cli_raw"].time
    return [
        f"## Validation, {v['size']} ({v['files']} files), medians of {args.runs} runs",
        "",
        "| measurement | ours | baseline | ratio | paired | target |",
        "|---|---:|---:|---:|---:|---|",
        f"| validate (load_project) vs raw CSafeLoader parse | {v['validate'].time:.2f} s "
        f"| {v['raw'].time:.2f} s | {ratio:.2f}x | {v['validate'].paired(v['raw']):.2f}x "
        f"| {verdict(ratio, TARGETS['validate'])} |",
        f"| imports (not in the line above) | {v['import_ours']:.2f} s "
        f"| {v['import_raw']:.2f} s | | | |",
        f"| `cxm validate -q` process vs a parse-only process | {v['cli'].time:.2f} s "
        f"| {v['cli_raw'].time:.2f} s | {cli:.2f}x | {v['cli'].paired(v['cli_raw']):.2f}x | |",
        "",
    ]


def report_builds(args, b: dict) -> list[str]:
    plain = b["plain"]
    lines = [
        f"## Builds, {b['size']} ({b['pages']} pages, {b['charts']} charts), "
        f"medians of {args.runs} runs",
        "",
        "| build | time | range | vs plain | paired | target | peak RSS | vs plain | target |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|",
        f"| plain `mkdocs build` (floor) | {plain.time:.2f} s | {plain.spread()} | 1.00x | "
        f"| | {plain.rss_mb:.0f} MB | 1.00x | |",
    ]
    names = {
        "cold": "`cxm build`, empty cache",
        "warm": "`cxm build`, nothing changed",
        "changed": "`cxm build`, one assessment changed",
    }
    peak = max(b[k].rss_mb for k in names if k in b)
    for key, name in names.items():
        if key not in b:
            continue
        s = b[key]
        r = s.time / plain.time
        paired = s.paired(plain)
        m = s.rss_mb / plain.rss_mb
        mem_target = verdict(m, TARGETS["memory"]) if s.rss_mb == peak else ""
        lines.append(
            f"| {name} | {s.time:.2f} s | {s.spread()} | {r:.2f}x | {paired:.2f}x "
            f"| {verdict(r, TARGETS[key])} | {s.rss_mb:.0f} MB | {m:.2f}x | {mem_target} |"
        )
    lines += [
        "",
        "vs plain: median over median. paired: median of each round's ratio (the plain build",
        "and ours ran back to back), less sensitive to a slow spell of a shared machine.",
        "",
    ]
    return lines


def report_scaling(args, scaling: list[dict]) -> list[str]:
    base = scaling[0]
    lines = [
        f"## Scaling, medians of {args.scale_runs} runs (4x: the organization above)",
        "",
        "| organization | pages | plain | cold | warm | cold vs 1x | warm vs 1x | plain vs 1x |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scaling:
        lines.append(
            f"| {s['factor']}x: {s['size']} | {s['pages']} | {s['plain'].time:.2f} s "
            f"| {s['cold'].time:.2f} s | {s['warm'].time:.2f} s "
            f"| {s['cold'].time / base['cold'].time:.2f}x "
            f"| {s['warm'].time / base['warm'].time:.2f}x "
            f"| {s['plain'].time / base['plain'].time:.2f}x |"
        )
    last = scaling[-1]
    grow = last["cold"].time / base["cold"].time
    lines += [
        "",
        f"4x the organization takes {grow:.2f}x the time of a cold build "
        f"({verdict(grow, TARGETS['scaling'])}).",
        "",
    ]
    return lines


def machine() -> list[str]:
    return [
        f"- date: {dt.date.today().isoformat()}",
        f"- machine: {os.cpu_count()} CPUs (nproc), {platform.machine()}, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, mkdocs {version('mkdocs')}, "
        f"mkdocs-material {version('mkdocs-material')}, matplotlib {version('matplotlib')}, "
        f"pydantic {version('pydantic')}, PyYAML {version('pyyaml')}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repeats of each measurement")
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--assessments", type=int, default=4, help="per team, for the builds")
    parser.add_argument(
        "--validate-assessments", type=int, default=8, help="per team, for validation"
    )
    parser.add_argument(
        "--scale-runs", type=int, default=3, help="repeats of the smaller scaling sizes"
    )
    parser.add_argument(
        "--parts",
        default="validation,builds,scaling",
        help="comma-separated: which of validation, builds, scaling, preview, growth to run",
    )
    parser.add_argument(
        "--growth-sizes",
        default="100,1000",
        help="growth: the numbers of teams, comma-separated (ratios are to the first)",
    )
    parser.add_argument(
        "--growth-assessments", type=int, default=2, help="growth: assessments per team"
    )
    parser.add_argument("--growth-runs", type=int, default=3, help="growth: repeats of each size")
    parser.add_argument("--quick", action="store_true", help="20 teams, 2 runs: try the harness")
    parser.add_argument("--workdir", type=Path, help="where the projects go (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write the raw samples here")
    args = parser.parse_args()
    if args.quick:
        args.teams, args.runs, args.scale_runs = 20, 2, 2
        args.growth_sizes, args.growth_runs = "10,40", 2
    parts = set(args.parts.split(","))
    if "scaling" in parts:
        parts.add("builds")  # its 4x point
    work = Path(tempfile.mkdtemp(prefix="cxm-bench-", dir=args.workdir))
    started = time.perf_counter()
    validation, builds, scaling, previews, growth = None, None, [], None, []
    try:
        if "validation" in parts:
            log(f"validation: {args.teams}x{args.validate_assessments}")
            validation = bench_validation(work, args.teams, args.validate_assessments, args.runs)
        if "builds" in parts:
            log(f"builds: {args.teams}x{args.assessments}")
            builds = bench_builds(work, args.teams, args.assessments, args.runs, changed=True)
        if "scaling" in parts:
            # 1x, 2x, 4x: the 4x point is the organization measured above.
            for factor in (1, 2):
                teams = args.teams * factor // 4
                log(f"scaling {factor}x: {teams}x{args.assessments}")
                s = bench_builds(work, teams, args.assessments, args.scale_runs, changed=False)
                scaling.append({"factor": factor, **s})
            scaling.append({"factor": 4, **builds})
        if "preview" in parts:
            log(f"preview: {args.teams}x{args.assessments}")
            previews = bench_preview(work, args.teams, args.assessments, args.runs)
        if "growth" in parts:
            sizes = [int(n) for n in args.growth_sizes.split(",")]
            log(f"growth: {sizes} teams x {args.growth_assessments}")
            growth = bench_growth(
                work,
                sizes,
                args.growth_assessments,
                args.growth_runs,
                lambda org: measure(cxm("build", "-q"), org),
                log,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "# cxm benchmarks",
        "",
        *machine(),
        f"- command: python benchmarks/run.py {' '.join(sys.argv[1:])}".rstrip(),
        f"- harness wall time: {(time.perf_counter() - started) / 60:.1f} min",
        "",
        *report(args, validation, builds, scaling, previews),
        *(report_growth(args.growth_runs, growth, verdict) if growth else []),
    ]
    print("\n".join(lines))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "validation": validation,
                    "builds": builds,
                    "scaling": scaling,
                    "preview": previews,
                    "growth": growth,
                },
                default=lambda o: o.__dict__,
                indent=1,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
