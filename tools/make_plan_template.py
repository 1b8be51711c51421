"""Build templates/handlingsplan.docx: the plan template a communicator restyles in Word.

    .venv/bin/python tools/make_plan_template.py [OUT.docx]

The .docx this writes is the product: users open it in Word or LibreOffice and change fonts,
colours, prose and layout; `plan_model/writers/plan/docx.py` only reads it. This script is
kept so that the bundled template can be rebuilt from reviewable source, and so that a change
to its structure (a new chapter, a new variable) shows up in a diff.

The Jinja tags are docxtpl's: `{{ x }}` in a run, `{%p … %}` for a paragraph-level block,
`{%tr … %}` for table rows and `{%tc … %}` for table columns. The paragraph holding the
bookmark "toc" marks where the writer puts the table of contents (data-driven, so it is not a
template tag). Every variable used here is documented in `plan_model/writers/plan/context.py`.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from plan_model.writers.ooxml.package import normalise_package  # noqa: E402

TEMPLATE_DATE = dt.datetime(2024, 1, 1)
DEFAULT_OUT = ROOT / "templates" / "handlingsplan.docx"

BODY_FONT = "Calibri"        # metric-compatible with Carlito, installed where LibreOffice runs
HEADING_FONT = "Cambria"     # metric-compatible with Caladea
LANGUAGE = "sv-SE"
ACCENT = RGBColor(0x1F, 0x5C, 0x45)      # dark green: headings and rules
ACCENT_HEX = "1F5C45"
TINT_HEX = "E3EFE8"                      # light green: table header cells
MUTED = RGBColor(0x59, 0x59, 0x59)
TEXT_WIDTH = Cm(16)                      # A4 minus 2.5 cm margins
ICON_LARGE = Cm(1.8)                     # = writers/plan_docx.ICON_WIDTHS (square icons)
ICON_SMALL = Cm(1.2)


# -- low-level XML helpers: python-docx has no API for these properties --------------------

def _set_fonts(rpr, font: str) -> None:
    """Explicit font names (no theme fonts), so a restyled theme cannot swap in Calibri Light."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _set_lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


TCPR_ORDER = ("tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
             "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
             "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
             "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
             "lang", "eastAsianLayout", "specVanish", "oMath")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
               "shd", "tblLayout", "tblCellMar", "tblLook")


def _insert_ordered(parent, child, order: tuple[str, ...]) -> None:
    """Insert `child` where the schema's sequence wants it (Word rejects other orders),
    replacing an element of the same name."""
    name = child.tag.split("}")[1]
    for same in parent.findall(child.tag):
        parent.remove(same)
    rank = order.index(name)
    for existing in parent:
        other = existing.tag.split("}")[1]
        if other in order and order.index(other) > rank:
            existing.addprevious(child)
            return
    parent.append(child)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _insert_ordered(tcpr, shd, TCPR_ORDER)


def _cell_props(cell, *, valign: str | None = None, text_direction: str | None = None,
                width=None) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    if width is not None:
        cell.width = width
    if text_direction:
        direction = OxmlElement("w:textDirection")
        direction.set(qn("w:val"), text_direction)
        _insert_ordered(tcpr, direction, TCPR_ORDER)
    if valign:
        align = OxmlElement("w:vAlign")
        align.set(qn("w:val"), valign)
        _insert_ordered(tcpr, align, TCPR_ORDER)


def _borders(table, value: str = "single", colour: str = "A6A6A6", inside_v: bool = True) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        val = value if (inside_v or edge not in ("insideV", "left", "right")) else "nil"
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), colour)
        borders.append(el)
    _insert_ordered(tblpr, borders, TBLPR_ORDER)


def _full_width(table) -> None:
    """Fixed layout at the text width: LibreOffice otherwise shrinks a borderless table to
    its content, and the shaded rows stop halfway across the page."""
    tblpr = table._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(TEXT_WIDTH.twips)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _insert_ordered(tblpr, layout, TBLPR_ORDER)


