"""Handlingsplan generator: input workbook → plan model → plan, annex, PDF/A and archive."""

__version__ = "0.1.0"
