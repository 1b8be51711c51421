"""The plan document: the user's Word template (docxtpl) filled with the plan (SPEC §6).

The template decides fonts, colours, prose and layout; this module fills in data only. After
docxtpl has rendered the template's tags it does what a template cannot: writes the table of
contents as a real TOC field (docx_toc), gives the icons their alt text, fits table grids to
the repeated columns, sets the core properties, and zips the package reproducibly.

Input text is never template source: values go into the context and docxtpl renders only the
template's own tags, with autoescaping on (see template_check.environment).
"""
from __future__ import annotations

import io
from pathlib import Path

from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage

from ... import NAME, derive
from ...errors import InputError
from ...model import Plan, StrategyElement, StrategyKind
from ...options import BuildOptions
from . import context as ctx
from ..ooxml import page_count
from ..ooxml import toc as docx_toc
from .. import template_check
from ..images import fit_file
from ..ooxml.package import normalise_package

ICON_WIDTHS = {ctx.ICON: Cm(1.8), ctx.SMALL_ICON: Cm(1.2)}
EMU_PER_CM = 360000
CORE_PROPERTY_LIMIT = 255


class DescribedPicture(InlineImage):
    """A picture with its alternative text (descr): an icon's strategy element name, or a
    chart's numbers.

    docxtpl's InlineImage leaves the alt text empty; a screen reader and the PDF's tagged
    structure need it. The text is set as an lxml attribute, never pasted into markup.
    Only descr: LibreOffice joins a title and a description into the PDF's /Alt as
    "title - descr", so setting both made every icon say its name twice (SPEC §6).
    """

    def __init__(self, tpl, picture, width, alt: str):
        super().__init__(tpl, picture, width=width)
        self.alt = alt

    def _insert_image(self):
        inline = self.tpl.current_rendering_part.new_pic_inline(
            self.image_descriptor, self.width, self.height)
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("descr", self.alt)
        for c_nv_pr in inline.iter(qn("pic:cNvPr")):
            c_nv_pr.set("descr", self.alt)
        return ('</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r>'
                '<w:t xml:space="preserve">' % inline.xml)


def picture_maker(tpl: DocxTemplate):
    def picture(element: StrategyElement, size: str):
        if element.icon_path is None or not Path(element.icon_path).is_file():
            return ""
        # -- right-sized for its place (writers/images.py); the file itself is untouched --
        data = fit_file(Path(element.icon_path), ICON_WIDTHS[size] / EMU_PER_CM)
        return DescribedPicture(tpl, io.BytesIO(data), ICON_WIDTHS[size], element.name)
    return picture


def render_document(plan: Plan, options: BuildOptions) -> DocxTemplate:
    """The template checked and rendered (tags filled; `.docx` is the python-docx Document,
    not yet post-processed). InputError if the template is missing, unreadable or broken."""
    template = Path(options.template)
    tpl = template_check.open_template(template)
    env = template_check.environment(filters=ctx.FILTERS)
    problems = template_check.check_template(tpl.get_docx(), template.name, env,
                                             ctx.build_context(plan))
    if problems:
        raise InputError(problems)
    try:
        tpl.render(ctx.build_context(plan, picture_maker(tpl)), jinja_env=env,
                   autoescape=True)
    except template_check.RENDER_ERRORS as exc:
        # -- the text copy passed, so this is a tag docxtpl's patching broke; no paragraph --
        raise InputError([template_check.unplaced_finding(exc, template.name)]) from exc
    return tpl


def drop_empty_tables(body) -> None:
    """A table whose row loop produced no rows is not valid for Word: remove it."""
    for table in list(body.iter(qn("w:tbl"))):
        if table.find(qn("w:tr")) is None:
            table.getparent().remove(table)


def _text_width(document) -> int:
    section = document.sections[-1]
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


def _row_widths(row) -> list[int]:
    """The tcW widths (twips) of a row's cells; [] if a cell spans columns or has none."""
    widths = []
    for cell in row.findall(qn("w:tc")):
        tcw = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        if tcw is None or tcw.get(qn("w:type")) != "dxa" or span is not None:
            return []
        widths.append(int(tcw.get(qn("w:w"))))
    return widths


