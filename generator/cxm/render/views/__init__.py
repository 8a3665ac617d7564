"""Page builders: one module per template, each preparing what its pages show.

A builder reads the organization and the settings (`Site`) and returns a `View`: the page's
path and title, its template, the data the template prints (ready values, no rules left to
apply) and the charts it shows. `render.pages` renders them.
"""
