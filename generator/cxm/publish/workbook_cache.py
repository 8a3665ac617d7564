"""scores.xlsx kept between builds, in the cache folder beside the charts.

A workbook takes seconds to write for a large organization (openpyxl builds every cell as an
object), and it stood on the path of every build: a build where nothing changed makes the same
one again. It is keyed by everything it is made from, so a changed file, framework, day or
cxm makes a new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from importlib.metadata import version as package_version
from importlib.util import find_spec
from pathlib import Path

from ..export.records import ordered
from ..model.framework import Framework
from ..project import Project
from ..score.scorecard import Scorecard

FOLDER = "downloads"
_CODE = ("cxm.export.records", "cxm.export.workbook", "cxm.export.xlsx_format")


def cached_workbook(project: Project, cache: Path | None) -> bytes:
    """The project's scores.xlsx: from the cache when it holds the one for these inputs."""
    fw, cards = project.framework, project.scorecards
    assert fw is not None
    if cache is None:
        return make_workbook(fw, cards)
    folder = cache / FOLDER
    path = folder / f"scores-{_key(project)}.xlsx"
    with contextlib.suppress(OSError):
        return path.read_bytes()
    data = make_workbook(fw, cards)
    with contextlib.suppress(OSError):  # a cache that cannot be written costs time, no more
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, path)  # whole or not at all, for a build that reads it meanwhile
        for old in folder.glob("scores-*.xlsx"):
            if old != path:
                old.unlink(missing_ok=True)
    return data


def make_workbook(fw: Framework, cards: dict[str, list[Scorecard]]) -> bytes:
    """scores.xlsx made now. openpyxl (and numpy, which it imports) is imported only here: 30 MB
    and a fifth of a second that a build with the workbook cached, and MkDocs' process, do
    without."""
    from ..export.xlsx_format import to_xlsx

    return to_xlsx(fw, cards)


def _key(project: Project) -> str:
    fw = project.framework
    assert fw is not None
    digest = hashlib.sha256()
    digest.update(package_version("openpyxl").encode())
    for module in _CODE:  # the code that decides the workbook, read without importing it
        digest.update(Path(find_spec(module).origin).read_bytes())
    digest.update(fw.model_dump_json().encode())
    digest.update(f"{project.today.isoformat()}|{project.settings.stale_after_days}".encode())
    for card in ordered(project.scorecards):
        digest.update(f"{card.loaded.path}|{card.loaded.slug}|".encode())
        digest.update(card.assessment.model_dump_json().encode())
    return digest.hexdigest()[:32]
