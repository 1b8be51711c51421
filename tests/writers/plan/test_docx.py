"""writers/plan/docx.py: the plan document rendered from the bundled template (SPEC §6)."""
from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from builders import solvik_sheets, write_solvik
from conftest import ROOT, SHARED
from office_tools import convert_with_libreoffice, needs_ooxml_validator, validate_ooxml
from plan_model import derive
from plan_model.errors import InputError
from plan_model.options import DEFAULT_PLAN_TEMPLATE, BuildOptions
from plan_model.pipeline import check
from plan_model.writers.plan.docx import toc_entries_of_docx, with_toc_pages, write_plan_docx

TITLES = ["Fler laddstolpar", "Träd längs gatorna", "Renare bussar"]

HOSTILE_TITLE = "{{ 7*7 }} & \"citat\" 'enkla' <w:p> ]]> 🌍"
HOSTILE_DESCRIPTION = ("{% if x %}ja{% endif %} {_{ inte }_} <w:p><w:r><w:t>x</w:t></w:r></w:p> "
                       "& ]]> \"q\" 😀 " + "Ordentligtlångtordsomintefårbrytaslayoutensärskiltinte" +
                       "\nAndra raden.")
LONG_WORD = "Miljö" + "x" * 55
LONG_PARAGRAPH = ("Lång text om miljöarbete. " * 160)[:4000].strip()
HOSTILE_UNIT = "Enhet {{ unit.name }} & <b>fet</b>"
HOSTILE_ELEMENT = "Samarbete {% raw %} & <alt>"


# -- helpers --------------------------------------------------------------------------------

def plan_of(folder: Path):
    result = check(folder)
    assert result.ok, [f.line() for f in result.findings]
    return result.plan


def document_of(data: bytes):
    return Document(io.BytesIO(data))


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def all_parts_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(package.read(n).decode("utf-8") for n in package.namelist()
                         if n.endswith((".xml", ".rels")))


def body_texts(document) -> list[str]:
    """Every paragraph's text in the body (tables included), in document order."""
    return ["".join(t.text or "" if t.tag == qn("w:t") else "\n"
                    for t in p.iter(qn("w:t"), qn("w:br")))
            for p in document.element.body.iter(qn("w:p"))]


def styled(document, style_name: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style_name]


def hostile_sheets() -> dict:
    sheets = solvik_sheets()
    actions = sheets["Åtgärder"]
    actions[1][1] = HOSTILE_TITLE
    actions[1][3] = HOSTILE_DESCRIPTION
    actions[2][3] = LONG_PARAGRAPH
    actions[3][1] = LONG_WORD
    actions[3][2] = "Ren luft; " + HOSTILE_ELEMENT
    sheets["Strategi"].append(["Arbetssätt", HOSTILE_ELEMENT, "", "samarbete.png", ""])
    sheets["Organisation"].append([HOSTILE_UNIT, "Sektor", None])
    sheets["Aktiviteter"].append([3, HOSTILE_UNIT, "", "{{ 7*7 }} <w:p> & 😀", "", "", ""])
    return sheets


@pytest.fixture(scope="module")
def solvik_plan(tmp_path_factory):
    return plan_of(write_solvik(tmp_path_factory.mktemp("solvik") / "in"))


@pytest.fixture(scope="module")
def solvik_docx(solvik_plan) -> bytes:
    return write_plan_docx(solvik_plan, BuildOptions())


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory):
    return plan_of(write_solvik(tmp_path_factory.mktemp("hostile") / "in", hostile_sheets()))


@pytest.fixture(scope="module")
def hostile_docx(hostile_plan) -> bytes:
    return write_plan_docx(hostile_plan, BuildOptions())


# -- no Borlänge, no prompts, no tags -------------------------------------------------------

def test_solvik_plan_holds_no_string_of_the_borlange_example(solvik_docx):
    text = all_parts_text(solvik_docx)
    for word in ("Borlänge", "Tunabyggen", "Hushagen", "Hushage", "Bildningssektorn",
                 "2023", "2022", "2024"):
        assert word not in text, word
    assert "Solvik" in text and "Solviks koldioxidbudget" in text


def test_no_prompt_text_or_unrendered_tag_anywhere(solvik_docx):
    text = all_parts_text(solvik_docx)
    for bad in ("{{", "{%", "{#", "Lägg in text", "Klicka eller tryck här", "Skriv siffror",
                "Lägg in datum"):
        assert bad not in text, bad


