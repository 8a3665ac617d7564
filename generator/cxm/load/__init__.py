"""Stage 1, load: YAML files -> Documents, plain data with the line and column of every value."""
