"""Where the generated pages and assets live in the site, and links from one page to another."""

from __future__ import annotations

import functools
import posixpath

CSS_PATH = "assets/cxm/cxm.css"
CHART_DIR = "assets/cxm/charts"
ASSESS_PATH = "assess/index.md"  # the questionnaire
ASSESS_SCRIPT = "assets/cxm/assess.js"  # its rules (scores, checks, the file's layout) ...
ASSESS_FORM = "assets/cxm/assess-form.js"  # ... and its form: both in site_templates/assets/
ASSESS_DATA = "assets/cxm/assess-data.js"  # what it reads: the framework, the teams ...
ASSESS_TEAMS = "assets/cxm/assess"  # ... and <slug>.js: a team's start for its next assessment


def team_path(slug: str) -> str:
    return f"teams/{slug}.md"


def group_path(slug: str) -> str:
    return f"groups/{slug}/index.md"


def area_path(area_id: str) -> str:
    return f"areas/{area_id}.md"


def chart_path(ident: str) -> str:
    return f"{CHART_DIR}/{ident}.svg"


def relative(target: str, page: str) -> str:
    """The link from `page` to `target` (site paths)."""
    return _relative_to_folder(target, posixpath.dirname(page) or ".")


@functools.lru_cache(maxsize=4096)
def _relative_to_folder(target: str, folder: str) -> str:
    # Cached: relpath asks the OS for the current folder twice per call, and the pages of a
    # folder (teams/, areas/) link to the same few hundred paths.
    return posixpath.relpath(target, folder)
