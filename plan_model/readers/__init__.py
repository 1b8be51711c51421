"""Readers: input files → plan model and findings."""
