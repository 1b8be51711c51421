"""The build's PDF step: LibreOffice started early, both PDFs with correct TOC numbers, the
numbers written into the shipped plan .docx, and the PDF/A checks beside LibreOffice's work.

pipeline.py calls `start_office` before it reads the input and `write_pdfs` once the .docx
files are written; the outputs go into the build's result as pipeline.py's own do.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model import Plan
from ..options import BuildOptions
from ..outputs import Output, write_output
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


def write_pdfs(plan: Plan, options: BuildOptions, office: Office, out_dir: Path,
               names: dict[str, str], result, progress: Progress | None,
               generator: str) -> None:
    """plan-pdf and annex-pdf by LibreOffice, with correct TOC page numbers in the PDF and in
    the shipped plan .docx, so no one has to press F9.

    One LibreOffice start exports both documents; driven through UNO, it updates the plan's
    TOC itself before exporting, so the PDF's TOC numbers are those of its own layout, and
    the heading pages read from the PDF's bookmarks go into the shipped .docx's TOC. The annex
    PDF is checked while LibreOffice still exports the plan. `result` is the build's
    BuildResult: the PDFs are added to its outputs, the numbered .docx replaces the first.
    Without a Python that
    has `uno`, a plain conversion never updates a TOC, so the two-pass route remains:
    convert, read the heading pages from the bookmarks, write those numbers into the .docx,
    convert again, until the pages no longer move. If LibreOffice fails, the .docx
    already written keeps its unnumbered TOC flagged dirty (Word updates it on opening) and
    ExternalToolError says why.
    """
    from .. import messages
    from ..derive import document_date
    from .soffice import UnoUnavailable

    if office.error is not None:
        raise office.error
    plan_docx, annex_docx = out_dir / names["plan-docx"], out_dir / names["annex-docx"]
    if progress:
        progress(messages.CLI["progress-pdf"].format(name=f"{plan_docx.name}, {annex_docx.name}"))
    if office.run is not None:
        # -- the annex first: it is post-processed while LibreOffice lays out the plan, whose
        #    PDF also gives the TOC numbers to write back --
        office.run.submit([(annex_docx, False), (plan_docx, True)])
    # -- while LibreOffice works: the pikepdf import (~0.3 s) and the TOC entries --
    from . import PdfInfo, finish_pdf, info_for, match_toc_pages, outline_headings
    from ..writers.plan.docx import toc_entries_of_docx

    meta = plan.metadata
    fallback = PdfInfo(title=meta.document_name, author=meta.owner, producer=generator,
                       created=document_date(plan, options.source_date_epoch))
    # -- the template in use decides the headings; read from the .docx just written --
    unnumbered = plan_docx.read_bytes()
    entries = toc_entries_of_docx(unnumbered)
    finished = {}
    annex_pdf = None
    if office.run is not None:
        try:
            annex_pdf = office.run.result(0)
        except UnoUnavailable:
            office.converter.uno_python = None
    if annex_pdf is not None:
        # -- the annex PDF's check (seconds for a long list) runs in a child of its own,
        #    beside LibreOffice's work on the plan and then the plan PDF's check --
        with beside(finish_pdf, annex_pdf, info_for(annex_docx, fallback)) as annex_finishing:
            plan_pdf = office.run.result(1)
            if entries:
                _write_toc_pages(plan, options, plan_docx, unnumbered,
                                 match_toc_pages(entries, outline_headings(plan_pdf)), result)
            finished["plan-pdf"] = finish_pdf(plan_pdf, info_for(plan_docx, fallback))
            finished["annex-pdf"] = annex_finishing.result()
    else:
        plan_pdf, annex_pdf = _convert_two_pass(plan, options, office.converter, plan_docx,
                                                annex_docx, unnumbered, entries, result,
                                                progress)
        finished["annex-pdf"] = finish_pdf(annex_pdf, info_for(annex_docx, fallback))
        finished["plan-pdf"] = finish_pdf(plan_pdf, info_for(plan_docx, fallback))
    for role in ("plan-pdf", "annex-pdf"):
        data = finished[role]
        result.outputs.append(write_output(role, out_dir / names[role], data))


def _write_toc_pages(plan: Plan, options: BuildOptions, plan_docx: Path, unnumbered: bytes,
                     pages: list[int], result) -> None:
    """The plan .docx again, with `pages` as its TOC numbers (and no longer flagged dirty):
    the same bytes as rendering it with them, made from the `unnumbered` first rendering."""
    from ..writers.plan.docx import with_toc_pages

    data = with_toc_pages(unnumbered, pages, plan, options)
    _replace_output(result, write_output("plan-docx", plan_docx, data))


def _convert_two_pass(plan: Plan, options: BuildOptions, converter, plan_docx: Path,
                      annex_docx: Path, unnumbered: bytes, entries: list[tuple[int, str]],
                      result, progress: Progress | None) -> tuple[Path, Path]:
    """Plain conversions, for when LibreOffice cannot be driven through UNO: LibreOffice
    prints the TOC result the .docx holds, so the numbers are measured in one pass and
    written into the .docx for the next, until they stop moving."""
    from .. import messages
    from ..errors import ExternalToolError
    from . import match_toc_pages, outline_headings

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
        _write_toc_pages(plan, options, plan_docx, unnumbered, pages, result)
        (plan_pdf,) = converter.convert([plan_docx])
    raise ExternalToolError(messages.PDF["toc-unstable"].format(passes=TOC_PASSES))


def _replace_output(result, output: Output) -> None:
    result.outputs[:] = [output if o.role == output.role else o for o in result.outputs]
