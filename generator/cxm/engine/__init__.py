"""The site engine: the MkDocs plugin, `cxm build` and `cxm serve`; the only MkDocs code."""
