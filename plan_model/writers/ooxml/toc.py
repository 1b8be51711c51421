"""The table of contents of a rendered plan: a real Word TOC field with its result written out.

Word writes a TOC as one complex field (`TOC \\o "1-2" \\h \\z \\u`) whose cached result is one
paragraph per heading: a hyperlink to a `_Toc…` bookmark on the heading, a tab and a PAGEREF
field for the page number. We write exactly that, so the entries show when the file is opened
and LibreOffice exports them to PDF, without anyone pressing F9. Page numbers need a layout
engine: the PDF step lays the document out once and passes them back as `pages`; without them
the numbers are left empty and the field is flagged dirty so Word recomputes it on opening.

The template marks the TOC's place with a paragraph holding the bookmark "toc"; that paragraph
(with its hint text) is replaced. Everything here works on lxml elements of the body.
"""
from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

MARKER_BOOKMARK = "toc"
TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
HEADING_STYLE_NAMES = {"heading 1": 1, "heading 2": 2}
BOOKMARK_BASE = 100000000


@dataclass
class Heading:
    level: int
    text: str
    paragraph: etree._Element
    bookmark: str = ""


def style_ids(styles: etree._Element) -> tuple[dict[str, int], dict[int, str]]:
    """(heading style id → level, level → "toc N" style id) from the styles part.

    Found by the built-in names Word keys them on, since a localised Word or a restyled
    template may use other style ids ("Rubrik1").
    """
    headings: dict[str, int] = {}
    toc: dict[int, str] = {}
    for style in styles.iter(qn("w:style")):
        name_el = style.find(qn("w:name"))
        name = (name_el.get(qn("w:val")) if name_el is not None else "").lower()
        style_id = style.get(qn("w:styleId"))
        if name in HEADING_STYLE_NAMES:
            headings[style_id] = HEADING_STYLE_NAMES[name]
        elif name in ("toc 1", "toc 2"):
            toc[int(name[-1])] = style_id
    return headings, {1: toc.get(1, "TOC1"), 2: toc.get(2, "TOC2")}


def paragraph_text(paragraph: etree._Element) -> str:
    """Visible text of a paragraph; breaks and tabs read as spaces (one TOC line)."""
    parts = []
    for el in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:instrText")):
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag in (qn("w:br"), qn("w:tab")) and el.getparent().tag == qn("w:r"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def find_headings(body: etree._Element, heading_styles: dict[str, int]) -> list[Heading]:
    """Heading 1/2 paragraphs with text, in document order."""
    found = []
    for paragraph in body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        level = heading_styles.get(style.get(qn("w:val"))) if style is not None else None
        if level is None:
            continue
        text = paragraph_text(paragraph)
        if text:
            found.append(Heading(level, text, paragraph))
    return found


def _next_bookmark_id(body: etree._Element) -> int:
    ids = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))
           if (b.get(qn("w:id")) or "").isdigit()]
    return max(ids, default=0) + 1


def mark_headings(body: etree._Element, headings: list[Heading]) -> None:
    """Put a `_Toc…` bookmark around each heading's content (names numbered in order, so two
    builds give the same names)."""
    ident = _next_bookmark_id(body)
    for i, heading in enumerate(headings):
        heading.bookmark = f"_Toc{BOOKMARK_BASE + i + 1}"
        start = etree.Element(qn("w:bookmarkStart"), {qn("w:id"): str(ident), qn("w:name"): heading.bookmark})
        end = etree.Element(qn("w:bookmarkEnd"), {qn("w:id"): str(ident)})
        ppr = heading.paragraph.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            heading.paragraph.insert(0, start)
        heading.paragraph.append(end)
        ident += 1


def _run(*children: etree._Element) -> etree._Element:
    run = etree.Element(qn("w:r"))
    run.extend(children)
    return run


def _fld_char(kind: str, dirty: bool = False) -> etree._Element:
    attrs = {qn("w:fldCharType"): kind}
    if dirty:
        attrs[qn("w:dirty")] = "true"
    return _run(etree.Element(qn("w:fldChar"), attrs))


def _instr(text: str) -> etree._Element:
    instr = etree.Element(qn("w:instrText"), {qn("xml:space"): "preserve"})
    instr.text = text
    return _run(instr)


def _text(text: str) -> etree._Element:
    t = etree.Element(qn("w:t"), {qn("xml:space"): "preserve"})
    t.text = text
    return _run(t)


