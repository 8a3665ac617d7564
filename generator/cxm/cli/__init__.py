"""The `cxm` command line."""
