"""The programs tests run on generated files: the validators in ../shared/tools, LibreOffice.

STYLE: a test that needs LibreOffice runs it for real (the set-up installs it), so a missing
soffice fails; only the tools in ../shared may be absent, and then the test skips with a
stated reason. The helpers run the program and return its result; each test keeps its own
assertions on it.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import SHARED

TOOLS = SHARED / "tools"
OOXML_VALIDATOR = TOOLS / "validate_ooxml.py"
EARK_VALIDATOR = TOOLS / "eark_validate.py"

# -- for a test whose fixtures are expensive: skip before building them --
needs_ooxml_validator = pytest.mark.skipif(
    not OOXML_VALIDATOR.is_file(), reason=f"{OOXML_VALIDATOR} is absent (../shared not checked out)")


def run_shared_tool(tool: Path, *args, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a Python tool from ../shared/tools as users run it; skip the test if it is absent."""
    if not tool.is_file():
        pytest.skip(f"{tool} is absent (../shared not checked out)")
    return subprocess.run([sys.executable, str(tool), *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


def validate_ooxml(*paths, timeout: int = 300) -> subprocess.CompletedProcess:
    """The shared OOXML schema validator on `paths` (.docx/.xlsx); it prints "N invalid"."""
    return run_shared_tool(OOXML_VALIDATOR, *paths, timeout=timeout)


def convert_with_libreoffice(path: Path, out_dir: Path, fmt: str = "pdf",
                             timeout: int = 180) -> tuple[subprocess.CompletedProcess, Path]:
    """Convert `path` with LibreOffice headless into `out_dir`; returns the run and the path
    the converted file has when it worked.

    The profile is private and thrown away: a shared one is locked by any other soffice
    running (another test, the user's own), and then the conversion silently does nothing.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is installed in this project's environment"
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        run = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}",
                              "--headless", "--norestore", "--convert-to", fmt,
                              "--outdir", str(out_dir), str(path)],
                             capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return run, out_dir / (path.stem + "." + fmt.split(":")[0])


# -- LibreOffice's own PDF/A-2b export, asked for on the command line (LibreOffice ≥ 7.4) --
ARCHIVE_PDF = {".docx": 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}',
               ".xlsx": 'pdf:calc_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'}


@dataclass(frozen=True)
class PdfFacts:
    """What a smoke test can check about a converted file: it has pages, the text that went
    in comes out, and it claims the PDF/A part it was asked for (None: no claim)."""

    pages: int
    text: str          # -- pdftotext's text, whitespace runs made one space --
    pdfa: str | None   # -- e.g. "2B" --


def convert_to_archive_pdf(path: Path, out_dir: Path) -> PdfFacts:
    """`path` (.docx/.xlsx) converted by LibreOffice to PDF/A-2b; the facts of the result."""
    run, pdf = convert_with_libreoffice(path, out_dir, ARCHIVE_PDF[path.suffix])
    assert run.returncode == 0 and pdf.is_file(), run.stdout + run.stderr
    return pdf_facts(pdf)


def pdf_facts(pdf: Path) -> PdfFacts:
    import pikepdf

    with pikepdf.open(pdf) as document:
        pages = len(document.pages)
        claim = document.open_metadata().pdfa_status or None
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    return PdfFacts(pages, " ".join(text.split()), claim)
