"""A synthetic organization for benchmarks: N teams x M quarterly assessments, deterministic.

    python benchmarks/synth.py --teams 200 --assessments 4 -o /tmp/org

writes a project folder: mkdocs.yml (the demo site's theme and extensions, with the
cx-maturity plugin), docs/ with one hand-written page, and assessments/<slug>/<date>.yaml
over the default framework. The areas, practices and metrics come from the framework file, so
nothing here repeats them. The same arguments (and --seed) give byte-identical files.

Variety, so the site looks like a real one: groups of different sizes, scores that drift from
one quarter to the next, evidence on every practice at level 4 or above (as the framework
requires), some practices rated by several assessors, areas left unassessed, per-area
targets, outcome metrics (not every team reports every metric), actions with owners and due
dates (some overdue), and a few teams whose latest assessment is stale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml
from cxm.slugs import team_slug

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = ROOT / "generator" / "cxm" / "frameworks" / "cx-maturity.yaml"

# The latest quarter's assessments fall in the weeks before this day; the harness builds
# with SOURCE_DATE_EPOCH at LATEST + 30 days so no date is in the future.
LATEST = dt.date(2026, 10, 2)

GROUPS = [
    "Digital Channels",
    "Payments",
    "Merchant Services",
    "Platform Engineering",
    "Sales and Partnerships",
    "Customer Operations",
    "Risk and Compliance",
    "Growth",
    "Data and Insights",
    "Enterprise",
    "Consumer Apps",
    "Finance Systems",
]
WORDS = [
    "Checkout", "Billing", "Invoicing", "Payments", "Payouts", "Onboarding", "Identity",
    "Disputes", "Risk", "Fraud", "Search", "Catalogue", "Pricing", "Mobile", "Web", "Partner",
    "Developer", "Merchant", "Support", "Messaging", "Loyalty", "Rewards", "Reporting",
    "Analytics", "Ledger", "Treasury", "Lending", "Cards", "Wallet", "Subscriptions",
]  # fmt: skip
SUFFIXES = ["Experience", "Platform", "Operations", "Services", "Core", "Squad", "Team", "Hub"]
PEOPLE = [
    "Aisha Bello", "Marco Rossi", "Hannah Schultz", "Dana Lee", "Sam Ortiz", "Priya Nair",
    "Tomás García", "Mei Chen", "Olu Adeyemi", "Sofia Lindqvist", "Noah Cohen", "Lena Vogel",
    "Kwame Mensah", "Yuki Tanaka", "Chloé Martin", "Ravi Kapoor",
]  # fmt: skip
EVIDENCE = [
    "Monthly review of the **{m}** dashboard with named owners; minutes in Confluence '{w} CX'.",
    "Measured every quarter against a target: {n}% of {w} journeys met it in the last period "
    "(Looker report '{w} scorecard').",
    "Runbook in the wiki, reviewed each release; {k} of the last 20 incidents followed it "
    "without escalation.",
    "Customer interviews every sprint (notes in Dovetail, tag `{w}`); findings feed the "
    "roadmap, see [the backlog](https://example.com/{w}/backlog).",
    "Automated alerts on {m} with a {k}-minute response target, met {n}% of the time.",
]
ACTIONS = [
    "Write down the {p} process and name its owner",
    "Measure {p} against a target each quarter",
    "Review {p} with customers twice a year",
    "Automate the {p} report",
    "Train the team on {p}",
]
SUMMARIES = [
    "Progress on **{a}** this quarter; {b} is still the clear gap.",
    "A steady quarter: most practices held their level, {a} moved up.",
    "New owners for {a} and {b}; the next assessment should show it.",
    None,
]


def load_framework() -> dict:
    return yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))


def team_names(n: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        first, second = rng.sample(WORDS, 2)
        name = f"{first} {second} {rng.choice(SUFFIXES)}"
        if len(seen) >= len(WORDS) * (len(WORDS) - 1) * len(SUFFIXES) // 2:
            name = f"{name} {len(names)}"
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        names.append(name)
    return names


def assessment(
    team: str,
    group: str,
    date: dt.date,
    quarter: int,
    fw: dict,
    base: dict[tuple[str, str], int],
    rng: random.Random,
) -> dict:
    low, high = min(fw["levels"]), max(fw["levels"])
    evidence_from = fw.get("evidence_required_from") or high + 1
    assessors = rng.sample(PEOPLE, rng.choice([1, 2, 2, 3]))
    doc: dict = {"team": team, "group": group, "date": date.isoformat(), "assessors": assessors}
    areas = fw["areas"]
    summary = rng.choice(SUMMARIES)
    if summary:
        a, b = rng.sample([x["name"] for x in areas], 2)
        doc["summary"] = summary.format(a=a, b=b)
    if rng.random() < 0.3:
        area = rng.choice(areas)["id"]
        doc["targets"] = {area: rng.choice([3, 4, 4, 5])}
    scores: dict = {}
    skipped_area = rng.choice(areas)["id"] if rng.random() < 0.1 else None
    for area in areas:
        if area["id"] == skipped_area:
            continue
        practices: dict = {}
        for practice in area["practices"]:
            key = (area["id"], practice["id"])
            # Teams improve slowly: a drift of one level up every few quarters.
            level = base[key] + (quarter + hash_step(key, team)) // 4
            level = max(low, min(high, level + rng.choice([0, 0, 0, 0, -1, 1])))
            if rng.random() < 0.01:
                continue  # a practice left unassessed
            w = practice["name"].split()[0].lower()
            if level >= evidence_from or rng.random() < 0.1:
                entry: dict = {
                    "level": level,
                    "evidence": rng.choice(EVIDENCE).format(
                        m=practice["name"], w=w, n=rng.randint(5, 95), k=rng.randint(2, 20)
                    ),
                }
            elif len(assessors) > 1 and rng.random() < 0.08:
                entry = {
                    "ratings": {
                        who: max(low, min(high, level + rng.choice([0, 0, 1, -1])))
                        for who in assessors
                    }
                }
            else:
                practices[practice["id"]] = level
                continue
            if rng.random() < 0.05:
                entry["target"] = min(high, level + 1)
            practices[practice["id"]] = entry
        scores[area["id"]] = practices
    doc["scores"] = scores
    metrics: dict = {}
    for spec in fw.get("metrics", []):
        if rng.random() < 0.25:
            continue
        lo = spec.get("min", 0)
        hi = spec.get("max", 100)
        value = round(rng.uniform(lo + (hi - lo) * 0.2, lo + (hi - lo) * 0.8), 1)
        if rng.random() < 0.4:
            metrics[spec["id"]] = {
                "value": value,
                "target": round(min(hi, value + (hi - lo) * 0.05), 1),
                "source": "Quarterly survey",
            }
        else:
            metrics[spec["id"]] = value
    if metrics:
        doc["metrics"] = metrics
    actions = []
    for _ in range(rng.choice([0, 1, 2, 2, 3])):
        area = rng.choice(areas)
        practice = rng.choice(area["practices"])
        action = {
            "title": rng.choice(ACTIONS).format(p=practice["name"].lower()),
            "area": area["id"],
            "practice": practice["id"],
            "owner": rng.choice(PEOPLE),
            "due": (date + dt.timedelta(days=rng.randint(20, 200))).isoformat(),
            "status": rng.choice(["planned", "planned", "in_progress", "done", "dropped"]),
        }
        actions.append(action)
    if actions:
        doc["actions"] = actions
    return doc


def hash_step(key: tuple[str, str], team: str) -> int:
    # A stable per-team, per-practice phase (Python's hash() is salted per process).
    return sum(map(ord, team + key[1])) % 4


def generate(teams: int, assessments: int, out: Path, seed: int = 42) -> list[Path]:
    """Write the project into `out` (emptied first); returns the assessment files."""
    rng = random.Random(seed)
    fw = load_framework()
    low, high = min(fw["levels"]), max(fw["levels"])
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    (out / "mkdocs.yml").write_text(mkdocs_yml(plugin=True), encoding="utf-8")
    (out / "docs" / "about.md").write_text(ABOUT, encoding="utf-8")
    # Groups of uneven sizes: a few big departments, a long tail of small ones.
    n_groups = max(1, min(len(GROUPS), teams // 15 or 1))
    weights = [1 / (i + 1) for i in range(n_groups)]
    written = []
    for team in team_names(teams, rng):
        group = rng.choices(GROUPS[:n_groups], weights)[0]
        base = {
            (a["id"], p["id"]): rng.choice(range(low, min(high, low + 3) + 1))
            for a in fw["areas"]
            for p in a["practices"]
        }
        # Latest assessment in the quarter before LATEST; 3% of teams stopped a year ago.
        last = LATEST - dt.timedelta(days=rng.randint(0, 60))
        if rng.random() < 0.03:
            last -= dt.timedelta(days=400)
        folder = out / "assessments" / team_slug(team)
        folder.mkdir(parents=True)
        for k in range(assessments):
            date = last - dt.timedelta(days=91 * (assessments - 1 - k) + rng.randint(0, 6))
            doc = assessment(team, group, date, k, fw, base, rng)
            path = folder / f"{date.isoformat()}.yaml"
            path.write_text(
                yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100),
                encoding="utf-8",
            )
            written.append(path)
    return written


ABOUT = """\
# About this site

