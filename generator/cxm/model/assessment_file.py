"""A valid assessment with the file it came from: the type the middle of the pipeline passes on."""

from __future__ import annotations

from dataclasses import dataclass

from ..load.document import Document
from .assessment import Assessment


@dataclass(frozen=True)
class AssessmentFile:
    """A valid assessment with the document it came from (for positions and paths).

    The document is slimmed once the file is valid (`_slim`): its data lives on in the model,
    and it keeps the positions of the top-level fields and of the actions.
    """

    assessment: Assessment
    doc: Document
    slug: str

    @property
    def path(self) -> str:
        return self.doc.path
