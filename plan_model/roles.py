"""The files a build writes: their roles (manifest.json's `role`) and names (SPEC §5).

One place, because the build writes them, the PDF step finds its .docx files by them, the
archive reads a build folder by them and the archive metadata's XSD lists the PDF and input
roles; a role spelt twice is a role that can drift.
"""
from __future__ import annotations

PLAN_DOCX = "plan-docx"
PLAN_PDF = "plan-pdf"
ANNEX_DOCX = "annex-docx"
ANNEX_PDF = "annex-pdf"
ANNEX_XLSX = "annex-xlsx"
PLAN_HTML = "plan-html"
"""The plan as a web page: html/index.html, html/stil.css and html/bilder/ (SPEC §12)."""
INPUT_XLSX = "input-xlsx"
"""A workbook the build read, kept byte for byte in INPUT_COPY_DIR for the archive."""
INPUT_ICON = "input-icon"
"""An icon the plan uses, kept byte for byte in INPUT_COPY_DIR/ikoner/ for the archive."""

PDF_ROLES = (PLAN_PDF, ANNEX_PDF)
# -- the follow-up report's files (`followup`, SPEC §10); a follow-up folder is archived too --
FOLLOWUP_DOCX = "followup-docx"
FOLLOWUP_PDF = "followup-pdf"
FOLLOWUP_XLSX = "followup-xlsx"
FOLLOWUP_HTML = "followup-html"
"""The report as a web page: html/index.html, html/stil.css and html/bilder/ (SPEC §12)."""
FOLLOWUP_PDF_ROLES = (FOLLOWUP_PDF,)
MANIFEST = "manifest.json"
INPUT_COPY_DIR = "indata"


def output_names(year: int) -> dict[str, str]:
    """ASCII file names (SPEC §5), by role."""
    return {
        PLAN_DOCX: f"handlingsplan-{year}.docx",
        PLAN_PDF: f"handlingsplan-{year}.pdf",
        ANNEX_DOCX: f"bilaga1-aktivitetslista-{year}.docx",
        ANNEX_PDF: f"bilaga1-aktivitetslista-{year}.pdf",
        ANNEX_XLSX: f"bilaga1-aktivitetslista-{year}.xlsx",
    }