def _set_grid(table, widths) -> None:
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips)))


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _row_height(row, twips: int) -> None:
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(twips))
    height.set(qn("w:hRule"), "atLeast")
    row._tr.get_or_add_trPr().append(height)


def _field(paragraph, instruction: str) -> None:
    """A complex field (PAGE, NUMPAGES) whose result Word and LibreOffice compute on layout."""
    for kind in ("begin", None, "separate", "text", "end"):
        run = paragraph.add_run()
        if kind == "text":
            run.text = "1"
            continue
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)


def _bookmark(paragraph, name: str, ident: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    paragraph._p.append(start)
    paragraph._p.append(end)


# -- styles ------------------------------------------------------------------------------------

def _paragraph_style(doc, name: str, base: str = "Normal", *, font: str = BODY_FONT,
                     size: float | None = None, bold: bool | None = None, colour=None,
                     before: float | None = None, after: float | None = None,
                     keep_next: bool = False, italic: bool | None = None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else \
        styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base] if name != base else None
    style.quick_style = True
    rpr = style.element.get_or_add_rPr()
    _set_fonts(rpr, font)
    _set_lang(rpr)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if colour is not None:
        style.font.color.rgb = colour
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_next:
        fmt.keep_with_next = True
    return style


def _toc_style(doc, level: int, indent_cm: float):
    """Word's built-in "toc N" (id TOCN), with a dotted right tab for the page number."""
    styles_el = doc.styles.element
    style = OxmlElement("w:style")
    style.set(qn("w:type"), "paragraph")
    style.set(qn("w:styleId"), f"TOC{level}")
    for tag, val in (("w:name", f"toc {level}"), ("w:basedOn", "Normal"), ("w:next", "Normal"),
                     ("w:uiPriority", "39")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        style.append(el)
    style.append(OxmlElement("w:unhideWhenUsed"))
    styles_el.append(style)
    result = doc.styles[f"toc {level}"]
    fmt = result.paragraph_format
    fmt.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    fmt.left_indent = Cm(indent_cm)
    fmt.space_before = Pt(6 if level == 1 else 0)
    fmt.space_after = Pt(2)
    rpr = result.element.get_or_add_rPr()
    _set_fonts(rpr, BODY_FONT)
    _set_lang(rpr)
    if level == 1:
        result.font.bold = True
    return result


def _paragraph_shading(style, fill: str) -> None:
    ppr = style.element.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _insert_ordered(ppr, shd, PPR_ORDER)


def _character_style(doc, name: str, *, bold: bool, colour):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.quick_style = True
    style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = colour
    return style


def _centre_on_line(style) -> None:
    """Text centred on the line's height (Word: font alignment "Centered"), so a name sits
    level with the middle of the inline icon before it."""
    align = OxmlElement("w:textAlignment")
    align.set(qn("w:val"), "center")
    _insert_ordered(style.element.get_or_add_pPr(), align, PPR_ORDER)


def make_styles(doc) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(defaults, BODY_FONT)
    _set_lang(defaults)

    normal = _paragraph_style(doc, "Normal", "Normal", size=11, after=8)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True

    title = _paragraph_style(doc, "Title", font=HEADING_FONT, size=28, colour=ACCENT,
                             before=120, after=24)
    title.font.bold = False
    rule = title.element.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:bottom"))
    for key in [k for k in rule.attrib if "theme" in k]:
        del rule.attrib[key]
    rule.set(qn("w:color"), ACCENT_HEX)
    _paragraph_style(doc, "Subtitle", font=BODY_FONT, size=13, colour=MUTED, after=6,
                     italic=False)
    h1 = _paragraph_style(doc, "Heading 1", font=HEADING_FONT, size=18, bold=True,
                          colour=ACCENT, before=24, after=8, keep_next=True)
    h1.paragraph_format.keep_together = True
    _paragraph_style(doc, "Heading 2", font=HEADING_FONT, size=16, bold=True,
                     colour=ACCENT, before=0, after=12, keep_next=True)
    # -- one action per page: the action heading paragraph starts a new page, not the style,
    #    because a chapter's sections (Miljöstrategins utformning) are Heading 2 as well:
    #    heading levels never skip (SPEC §6, Matterhorn 14-003) --
    _paragraph_style(doc, "Heading 3", font=HEADING_FONT, size=13, bold=True, colour=ACCENT,
                     before=14, after=6, keep_next=True)
    toc_heading = _paragraph_style(doc, "TOC Heading", "Heading 1", font=HEADING_FONT,
                                   size=18, bold=True, colour=ACCENT, before=0, after=12)
    toc_heading.paragraph_format.page_break_before = True
    for name in ("Header", "Footer"):
        _paragraph_style(doc, name, size=9, colour=MUTED, after=0)
    bullet = _paragraph_style(doc, "List Bullet", after=3)
    bullet.paragraph_format.left_indent = Cm(0.9)
    _toc_style(doc, 1, 0)
    _toc_style(doc, 2, 0.6)

    # -- the template's own styles (Swedish names: communicators see them in Word) --
    kicker = _paragraph_style(doc, "Titelrad", size=12, bold=True, colour=ACCENT, before=96,
                              after=6)
    kicker.font.all_caps = True
    _paragraph_style(doc, "Metadatarubrik", size=11, bold=True, colour=ACCENT, after=0)
    _paragraph_style(doc, "Tabelltext", size=10, after=0)
    _paragraph_style(doc, "Tabellrubrik", size=10, bold=True, after=0)
    icon_tab = Emu(ICON_LARGE + Cm(0.5))
    line = _paragraph_style(doc, "Ikonrad", before=3, after=3)
    line.paragraph_format.line_spacing = 1.0
    _centre_on_line(line)
    line.paragraph_format.tab_stops.add_tab_stop(icon_tab)
    head = _paragraph_style(doc, "Ikonrad prioritering", "Ikonrad", before=10, after=3,
                            keep_next=True)
    _paragraph_shading(head, TINT_HEX)
    area = _paragraph_style(doc, "Ikonrad fokusområde", "Ikonrad", before=2, after=2)
    inset = Emu((ICON_LARGE - ICON_SMALL) // 2)
    area.paragraph_format.left_indent = inset
    area.paragraph_format.tab_stops.add_tab_stop(Emu(icon_tab - inset))
    _character_style(doc, "Ikonnamn", bold=True, colour=ACCENT)
    _character_style(doc, "Ikonnamn liten", bold=False, colour=None)
    _paragraph_style(doc, "Åtgärdstext", before=14, after=10)
    _paragraph_style(doc, "Listrubrik", bold=True, before=10, after=4, keep_next=True)
    _paragraph_style(doc, "Förklaring", size=9, colour=MUTED, before=6, after=6)


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)

    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run("{{ plan.document_name }}")

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Sida ")
    _field(footer, "PAGE")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES")


# -- content -----------------------------------------------------------------------------------

def p(doc, text: str = "", style: str = "Normal", page_break: bool = False):
    """One paragraph; `*word*` spans become italic runs (the prose uses them for titles)."""
    para = doc.add_paragraph(style=style)
    parts = text.split("*")
    for i, part in enumerate(parts):
        if part:
            para.add_run(part).italic = bool(i % 2)
    if page_break:
        para.paragraph_format.page_break_before = True
    return para


def title_page(doc) -> None:
    p(doc, "{{ plan.municipality }}", "Titelrad")
    p(doc, "{{ plan.document_name }}", "Title")
    rows = [
        ("Metadata om dokument", None),
        ("Dokumentnamn", "{{ plan.document_name }}"),
        ("Dokumenttyp", "{{ plan.document_type }}"),
        ("Omfattar", "{{ plan.scope }}"),
        ("Dokumentägare", "{{ plan.owner }}"),
        ("Dokumentansvarig", "{{ plan.responsible }}"),
        ("Publicering", "{{ plan.publication|dash }}"),
        ("Författningsstöd", "{{ plan.legal_basis|dash }}"),
        ("Beslutad", "{{ plan.decided|dash }}"),
        ("Bör revideras senast", "{{ plan.review_by|dash }}"),
        ("Beslutsinstans", "{{ plan.deciding_body|dash }}"),
        ("Diarienummer", "{{ plan.case_number|dash }}"),
        (None, "{%tr for revision in revisions %}"),
        ("Revidering {{ revision.number }}",
         "{{ revision.date|dash }}{% if revision.paragraph %}, {{ revision.paragraph }}{% endif %}"
         "{% if revision.description %} – {{ revision.description }}{% endif %}"),
        (None, "{%tr endfor %}"),
        (None, "{%tr if not revisions %}"),
        ("Revidering", "–"),
        (None, "{%tr endif %}"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _borders(table, colour="BFBFBF")
    _full_width(table)
    widths = (Cm(4.5), Cm(11.5))
    for label, value in rows:
        cells = table.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = width
        if value is None:
            # -- a header row (tagged as TH in the PDF): the table's caption, across both --
            merged = cells[0].merge(cells[1])
            merged.paragraphs[0].text = label
            merged.paragraphs[0].style = doc.styles["Metadatarubrik"]
            _shade(merged, TINT_HEX)
            _repeat_header(table.rows[-1])
            continue
        if label is None:
            # -- a docxtpl row tag: the whole row is replaced by the tag when rendering --
            cells[0].paragraphs[0].text = value
            cells[0].paragraphs[0].style = doc.styles["Tabelltext"]
            continue
        cells[0].paragraphs[0].text = label
        cells[0].paragraphs[0].style = doc.styles["Tabellrubrik"]
        _shade(cells[0], TINT_HEX)
        cells[1].paragraphs[0].text = value
        cells[1].paragraphs[0].style = doc.styles["Tabelltext"]
    _set_grid(table, widths)
    for row in table.rows:
        _cant_split(row)
        for cell in row.cells:
            _cell_props(cell, valign="center")
            cell.paragraphs[0].paragraph_format.space_before = Pt(2)
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)


def contents(doc) -> None:
    p(doc, "Innehåll", "TOC Heading")
    marker = p(doc, "Innehållsförteckningen skapas här när planen byggs.", "toc 1")
    _bookmark(marker, "toc", 0)


INTRO = [
    ("h1", "Varför en handlingsplan till miljöstrategin?", True),
    ("p", "För att säkerställa genomförandet av miljöstrategin har kommunfullmäktige uppdragit "
          "kommundirektören att ta fram en handlingsplan. Tillsammans med "
          "koncernledningsgruppen samordnar kommundirektören arbetet med handlingsplanen som "
          "ska genomföras för att verkställa miljöstrategin. Kommunkoncernledningen ska ha "
          "överblick över det operativa arbetet i kommunkoncernen för att säkerställa en "
          "effektiv implementering på tjänstemannanivå."),
    ("p", "Genomförandet följer samma styrkedja och regleringar som övrigt arbete i "
          "kommunkoncernen. Reglementen, ägardirektiv och delegationsordningar etc. styr vem "
          "som fattar beslut om vad för genomförandet. Det betyder att politiska beslut som "
          "krävs för genomförandet av miljöstrategin tas i respektive ansvarig nämnd eller "
          "bolag."),
    ("h1", "Miljöarbetet berör alla", False),
    ("p", "Miljöarbetet är tvärsektoriellt och komplext och miljöstrategin beskriver hur det "
          "berör alla nämnder och helägda kommunala bolag. På samma sätt berörs alla "
          "kommunkoncernens verksamheter. Alla behöver bidra för att miljöstrategin ska kunna "
          "genomföras."),
    ("p", "Genomförandet av miljöstrategin kräver ökad kunskap och förändringar i attityd och "
          "beteende, liksom att jobba kommunkoncerngemensamt över organisationsgränserna."),
    ("h1", "Handlingsplanens syfte", False),
    ("p", "Handlingsplanen syftar till att översätta miljöstrategins målsättningar och "
          "ambitioner, samt det ansvar som delats ut politiskt, till konkreta åtgärder som "
          "ofta innebär ett delat ansvar och ökat samarbete. Miljöstrategin är långsiktig. "
          "För att uppnå strategin krävs ett aktivt arbete från dag ett. Handlingsplanen är därför utformad för ett år i taget, och revideras minst en "
          "gång om året."),
    ("lead", "Handlingsplanen till miljöstrategin:"),
    ("li", "konkretiserar och planerar vad kommunkoncernen ska göra för att implementera "
           "strategin"),
    ("li", "skapar överblick och kontroll över ett brett område"),
    ("li", "underlättar ansvarsfördelning och samarbete inom kommunkoncernen"),
    ("li", "underlättar kommunikation och uppföljning av vad som görs"),
    ("h1", "En del av ordinarie styrning och styrkedja", False),
    ("p", "Miljöstrategin är ett övergripande strategiskt styrdokument som ska underlätta "
          "genomförandet av de miljömässiga ambitionerna i *Strategisk plan* och efterföljande "
          "nämndplaner, verksamhetsplaner och affärsplaner."),
    ("p", "Miljöstrategin utgör underlag till nämndernas strategier i nämndplanerna och "
          "bolagens affärsplaner. Miljöstrategin är ett verktyg för den ordinarie styrkedjan "
          "så att hela kommunkoncernen kan jobba effektivt för att förverkliga ambitionerna i "
          "*Strategisk plan*. På samma sätt är handlingsplanen och den process som krävs för "
          "att skapa och följa upp handlingsplanen ett viktigt verktyg i den ordinarie "
          "styrkedjan. Handlingsplanen säkerställer att samordning och samarbete sker på ett "
          "effektivt och ändamålsenligt sätt."),
    ("h1", "Uppföljning", False),
    ("p", "Det är kommundirektören som ansvarar för att återrapportera arbetet med "
          "handlingsplanen till miljönämnden. Ordinarie uppföljning sker två gånger per år och "
          "uppföljningen sker samordnat med ordinarie uppföljning i samband med delårsbokslut "
          "och årsbokslut. Kommundirektörens återrapport av arbetet med handlingsplanen är "
          "grunden för det miljöbokslut som miljönämnden sedan tar fram."),
    ("h1", "Process för framtagande", False),
    ("p", "För framtagandet av handlingsplanen har organisationen varit densamma som för "
          "miljöstrategin. Koncernledningsgruppen är styrgrupp, chefer närmare verksamheterna "
          "bildar en operativ styrgrupp och arbetsgruppen som lett arbetet är miljökontorets "
          "miljöstrateger. Koncernledningsgruppen har föreslagit {{ plan.action_count }} "
          "{{ 'åtgärd' if plan.action_count == 1 else 'åtgärder' }} och verksamheterna har "
          "konkretiserat dessa åtgärder i aktiviteter som de åtar sig under året."),
    ("p", "I årets handlingsplan har åtgärder som kan ge stor effekt på lång sikt, samt "
          "åtgärder som kan anses som så kallad \"lågt hängande frukt\", värderats högt av "
          "kommunkoncernledningen. De {{ plan.action_count }} "
          "{{ 'åtgärd' if plan.action_count == 1 else 'åtgärder' }} som har tagits fram inom "
          "koncernledningen har baserats på tre parametrar:"),
    ("li", "Miljöstrategins {{ strategy.priority_count_words }} "
           "{{ 'prioritering' if strategy.priority_count == 1 else 'prioriteringar' }} och "
           "{{ strategy.focus_area_count_words }} "
           "{{ 'fokusområde' if strategy.focus_area_count == 1 else 'fokusområden' }}."),
    ("li", "Resultat och analys av {{ plan.previous_year }} års uppföljning av handlingsplan, "
           "och delmål i miljöstrategin."),
    ("li", "{{ plan.municipality_genitive }} koldioxidbudget."),
    ("p", "I nästa steg har bolagens och sektorernas ledningsgrupper fått ange vilka åtgärder "
          "som man åtar sig att arbeta med under {{ plan.year }}. Sedan har det varit upp till "
          "enskilda verksamheter att konkretisera åtgärderna i aktiviteter och anta dem i sin "
          "ordinarie verksamhetsplanering. Dessa aktiviteter går att läsa i Aktivitetslistan "
          "{{ plan.year }} (Bilaga 1){% if plan.annex_case_number %} "
          "(dnr {{ plan.annex_case_number }}){% endif %}."),
]


def intro(doc) -> None:
    for kind, text, *rest in INTRO:
        if kind == "h1":
            p(doc, text, "Heading 1", page_break=rest[0])
        elif kind == "li":
            p(doc, text, "List Bullet")
        elif kind == "lead":
            p(doc, text).paragraph_format.keep_with_next = True
        else:
            p(doc, text)


def _icon_line(doc, icon: str, name: str, style: str, name_style: str) -> None:
    """One paragraph: the icon, a tab, the name raised to the icon's middle.

    A paragraph rather than a two-column table: a table would be tagged as a data table in
    the PDF, and these are layout, not data (PDF/UA wants header cells in every table).
    """
    para = doc.add_paragraph(style=style)
    para.add_run(icon)
    para.add_run("\t")
    para.add_run(name, style=name_style)


def strategy_chapter(doc) -> None:
    p(doc, "Miljöstrategins utformning", "Heading 1", page_break=True)
    p(doc, "Miljöstrategin består av {{ strategy.priority_count_words }} "
           "{{ 'prioritering' if strategy.priority_count == 1 else 'prioriteringar' }} med "
           "sammanlagt {{ strategy.focus_area_count_words }} "
           "{{ 'fokusområde' if strategy.focus_area_count == 1 else 'fokusområden' }}, och "
           "{{ strategy.working_method_count_words }} arbetssätt som beskriver hur "
           "kommunkoncernen ska arbeta.")
    section = p(doc, "Prioriteringar och fokusområden", "Heading 2")
    section.paragraph_format.space_before = Pt(14)
    p(doc, "{%p for priority in strategy.priorities %}")
    _icon_line(doc, "{{ priority.icon }}", "{{ priority.name }}", "Ikonrad prioritering",
               "Ikonnamn")
    p(doc, "{%p for area in priority.focus_areas %}")
    _icon_line(doc, "{{ area.small_icon }}", "{{ area.name }}", "Ikonrad fokusområde",
               "Ikonnamn liten")
    p(doc, "{%p endfor %}")
    p(doc, "{%p endfor %}")
    p(doc, "{%p if strategy.working_methods %}")
    section = p(doc, "Arbetssätt", "Heading 2")
    section.paragraph_format.space_before = Pt(14)
    p(doc, "{%p for method in strategy.working_methods %}")
    _icon_line(doc, "{{ method.icon }}", "{{ method.name }}", "Ikonrad", "Ikonnamn")
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")
    p(doc, "Ovan finns en överblick av miljöstrategins {{ strategy.priority_count_words }} "
           "{{ 'prioritering' if strategy.priority_count == 1 else 'prioriteringar' }}: "
           "{{ strategy.priority_names }}. "
           "{{ 'Den' if strategy.priority_count == 1 else 'Dessa' }} är konkretiserade i "
           "{{ strategy.focus_area_count_words }} "
           "{{ 'fokusområde' if strategy.focus_area_count == 1 else 'fokusområden' }} – det "
           "är {{ 'detta' if strategy.focus_area_count == 1 else 'dessa' }} som ligger till "
           "grund för årets {{ plan.action_count }} "
           "{{ 'åtgärd' if plan.action_count == 1 else 'åtgärder' }}.",
      "Åtgärdstext")


def reading_guide(doc) -> None:
    p(doc, "Så ska du läsa handlingsplanen", "Heading 1", page_break=True)
    p(doc, "Varje åtgärd presenteras på en egen sida och är uppbyggd på samma sätt:")
    for text in (
        "Överst står åtgärdens nummer och rubrik.",
        "Under rubriken visas ikonerna för de fokusområden och arbetssätt i miljöstrategin "
        "som åtgärden bidrar till, med namnet bredvid varje ikon.",
        "Därefter följer en beskrivning av åtgärden: varför den behövs och vad "
        "kommunkoncernen ska göra under {{ plan.year }}.",
        "Sist på sidan listas de sektorer och bolag som har aktiviteter inom åtgärden. "
        "Listan hämtas direkt från Aktivitetslistan {{ plan.year }} (Bilaga 1), där varje "
        "aktivitet beskrivs med verksamhet, ansvarig och tidplan.",
    ):
        p(doc, text, "List Bullet")
    p(doc, "Sist i handlingsplanen finns en översikt som visar vilka sektorer och bolag som "
           "har aktiviteter inom respektive åtgärd.", "Åtgärdstext")


def actions(doc) -> None:
    p(doc, "Åtgärder {{ plan.year }}", "Heading 1", page_break=True)
    p(doc, "Handlingsplanen för {{ plan.year }} innehåller {{ plan.action_count }} "
           "{{ 'åtgärd' if plan.action_count == 1 else 'åtgärder' }}. Varje åtgärd "
           "presenteras på en egen sida, med de delar av miljöstrategin som den bidrar till "
           "och de sektorer och bolag som har aktiviteter inom den.")
    p(doc, "{%p for action in actions %}")
    p(doc, "{{ action.number }}. {{ action.title }}", "Heading 2", page_break=True)
    p(doc, "{%p for element in action.elements %}")
    _icon_line(doc, "{{ element.icon }}", "{{ element.name }}", "Ikonrad", "Ikonnamn")
    p(doc, "{%p endfor %}")
    p(doc, "{{ action.description }}", "Åtgärdstext")
    p(doc, "Sektor/bolag med aktiviteter inom åtgärden:", "Listrubrik")
    p(doc, "{%p for unit in action.units %}")
    p(doc, "{{ unit.name }}", "List Bullet")
    p(doc, "{%p endfor %}")
    p(doc, "{%p if not action.units %}")
    p(doc, "Inga sektorer eller bolag har ännu aktiviteter inom åtgärden.")
    p(doc, "{%p endif %}")
    p(doc, "{%p endfor %}")


def overview(doc) -> None:
    p(doc, "Översikt: sektorer och bolag per åtgärd", "Heading 1", page_break=True)
    p(doc, "Tabellen visar vilka sektorer och bolag som har aktiviteter inom respektive "
           "åtgärd. En markering (●) betyder att sektorn eller bolaget har minst en aktivitet "
           "inom åtgärden i Aktivitetslistan {{ plan.year }} (Bilaga 1).")
    table = doc.add_table(rows=2, cols=5)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table, colour="A6A6A6")
    # -- widths per cell (tcW): the writer rebuilds the grid from them once the unit
    #    columns are repeated, so the Nr and Åtgärd columns keep their width --
    widths = (Cm(0.9), Cm(7.4), Cm(0.2), Cm(1.1), Cm(0.2))
    header = [("Nr", "Tabellrubrik"), ("Åtgärd", "Tabellrubrik"),
              ("{%tc for unit in units %}", "Tabelltext"), ("{{ unit.name }}", "Tabellrubrik"),
              ("{%tc endfor %}", "Tabelltext")]
    body = [("{{ action.number }}", "Tabelltext"), ("{{ action.title }}", "Tabelltext"),
            ("{%tc for mark in action.unit_marks %}", "Tabelltext"),
            ("{{ '●' if mark else '' }}", "Tabelltext"), ("{%tc endfor %}", "Tabelltext")]
    for row, content in zip(table.rows, (header, body)):
        for cell, width, (text, style) in zip(row.cells, widths, content):
            cell.width = width
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles[style]
    for cell in table.rows[0].cells:
        _shade(cell, TINT_HEX)
    unit_header = table.rows[0].cells[3]
    _cell_props(unit_header, valign="center", text_direction="btLr")
    for i in (0, 1):
        _cell_props(table.rows[0].cells[i], valign="bottom")
    mark = table.rows[1].cells[3]
    mark.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cell_props(mark, valign="center")
    table.rows[1].cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(table.rows[0])
    _row_height(table.rows[0], int(Cm(5.4).twips))
    _cant_split(table.rows[0])
    _cant_split(table.rows[1])
    # -- the row loop wraps the body row: a tr tag needs a row of its own --
    body_row = table.rows[1]._tr
    for tag, where in (("{%tr for action in actions %}", "before"), ("{%tr endfor %}", "after")):
        row = table.add_row()
        row.cells[0].paragraphs[0].text = tag
        tr = table.rows[-1]._tr
        getattr(body_row, "addprevious" if where == "before" else "addnext")(tr)


def bullets(doc) -> None:
    """List Bullet's numbering: a plain "•" in the body font instead of Word's Symbol-font
    glyph, which LibreOffice and PDF/A font embedding would have to map."""
    numbering = doc.part.numbering_part.element
    style_id = doc.styles["List Bullet"].style_id
    for lvl in numbering.iter(qn("w:lvl")):
        pstyle = lvl.find(qn("w:pStyle"))
        if pstyle is None or pstyle.get(qn("w:val")) != style_id:
            continue
        lvl.find(qn("w:lvlText")).set(qn("w:val"), "•")
        fonts = lvl.find(qn("w:rPr")).find(qn("w:rFonts"))
        for key in list(fonts.attrib):
            del fonts.attrib[key]
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), BODY_FONT)