A synthetic organization for the `cxm` benchmarks: every team and score here is made up.
"""

THEME = """\
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.tabs
    - navigation.sections
    - navigation.indexes
    - navigation.prune  # only the open sections in each page: pages stay small as teams grow
    - navigation.top
    - navigation.footer
    - search.suggest
    - search.highlight
    - content.tabs.link
    - content.action.edit
    - toc.follow
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""

PLUGIN = """\
plugins:
  - search
  - cx-maturity:
      assessments: assessments
      stale_after_days: 365
      cache_dir: .cache/cxm
"""

# What the plugin adds to the config (extra_css); the plain build lists it itself.
PLAIN = """\
plugins:
  - search

extra_css:
  - assets/cxm/cxm.css
"""


def mkdocs_yml(plugin: bool) -> str:
    head = (
        "site_name: Synthetic CX maturity\n"
        "repo_url: https://github.com/example/cx-maturity\n"
        "edit_uri: edit/main/docs/\n\n"
    )
    return head + THEME + "\n" + (PLUGIN if plugin else PLAIN)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--assessments", type=int, default=4, help="per team, one a quarter")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    files = generate(args.teams, args.assessments, args.output, args.seed)
    print(f"wrote {len(files)} assessments of {args.teams} teams into {args.output}")


if __name__ == "__main__":
    main()
