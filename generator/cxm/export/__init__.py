"""Export: Scorecards -> scores.json, scores.csv and scores.xlsx, one module per format."""
