"""Charts: Chart requests -> SVG, drawn with matplotlib in worker processes and cached.

Kept light: the worker processes import this package and only the chart modules they need.
"""
