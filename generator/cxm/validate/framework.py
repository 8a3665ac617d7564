"""The framework (the rubric): its model, then the checks a model cannot make on its own.

A new check of the framework is a function below that takes the Rubric (and the index of
the area, practice or metric it checks) and yields Diagnostics; list it in the tuple of what
it checks. The tuples run in order: the order of the output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ..diagnostics import MAX_PER_FILE, Diagnostic, cap
from ..load.document import Document, quote, shown
from ..load.reader import load_file
from ..model.framework import Framework
from .locations import diagnostic_at, validate_model
from .migration import final_paths, steps_from


def load_framework(path: Path, display: str) -> tuple[Framework | None, list[Diagnostic]]:
    doc, diags = load_file(path, display)
    if doc is None:
        return None, cap(diags)
    framework, more = validate_framework(doc)
    return framework, diags + more


def validate_framework(doc: Document) -> tuple[Framework | None, list[Diagnostic]]:
    framework, diags = validate_model(doc, Framework, code="framework")
    if framework is None:
        return None, cap(diags)
    rubric = Rubric.of(framework, doc)
    diags = cap(list(islice(framework_checks(rubric), MAX_PER_FILE + 1)))
    return (None if diags else framework), diags


@dataclass(frozen=True)
class Rubric:
    """What the framework checks read: the framework, its document and its scale."""

    framework: Framework
    doc: Document
    levels: list[int]  # sorted
    scale: frozenset[int]
    # Id -> index of the first entry with it: a later one with the same id repeats it.
    first_area: dict[str, int]
    first_practice: tuple[dict[str, int], ...]  # one per area
    first_metric: dict[str, int]

    @classmethod
    def of(cls, fw: Framework, doc: Document) -> Rubric:
        return cls(
            fw,
            doc,
            sorted(fw.levels),
            frozenset(fw.levels),
            _first_index(area.id for area in fw.areas),
            tuple(_first_index(p.id for p in area.practices) for area in fw.areas),
            _first_index(metric.id for metric in fw.metrics),
        )

    @property
    def low(self) -> int:
        return self.levels[0]

    @property
    def high(self) -> int:
        return self.levels[-1]

    def error(self, loc: tuple, message: str, key: bool = False) -> Diagnostic:
        pos = self.doc.key_pos(loc) if key else self.doc.value_pos(loc)
        return diagnostic_at(self.doc, pos, "error", "framework", message)


def _first_index(ids: Iterable[str]) -> dict[str, int]:
    first: dict[str, int] = {}
    for i, id_ in enumerate(ids):
        first.setdefault(id_, i)
    return first


def framework_checks(r: Rubric) -> Iterable[Diagnostic]:
    for check in FRAMEWORK_CHECKS:
        yield from check(r)
    for i, area in enumerate(r.framework.areas):
        for check in AREA_CHECKS:
            yield from check(r, i)
        for j in range(len(area.practices)):
            for practice_check in PRACTICE_CHECKS:
                yield from practice_check(r, i, j)
    for i in range(len(r.framework.metrics)):
        for check in METRIC_CHECKS:
            yield from check(r, i)


# -- the scale ------------------------------------------------------------------------------


def levels_consecutive(r: Rubric) -> Iterable[Diagnostic]:
    levels = r.levels
    if levels[0] not in (0, 1) or levels != list(range(levels[0], levels[0] + len(levels))):
        yield r.error(
            ("levels",), f"levels must be consecutive integers from 0 or 1, got {shown(levels)}"
        )


def defaults_on_scale(r: Rubric) -> Iterable[Diagnostic]:
    for name in ("default_target", "evidence_required_from"):
        value = getattr(r.framework, name)
        if value is not None and value not in r.scale:
            yield r.error((name,), f"{name} {shown(value)} is outside the scale {r.low}..{r.high}")


# -- areas and practices --------------------------------------------------------------------


def area_id_unique(r: Rubric, i: int) -> Iterable[Diagnostic]:
    area = r.framework.areas[i]
    first = r.first_area[area.id]
    if first != i:
        yield r.error(("areas", i, "id"), f"area id {quote(area.id)} repeats area {first + 1}")


def practice_id_unique(r: Rubric, i: int, j: int) -> Iterable[Diagnostic]:
    area = r.framework.areas[i]
    practice = area.practices[j]
    if r.first_practice[i][practice.id] != j:
        yield r.error(
            ("areas", i, "practices", j, "id"),
            f"practice id {quote(practice.id)} repeats in area {quote(area.id)}",
        )


def practice_levels_on_scale(r: Rubric, i: int, j: int) -> Iterable[Diagnostic]:
    for level in r.framework.areas[i].practices[j].levels:
        if level not in r.scale:
            yield r.error(
                ("areas", i, "practices", j, "levels", level),
                f"level {shown(level)} is outside the scale {r.low}..{r.high}",
                key=True,
            )


def every_level_described(r: Rubric, i: int, j: int) -> Iterable[Diagnostic]:
    area = r.framework.areas[i]
    practice = area.practices[j]
    missing = [lv for lv in r.levels if lv not in practice.levels]
    if missing:
        yield r.error(
            ("areas", i, "practices", j, "levels"),
            f"practice {quote(f'{area.id}.{practice.id}')} misses a description of level(s) "
            + ", ".join(map(str, missing)),
        )


def next_steps_below_top(r: Rubric, i: int, j: int) -> Iterable[Diagnostic]:
    low, high = r.low, r.high
    for level in r.framework.areas[i].practices[j].next_steps:
        if level not in r.scale or level == high:
            why = (
                "the top level has no next step"
                if level == high
                else f"outside the scale {low}..{high}"
            )
            yield r.error(
                ("areas", i, "practices", j, "next_steps", level),
                f"next_steps for level {shown(level)}: {why}",
                key=True,
            )


def outcomes_known(r: Rubric, i: int, j: int) -> Iterable[Diagnostic]:
    practice = r.framework.areas[i].practices[j]
    for k, metric_id in enumerate(practice.outcomes):
        if metric_id not in r.first_metric:
            known = ", ".join(r.first_metric) or "none: the framework defines no metrics"
            yield r.error(
                ("areas", i, "practices", j, "outcomes", k),
                f"outcome {quote(metric_id)} is not a metric of the framework (known: {known})",
            )


# -- migrations -----------------------------------------------------------------------------


def migrations_older(r: Rubric) -> Iterable[Diagnostic]:
    for version in r.framework.migrations:
        if version >= r.framework.version:
            yield r.error(
                ("migrations", version),
                f"a migration from version {version}: only older versions than this one "
                f"({r.framework.version}) migrate",
                key=True,
            )


def migrations_land(r: Rubric) -> Iterable[Diagnostic]:
    """Every practice a migration maps ends, through the chain, on one the framework has."""
    fw = r.framework
    said: set[tuple] = set()
    # Latest migration first: a wrong id is said once, where it is written, not again by
    # every older migration whose chain passes through it.
    for version, name, path in sorted(final_paths(fw), key=lambda x: -x[0]):
        if path is None or path in said:
            continue
        area = fw.area(path[0])
        if area is None or all(p.id != path[1] for p in area.practices):
            loc = ("migrations", version, "practices", name)
            target = fw.migrations[version].practices[name]
            said.add(path)
            final = ".".join(path)
            through = "" if target == final else f" (through later migrations: {quote(final)})"
            yield r.error(
                loc,
                f"migration from version {version}: {quote(name)} maps to {quote(target)}"
                f"{through}, not a practice of the framework",
            )
    for version, migration in fw.migrations.items():
        steps = steps_from(fw, version) or []
        for old, new in migration.areas.items():
            final = new
            for _, later, _ in steps[1:]:
                final = later.areas.get(final, final)
            if fw.area(final) is None:
                yield r.error(
                    ("migrations", version, "areas", old),
                    f"migration from version {version}: area {quote(old)} maps to "
                    f"{quote(new)}, not an area of the framework",
                )


# -- metrics --------------------------------------------------------------------------------


def metric_id_unique(r: Rubric, i: int) -> Iterable[Diagnostic]:
    metric = r.framework.metrics[i]
    if r.first_metric[metric.id] != i:
        yield r.error(("metrics", i, "id"), f"metric id {quote(metric.id)} repeats")


def metric_max_above_min(r: Rubric, i: int) -> Iterable[Diagnostic]:
    metric = r.framework.metrics[i]
    if metric.min is not None and metric.max is not None and metric.min >= metric.max:
        yield r.error(("metrics", i, "max"), f"metric {quote(metric.id)}: max must be above min")


# -- the registry: what runs, in this order -------------------------------------------------

FRAMEWORK_CHECKS = (levels_consecutive, defaults_on_scale, migrations_older, migrations_land)
# Each area, then each of its practices, before the next area.
AREA_CHECKS = (area_id_unique,)
PRACTICE_CHECKS = (
    practice_id_unique,
    practice_levels_on_scale,
    every_level_described,
    next_steps_below_top,
    outcomes_known,
)
METRIC_CHECKS = (metric_id_unique, metric_max_above_min)
