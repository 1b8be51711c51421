"""Handlingsplan generator: input workbook → plan model → plan, annex, PDF/A and archive."""

# -- the one name and version: pyproject.toml reads the version from here; the manifest, the
#    PDFs' producer, the archive's agent and the documents' "last modified by" use these --
NAME = "handlingsplan-generator"
__version__ = "0.1.0"
GENERATOR = f"{NAME} {__version__}"