def settings(doc) -> None:
    settings_el = doc.settings.element
    # -- python-docx's default settings carry a themeFontLang (en-US) and a zoom without the
    #    percent the schema requires --
    settings_el.find(qn("w:themeFontLang")).set(qn("w:val"), LANGUAGE)
    settings_el.find(qn("w:zoom")).set(qn("w:percent"), "100")
    rsids = settings_el.find(qn("w:rsids"))
    if rsids is not None:
        settings_el.remove(rsids)


def build(out: Path) -> Path:
    doc = Document()
    make_styles(doc)
    page_setup(doc)
    settings(doc)
    bullets(doc)
    title_page(doc)
    contents(doc)
    intro(doc)
    strategy_chapter(doc)
    reading_guide(doc)
    actions(doc)
    overview(doc)
    props = doc.core_properties
    props.title = "Mall: handlingsplan till miljöstrategin"
    props.author = ""
    props.last_modified_by = ""
    props.language = LANGUAGE
    # -- no Jinja braces here: docxtpl renders core properties as templates too --
    props.comments = ("Mall för handlingsplanen. Texter, typsnitt och färger får ändras; "
                      "taggarna med klammerparenteser fylls i från arbetsboken.")
    props.created = props.modified = TEMPLATE_DATE
    props.revision = 1
    # -- python-docx's default package carries a thumbnail of its own blank page --
    package = doc.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[key]
    # -- and a Word 2010 stylesWithEffects part holding the default styles before ours;
    #    styles.xml is the one every Word and LibreOffice reads --
    for key, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[key]
    buffer = io.BytesIO()
    doc.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    # -- fixed zip entry dates: rebuilding an unchanged template gives the same bytes --
    out.write_bytes(normalise_package(buffer.getvalue(), TEMPLATE_DATE))
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    print(build(target))
