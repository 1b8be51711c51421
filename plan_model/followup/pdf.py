"""The report's PDF/A by the build's own route (pdf/step.py): LibreOffice started early,
driven through UNO so it updates the TOC itself, the heading pages read from the PDF's
bookmarks and written into the shipped .docx, the PDF post-processed and checked as PDF/A-2b.
Without a Python that has `uno`, the two-pass route: convert, measure, renumber, convert.

Returns bytes; the pipeline writes them with the other outputs.
"""
from __future__ import annotations

from pathlib import Path

from .. import messages
from ..errors import ExternalToolError
from ..model import Plan
from ..options import BuildOptions
from ..pdf.step import TOC_PASSES, Office
from ..writers.plan.docx import toc_entries_of_docx
from .docx import report_date, with_toc_pages


def report_pdf(docx_data: bytes, name: str, plan: Plan, options: BuildOptions, office: Office,
               progress, generator: str, while_waiting=None) -> tuple[bytes, bytes]:
    """(the .docx with TOC page numbers, the finished PDF/A) of the rendered report.
    `while_waiting` is called once LibreOffice has the document (to start other work)."""
    if office.error is not None:
        raise office.error
    work = office.converter.work / "uppfoljning"
    work.mkdir(exist_ok=True)
    docx = work / name
    docx.write_bytes(docx_data)
    if progress:
        progress(messages.CLI["progress-pdf"].format(name=name))
    entries = toc_entries_of_docx(docx_data)
    if office.run is not None:
        office.run.submit([(docx, True)])
    if while_waiting is not None:
        while_waiting()
    # -- pikepdf's import (about 0.3 s) while LibreOffice works, not before the reading --
    from ..pdf.outline import match_toc_pages, outline_headings
    from ..pdf.postprocess import PdfInfo, finish_pdf, info_for

    raw = office.uno_result(0)
    if raw is not None:
        numbered = docx_data
        if entries:
            pages = match_toc_pages(entries, outline_headings(raw))
            numbered = with_toc_pages(docx_data, pages, plan, options)
    else:
        numbered, raw = _two_pass(docx, docx_data, entries, plan, options, office.converter)
    meta = plan.metadata
    fallback = PdfInfo(title=meta.document_name, author=meta.owner, producer=generator,
                       created=report_date(plan, options))
    # -- the title, subject and keywords of the .docx LibreOffice read: numbering the TOC
    #    does not change them --
    return numbered, finish_pdf(raw, info_for(docx, fallback))


def _two_pass(docx: Path, data: bytes, entries, plan: Plan, options: BuildOptions,
              converter) -> tuple[bytes, Path]:
    from ..pdf.outline import match_toc_pages, outline_headings

    (raw,) = converter.convert([docx])
    pages = None if entries else []
    numbered = data
    for _ in range(TOC_PASSES):
        found = match_toc_pages(entries, outline_headings(raw))
        if found == pages:
            return numbered, raw
        pages = found
        numbered = with_toc_pages(data, pages, plan, options)
        docx.write_bytes(numbered)
        (raw,) = converter.convert([docx])
    raise ExternalToolError(messages.PDF["toc-unstable"].format(passes=TOC_PASSES))
