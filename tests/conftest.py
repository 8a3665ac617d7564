"""Shared helpers: a tiny framework, assessment files in a temp folder, and the CLI.

Every test builds its input as real files in `tmp_path` and looks at what a user sees: the
exit code and the text the command prints.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from cxm.load.document import Document
from cxm.load.reader import load_text
from cxm.model.framework import Framework
from cxm.validate.framework import validate_framework

# "Today" for every test: the CLI reads it from SOURCE_DATE_EPOCH, the functions take it.
TODAY = dt.date(2026, 11, 1)
TODAY_EPOCH = str(int(dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC).timestamp()))

# A tiny framework on a 1..5 scale: three areas (support weighs 2) of two practices each
# (self_service weighs 2), next steps from every level below the top, and two metrics.
FRAMEWORK = """\
id: tiny
name: Tiny framework
version: 3
levels:
  1: {name: Reactive, description: "Ad hoc."}
  2: {name: Emerging, description: "Some habits."}
  3: {name: Defined, description: "Written down."}
  4: {name: Managed, description: "Measured."}
  5: {name: Leading, description: "Best in class."}
default_target: 3
evidence_required_from: 4
areas:
  - id: support
    name: Support
    weight: 2
    practices:
      - id: self_service
        name: Self-service help
        question: "Can customers help themselves?"
        weight: 2
        levels: {1: "No help.", 2: "Some FAQ.", 3: "Help centre.", 4: "Measured.", 5: "Best."}
        next_steps:
          1: ["Publish the top ten answers."]
          2: ["Build a help centre."]
          3: ["Measure deflection."]
          4: ["Personalize help."]
      - id: onboarding
        name: Onboarding
        levels: {1: "None.", 2: "Email.", 3: "Guided.", 4: "Measured.", 5: "Best."}
        next_steps:
          1: ["Send a welcome email."]
          2: ["Guide the first week."]
          3: ["Measure activation."]
          4: ["Tailor onboarding."]
  - id: marketing
    name: Marketing
    practices:
      - id: product_promise
        name: Product promise
        levels: {1: "Vague.", 2: "Stated.", 3: "Tested.", 4: "Measured.", 5: "Best."}
        next_steps:
          1: ["State the promise."]
          2: ["Test the promise."]
          3: ["Measure the promise."]
          4: ["Lead the market."]
      - id: reviews
        name: Reviews and content
        levels: {1: "Ignored.", 2: "Read.", 3: "Answered.", 4: "Measured.", 5: "Best."}
        next_steps:
          1: ["Read the reviews."]
          2: ["Answer the reviews."]
          3: ["Track the rating."]
          4: ["Publish case studies."]
  - id: policies
    name: Policies
    practices:
      - id: returns
        name: Returns
        levels: {1: "None.", 2: "Ad hoc.", 3: "Written.", 4: "Measured.", 5: "Best."}
        next_steps:
          1: ["Write a returns policy."]
          2: ["Publish it."]
          3: ["Measure returns."]
          4: ["Make returns free."]
      - id: privacy
        name: Privacy
        levels: {1: "None.", 2: "Ad hoc.", 3: "Written.", 4: "Audited.", 5: "Best."}
        next_steps:
          1: ["Write a privacy notice."]
          2: ["Name an owner."]
          3: ["Audit yearly."]
          4: ["Certify."]
metrics:
  - {id: nps, name: Net Promoter Score, min: -100, max: 100, better: higher}
  - {id: csat, name: Customer satisfaction, unit: "%", min: 0, max: 100, better: higher}
"""

# The same shape on a 0..3 scale (default target 2), weights 1.
FRAMEWORK_0_3 = """\
id: tiny-zero
name: Tiny framework from zero
version: 1
levels:
  0: {name: Absent, description: "Nothing."}
  1: {name: Ad hoc, description: "Sometimes."}
  2: {name: Effective, description: "Repeatable."}
  3: {name: Mastery, description: "Improving."}