def test_template_holds_no_municipality_name_either():
    text = all_parts_text(DEFAULT_PLAN_TEMPLATE.read_bytes())
    for word in ("Borlänge", "Tunabyggen", "Hushagen", "Bildningssektorn", "2023"):
        assert word not in text, word


# -- the intro chapters compute years, counts and names -------------------------------------

def test_intro_computes_years_counts_and_genitive(solvik_docx):
    text = "\n".join(body_texts(document_of(solvik_docx)))
    assert "föreslagit 3 åtgärder" in text
    assert "Miljöstrategins en prioritering och två fokusområden." in text
    assert "Resultat och analys av 2030 års uppföljning" in text
    assert "under 2031" in text
    assert "Aktivitetslistan 2031 (Bilaga 1)." in text
    assert "dnr" not in text
    assert "Ren luft" in text and "årets 3 åtgärder" in text


def test_annex_case_number_is_shown_only_when_known(tmp_path):
    sheets = solvik_sheets()
    sheets["Dokument"].append(["Diarienummer Bilaga 1", "KS 2031/78"])
    data = write_plan_docx(plan_of(write_solvik(tmp_path / "in", sheets)), BuildOptions())
    assert "Aktivitetslistan 2031 (Bilaga 1) (dnr KS 2031/78)." in "\n".join(
        body_texts(document_of(data)))


def test_metadata_table_shows_values_and_dashes_for_empty_fields(solvik_docx):
    table = document_of(solvik_docx).tables[0]
    assert table.rows[0].cells[0].text == "Metadata om dokument"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert rows["Dokumentnamn"] == "Åtgärdsplan för miljöprogrammet 2031"
    assert rows["Dokumentägare"] == "Stadsdirektör"
    assert rows["Publicering"] == "Solviks webbplats"
    assert rows["Författningsstöd"] == "–"
    assert rows["Beslutad"] == "2031-03-15"
    assert rows["Bör revideras senast"] == "2032-03-01"
    assert rows["Beslutsinstans"] == "Kommunstyrelsen"
    assert rows["Diarienummer"] == "KS 2031/77"
    assert rows["Revidering 1"] == "2031-03-15, § 42 – Första versionen"


# -- headings, action pages, lists, icons ---------------------------------------------------

def test_headings_are_real_heading_styles(solvik_docx):
    document = document_of(solvik_docx)
    assert "Åtgärder 2031" in styled(document, "Heading 1")
    assert styled(document, "Heading 2") == (["Prioriteringar och fokusområden", "Arbetssätt"]
                                             + [f"{i}. {t}" for i, t in enumerate(TITLES, 1)])
    # -- one action per page: each action heading starts a page; the strategy chapter's own
    #    Heading 2 sections do not --
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 2":
            starts_page = paragraph.paragraph_format.page_break_before is True
            assert starts_page == (paragraph.text in styled(document, "Heading 2")[-3:])


def test_description_line_breaks_are_real_breaks(solvik_docx):
    assert "Vi bygger laddstolpar.\nÖverallt." in body_texts(document_of(solvik_docx))


def test_units_are_a_real_list_in_organisation_order(solvik_docx, solvik_plan):
    document = document_of(solvik_docx)
    numbering = document.styles["List Bullet"].element.pPr.find(qn("w:numPr"))
    assert numbering is not None
    lists, current = [], None
    for p in document.paragraphs:
        if p.text == "Sektor/bolag med aktiviteter inom åtgärden:":
            current = []
            lists.append(current)
        elif current is not None and p.style.name == "List Bullet":
            current.append(p.text)
        elif current is not None and p.text:
            current = None
    expected = derive.units_by_action(solvik_plan)
    assert lists == [[u.name for u in expected[n]] for n in (1, 2, 3)]
    assert lists[0] == ["Tekniska förvaltningen", "Ängsbo Bostäder AB"]


def _icon_rows(document) -> list[tuple[str, str, str]]:
    """(visible name, alt descr, alt title) of every icon line (a paragraph: icon, name)."""
    found = []
    for paragraph in document.element.body.iter(qn("w:p")):
        doc_prs = list(paragraph.iter(qn("wp:docPr")))
        if doc_prs:
            assert len(doc_prs) == 1
            name = "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip()
            found.append((name, doc_prs[0].get("descr"), doc_prs[0].get("title")))
    return found


