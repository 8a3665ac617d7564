"""Stage 3, score: AssessmentFiles -> Scorecards and the Organization (FORMAT.md section 5)."""
