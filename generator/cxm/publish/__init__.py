"""Publish: pages, charts, styles and downloads -> one GeneratedSite, not tied to a site engine."""