def test_icons_carry_the_name_as_visible_text_and_alt_text(solvik_docx):
    rows = _icon_rows(document_of(solvik_docx))
    # -- descr only: a title too would make the PDF's alt text "Namn - Namn" (SPEC §6) --
    assert rows and all(name == descr and not title for name, descr, title in rows)
    names = [name for name, _, _ in rows]
    # -- strategy chapter: priority, its focus areas, then the working method; then actions --
    assert names == ["Ren luft", "Minska utsläppen", "Grönare gator", "Samarbete över gränser",
                     "Minska utsläppen", "Grönare gator", "Samarbete över gränser", "Ren luft"]


def test_action_icons_are_about_two_centimetres_wide(solvik_docx):
    """1.8 cm on the action pages; the strategy overview lists focus areas at 1.2 cm."""
    emu_per_cm = 360000
    document = document_of(solvik_docx)
    body = list(document.element.body.iter(qn("w:p"), "{http://schemas.openxmlformats.org/"
                                            "drawingml/2006/wordprocessingDrawing}extent"))
    heading_2 = document.styles["Heading 2"].style_id
    first_action = next(i for i, el in enumerate(body) if el.tag == qn("w:p")
                        and el.xpath("string(w:pPr/w:pStyle/@w:val)") == heading_2
                        and el.xpath("string(.)").startswith("1. "))
    widths = [int(el.get("cx")) / emu_per_cm for el in body[first_action:]
              if el.tag != qn("w:p")]
    assert widths and all(1.5 <= cm <= 2.0 for cm in widths)
    overview = [int(el.get("cx")) / emu_per_cm for el in body[:first_action] if el.tag != qn("w:p")]
    assert overview and all(1.1 <= cm <= 2.0 for cm in overview)


def test_overview_table_marks_units_with_activities_and_repeats_its_header(solvik_docx):
    document = document_of(solvik_docx)
    table = document.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Nr", "Åtgärd", "Miljöförvaltningen", "Tekniska förvaltningen",
                      "Ängsbo Bostäder AB", "Öresundsvatten AB"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    marks = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert marks == [["1", "Fler laddstolpar", "", "●", "●", ""],
                     ["2", "Träd längs gatorna", "●", "", "", "●"],
                     ["3", "Renare bussar", "", "●", "", ""]]
    grid = table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    assert len(grid) == 6 and int(grid[1].get(qn("w:w"))) > 3 * int(grid[2].get(qn("w:w")))


def test_an_action_without_elements_or_units_still_renders(tmp_path):
    sheets = solvik_sheets()
    sheets["Åtgärder"].append([4, "Utan allt", "", "Ingen koppling."])
    data = write_plan_docx(plan_of(write_solvik(tmp_path / "in", sheets)), BuildOptions())
    document = document_of(data)
    assert all(t.find(qn("w:tr")) is not None for t in document.element.body.iter(qn("w:tbl")))
    texts = body_texts(document)
    start = texts.index("4. Utan allt")
    assert "Inga sektorer eller bolag har ännu aktiviteter inom åtgärden." in texts[start:]


# -- TOC ------------------------------------------------------------------------------------

def _toc_parts(data: bytes):
    root = etree.fromstring(part_xml(data, "word/document.xml").encode())
    instr = [i.text for i in root.iter(qn("w:instrText"))]
    begins = [f for f in root.iter(qn("w:fldChar")) if f.get(qn("w:fldCharType")) == "begin"]
    anchors = [h.get(qn("w:anchor")) for h in root.iter(qn("w:hyperlink"))]
    bookmarks = {b.get(qn("w:name")) for b in root.iter(qn("w:bookmarkStart"))}
    return root, instr, begins, anchors, bookmarks


