"""`cxm import`: a filled workshop workbook becomes the team's assessment file.

The workbook is validated as an assessment file is (the same validator), each problem at its
cell; only a workbook without errors is written, as `assessments/<team-slug>/<date>.yaml`, laid
out as `cxm new` lays out its files. The written text is read back through the loader and the
validator before it is written: it must say what the workbook said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..config import modeline
from ..diagnostics import Diagnostic, sort_key, strict
from ..errors import CxmError
from ..load.reader import load_text
from ..project import Project
from ..validate.assessment import validate_assessment
from .new import write_assessment
from .workbook_read import NotAWorkbook, at_cells, read_workbook
from .yaml_text import assessment_text


@dataclass
class Imported:
    """What an import found (each problem at its cell) and the file it wrote, if any."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    path: Path | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def import_workbook(
    project: Project, workbook: Path, shown: str, date: dt.date | None = None
) -> Imported:
    """Validate the workbook and write its assessment; `date` replaces the workbook's date."""
    fw = project.framework
    if fw is None:
        raise CxmError("the framework has errors: run `cxm validate`")
    try:
        doc, problems = read_workbook(workbook, shown)
    except NotAWorkbook as exc:
        return Imported([Diagnostic(shown, 1, 1, "error", exc.code, exc.message)])
    if date is not None:
        doc.data["date"] = date.isoformat()
    loaded, diagnostics = validate_assessment(doc, fw, project.today)
    if project.settings.strict:
        diagnostics = strict(diagnostics)
    # Sorted while a line still says the sheet too: by sheet, row, column.
    result = Imported(at_cells(sorted(problems + diagnostics, key=sort_key)))
    if loaded is None or problems or result.errors:
        return result
    a = loaded.assessment
    header = [
        "",  # the modeline, once the path is known
        f"# Imported from the workshop workbook {workbook.name} by cxm import.",
    ]

    def text_for(path: Path) -> str:
        header[0] = modeline(project.settings, path)
        text = assessment_text(fw, a, header)
        _check_reads_back(text, str(path), a, fw, project.today)
        return text

    result.path = write_assessment(project, a.team, a.date, text_for)
    return result


def _check_reads_back(text: str, shown: str, a, fw, today: dt.date) -> None:
    doc, problems = load_text(text, shown)
    loaded = None
    if doc is not None and not problems:
        loaded, problems = validate_assessment(doc, fw, today)
    if loaded is None or loaded.assessment != a:
        raise CxmError(
            "the assessment file would not read back as the workbook says "
            f"({problems[0].message if problems else 'a value changed'}); nothing was written"
        )
