"""Helpers for the site tests: build a real MkDocs site with `cxm build` and read its pages."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import io
import os
import re
import shutil
import sys
from pathlib import Path

from cxm.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
# Fixed "today" for site builds (stale and overdue marks, reproducible timestamps).
EPOCH = str(int(dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC).timestamp()))


def run_cxm(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run the CLI in-process in `cwd`; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(cwd)
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(args)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def copy_project(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("site", ".cache", "__pycache__"))
    return dest


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def visible_text(page: str) -> str:
    """The text a reader sees in an HTML page: tags dropped, entities decoded."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", body).split()))


def synthetic_project(dest: Path, teams: int, assessments: int) -> Path:
    """benchmarks/synth.py's organization (deterministic), written into `dest`."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    synth.generate(teams, assessments, dest)
    return dest
