"""Reading an assessment made against an older framework version (FORMAT.md section 1).

The framework's `migrations` chain: the one keyed 1 maps version 1's ids onto the next
version the framework lists (or its current one), and so on. An older file's data is mapped
onto the current ids before it is validated and scored, and its document learns where each
mapped entry stands in the file, so every later diagnostic still points at what was written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..load.document import Document, quote, shown
from ..model.framework import Framework, Migration
from .locations import diagnostic_at

Path = tuple[str, str]  # (area id, practice id)


def steps_from(fw: Framework, version: int) -> list[tuple[int, Migration, int]] | None:
    """The migrations that bring `version` to the framework's version, each with the version
    it maps from and to; None when the framework has no way from `version`."""
    if version == fw.version:
        return []
    older = sorted(v for v in fw.migrations if v < fw.version)
    if version not in older:
        return None
    chain = older[older.index(version) :]
    return [
        (v, fw.migrations[v], chain[i + 1] if i + 1 < len(chain) else fw.version)
        for i, v in enumerate(chain)
    ]


def moved(migration: Migration, area: str, practice: str) -> Path | None:
    """Where one practice of the older version went; None when it was dropped."""
    key = f"{area}.{practice}"
    if key in migration.practices:
        target = migration.practices[key]
        return None if target is None else tuple(target.split(".", 1))  # type: ignore[return-value]
    return migration.areas.get(area, area), practice


def final_paths(fw: Framework) -> Iterator[tuple[int, str, Path | None]]:
    """Each practice a migration names, with where the chain finally takes it: (version it
    is named in, 'area.practice' as named there, current path or None)."""
    for version in fw.migrations:
        steps = steps_from(fw, version)
        if not steps:
            continue
        for name, target in steps[0][1].practices.items():
            path = None if target is None else tuple(target.split(".", 1))
            for _, migration, _ in steps[1:]:
                if path is None:
                    break
                path = moved(migration, *path)
            yield version, name, path  # type: ignore[misc]


@dataclasses.dataclass
class _Mapping:
    """One file's data being mapped: the new data, where its entries stand, what was said."""

    doc: Document
    version: int
    current: int
    renamed: dict[tuple, tuple] = dataclasses.field(default_factory=dict)
    diags: list[Diagnostic] = dataclasses.field(default_factory=list)

    def warn(self, loc: tuple, message: str) -> None:
        pos = self.doc.key_pos(loc)
        self.diags.append(diagnostic_at(self.doc, pos, "warning", "migrated", message))

    def place(self, new: tuple, old: tuple) -> None:
        if new != old:
            self.renamed[new] = self.doc.source(old)


