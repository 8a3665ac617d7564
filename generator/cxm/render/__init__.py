"""Render: Scorecards -> Markdown pages, through the Jinja2 templates of site_templates/."""
