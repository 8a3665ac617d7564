"""`cxm diff`: score changes between two git revisions, as a pull-request comment or JSON."""
