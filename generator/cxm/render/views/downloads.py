"""Links to the exported scores (downloads.md)."""

from __future__ import annotations

from .site import Site
from .view import View


def downloads_page(site: Site) -> View:
    return View("downloads.md", "Downloads", "downloads.md.j2")