def migrate(doc: Document, fw: Framework) -> tuple[Document, list[Diagnostic]]:
    """`doc` with its ids mapped onto the framework's current version, and what that says."""
    data = doc.data
    if not isinstance(data, dict) or "framework_version" not in data:
        return doc, []
    version = data["framework_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version == fw.version:
        return doc, []  # not a version number: the model says so
    steps = steps_from(fw, version)
    if steps is None:
        known = sorted({*fw.migrations, fw.version})
        why = (
            f"is newer than the framework (version {fw.version})"
            if version > fw.version
            else f"has no migration to the framework's version {fw.version}"
        )
        message = f"framework_version {shown(version)} {why}; known: " + ", ".join(map(str, known))
        pos = doc.value_pos(("framework_version",))
        return doc, [diagnostic_at(doc, pos, "error", "out-of-range", message)]
    m = _Mapping(doc, version, fw.version)
    new = dict(data)
    if isinstance(data.get("scores"), dict):
        new["scores"] = _scores(m, data["scores"], steps)
    if isinstance(data.get("targets"), dict):
        new["targets"] = _targets(m, data["targets"], steps)
    if isinstance(data.get("actions"), list):
        new["actions"] = [_action(m, i, a, steps) for i, a in enumerate(data["actions"])]
    renamed = {**doc.renamed, **m.renamed}
    return dataclasses.replace(doc, data=new, renamed=renamed), m.diags


def _through(steps: list[tuple[int, Migration, int]], area: str, practice: str) -> Path | None:
    path: Path | None = (area, practice)
    for _, migration, _ in steps:
        if path is None:
            return None
        path = moved(migration, *path)
    return path


def _area_through(steps: list[tuple[int, Migration, int]], area: str) -> str:
    for _, migration, _ in steps:
        area = migration.areas.get(area, area)
    return area


def _scores(m: _Mapping, scores: dict, steps: list) -> dict:
    out: dict = {}
    placed: dict[Path, Path] = {}  # new path -> the old path whose entry it holds
    for area, practices in scores.items():
        if not isinstance(area, str) or not isinstance(practices, dict):
            out.setdefault(area, practices)
            continue
        new_area = _area_through(steps, area)
        out.setdefault(new_area, {})
        m.place(("scores", new_area), ("scores", area))
        for practice, entry in practices.items():
            if not isinstance(practice, str) or not isinstance(out[new_area], dict):
                continue
            path = _through(steps, area, practice)
            old = f"{area}.{practice}"
            if path is None:
                m.warn(
                    ("scores", area, practice),
                    f"{quote(old)} of version {m.version} is not in version {m.current} of "
                    "the framework: its level is left out",
                )
                continue
            out.setdefault(path[0], {})
            if path in placed:
                _merge(m, out, path, placed, (area, practice), entry)
                continue
            out[path[0]][path[1]] = entry
            placed[path] = (area, practice)
            m.place(("scores", *path), ("scores", area, practice))
    return out


def _merge(m: _Mapping, out: dict, path: Path, placed: dict, old: Path, entry: object) -> None:
    """Two old practices became one: the lower level counts, and a warning says so."""
    first = placed[path]
    kept_level, new_level = _level(out[path[0]][path[1]]), _level(entry)
    if new_level is not None and (kept_level is None or new_level < kept_level):
        out[path[0]][path[1]] = entry
        placed[path] = old
        m.place(("scores", *path), ("scores", *old))
    known = [v for v in (kept_level, new_level) if v is not None]
    lower = min(known) if known else None
    m.warn(
        ("scores", *old),
        f"{quote('.'.join(first))} and {quote('.'.join(old))} of version {m.version} are both "
        f"{quote('.'.join(path))} in version {m.current}: the lower level"
        + (f", {lower}," if lower is not None else "")
        + " counts",
    )


def _level(entry: object) -> int | None:
    """The level an entry gives, read from raw data (it is not validated yet)."""
    if isinstance(entry, int) and not isinstance(entry, bool):
        return entry
    if not isinstance(entry, dict):
        return None
    level = entry.get("level")
    if isinstance(level, int) and not isinstance(level, bool):
        return level
    ratings = entry.get("ratings")
    if isinstance(ratings, dict):
        values = sorted(v for v in ratings.values() if isinstance(v, int))
        if values:
            mid = len(values) // 2
            return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) // 2
    return None


def _targets(m: _Mapping, targets: dict, steps: list) -> dict:
    out: dict = {}
    for area, level in targets.items():
        new_area = _area_through(steps, area) if isinstance(area, str) else area
        out[new_area] = level
        m.place(("targets", new_area), ("targets", area))
    return out


def _action(m: _Mapping, i: int, action: object, steps: list) -> object:
    if not isinstance(action, dict) or not isinstance(action.get("area"), str):
        return action
    new = dict(action)
    area, practice = action["area"], action.get("practice")
    if isinstance(practice, str):
        path = _through(steps, area, practice)
        if path is None:
            new["area"] = _area_through(steps, area)
            del new["practice"]
            m.warn(
                ("actions", i, "practice"),
                f"{quote(f'{area}.{practice}')} of version {m.version} is not in version "
                f"{m.current} of the framework: the action stays with its area",
            )
        else:
            new["area"], new["practice"] = path
    else:
        new["area"] = _area_through(steps, area)
    return new
