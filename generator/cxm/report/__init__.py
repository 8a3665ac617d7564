"""How diagnostics and progress are shown: one module per output format."""
