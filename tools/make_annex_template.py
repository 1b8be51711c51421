"""Create templates/bilaga1.docx, the docxtpl template of Bilaga 1 (the activity list).

    .venv/bin/python tools/make_annex_template.py [OUT.docx]

The result is an ordinary Word document a communicator may open and restyle in Word or
LibreOffice; this script only gives it a sensible start. What the writer relies on:

* Tags outside the activity table are docxtpl/Jinja tags over the variables `year`,
  `metadata.<field>` (municipality, document_name, document_type, scope, owner, responsible,
  year, publication, legal_basis, decided, review_by, deciding_body, case_number,
  annex_case_number), `action_count` and `activity_count`.
* The activity table is found by its row with `{{ activity.… }}` tags (unit, operation, text,
  responsible, schedule, status, comment): that row is repeated once per activity. The row
  above it with `{{ action.number }}` / `{{ action.title }}` is repeated once per action, as a
  group row. Rows above those are header rows. Any cell whose column no activity fills is
  left out, and the column widths are recomputed from the content.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt, RGBColor  # noqa: E402

from plan_model.writers.ooxml.fields import append_field  # noqa: E402
from plan_model.writers.ooxml.package import normalise_package  # noqa: E402

OUT = ROOT / "templates" / "bilaga1.docx"
LANGUAGE = "sv-SE"
FONTS = ("Calibri", "Cambria")
HEADER_FILL = "1F4E79"
GROUP_FILL = "DCE6F1"
# -- (header, tag, share of the table width): shares only seed the template; the writer
#    recomputes widths from the content --
COLUMNS = (
    ("Sektor/bolag", "{{ activity.unit }}", 18),
    ("Verksamhet", "{{ activity.operation }}", 14),
    ("Aktivitet", "{{ activity.text }}", 44),
    ("Ansvarig", "{{ activity.responsible }}", 14),
    ("Tidplan", "{{ activity.schedule }}", 10),
)
# -- the template file itself carries a fixed date so that re-running this script gives the
#    same bytes; the writer replaces every date with the plan's --
TEMPLATE_DATE = dt.datetime(2024, 1, 1)


def set_language(document) -> None:
    """sv-SE on the document defaults, so every style (and spell-checking) is Swedish."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANGUAGE)


def keep_fonts(document) -> None:
    """Only Calibri/Cambria (metric-compatible Carlito/Caladea exist where LibreOffice runs)."""
    styles = document.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            if rfonts.get(qn(attr)) and rfonts.get(qn(attr)) not in FONTS:
                rfonts.set(qn(attr), "Calibri")
    font_table = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    from lxml import etree

    root = etree.fromstring(font_table.blob)
    for font in list(root):
        if font.get(qn("w:name")) not in FONTS:
            root.remove(font)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)