def test_toc_is_a_real_field_with_entries_linked_to_heading_bookmarks(solvik_docx, solvik_plan):
    root, instr, begins, anchors, bookmarks = _toc_parts(solvik_docx)
    assert instr[0] == ' TOC \\o "1-2" \\h \\z \\u '
    assert begins[0].get(qn("w:dirty")) == "true"
    entries = toc_entries_of_docx(solvik_docx)
    assert len(anchors) == len(entries) and set(anchors) <= bookmarks
    assert [i.strip() for i in instr[1:len(entries) + 1]] == [f"PAGEREF {a} \\h" for a in anchors]
    assert entries[0] == (1, "Varför en handlingsplan till miljöstrategin?")
    assert (2, "1. Fler laddstolpar") in entries and (1, "Åtgärder 2031") in entries
    toc_styles = [p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))
                  for p in root.iter(qn("w:p")) if p.find(qn("w:hyperlink")) is not None]
    assert toc_styles == [f"TOC{level}" for level, _ in entries]
    assert "updateFields" in part_xml(solvik_docx, "word/settings.xml")
    assert "toc" not in bookmarks  # the template's marker is gone
    assert toc_entries_of_docx(solvik_docx) == entries


def test_toc_pages_are_written_and_the_field_is_not_dirty(solvik_plan, solvik_docx):
    count = len(toc_entries_of_docx(solvik_docx))
    pages = list(range(3, 3 + count))
    data = write_plan_docx(solvik_plan, BuildOptions(), toc_pages=pages)
    root, _, begins, _, _ = _toc_parts(data)
    assert all(b.get(qn("w:dirty")) is None for b in begins)
    assert "updateFields" not in part_xml(data, "word/settings.xml")
    toc_lines = [p for p in Document(io.BytesIO(data)).paragraphs if p.style.name.startswith("toc")]
    assert [p.text.rsplit("\t", 1)[-1] for p in toc_lines] == [str(n) for n in pages]
    with pytest.raises(ValueError):
        write_plan_docx(solvik_plan, BuildOptions(), toc_pages=pages[:-1])


def test_toc_pages_written_into_the_first_rendering_give_the_same_bytes(solvik_plan, solvik_docx):
    # -- issue 8: the PDF step numbers the TOC of the .docx already written instead of
    #    rendering the template again; the file must be the one a rendering would give --
    pages = list(range(3, 3 + len(toc_entries_of_docx(solvik_docx))))
    assert with_toc_pages(solvik_docx, pages, solvik_plan, BuildOptions()) == \
        write_plan_docx(solvik_plan, BuildOptions(), toc_pages=pages)
    with pytest.raises(ValueError):
        with_toc_pages(solvik_docx, pages[:-1], solvik_plan, BuildOptions())


# -- header, footer, properties, styles -----------------------------------------------------

def test_header_has_document_name_and_footer_page_x_of_y(solvik_docx):
    section = document_of(solvik_docx).sections[0]
    assert section.header.paragraphs[0].text == "Åtgärdsplan för miljöprogrammet 2031"
    footer = part_xml(solvik_docx, "word/footer1.xml") if "word/footer1.xml" in \
        zipfile.ZipFile(io.BytesIO(solvik_docx)).namelist() else section.footer._element.xml
    assert "Sida " in footer and " PAGE " in footer and " NUMPAGES " in footer


def test_core_properties_come_from_the_plan_never_the_clock(solvik_docx, solvik_plan):
    props = document_of(solvik_docx).core_properties
    assert props.title == "Åtgärdsplan för miljöprogrammet 2031"
    assert props.author == "Stadsdirektör"
    assert props.language == "sv-SE"
    assert "Solvik" in props.keywords and "Åtgärdsplan" in props.subject
    when = derive.document_date(solvik_plan)
    assert props.created.replace(tzinfo=None) == props.modified.replace(tzinfo=None) == when
    assert props.last_modified_by == "handlingsplan-generator"
    assert props.revision == 1


def test_styles_are_swedish_with_the_agreed_fonts(solvik_docx):
    styles = part_xml(solvik_docx, "word/styles.xml")
    theme = part_xml(solvik_docx, "word/theme/theme1.xml")
    root = etree.fromstring(styles.encode())
    default_lang = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert default_lang.get(qn("w:val")) == "sv-SE"
    for banned in ("Calibri Light", "Segoe UI", "Aptos", "Verdana"):
        assert banned not in styles and banned not in theme
    document = document_of(solvik_docx)
    assert document.styles["Normal"].font.name == "Calibri"
    assert document.styles["Heading 1"].font.name in ("Cambria", "Calibri")
    assert document.styles["Heading 1"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "sv-SE"


def test_two_builds_are_byte_identical(solvik_plan, solvik_docx):
    assert write_plan_docx(solvik_plan, BuildOptions()) == solvik_docx


# -- hostile text comes out literally -------------------------------------------------------

def test_hostile_text_comes_out_literally(hostile_docx):
    texts = body_texts(document_of(hostile_docx))
    joined = "\n".join(texts)
    assert f"1. {HOSTILE_TITLE}" in texts
    assert HOSTILE_DESCRIPTION in texts
    assert LONG_PARAGRAPH in texts
    assert f"3. {LONG_WORD}" in texts
    assert HOSTILE_UNIT in texts
    assert "49" not in joined.replace("2049", "")
    rows = _icon_rows(document_of(hostile_docx))
    assert (HOSTILE_ELEMENT, HOSTILE_ELEMENT, None) in rows


def test_hostile_package_is_well_formed_xml(hostile_docx):
    with zipfile.ZipFile(io.BytesIO(hostile_docx)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))


