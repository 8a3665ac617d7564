"""Growth: what a build costs as the organization grows, size by size (`run.py --parts growth`).

At each size (teams x assessments, e.g. 100x2, 1000x2) the same synthetic organization is
built cold (`cxm build -q`, empty chart cache) --runs times; the figures are medians. Beside
time and peak memory, the built site itself: the median size of a team's page (its HTML: the
scorecard plus the navigation every page carries), the largest team page, the navigation
links in a team page's sidebar, the whole site, and the search index. Ratios are each size
against the smallest one, measured in the same run.
"""

from __future__ import annotations

import re
import shutil
import statistics
from dataclasses import dataclass
from pathlib import Path

import synth

# Each size against the smallest: a team page must not grow with the organization (at most
# 1.5x); the site, the build's time and memory at most in proportion to the teams, with a
# margin of 1.2 for the fixed start-up cost that a small build does not amortize (12x at 10x
# the teams).
PAGE_TARGET = 1.5
PROPORTION_MARGIN = 1.2
PROPORTIONAL = ("site", "time", "cpu", "memory")

_NAV_LINK = re.compile(r"<a [^>]*href=")


@dataclass
class SiteFigures:
    team_page: float  # median bytes of a team page
    largest_team_page: int
    nav_links: float  # median links in a team page's navigation
    site: int  # bytes of the whole site folder
    search_index: int


def site_figures(site: Path) -> SiteFigures:
    pages = sorted((site / "teams").glob("*/index.html"))
    sizes = [p.stat().st_size for p in pages]
    links = []
    for page in pages[:: max(1, len(pages) // 50)]:  # 50 pages are enough for a median
        text = page.read_text(encoding="utf-8")
        nav = text[text.find('<nav class="md-nav md-nav--primary') :]
        nav = nav[: nav.find('<div class="md-sidebar md-sidebar--secondary"')]
        links.append(len(_NAV_LINK.findall(nav)))
    return SiteFigures(
        team_page=statistics.median(sizes),
        largest_team_page=max(sizes),
        nav_links=statistics.median(links),
        site=sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        search_index=(site / "search" / "search_index.json").stat().st_size,
    )


def bench_growth(work: Path, sizes: list[int], assessments: int, runs: int, build, log) -> list:
    """Cold builds at each size. `build(org)` runs `cxm build -q` in `org` and returns its
    sample (seconds, max_rss_kb), as run.py measures every command."""
    out = []
    for teams in sizes:
        org = work / f"growth-{teams}x{assessments}"
        synth.generate(teams, assessments, org)
        samples = []
        for r in range(runs):
            log(f"  growth {teams}x{assessments} round {r + 1}/{runs}")
            shutil.rmtree(org / ".cache", ignore_errors=True)
            samples.append(build(org))
        figures = site_figures(org / "site")
        pages = sum(1 for _ in (org / "site").rglob("index.html"))
        shutil.rmtree(org)
        out.append(
            {
                "teams": teams,
                "size": f"{teams}x{assessments}",
                "pages": pages,
                "time": statistics.median(s.seconds for s in samples),
                "cpu": statistics.median(s.cpu for s in samples),
                "rss_mb": statistics.median(s.max_rss_kb for s in samples) / 1024,
                "samples": samples,
                "site": figures,
            }
        )
    return out


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def report_growth(runs: int, growth: list[dict], verdict) -> list[str]:
    base = growth[0]
    lines = [
        f"## Growth: cold builds, medians of {runs} runs",
        "",
        "| organization | pages | build | CPU | peak RSS | team page (median) "
        "| largest team page | sidebar links | site | search index |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for g in growth:
        s: SiteFigures = g["site"]
        lines.append(
            f"| {g['size']} | {g['pages']} | {g['time']:.1f} s | {g['cpu']:.1f} s "
            f"| {g['rss_mb']:.0f} MB "
            f"| {s.team_page / 1e3:.1f} kB | {s.largest_team_page / 1e3:.1f} kB "
            f"| {s.nav_links:.0f} | {_mb(s.site)} | {_mb(s.search_index)} |"
        )
    lines += [
        "",
        "| ratio | teams | team page | site | build time | CPU time | peak RSS | search index |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    b: SiteFigures = base["site"]
    for g in growth[1:]:
        s: SiteFigures = g["site"]
        ratios = {
            "team_page": s.team_page / b.team_page,
            "site": s.site / b.site,
            "time": g["time"] / base["time"],
            "cpu": g["cpu"] / base["cpu"],
            "memory": g["rss_mb"] / base["rss_mb"],
        }
        grown = g["teams"] / base["teams"]
        limits = {k: PROPORTION_MARGIN * grown for k in PROPORTIONAL} | {"team_page": PAGE_TARGET}
        cells = " | ".join(f"{ratios[k]:.2f}x ({verdict(ratios[k], limits[k])})" for k in ratios)
        lines.append(
            f"| {g['teams']}/{base['teams']} | {g['teams'] / base['teams']:.0f}x | {cells} "
            f"| {s.search_index / b.search_index:.2f}x |"
        )
    lines.append("")
    return lines