default_target: 2
areas:
  - id: build
    name: Build
    practices:
      - id: process
        name: Build process
        levels: {0: "None.", 1: "Manual.", 2: "Scripted.", 3: "Reproducible."}
        next_steps: {0: ["Script it."], 1: ["Run it in CI."], 2: ["Make it reproducible."]}
      - id: dependencies
        name: Dependencies
        levels: {0: "None.", 1: "Listed.", 2: "Pinned.", 3: "Audited."}
        next_steps: {0: ["List them."], 1: ["Pin them."], 2: ["Audit them."]}
  - id: deploy
    name: Deploy
    practices:
      - id: process
        name: Deploy process
        levels: {0: "None.", 1: "Manual.", 2: "Scripted.", 3: "Continuous."}
        next_steps: {0: ["Write it down."], 1: ["Script it."], 2: ["Deploy continuously."]}
      - id: secrets
        name: Secrets
        levels: {0: "In code.", 1: "In files.", 2: "In a vault.", 3: "Rotated."}
        next_steps: {0: ["Move them out."], 1: ["Use a vault."], 2: ["Rotate them."]}
"""

# A complete, valid assessment of the tiny framework (no warnings).
ASSESSMENT = """\
team: Payments Platform
group: Digital Channels
date: 2026-09-30
assessors: [Dana Lee, Sam Ortiz]
scores:
  support:
    self_service: {level: 4, evidence: "Help centre deflects 38% of tickets."}
    onboarding: 3
  marketing:
    product_promise: 3
    reviews: 2
  policies:
    returns: 2
    privacy: 3
metrics:
  nps: 31
  csat: {value: 82, target: 85, source: "In-app survey"}
"""


# An alias bomb: nine levels of nine aliases, a billion values if expanded.

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def framework_from(text: str = FRAMEWORK) -> Framework:
    doc, diags = load_text(text, "framework.yaml")
    assert doc is not None, diags
    fw, diags = validate_framework(doc)
    assert fw is not None, diags
    return fw


def document(text: str, path: str = "a.yaml") -> Document:
    doc, diags = load_text(dedent(text), path)
    assert doc is not None, diags
    return doc


@dataclass
class Repo:
    """An assessment repository in a temp folder: mkdocs.yml, a framework, assessments/."""

    root: Path

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(dedent(text), encoding="utf-8")
        return path

    def assessment(self, relative: str, text: str = ASSESSMENT) -> Path:
        return self.write(f"assessments/{relative}", text)


def make_repo(
    root: Path, framework: str = FRAMEWORK, stale_after_days: int | None = 365, **options
) -> Repo:
    repo = Repo(root)
    repo.write("framework.yaml", framework)
    lines = ["site_name: Test", "plugins:", "  - cx-maturity:", "      framework: framework.yaml"]
    lines.append(
        f"      stale_after_days: {'null' if stale_after_days is None else stale_after_days}"
    )
    lines += [f"      {key}: {value}" for key, value in options.items()]
    repo.write("mkdocs.yml", "\n".join(lines) + "\n")
    (root / "assessments").mkdir(exist_ok=True)
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A repository with the tiny framework and an empty assessments folder."""
    return make_repo(tmp_path)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cxm(tmp_path: Path, capsys, monkeypatch):
    """Run `cxm ARGS` in-process in `cwd` (default tmp_path): exit code, stdout, stderr."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)

    def run(*args: str, cwd: Path | None = None) -> Result:
        from cxm.cli.main import main

        monkeypatch.chdir(cwd or tmp_path)
        capsys.readouterr()
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        else:  # main always exits; not exiting is a bug the tests should see
            code = -1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_cxm_process(*args: str, cwd: Path, timeout: float = 60) -> Result:
    """Run `python -m cxm ARGS` as a separate process, as CI would."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "cxm", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def cxm_process():
    return run_cxm_process


# -- built sites, shared by the site, markup and browser tests ------------------------------


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo organization built with `cxm build` (fixed "today")."""
    from sitebuild import EPOCH, ROOT, run_cxm

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    site = tmp_path_factory.mktemp("demo") / "site"
    code, _, err = run_cxm(["build", "--site-dir", str(site)], ROOT)
    assert code == 0, err
    return site


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory) -> Path:
    """A synthetic organization of 48 teams in three groups (benchmarks/synth.py), built."""
    from sitebuild import EPOCH, run_cxm, synthetic_project

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    project = synthetic_project(tmp_path_factory.mktemp("synthetic") / "project", 48, 1)
    code, _, err = run_cxm(["build"], project)
    assert code == 0, err
    return project / "site"


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Path:
    """A copy of the hostile fixture project, built into its own site/."""
    from sitebuild import EPOCH, HOSTILE, copy_project, run_cxm

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    project = copy_project(HOSTILE, tmp_path_factory.mktemp("hostile") / "project")
    code, _, err = run_cxm(["build"], project)
    assert code == 0, err
    return project
