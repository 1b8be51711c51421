"""Word fields (PAGE, NUMPAGES …) as WordprocessingML runs.

A field is written as a *complex* field (begin, instruction, separate, cached result, end) rather
than a w:fldSimple: Word, LibreOffice and the schema all accept it, and the cached result is
what a reader that does not update fields shows. PAGE and NUMPAGES are recomputed by Word and
LibreOffice at every layout, so the cached "1" is never seen in a rendered page.
"""
from __future__ import annotations

import copy

from docx.oxml.ns import qn
from lxml import etree


def _run(run_properties: etree._Element | None) -> etree._Element:
    run = etree.Element(qn("w:r"))
    if run_properties is not None:
        run.append(copy.deepcopy(run_properties))
    return run


def field_runs(instruction: str, cached: str = "1",
               run_properties: etree._Element | None = None) -> list[etree._Element]:
    """The five runs of a complex field with `instruction` (e.g. "PAGE") and a cached result."""
    begin = _run(run_properties)
    etree.SubElement(begin, qn("w:fldChar"), {qn("w:fldCharType"): "begin"})
    instr = _run(run_properties)
    text = etree.SubElement(instr, qn("w:instrText"), {qn("xml:space"): "preserve"})
    text.text = f" {instruction} "
    separate = _run(run_properties)
    etree.SubElement(separate, qn("w:fldChar"), {qn("w:fldCharType"): "separate"})
    result = _run(run_properties)
    etree.SubElement(result, qn("w:t")).text = cached
    end = _run(run_properties)
    etree.SubElement(end, qn("w:fldChar"), {qn("w:fldCharType"): "end"})
    return [begin, instr, separate, result, end]


def append_field(paragraph: etree._Element, instruction: str, cached: str = "1",
                 run_properties: etree._Element | None = None) -> None:
    """Append a complex field to a w:p element (python-docx: `paragraph._p`)."""
    for run in field_runs(instruction, cached, run_properties):
        paragraph.append(run)
