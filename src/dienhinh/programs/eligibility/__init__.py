"""The eligibility engine: criteria of a program, facts of a subject, verdicts with reasons."""
