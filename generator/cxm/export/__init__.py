"""Export: Scorecards -> scores.json and scores.csv, one module per format."""