# -- broken templates -----------------------------------------------------------------------

def _broken_template(tmp_path: Path, old: str, new: str, where: str = "body") -> tuple[Path, int, str]:
    """A copy of the template with `old` replaced by `new` in the first paragraph holding it;
    returns the copy, that paragraph's number and its new text."""
    document = Document(str(DEFAULT_PLAN_TEMPLATE))
    root = document.element.body if where == "body" else document.sections[0].header._element
    for index, p in enumerate(root.iter(qn("w:p")), start=1):
        texts = list(p.iter(qn("w:t")))
        for t in texts:
            if old in (t.text or ""):
                t.text = t.text.replace(old, new)
                path = tmp_path / "trasig.docx"
                document.save(str(path))
                return path, index, "".join(x.text or "" for x in texts)
    raise AssertionError(f"{old!r} not in the template")


def _failure(plan, template: Path):
    with pytest.raises(InputError) as caught:
        write_plan_docx(plan, BuildOptions(template=template))
    assert len(caught.value.findings) == 1
    return caught.value.findings[0]


def test_unknown_attribute_names_the_tag_and_paragraph(tmp_path, solvik_plan):
    path, index, text = _broken_template(tmp_path, "{{ action.description }}",
                                         "{{ action.descriptoin }}")
    found = _failure(solvik_plan, path)
    assert (found.code, found.file, found.sheet, found.cell) == \
        ("template-unknown-variable", "trasig.docx", "", f"stycke {index}")
    assert found.value == "{{ action.descriptoin }}"
    assert text[:20] in found.message


def test_unknown_top_level_name_is_found_even_in_a_branch_not_taken(tmp_path, solvik_plan):
    path, index, _ = _broken_template(tmp_path, "{{ plan.municipality_genitive }}",
                                      "{% if false %}{{ kommun }}{% endif %}")
    found = _failure(solvik_plan, path)
    assert (found.code, found.cell, found.value) == \
        ("template-unknown-variable", f"stycke {index}", "{{ kommun }}")


def test_broken_tag_is_a_syntax_finding_at_its_paragraph(tmp_path, solvik_plan):
    path, index, _ = _broken_template(tmp_path, "{{ plan.document_name }}",
                                      "{{ plan.document_name }")
    found = _failure(solvik_plan, path)
    assert (found.code, found.cell) == ("template-syntax", f"stycke {index}")
    assert "plan.document_name" in found.value


def test_broken_block_tag_names_its_paragraph(tmp_path, solvik_plan):
    path, index, _ = _broken_template(tmp_path, "{%p for unit in action.units %}",
                                      "{%p for unit in %}")
    found = _failure(solvik_plan, path)
    assert (found.code, found.cell) == ("template-syntax", f"stycke {index}")
    assert found.value == "{%p for unit in %}"


def test_unknown_filter_is_a_syntax_finding_at_its_paragraph(tmp_path, solvik_plan):
    path, index, _ = _broken_template(tmp_path, "{{ plan.document_name }}",
                                      "{{ plan.document_name|versaler }}")
    found = _failure(solvik_plan, path)
    assert (found.code, found.cell) == ("template-syntax", f"stycke {index}")
    assert "versaler" in found.message


def test_unknown_name_in_the_header_names_the_header(tmp_path, solvik_plan):
    path, index, _ = _broken_template(tmp_path, "{{ plan.document_name }}", "{{ plan.titel }}",
                                      where="header")
    found = _failure(solvik_plan, path)
    assert (found.code, found.cell) == ("template-unknown-variable", f"sidhuvud, stycke {index}")


