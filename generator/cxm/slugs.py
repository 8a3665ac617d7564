"""Team names become file names only through these slugs."""

from __future__ import annotations

import functools
import hashlib

from slugify import slugify

# How the site names the teams without a group (a label only: exports leave the group empty).
NO_GROUP = "Ungrouped"


@functools.lru_cache(maxsize=4096)  # every assessment of a team asks again
def team_slug(name: str) -> str:
    """ASCII, lowercase, hyphens; a name with no transliterable letters gets a stable hash."""
    slug = slugify(name, max_length=80, word_boundary=True)
    if slug == "index":  # teams/index.md is the list of teams
        return "index-team"
    if slug:
        return slug
    return "team-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def slug(text: str) -> str:
    """Slug for any other name (groups); same rules as team slugs."""
    return team_slug(text)
