"""The stored result of NUMPAGES fields ("Sida 3 av 26"): right as written (SPEC §6).

Word and LibreOffice recompute NUMPAGES on layout, but a reader that shows stored field
results (a preview, a converter, DIGG's checker) would read the "1" a template was made with.
The build knows the page count only once LibreOffice has laid the document out (the PDF
step), so a .docx is first written with its NUMPAGES fields flagged dirty (Word recomputes a
dirty field on opening) and, after the PDF step, rewritten with the PDF's page count as the
stored result and the flag gone. With --no-pdf the flag stays: no honest count is known.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from lxml import etree

from docx.oxml.ns import qn
from .package import normalise_package

INSTRUCTION = "NUMPAGES"


def _field_results(root: etree._Element):
    """(begin fldChar, [result w:t …]) of every NUMPAGES complex field under `root`."""
    found = []
    for paragraph in root.iter(qn("w:p")):
        begin, instruction, results, in_result = None, "", [], False
        for el in paragraph.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:t")):
            if el.tag == qn("w:fldChar"):
                kind = el.get(qn("w:fldCharType"))
                if kind == "begin":
                    begin, instruction, results, in_result = el, "", [], False
                elif kind == "separate":
                    in_result = True
                elif kind == "end" and begin is not None:
                    if instruction.split()[:1] == [INSTRUCTION]:
                        found.append((begin, results))
                    begin, in_result = None, False
            elif el.tag == qn("w:instrText") and begin is not None and not in_result:
                instruction += el.text or ""
            elif el.tag == qn("w:t") and in_result:
                results.append(el)
    return found


def set_page_count(root: etree._Element, count: int | None) -> int:
    """Store `count` as every NUMPAGES result under `root`, or (None) flag them dirty.
    Returns how many fields were found."""
    fields = _field_results(root)
    for begin, results in fields:
        if count is None:
            begin.set(qn("w:dirty"), "true")
            continue
        begin.attrib.pop(qn("w:dirty"), None)
        for i, text in enumerate(results):
            text.text = str(count) if i == 0 else ""
    return len(fields)


def mark_unknown(document) -> None:
    """Flag the NUMPAGES fields of a python-docx Document's headers and footers dirty."""
    for part in document.part.package.iter_parts():
        if _is_header_or_footer(part.partname):
            set_page_count(part.element, None)


def _is_header_or_footer(name: str) -> bool:
    name = str(name).lstrip("/")
    return name.startswith(("word/header", "word/footer")) and name.endswith(".xml")


def with_page_count(data: bytes, count: int, when: dt.datetime) -> bytes:
    """A written .docx with `count` stored as its NUMPAGES results (headers and footers)."""
    from docx.opc.oxml import serialize_part_xml

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    changed = False
    for name, part in parts.items():
        if _is_header_or_footer(name):
            root = etree.fromstring(part)
            if set_page_count(root, count):
                parts[name] = serialize_part_xml(root)
                changed = True
    if not changed:
        return data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, part in parts.items():
            package.writestr(name, part)
    return normalise_package(buffer.getvalue(), when)