def _fit_grids(body, text_width: int) -> None:
    """Rebuild each table's grid from the cell widths of its first unmerged row (twips).

    A `{%tc for %}` loop repeats a cell; docxtpl then spreads the old grid evenly, which
    squeezes a wide title column. The template's cell widths say what each column wants; if
    the repeated columns no longer fit the page, all columns shrink in proportion.
    """
    for table in body.iter(qn("w:tbl")):
        widths = next((w for w in map(_row_widths, table.iter(qn("w:tr"))) if w), [])
        grid = table.find(qn("w:tblGrid"))
        if not widths or grid is None:
            continue
        total = sum(widths)
        if total > text_width:
            widths = [w * text_width // total for w in widths]
        for col in list(grid):
            grid.remove(col)
        for width in widths:
            grid.append(grid.makeelement(qn("w:gridCol"), {qn("w:w"): str(width)}))
        for row in table.iter(qn("w:tr")):
            cells = row.findall(qn("w:tc"))
            if len(cells) != len(widths) or not _row_widths(row):
                continue
            for cell, width in zip(cells, widths):
                cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").set(qn("w:w"), str(width))


def unique_drawing_ids(body) -> None:
    for number, doc_pr in enumerate(body.iter(qn("wp:docPr")), start=1):
        doc_pr.set("id", str(number))


def fit_property(text: str, limit: int = CORE_PROPERTY_LIMIT) -> str:
    """python-docx refuses core property values over 255 characters: cut at a word."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def _keywords(plan: Plan) -> str:
    """Municipality, type, year and the priorities, as many as fit."""
    meta = plan.metadata
    words = [meta.municipality, meta.document_type, str(meta.year)]
    words += [e.name for e in derive.elements_of_kind(plan, StrategyKind.PRIORITY)]
    kept: list[str] = []
    for word in words:
        if len(", ".join(kept + [word])) > CORE_PROPERTY_LIMIT:
            break
        kept.append(word)
    return fit_property(", ".join(kept))


def _core_properties(document, plan: Plan, when) -> None:
    meta = plan.metadata
    set_core_properties(document, plan, when, title=meta.document_name, author=meta.owner,
                        subject=f"{meta.document_type}, {meta.municipality} {meta.year}",
                        keywords=_keywords(plan),
                        revision=max((r.number for r in plan.revisions), default=1))


def set_core_properties(document, plan: Plan, when, *, title: str, author: str, subject: str,
                        keywords: str, revision: int) -> None:
    """The core properties every document of the plan carries (SPEC §6: title, author,
    subject, keywords; Swedish; dated by the plan, never the clock); the caller gives the
    ones that differ between the plan and its follow-up report."""
    meta = plan.metadata
    props = document.core_properties
    props.title = fit_property(title)
    props.author = fit_property(author)
    props.subject = fit_property(subject)
    props.keywords = fit_property(keywords)
    props.language = "sv-SE"
    props.comments = ""
    props.category = fit_property(meta.document_type)
    props.identifier = fit_property(meta.case_number)
    props.created = props.modified = when
    props.last_modified_by = NAME
    props.revision = revision


def write_plan_docx(plan: Plan, options: BuildOptions, toc_pages: list[int] | None = None) -> bytes:
    """The plan as .docx bytes.

    `toc_pages` holds one page number per TOC entry (`toc_entries_of_docx`' order), measured by the
    PDF step; None writes the entries without numbers and flags the TOC for Word to update.
    """
    tpl = render_document(plan, options)
    document = tpl.docx
    body = document.element.body
    drop_empty_tables(body)
    _fit_grids(body, _text_width(document))
    unique_drawing_ids(body)
    page_count.mark_unknown(document)
    docx_toc.insert_toc(body, document.styles.element, toc_pages)
    if toc_pages is None:
        docx_toc.request_field_update(document.settings.element)
    when = derive.document_date(plan, options.source_date_epoch)
    _core_properties(document, plan, when)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_package(buffer.getvalue(), when)


def with_toc_pages(data: bytes, pages: list[int], plan: Plan, options: BuildOptions) -> bytes:
    """`write_plan_docx(plan, options, toc_pages=pages)`, made from the bytes that
    `write_plan_docx(plan, options)` returned, without rendering the template again (half a
    second for a long plan, on the PDF step's critical path). Only the TOC numbers, its dirty
    flag and the settings' update request differ between the two, so only those change."""
    return number_toc(data, pages, options.template,
                      derive.document_date(plan, options.source_date_epoch))


def number_toc(data: bytes, pages: list[int], template: Path, when) -> bytes:
    """A rendered .docx (from `template`, dated `when`) with `pages` as its TOC numbers; shared
    by every document whose TOC the PDF step measures (the plan, the follow-up report)."""
    import zipfile

    from docx.opc.oxml import serialize_part_xml
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    document = etree.fromstring(parts["word/document.xml"])
    docx_toc.number_entries(document, pages)
    parts["word/document.xml"] = serialize_part_xml(document)
    if not _template_requests_update(template):
        settings = etree.fromstring(parts["word/settings.xml"])
        docx_toc.drop_field_update(settings)
        parts["word/settings.xml"] = serialize_part_xml(settings)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, part in parts.items():
            package.writestr(name, part)
    return normalise_package(buffer.getvalue(), when)


def _template_requests_update(template: Path) -> bool:
    """Whether the template's own settings ask Word to update fields (then that stays)."""
    import zipfile

    with zipfile.ZipFile(template) as package:
        try:
            return b"updateFields" in package.read("word/settings.xml")
        except KeyError:
            return False


def toc_entries_of_docx(data: bytes) -> list[tuple[int, str]]:
    """(level, text) of every TOC entry of a written plan, in document order."""
    from docx import Document

    document = Document(io.BytesIO(data))
    heading_styles, _ = docx_toc.style_ids(document.styles.element)
    return [(h.level, h.text)
            for h in docx_toc.find_headings(document.element.body, heading_styles)]