def drop_leftovers(document) -> None:
    """python-docx's blank document carries a Word 2010 stylesWithEffects part (English,
    Courier) and a thumbnail of an empty page; neither belongs in the template."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)
    package = part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)


def set_theme_fonts(document, major: str = "Cambria", minor: str = "Calibri") -> None:
    """Headings in Cambria, body text in Calibri (python-docx's blank document has them the
    other way round), and no script-specific fallbacks naming other fonts."""
    from lxml import etree

    theme = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    root = etree.fromstring(theme.blob)
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for kind, typeface in (("majorFont", major), ("minorFont", minor)):
        collection = next(root.iter(drawing + kind))
        collection.find(drawing + "latin").set("typeface", typeface)
        for script_font in collection.findall(drawing + "font"):
            collection.remove(script_font)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def paragraph_style(document, name: str, base: str, size: float, bold: bool = False,
                    colour: RGBColor | None = None):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.font.size = Pt(size)
    style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = colour
    style.paragraph_format.space_before = Pt(1)
    style.paragraph_format.space_after = Pt(1)
    return style


def set_page(section) -> None:
    """Landscape A4 with 18 mm margins: the widest table that still prints on any printer."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    section.header_distance, section.footer_distance = Mm(9), Mm(9)


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def row_flags(row, header: bool = False) -> None:
    """Rows never split across pages; header rows repeat on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def fixed_layout(table, widths_twips: list[int]) -> None:
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths_twips)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    # -- schema order: tblLayout comes before tblCellMar/tblLook --
    tbl_pr.find(qn("w:tblLook")).addprevious(layout)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_twips):
        col.set(qn("w:w"), str(width))
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths_twips):
            tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.type = "dxa"
            tc_w.w = width


def fill(cell, text: str, style) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    paragraph.add_run(text)


def add_table(document, text_width_twips: int) -> None:
    header_style = paragraph_style(document, "Tabellrubrik", "Normal", 9.5, bold=True,
                                   colour=RGBColor(0xFF, 0xFF, 0xFF))
    group_style = paragraph_style(document, "Tabellgrupp", "Normal", 10, bold=True)
    group_style.paragraph_format.keep_with_next = True
    body_style = paragraph_style(document, "Tabelltext", "Normal", 9)
    shares = [share for _, _, share in COLUMNS]
    widths = [text_width_twips * share // sum(shares) for share in shares]
    table = document.add_table(rows=3, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_layout(table, widths)
    header, group, activity = table.rows
    for cell, (title, tag, _) in zip(header.cells, COLUMNS):
        fill(cell, title, header_style)
        shade(cell, HEADER_FILL)
    for cell, (_, tag, _) in zip(activity.cells, COLUMNS):
        fill(cell, tag, body_style)
    merged = group.cells[0].merge(group.cells[-1])
    fill(merged, "{{ action.number }}. {{ action.title }}", group_style)
    shade(merged, GROUP_FILL)
    row_flags(header, header=True)
    row_flags(group)
    row_flags(activity)


def add_metadata(document) -> None:
    lines = (
        ("Hör till: ", "{{ metadata.document_name }}"),
        ("Diarienummer: ", '{{ metadata.case_number or "–" }}'),
        ("Bilagans diarienummer: ", '{{ metadata.annex_case_number or "–" }}'),
        ("Beslutad: ", '{{ metadata.decided or "–" }}'),
    )
    for label, tag in lines:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(label).bold = True
        paragraph.add_run(tag)
    note = document.add_paragraph(
        "Aktiviteterna står under den åtgärd de hör till, i organisationens ordning.")
    note.paragraph_format.space_before = Pt(6)


def add_header_footer(document, section) -> None:
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    header.text = "{{ metadata.document_name }} – Bilaga 1, Aktivitetslista {{ year }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Sida ")
    append_field(footer._p, "PAGE")
    footer.add_run(" av ")
    append_field(footer._p, "NUMPAGES")


def fix_settings(document) -> None:
    """python-docx's blank document has a w:zoom without the percent the schema requires."""
    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


def set_properties(document) -> None:
    props = document.core_properties
    props.title = "Bilaga 1 – Aktivitetslista"
    props.author = ""
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.last_modified_by = ""
    props.language = LANGUAGE
    props.created = props.modified = TEMPLATE_DATE
    props.revision = 1


def make_template() -> bytes:
    document = Document()
    set_language(document)
    keep_fonts(document)
    set_theme_fonts(document)
    drop_leftovers(document)
    section = document.sections[0]
    set_page(section)
    document.styles["Normal"].font.size = Pt(10)
    # -- the first paragraph of python-docx's blank document is reused as the title --
    title = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    title.style = document.styles["Heading 1"]
    title.add_run("Bilaga 1 – Aktivitetslista {{ year }}")
    add_metadata(document)
    text_width = int((section.page_width - section.left_margin - section.right_margin) / 635)
    add_table(document, text_width)
    add_header_footer(document, section)
    set_properties(document)
    fix_settings(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_package(buffer.getvalue(), TEMPLATE_DATE)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(make_template())
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
