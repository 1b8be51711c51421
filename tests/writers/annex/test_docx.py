"""writers/annex/docx.py: Bilaga 1 as Word, from plans built in code (SPEC §5)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from office_tools import OOXML_VALIDATOR, convert_to_archive_pdf, validate_ooxml
from plan_model.derive import document_date
from plan_model.errors import InputError
from plan_model.model import Action, Activity, Plan, PlanMetadata, Revision, Unit, UnitKind
from plan_model.options import DEFAULT_ANNEX_TEMPLATE, BuildOptions
from plan_model.writers.annex.docx import write_annex_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
HOSTILE = ["{{ 7*7 }}", "<w:p><w:r><w:t>x</w:t></w:r></w:p>", "A & B", "slut ]]> här",
           "emoji 🌍😀", "rad ett\nrad två", "{_{ inte }_} {% if x %}", "'enkla' \"dubbla\""]


# -- plans built in code -----------------------------------------------------------------

def make_plan(activities=None, **metadata) -> Plan:
    """Solvik's plan: four units (Ordning puts Miljöförvaltningen first), four actions, the
    fourth without activities."""
    meta = dict(municipality="Solvik", document_name="Åtgärdsplan för miljöprogrammet 2031",
                document_type="Åtgärdsplan", scope="Solviks kommun", owner="Stadsdirektör",
                responsible="Hållbarhetsstrateg", year=2031, decided=dt.date(2031, 3, 15),
                case_number="KS 2031/77")
    meta.update(metadata)
    if activities is None:
        activities = [
            Activity(1, "Ängsbo Bostäder AB", "Laddplatser vid hyreshus", "Förvaltning", "VD", "Q3 2031"),
            Activity(1, "Tekniska förvaltningen", "Bygg 20 laddstolpar", "Gata", "Gatuchef", "2031"),
            Activity(2, "Öresundsvatten AB", "Dagvattenträd i nya kvarter"),
            Activity(2, "Miljöförvaltningen", "Inventera gatuträd", "Natur", "Ekolog", "2031"),
            Activity(3, "Tekniska förvaltningen", "Upphandla elbussar", "Trafik", "Trafikchef", "2031"),
        ]
    return Plan(
        metadata=PlanMetadata(**meta),
        revisions=(Revision(1, dt.date(2031, 3, 15), "§ 42", "Första versionen"),),
        units=(Unit("Tekniska förvaltningen", UnitKind.SECTOR, 2),
               Unit("Miljöförvaltningen", UnitKind.SECTOR, 1),
               Unit("Öresundsvatten AB", UnitKind.COMPANY),
               Unit("Ängsbo Bostäder AB", UnitKind.COMPANY)),
        actions=(Action(1, "Fler laddstolpar"), Action(2, "Träd längs gatorna"),
                 Action(3, "Renare bussar"), Action(4, "Utan aktiviteter")),
        activities=tuple(activities))


def build(plan: Plan, **options) -> bytes:
    return write_annex_docx(plan, BuildOptions(**options))



@pytest.fixture(scope="module")
def default_annex() -> bytes:
    """The annex of `make_plan()`, built once for the tests that only read it."""
    return build(make_plan())


def body_of(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def part_text(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def text_of(element) -> str:
    """Visible text, with w:br as a line break."""
    out = []
    for node in element.iter(f"{W}t", f"{W}br", f"{W}p"):
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}br":
            out.append("\n")
        elif out and not out[-1].endswith("\n"):
            out.append("\n")
    return "".join(out).strip()


def table_rows(data: bytes) -> list[etree._Element]:
    return body_of(data).findall(".//w:tbl/w:tr", NS)


def is_group_row(row) -> bool:
    return row.find("w:tc/w:tcPr/w:gridSpan", NS) is not None


def cells_text(row) -> list[str]:
    return [text_of(cell) for cell in row.findall("w:tc", NS)]


# -- the table ---------------------------------------------------------------------------

def test_one_row_per_activity_and_one_group_row_per_action_with_activities(default_annex):
    rows = table_rows(default_annex)
    header, body = rows[0], rows[1:]
    groups = [cells_text(r)[0] for r in body if is_group_row(r)]
    assert groups == ["1. Fler laddstolpar", "2. Träd längs gatorna", "3. Renare bussar"]
    assert len([r for r in body if not is_group_row(r)]) == 5
    assert header.find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in body)
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)


def test_activities_stand_under_their_action_in_organisation_order(default_annex):
    rows = table_rows(default_annex)[1:]
    listing = [cells_text(r)[0] if is_group_row(r) else "  " + cells_text(r)[0] for r in rows]
    assert listing == ["1. Fler laddstolpar", "  Tekniska förvaltningen", "  Ängsbo Bostäder AB",
                       "2. Träd längs gatorna", "  Miljöförvaltningen", "  Öresundsvatten AB",
                       "3. Renare bussar", "  Tekniska förvaltningen"]
    first = cells_text(rows[1])
    assert first == ["Tekniska förvaltningen", "Gata", "Bygg 20 laddstolpar", "Gatuchef", "2031"]


def test_group_rows_keep_with_the_next_row(default_annex):
    data = default_annex
    styles = etree.fromstring(part_text(data, "word/styles.xml").encode())
    group = next(r for r in table_rows(data) if is_group_row(r))
    style_id = group.find(".//w:pStyle", NS).get(f"{W}val")
    style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    own = group.find(".//w:pPr/w:keepNext", NS)
    assert own is not None or style.find("w:pPr/w:keepNext", NS) is not None


def test_column_nobody_fills_is_left_out_and_the_width_kept(default_annex):
    activities = [dataclasses.replace(a, responsible="") for a in make_plan().activities]
    data = build(make_plan(activities))
    rows = table_rows(data)
    assert cells_text(rows[0]) == ["Sektor/bolag", "Verksamhet", "Aktivitet", "Tidplan"]
    assert all(len(cells_text(r)) == 4 for r in rows if not is_group_row(r))
    grid = [int(c.get(f"{W}w")) for c in body_of(data).findall(".//w:tblGrid/w:gridCol", NS)]
    full = [int(c.get(f"{W}w")) for c in
            body_of(default_annex).findall(".//w:tblGrid/w:gridCol", NS)]
    assert len(grid) == 4 and sum(grid) == sum(full)
    group_span = rows[1].find("w:tc/w:tcPr/w:gridSpan", NS).get(f"{W}val")
    assert group_span == "4"


def test_widths_follow_the_content():
    long_text = "Ett långt aktivitetsbeskrivande stycke om hur arbetet ska gå till " * 3
    activities = [dataclasses.replace(a, text=long_text) for a in make_plan().activities]
    grid = [int(c.get(f"{W}w")) for c in
            body_of(build(make_plan(activities))).findall(".//w:tblGrid/w:gridCol", NS)]
    assert grid[2] == max(grid)
    assert grid[2] > 2 * grid[4]


def test_hostile_text_comes_out_literally():
    activities = [Activity(1, "Tekniska förvaltningen", text, operation=text, schedule=text)
                  for text in HOSTILE]
    plan = make_plan(activities, document_name="Plan {{ 7*7 }} & <w:p> ]]>",
                     case_number="{% raw %}")
    plan = dataclasses.replace(plan, actions=(Action(1, "Åtgärd {{ action.title }} & <b>"),))
    data = build(plan)
    rows = table_rows(data)
    assert cells_text(rows[1]) == ["1. Åtgärd {{ action.title }} & <b>"]
    assert [cells_text(r)[2] for r in rows[2:]] == HOSTILE
    assert [cells_text(r)[1] for r in rows[2:]] == HOSTILE
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "Hör till: Plan {{ 7*7 }} & <w:p> ]]>" in texts
    assert "Diarienummer: {% raw %}" in texts
    assert document.sections[0].header.paragraphs[0].text.startswith("Plan {{ 7*7 }} & <w:p> ]]>")
    assert "49" not in text_of(body_of(data))


def test_line_breaks_become_real_breaks():
    activities = [Activity(1, "Tekniska förvaltningen", "rad ett\nrad två")]
    rows = table_rows(build(make_plan(activities)))
    assert cells_text(rows[0]) == ["Sektor/bolag", "Aktivitet"]
    cell = rows[2].findall("w:tc", NS)[1]
    assert len(cell.findall(".//w:br", NS)) == 1
    assert [t.text for t in cell.iter(f"{W}t")] == ["rad ett", "rad två"]


def test_control_characters_never_break_the_file():
    activities = [Activity(1, "Tekniska förvaltningen", "före\x01\x0cefter\x0bny rad")]
    row = table_rows(build(make_plan(activities)))[2]
    assert cells_text(row)[1] == "föreefter\nny rad"


# -- title, metadata, page ----------------------------------------------------------------

def test_title_and_the_plan_it_belongs_to():
    document = Document(io.BytesIO(build(make_plan(annex_case_number="KS 2031/78"))))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Bilaga 1 – Aktivitetslista 2031"
    assert document.paragraphs[0].style.name == "Heading 1"
    assert "Hör till: Åtgärdsplan för miljöprogrammet 2031" in texts
    assert "Diarienummer: KS 2031/77" in texts
    assert "Bilagans diarienummer: KS 2031/78" in texts
    assert "Beslutad: 2031-03-15" in texts


def test_empty_optional_fields_show_a_dash_never_a_prompt():
    data = build(make_plan(case_number="", decided=None))
    texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "Diarienummer: –" in texts and "Beslutad: –" in texts
    everything = "".join(part_text(data, n) for n in ("word/document.xml", "word/header1.xml"))
    for prompt in ("Klicka eller tryck här", "Lägg in text", "{{", "{%"):
        assert prompt not in everything


def test_landscape_a4_with_page_numbers_in_the_footer(default_annex):
    data = default_annex
    section = Document(io.BytesIO(data)).sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((297, 210), abs=0.5)
    footer = etree.fromstring(part_text(data, "word/footer1.xml").encode())
    instructions = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert text_of(footer).startswith("Sida ")
    header = etree.fromstring(part_text(data, "word/header1.xml").encode())
    assert "Åtgärdsplan för miljöprogrammet 2031" in text_of(header)


def test_core_properties_come_from_the_plan():
    plan = make_plan()
    props = Document(io.BytesIO(build(plan))).core_properties
    assert props.title == "Bilaga 1 – Aktivitetslista 2031"
    assert props.author == "Stadsdirektör"
    assert props.subject == "Åtgärdsplan för miljöprogrammet 2031"
    assert "Solvik" in props.keywords
    assert props.language == "sv-SE"
    expected = dt.datetime(2031, 3, 15, tzinfo=dt.timezone.utc)
    assert props.created == props.modified == expected


def test_dates_fall_back_to_source_date_epoch_never_the_clock():
    plan = dataclasses.replace(make_plan(decided=None), revisions=())
    data = build(plan, source_date_epoch=1_900_000_000)
    props = Document(io.BytesIO(data)).core_properties
    expected = document_date(plan, 1_900_000_000)
    assert expected == dt.datetime(2030, 3, 17, 17, 46, 40)
    assert props.created.replace(tzinfo=None) == expected
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.date_time[:3] for i in package.infolist()} == {(2030, 3, 17)}


def test_swedish_language_and_only_calibri_or_cambria(default_annex):
    data = default_annex
    styles = etree.fromstring(part_text(data, "word/styles.xml").encode())
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{W}val") == "sv-SE"
    fonts = {v for f in styles.iter(f"{W}rFonts") for k, v in f.attrib.items()
             if not k.lower().endswith("theme")}
    theme = part_text(data, "word/theme/theme1.xml")
    fonts |= set(re.findall(r'<a:latin typeface="([^"]*)"', theme))
    assert fonts <= {"Calibri", "Cambria"}, fonts
    table = etree.fromstring(part_text(data, "word/fontTable.xml").encode())
    assert {f.get(f"{W}name") for f in table} <= {"Calibri", "Cambria"}


def test_two_builds_give_identical_bytes():
    assert build(make_plan()) == build(make_plan())


def test_a_plan_without_activities_gives_an_empty_table():
    rows = table_rows(build(make_plan([])))
    assert len(rows) == 1 and cells_text(rows[0])[0] == "Sektor/bolag"


# -- the template --------------------------------------------------------------------------

def broken_template(tmp_path: Path, paragraph_text: str) -> Path:
    document = Document(str(DEFAULT_ANNEX_TEMPLATE))
    document.add_paragraph(paragraph_text)
    path = tmp_path / "trasig-bilaga.docx"
    document.save(str(path))
    return path


def paragraph_count(path: Path) -> int:
    return len(list(Document(str(path)).element.body.iter(f"{W}p")))


def findings_of(plan: Plan, template: Path) -> list:
    with pytest.raises(InputError) as caught:
        write_annex_docx(plan, BuildOptions(annex_template=template))
    return caught.value.findings


def test_missing_template(tmp_path):
    [found] = findings_of(make_plan(), tmp_path / "saknas.docx")
    assert (found.code, found.file) == ("template-missing", "saknas.docx")


def test_template_that_is_not_a_docx(tmp_path):
    path = tmp_path / "inte.docx"
    path.write_bytes("det här är ingen docx".encode())
    [found] = findings_of(make_plan(), path)
    assert (found.code, found.file) == ("template-unreadable", "inte.docx")


def test_unknown_variable_is_named_with_its_paragraph(tmp_path):
    path = broken_template(tmp_path, "Okänt: {{ metadata.finns_inte }}")
    [found] = findings_of(make_plan(), path)
    assert (found.code, found.file, found.sheet) == ("template-unknown-variable",
                                                     "trasig-bilaga.docx", "")
    assert found.value == "{{ metadata.finns_inte }}"
    assert found.cell == f"stycke {paragraph_count(path)}"


def test_broken_tag_is_named_with_its_paragraph(tmp_path):
    path = broken_template(tmp_path, "Trasig: {{ year + }}")
    [found] = findings_of(make_plan(), path)
    assert (found.code, found.file, found.cell) == (
        "template-syntax", "trasig-bilaga.docx", f"stycke {paragraph_count(path)}")
    assert found.value == "{{ year + }}"


def test_unknown_filter_is_a_syntax_finding(tmp_path):
    path = broken_template(tmp_path, "Filter: {{ year|versaler }}")
    [found] = findings_of(make_plan(), path)
    assert (found.code, found.cell) == ("template-syntax", f"stycke {paragraph_count(path)}")


def test_row_variable_outside_the_table_is_reported_at_render(tmp_path):
    path = broken_template(tmp_path, "Fel plats: {{ activity.text }}")
    [found] = findings_of(make_plan(), path)
    assert found.code == "template-unknown-variable"
    assert found.cell == f"stycke {paragraph_count(path)}"


def test_unknown_field_in_the_group_row(tmp_path):
    document = Document(str(DEFAULT_ANNEX_TEMPLATE))
    group_cell = document.tables[0].rows[1].cells[0]
    group_cell.paragraphs[0].add_run(" {{ action.owner }}")
    path = tmp_path / "grupprad.docx"
    document.save(str(path))
    [found] = findings_of(make_plan(), path)
    assert (found.code, found.value) == ("template-unknown-variable", "{{ action.owner }}")
    number = list(document.element.body.iter(f"{W}p")).index(group_cell.paragraphs[0]._p) + 1
    assert found.cell == f"stycke {number}"


def test_unknown_field_alone_in_an_activity_cell(tmp_path):
    # -- a paragraph that is one `{{ activity.x }}` tag is looked up without Jinja: the
    #    finding must still be the template-unknown-variable one, at its paragraph --
    document = Document(str(DEFAULT_ANNEX_TEMPLATE))
    paragraph = document.tables[0].rows[2].cells[0].add_paragraph("{{ activity.ansvarig }}")
    path = tmp_path / "aktivitetsrad.docx"
    document.save(str(path))
    [found] = findings_of(make_plan(), path)
    number = list(document.element.body.iter(f"{W}p")).index(paragraph._p) + 1
    assert (found.code, found.value, found.cell) == ("template-unknown-variable",
                                                     "{{ activity.ansvarig }}", f"stycke {number}")


def test_broken_tag_in_an_activity_cell(tmp_path):
    document = Document(str(DEFAULT_ANNEX_TEMPLATE))
    paragraph = document.tables[0].rows[2].cells[0].add_paragraph("Trasig: {{ activity.text + }}")
    path = tmp_path / "aktivitetsrad.docx"
    document.save(str(path))
    [found] = findings_of(make_plan(), path)
    number = list(document.element.body.iter(f"{W}p")).index(paragraph._p) + 1
    assert (found.code, found.value, found.cell) == ("template-syntax", "{{ activity.text + }}",
                                                     f"stycke {number}")
    assert "som börjar «Trasig:" in found.message


def test_a_row_tag_that_fails_on_the_data_names_its_paragraph(tmp_path):
    document = Document(str(DEFAULT_ANNEX_TEMPLATE))
    paragraph = document.tables[0].rows[2].cells[0].add_paragraph("Halva: {{ activity.text / 2 }}")
    path = tmp_path / "aktivitetsrad.docx"
    document.save(str(path))
    [found] = findings_of(make_plan(), path)
    number = list(document.element.body.iter(f"{W}p")).index(paragraph._p) + 1
    assert (found.code, found.value, found.cell) == ("template-syntax", "{{ activity.text / 2 }}",
                                                     f"stycke {number}")


def test_row_tags_are_checked_even_without_activities(tmp_path):
    document = Document(str(DEFAULT_ANNEX_TEMPLATE))
    document.tables[0].rows[2].cells[0].add_paragraph("{{ activity.ansvarig }}")
    path = tmp_path / "aktivitetsrad.docx"
    document.save(str(path))
    [found] = findings_of(make_plan(activities=[]), path)
    assert (found.code, found.value) == ("template-unknown-variable", "{{ activity.ansvarig }}")
    # -- and a good template still gives an annex without rows --
    assert body_of(build(make_plan(activities=[]))) is not None


def test_unknown_variable_in_the_footer(tmp_path):
    document = Document(str(DEFAULT_ANNEX_TEMPLATE))
    document.sections[0].footer.add_paragraph("{{ metadata.sidfot }}")
    path = tmp_path / "sidfot.docx"
    document.save(str(path))
    [found] = findings_of(make_plan(), path)
    assert (found.code, found.value, found.cell) == ("template-unknown-variable",
                                                     "{{ metadata.sidfot }}", "sidfot, stycke 2")


def test_template_without_activity_row(tmp_path):
    document = Document(str(DEFAULT_ANNEX_TEMPLATE))
    table = document.tables[0]._tbl
    table.getparent().remove(table)
    path = tmp_path / "utan-tabell.docx"
    document.save(str(path))
    [found] = findings_of(make_plan(), path)
    assert found.code == "template-no-activity-row"


# -- validity ------------------------------------------------------------------------------

def hostile_plan() -> Plan:
    activities = [Activity(1, "Tekniska förvaltningen", t, operation=t) for t in HOSTILE]
    return make_plan(activities + list(make_plan().activities))


def test_schema_valid(tmp_path):
    paths = []
    for name, plan in (("annex.docx", make_plan()), ("hostile.docx", hostile_plan())):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(build(plan))
    result = validate_ooxml(*paths)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 invalid" in result.stdout


@pytest.mark.office
def test_libreoffice_makes_an_archive_pdf_of_it_with_every_activity(tmp_path):
    source = tmp_path / "bilaga1.docx"
    source.write_bytes(build(hostile_plan()))
    facts = convert_to_archive_pdf(source, tmp_path / "pdf")
    assert facts.pages >= 1 and facts.pdfa == "2B"
    for activity in make_plan().activities:
        assert activity.text in facts.text, activity.text
    # -- template syntax and markup in a cell come out as the text that was typed --
    assert "{{ 7*7 }}" in facts.text and "<w:p><w:r><w:t>x</w:t></w:r></w:p>" in facts.text


def test_a_long_list_continues_in_a_new_table_at_an_action_boundary(monkeypatch, tmp_path):
    # -- LibreOffice needs minutes for one table of 10,000 rows (annex_table.ROWS_PER_TABLE) --
    from plan_model.writers.annex import table as annex_table

    monkeypatch.setattr(annex_table, "ROWS_PER_TABLE", 2)
    data = build(make_plan())
    tables = body_of(data).findall(".//w:tbl", NS)
    assert len(tables) == 3
    for table in tables:
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert cells_text(rows[0])[0] == "Sektor/bolag"
        assert is_group_row(rows[1])
        assert table.getprevious().tag == f"{W}p"
    assert [cells_text(t.findall("w:tr", NS)[1])[0] for t in tables] == [
        "1. Fler laddstolpar", "2. Träd längs gatorna", "3. Renare bussar"]
    assert sum(len(t.findall("w:tr", NS)) - 1 for t in tables) == 3 + 5
    if OOXML_VALIDATOR.is_file():
        path = tmp_path / "split.docx"
        path.write_bytes(data)
        result = validate_ooxml(path)
        assert result.returncode == 0, result.stdout
