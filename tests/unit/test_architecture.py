"""The shape of the code, as docs/reference/architecture.md draws it.

One subpackage per stage, imports that only point down the pipeline, MkDocs in one adapter,
and rooms small enough to read: checked from the source, so a change that breaks the shape
fails here rather than in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "generator" / "cxm"

# The stages in pipeline order, then the shells around them. A module may import from its own
# subpackage, from the top-level modules, and from any subpackage listed before its own.
LAYERS = [
    "report",  # diagnostics formatters and progress: they depend on no stage
    "load",
    "model",
    "validate",
    "score",
    "charts",
    "render",
    "export",
    "publish",
    "diff",
    "authoring",
    "engine",
    "cli",
]
# Top-level modules everything may use: plain data and settings, no pipeline stage.
SHARED = {"errors", "diagnostics", "config", "slugs"}
# The one place above the stages that loads a whole project (used by the shells).
PROJECT = "project"

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("cxm", *parts))] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """Every cxm module `name` imports, at any depth of the file (TYPE_CHECKING included)."""
    known = modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("cxm")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if not module.startswith("cxm"):
                continue
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                found.add(candidate if candidate in known else module)
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    return {name: imports_of(name, path) for name, path in modules().items()}


def room(module: str) -> str:
    """The subpackage a module lives in, or its own name for a top-level module."""
    parts = module.split(".")
    if parts[1:] == ["__main__"]:
        return "cli"  # `python -m cxm` is the command line
    return parts[1] if len(parts) > 1 else ""


def test_the_pipeline_has_a_subpackage_per_stage():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert set(LAYERS) <= packages
    loose = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert loose <= SHARED | {PROJECT}, loose - SHARED


def test_no_import_cycles():
    edges = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_imports_point_down_the_pipeline():
    wrong = []
    for module, targets in graph().items():
        here = room(module)
        for target in targets:
            there = room(target)
            if there == here or there in SHARED or there == "":
                continue
            if there == PROJECT:
                if here in LAYERS and LAYERS.index(here) < LAYERS.index("publish"):
                    wrong.append(f"{module} -> {target}")
                continue
            if here in SHARED or here == PROJECT:
                if here in SHARED:
                    wrong.append(f"{module} -> {target}")
                continue
            if LAYERS.index(there) > LAYERS.index(here):
                wrong.append(f"{module} -> {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_only_the_engine_adapter_imports_mkdocs():
    outside = []
    for name, path in modules().items():
        if room(name) == "engine":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            outside += [f"{name}: {n}" for n in names if n.split(".")[0] in ("mkdocs", "material")]
    assert not outside, outside


def test_no_private_names_of_mkdocs_are_used():
    private = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
                private += [f"{name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert not private, private


@pytest.mark.parametrize("name", sorted(modules()))
def test_rooms_are_small(name):
    path = modules()[name]
    text = path.read_text("utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path}: {len(text.splitlines())} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{path}: {long}"