def test_missing_template_is_a_finding(tmp_path, solvik_plan):
    found = _failure(solvik_plan, tmp_path / "finns-inte.docx")
    assert (found.code, found.file) == ("template-missing", "finns-inte.docx")


def test_a_template_that_is_no_docx_is_a_finding(tmp_path, solvik_plan):
    fake = tmp_path / "mall.docx"
    fake.write_text("ingen zip", encoding="utf-8")
    found = _failure(solvik_plan, fake)
    assert (found.code, found.file) == ("template-unreadable", "mall.docx")


# -- the file opens: schema validation and LibreOffice --------------------------------------

@needs_ooxml_validator
def test_generated_docx_validates_against_the_ooxml_schemas(tmp_path, solvik_docx, hostile_docx):
    files = []
    for name, data in (("solvik.docx", solvik_docx), ("hostile.docx", hostile_docx)):
        files.append(tmp_path / name)
        files[-1].write_bytes(data)
    proc = validate_ooxml(*files, DEFAULT_PLAN_TEMPLATE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 invalid" in proc.stdout


def _to_pdf_text(docx: Path, out: Path) -> str:
    run, pdf = convert_with_libreoffice(docx, out)
    run.check_returncode()
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout


@pytest.mark.office
def test_libreoffice_converts_it_and_every_action_title_is_in_the_pdf(tmp_path, hostile_docx,
                                                                      hostile_plan):
    docx = tmp_path / "plan.docx"
    docx.write_bytes(hostile_docx)
    text = " ".join(_to_pdf_text(docx, tmp_path).split())
    for action in hostile_plan.actions:
        assert " ".join(action.title.split()) in text, action.title
    assert "Sida 1 av" in text


# -- the bundled example reproduces the reference plan (SPEC §8) -----------------------------

EXAMPLE = ROOT / "inputs" / "2023"
needs_example = pytest.mark.skipif(
    not (EXAMPLE / "handlingsplan.xlsx").is_file() or not SHARED.is_dir(),
    reason="the bundled example inputs/2023 or ../shared (the reference plan) is absent")


def _action_pages(document) -> list[dict]:
    """Title, icon names (visible and alt), description and units of each action page."""
    pages: list[dict] = []
    for block in document.iter_inner_content():
        if (hasattr(block, "style") and block.style.name == "Heading 2"
                and block.paragraph_format.page_break_before):
            # -- an action page; the strategy chapter's sections are Heading 2 without a break
            pages.append({"title": block.text.split(". ", 1)[1], "names": [], "alts": [],
                          "description": None, "units": []})
        elif hasattr(block, "style") and block.style.name == "Heading 1":
            if pages:
                break
        elif not pages:
            continue
        elif block.style.name == "Ikonrad":
            pages[-1]["names"].append(block.text.strip())
            pages[-1]["alts"] += [d.get("descr") for d in block._p.iter(qn("wp:docPr"))]
        elif block.style.name == "Åtgärdstext" and pages[-1]["description"] is None:
            pages[-1]["description"] = "".join(
                t.text if t.tag == qn("w:t") else "\n"
                for t in block._p.iter(qn("w:t"), qn("w:br")))
        elif block.style.name == "List Bullet":
            pages[-1]["units"].append(block.text)
    return pages


@needs_example
def test_bundled_example_reproduces_the_reference_plan():
    from seed_plan import INTRO_HEADINGS, seed_actions, seed_metadata

    plan = plan_of(EXAMPLE)
    document = document_of(write_plan_docx(plan, BuildOptions()))
    rows = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows[1:]}
    for label, value in seed_metadata().items():
        assert rows[label] == value, label
    headings = styled(document, "Heading 1")
    assert [h for h in headings if h in INTRO_HEADINGS] == list(INTRO_HEADINGS)
    assert f"Åtgärder {plan.metadata.year}" in headings
    pages = _action_pages(document)
    seed = seed_actions({u.name for u in plan.units})
    assert len(pages) == len(seed) == 17
    for page, expected in zip(pages, seed):
        assert page["title"] == expected.title
        assert page["names"] == expected.strategy == page["alts"], expected.title
        assert page["description"] == expected.description, expected.title
        assert set(page["units"]) == set(expected.units), expected.title
        order = [u.name for u in derive.ordered_units(plan)]
        assert page["units"] == [n for n in order if n in page["units"]]
