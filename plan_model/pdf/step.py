"""The build's PDF step: LibreOffice started early, both PDFs with correct TOC numbers, the
numbers written into the shipped plan .docx, and the PDF/A checks beside LibreOffice's work.

pipeline.py calls `start_office` before it reads the input and `write_pdfs` once the .docx
files are staged; the outputs go into the build's OutputTransaction as pipeline.py's own do.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model import Plan
from ..options import BuildOptions
from ..roles import ANNEX_DOCX, ANNEX_PDF, PDF_ROLES, PLAN_DOCX, PLAN_PDF
from ..forking import beside

Progress = Callable[[str], None]


# -- a TOC number can move a page break only in a pathological layout; three passes at most --
TOC_PASSES = 3


@dataclass
class Office:
    """LibreOffice as started for one build: the converter, its UNO run (None: plain
    conversions), or the error that starting gave (raised once the other outputs are
    written, as SPEC §2 asks)."""

    converter: object = None  # pdf_soffice.Converter
    run: object = None  # pdf_soffice.UnoExport
    error: Exception | None = None

    def uno_result(self, index: int) -> Path | None:
        """The index-th raw PDF of the UNO run; None when there is no UNO run, or when its
        Python has no `uno` after all (the converter then takes the plain route)."""
        from .soffice import UnoUnavailable

        if self.run is None:
            return None
        try:
            return self.run.result(index)
        except UnoUnavailable:
            self.converter.uno_python = None
            return None


def start_office(options: BuildOptions, stack: contextlib.ExitStack) -> Office:
    """LibreOffice started now, ended when `stack` closes (a failed or finished build)."""
    from ..errors import ExternalToolError
    from .soffice import Converter

    if options.office is not None:
        try:
            return Office(run=stack.enter_context(options.office.session(options)))
        except ExternalToolError as error:
            return Office(error=error)
    try:
        converter = stack.enter_context(Converter(options))
        run = converter.start_export()
        return Office(converter, stack.enter_context(run) if run is not None else None)
    except ExternalToolError as error:
        return Office(error=error)


def write_pdfs(plan: Plan, options: BuildOptions, office: Office, tx,
               names: dict[str, str], progress: Progress | None, generator: str) -> None:
    """plan-pdf and annex-pdf by LibreOffice, with correct TOC page numbers in the PDF and in
    the shipped plan .docx, so no one has to press F9.

    One LibreOffice start exports both documents; driven through UNO, it updates the plan's
    TOC itself before exporting, so the PDF's TOC numbers are those of its own layout, and
    the heading pages read from the PDF's bookmarks go into the shipped .docx's TOC. The annex
    PDF is checked while LibreOffice still exports the plan. `tx` is the build's
    OutputTransaction: the .docx files are read from its staging, the PDFs written there,
    the numbered .docx replaces the first.
    Without a Python that
    has `uno`, a plain conversion never updates a TOC, so the two-pass route remains:
    convert, read the heading pages from the bookmarks, write those numbers into the .docx,
    convert again, until the pages no longer move. If LibreOffice fails, the .docx
    already written keeps its unnumbered TOC flagged dirty (Word updates it on opening) and
    ExternalToolError says why.
    """
    from .. import messages
    from ..derive import document_date

    if office.error is not None:
        raise office.error
    plan_docx, annex_docx = tx.staged(names[PLAN_DOCX]), tx.staged(names[ANNEX_DOCX])
    if progress:
        progress(messages.CLI["progress-pdf"].format(name=f"{plan_docx.name}, {annex_docx.name}"))
    if office.run is not None:
        # -- the annex first: it is post-processed while LibreOffice lays out the plan, whose
        #    PDF also gives the TOC numbers to write back --
        office.run.submit([(annex_docx, False), (plan_docx, True)])
    # -- while LibreOffice works: the pikepdf import (~0.3 s) and the TOC entries --
    from .outline import match_toc_pages, outline_headings
    from .postprocess import PdfInfo, finish_pdf, info_for
    from ..writers.plan.docx import toc_entries_of_docx

    meta = plan.metadata
    fallback = PdfInfo(title=meta.document_name, author=meta.owner, producer=generator,
                       created=document_date(plan, options.source_date_epoch))
    # -- the template in use decides the headings; read from the .docx just written --
    unnumbered = plan_docx.read_bytes()
    entries = toc_entries_of_docx(unnumbered)
    finished = {}
    annex_pdf = office.uno_result(0)
    if annex_pdf is not None:
        # -- the annex PDF's check (seconds for a long list) runs in a child of its own,
        #    beside LibreOffice's work on the plan and then the plan PDF's check --
        with beside(finish_pdf, annex_pdf, info_for(annex_docx, fallback)) as annex_finishing:
            plan_pdf = office.run.result(1)
            if entries:
                _write_toc_pages(plan, options, tx, names, unnumbered,
                                 match_toc_pages(entries, outline_headings(plan_pdf)))
            finished[PLAN_PDF] = finish_pdf(plan_pdf, info_for(plan_docx, fallback))
            finished[ANNEX_PDF] = annex_finishing.result()
    else:
        plan_pdf, annex_pdf = _convert_two_pass(plan, options, office.converter, tx, names,
                                                unnumbered, entries, progress)
        finished[ANNEX_PDF] = finish_pdf(annex_pdf, info_for(annex_docx, fallback))
        finished[PLAN_PDF] = finish_pdf(plan_pdf, info_for(plan_docx, fallback))
    for role in PDF_ROLES:
        tx.write(role, names[role], finished[role])
    when = document_date(plan, options.source_date_epoch)
    for docx_role, pdf_role in ((PLAN_DOCX, PLAN_PDF), (ANNEX_DOCX, ANNEX_PDF)):
        _write_page_count(tx, names[docx_role], docx_role, finished[pdf_role], when)


def _write_toc_pages(plan: Plan, options: BuildOptions, tx, names: dict[str, str],
                     unnumbered: bytes, pages: list[int]) -> None:
    """The plan .docx again, with `pages` as its TOC numbers (and no longer flagged dirty):
    the same bytes as rendering it with them, made from the `unnumbered` first rendering."""
    from ..writers.plan.docx import with_toc_pages

    tx.write(PLAN_DOCX, names[PLAN_DOCX], with_toc_pages(unnumbered, pages, plan, options))


def _convert_two_pass(plan: Plan, options: BuildOptions, converter, tx, names: dict[str, str],
                      unnumbered: bytes, entries: list[tuple[int, str]],
                      progress: Progress | None) -> tuple[Path, Path]:
    """Plain conversions, for when LibreOffice cannot be driven through UNO: LibreOffice
    prints the TOC result the .docx holds, so the numbers are measured in one pass and
    written into the .docx for the next, until they stop moving."""
    from .. import messages
    from ..errors import ExternalToolError
    from .outline import match_toc_pages, outline_headings

    plan_docx, annex_docx = tx.staged(names[PLAN_DOCX]), tx.staged(names[ANNEX_DOCX])
    # -- both documents from one LibreOffice start, which saves a start (about 1 s) --
    plan_pdf, annex_pdf = converter.convert([plan_docx, annex_docx])
    # -- a template without a TOC needs no second pass --
    pages = None if entries else []
    for _ in range(TOC_PASSES):
        found = match_toc_pages(entries, outline_headings(plan_pdf))
        if found == pages:
            return plan_pdf, annex_pdf
        pages = found
        if progress:
            progress(messages.CLI["progress-pdf"].format(name=plan_docx.name))
        _write_toc_pages(plan, options, tx, names, unnumbered, pages)
        (plan_pdf,) = converter.convert([plan_docx])
    raise ExternalToolError(messages.PDF["toc-unstable"].format(passes=TOC_PASSES))


def _write_page_count(tx, name: str, role: str, pdf: bytes, when) -> None:
    """The .docx again with its PDF's page count stored in its NUMPAGES fields ("Sida 1 av
    26" right as written, SPEC §6): LibreOffice laid out exactly this document for the PDF."""
    import io

    import pikepdf

    from ..writers.ooxml.page_count import with_page_count

    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    data = tx.staged(name).read_bytes()
    numbered = with_page_count(data, pages, when)
    if numbered != data:
        tx.write(role, name, numbered)
