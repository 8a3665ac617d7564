"""The whole rubric and the metrics (framework.md): the template reads `fw` alone."""

from __future__ import annotations

from .site import Site
from .view import View


def framework_page(site: Site) -> View:
    return View("framework.md", "Framework", "framework.md.j2")
