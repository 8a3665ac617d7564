"""Stage 2, validate: Documents -> Framework and AssessmentFiles, every problem a Diagnostic."""