def entry_paragraph(heading: Heading, page: int | None, style_id: str) -> etree._Element:
    """One TOC line: hyperlink to the heading's bookmark, text, tab, PAGEREF page number."""
    paragraph = etree.Element(qn("w:p"))
    ppr = etree.SubElement(paragraph, qn("w:pPr"))
    etree.SubElement(ppr, qn("w:pStyle"), {qn("w:val"): style_id})
    link = etree.SubElement(paragraph, qn("w:hyperlink"),
                            {qn("w:anchor"): heading.bookmark, qn("w:history"): "1"})
    link.append(_text(heading.text))
    link.append(_run(etree.Element(qn("w:tab"))))
    link.append(_fld_char("begin"))
    link.append(_instr(f" PAGEREF {heading.bookmark} \\h "))
    link.append(_fld_char("separate"))
    if page is not None:
        link.append(_text(str(page)))
    link.append(_fld_char("end"))
    return paragraph


def toc_paragraphs(headings: list[Heading], pages: list[int] | None,
                   toc_styles: dict[int, str]) -> list[etree._Element]:
    """The whole TOC field: begin/instruction/separate in the first entry, end in the last.

    `pages` None: no numbers yet, so the field is marked dirty and Word updates it on opening.
    """
    if pages is not None and len(pages) != len(headings):
        raise ValueError(f"toc_pages has {len(pages)} numbers for {len(headings)} headings")
    paragraphs = [entry_paragraph(h, pages[i] if pages is not None else None,
                                  toc_styles[h.level])
                  for i, h in enumerate(headings)]
    if not paragraphs:
        return []
    first = paragraphs[0]
    opening = [_fld_char("begin", dirty=pages is None), _instr(TOC_INSTRUCTION),
               _fld_char("separate")]
    ppr = first.find(qn("w:pPr"))
    for run in reversed(opening):
        ppr.addnext(run)
    paragraphs[-1].append(_fld_char("end"))
    return paragraphs


def find_marker(body: etree._Element) -> etree._Element | None:
    """The template paragraph that holds the bookmark "toc", or None."""
    for start in body.iter(qn("w:bookmarkStart")):
        if start.get(qn("w:name")) == MARKER_BOOKMARK:
            node = start
            while node is not None and node.tag != qn("w:p"):
                node = node.getparent()
            return node
    return None


def insert_toc(body: etree._Element, styles: etree._Element,
               pages: list[int] | None) -> list[Heading]:
    """Bookmark the headings and replace the marker paragraph with the TOC field.

    Returns the headings (the TOC entries) in document order; a template without the marker
    gets bookmarks but no TOC.
    """
    heading_styles, toc_styles = style_ids(styles)
    headings = find_headings(body, heading_styles)
    mark_headings(body, headings)
    marker = find_marker(body)
    if marker is not None:
        for paragraph in toc_paragraphs(headings, pages, toc_styles):
            marker.addprevious(paragraph)
        marker.getparent().remove(marker)
    return headings


def request_field_update(settings: etree._Element) -> None:
    """`<w:updateFields w:val="true"/>`: Word refreshes the TOC's page numbers on opening."""
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = etree.Element(qn("w:updateFields"), {qn("w:val"): "true"})
    # -- schema order: updateFields precedes these settings elements --
    followers = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                 "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                 "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                 "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
    follower_tags = {qn(f"w:{name}") for name in followers}
    for child in settings:
        if child.tag in follower_tags:
            child.addprevious(update)
            return
    settings.append(update)


def number_entries(document: etree._Element, pages: list[int]) -> None:
    """Write `pages` into the TOC that `insert_toc(..., None)` left without numbers, in place:
    each entry's PAGEREF result gets its number and the field is no longer dirty. The result
    is the TOC `insert_toc(..., pages)` writes, without rendering the template again."""
    instructions = [i for i in document.iter(qn("w:instrText"))]
    refs = [i for i in instructions if (i.text or "").startswith(" PAGEREF _Toc")]
    if len(refs) != len(pages):
        raise ValueError(f"toc_pages has {len(pages)} numbers for {len(refs)} headings")
    for instruction, page in zip(refs, pages):
        separate = instruction.getparent().getnext()  # -- the run holding fldChar separate --
        separate.addnext(_text(str(page)))
    for instruction in instructions:
        if instruction.text == TOC_INSTRUCTION:
            begin = instruction.getparent().getprevious().find(qn("w:fldChar"))
            begin.attrib.pop(qn("w:dirty"), None)


def drop_field_update(settings: etree._Element) -> None:
    """Undo `request_field_update`."""
    for element in settings.findall(qn("w:updateFields")):
        settings.remove(element)
