"""What a page builder hands the renderer: one page, its template and what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ...charts.chart import Chart
from .. import markup
from ..links import chart_path, relative


@dataclass
class View:
    path: str  # site path of the page, such as teams/payments.md
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)  # the template's own variables
    charts: list[Chart] = field(default_factory=list)  # the charts the page shows
    edit_url: str | None = None  # where to edit the YAML file behind the page
    assets: dict[str, bytes] = field(default_factory=dict)  # site path -> content it needs

    def chart(self, ident: str, kind: str, alt: str, **kwargs: Any) -> Markup:
        """Asks for a chart (drawn later, by `charts`) and gives the image that shows it."""
        path = chart_path(ident)
        self.charts.append(Chart(path, kind, kwargs, alt))
        src = relative(path, self.path)
        # Markdown image syntax: MkDocs rewrites its URL for directory URLs; raw <img> it would
        # not. One file, two images: Material shows the one for the palette, and the SVG takes
        # its dark colours when its URL ends in #only-dark (see charts/style.py).
        text = markup.text(alt)
        return Markup(
            f"![{text}]({src}#only-light){{ .cxm-chart }}![{text}]({src}#only-dark){{ .cxm-chart }}"
        )
