"""The Markdown extensions the generated pages are written for, and their settings.

Every site engine that builds the pages turns these on: the MkDocs plugin adds them to
mkdocs.yml's list, the Zensical project lists them in zensical.toml.
"""

from __future__ import annotations

# name -> settings the pages need (other settings are the site's own).
MARKDOWN_EXTENSIONS: dict[str, dict] = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    # Content tabs ("=== Chart", "=== Numbers"), in Material's markup.
    "pymdownx.tabbed": {"alternate_style": True},
}
