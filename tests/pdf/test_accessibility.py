"""The documents' accessibility defects of issue 15 (SPEC §6), each read where a checker reads
it: the PDF's structure tree (pikepdf) and the .docx XML.

- heading levels never skip (H1 → H3 under "Miljöstrategins utformning" was Matterhorn 14-003);
- every picture's alternative text is said once (was "Namn - Namn": title and descr both set);
- every table has header cells (w:tblHeader in the .docx, TH in the PDF);
- the stored page count ("Sida 1 av 26") is right in the .docx as written.

One build of the bundled example and one of the invented Solvik plan, with PDFs, per module.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from builders import write_solvik
from conftest import ROOT
from office_tools import convert_with_libreoffice
from plan_model.options import BuildOptions
from plan_model.pipeline import build, diff_inputs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLE = ROOT / "inputs" / "2023"

TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'

pytestmark = pytest.mark.office


def _build(input_dir: Path, out: Path, no_pdf: bool = False) -> dict[str, Path]:
    build(input_dir, BuildOptions(out_dir=out, no_pdf=no_pdf))
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return {o["role"]: out / o["path"] for o in manifest["outputs"]}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> list[dict[str, Path]]:
    root = tmp_path_factory.mktemp("a11y")
    solvik = write_solvik(root / "solvik")
    return [_build(EXAMPLE, root / "example"), _build(solvik, root / "solvik-out")]


def _structure(pdf: pikepdf.Pdf):
    """(type after the role map, element) of every structure element, in reading order."""
    role_map = pdf.Root.StructTreeRoot.get("/RoleMap", pikepdf.Dictionary())

    def role(kind: str) -> str:
        seen = set()
        while kind in role_map and kind not in seen:
            seen.add(kind)
            kind = str(role_map[kind])
        return kind

    def walk(node):
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield role(str(kid.S)), kid
                yield from walk(kid)

    return list(walk(pdf.Root.StructTreeRoot))


def _heading_levels(elements) -> list[int]:
    return [int(kind[2:]) for kind, _ in elements if re.fullmatch(r"/H\d", kind)]


def assert_no_skipped_level(levels: list[int]) -> None:
    assert levels and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"H{before} → H{after} in {levels}"


def _docx_heading_levels(docx: Path) -> list[int]:
    from docx import Document

    levels = []
    for paragraph in Document(docx).paragraphs:
        found = re.fullmatch(r"heading (\d)", (paragraph.style.name or "").lower())
        if found and paragraph.text.strip():
            levels.append(int(found.group(1)))
    return levels


def _tables_have_header_rows(docx: Path) -> None:
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    tables = list(body.iter(f"{W}tbl"))
    assert tables
    for table in tables:
        first = table.find(f"{W}tr")
        assert first is not None and first.find(f"{W}trPr/{W}tblHeader") is not None


@pytest.mark.parametrize("role", ["plan", "annex"])
def test_heading_levels_never_skip(builds, role):
    for outputs in builds:
        assert_no_skipped_level(_docx_heading_levels(outputs[f"{role}-docx"]))
        with pikepdf.open(outputs[f"{role}-pdf"]) as pdf:
            assert_no_skipped_level(_heading_levels(_structure(pdf)))


def test_the_strategy_chapter_sections_are_level_two(builds):
    """The defect the readers found: 'Miljöstrategins utformning' (H1) then H3."""
    with pikepdf.open(builds[0]["plan-pdf"]) as pdf:
        levels = _heading_levels(_structure(pdf))
    assert 3 not in levels and levels.count(2) == 17 + 2


def test_every_picture_says_its_alt_text_once(builds):
    for outputs in builds:
        with pikepdf.open(outputs["plan-pdf"]) as pdf:
            alts = [str(el.Alt) for kind, el in _structure(pdf) if kind == "/Figure"]
        assert alts and all(alts)
        for alt in alts:
            half = alt.split(" - ")
            assert not (len(half) == 2 and half[0] == half[1]), alt
        with zipfile.ZipFile(outputs["plan-docx"]) as package:
            body = etree.fromstring(package.read("word/document.xml"))
        doc_prs = list(body.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                 "wordprocessingDrawing}docPr"))
        assert doc_prs and all(p.get("descr") and p.get("title") != p.get("descr")
                               for p in doc_prs)
        assert sorted(alts) == sorted(p.get("descr") for p in doc_prs)


def test_example_icon_alt_text_is_the_name(builds):
    with pikepdf.open(builds[0]["plan-pdf"]) as pdf:
        alts = [str(el.Alt) for kind, el in _structure(pdf) if kind == "/Figure"]
    assert "Hejda klimatförändringarna" in alts


def test_every_table_has_header_cells(builds):
    for outputs in builds:
        for role in ("plan", "annex"):
            _tables_have_header_rows(outputs[f"{role}-docx"])
            with pikepdf.open(outputs[f"{role}-pdf"]) as pdf:
                elements = _structure(pdf)
            tables = [el for kind, el in elements if kind == "/Table"]
            assert tables
            for table in tables:
                assert any(kind == "/TH" for kind, _ in _structure_of(table)), role


def _scopes(cell) -> list[str]:
    attributes = cell.get("/A")
    attributes = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    return [str(a.Scope) for a in attributes
            if isinstance(a, pikepdf.Dictionary) and str(a.get("/O")) == "/Table" and "/Scope" in a]


def test_header_cells_carry_their_scope_and_metadata_labels_head_their_rows(builds):
    """Word cannot mark a column of labels as headers; the PDF step does, for a label/value
    table under a caption row (the metadata block), and scopes every TH (Matterhorn 15)."""
    for outputs in builds:
        with pikepdf.open(outputs["plan-pdf"]) as pdf:
            tables = [el for kind, el in _structure(pdf) if kind == "/Table"]
            for table in tables:
                ths = [el for kind, el in _structure_of(table) if kind == "/TH"]
                assert ths and all(len(_scopes(th)) == 1 for th in ths)
            metadata = tables[0]
            rows = [el for kind, el in _structure_of(metadata) if kind == "/TR"]
            firsts = [next(k for k, _ in _structure_of(row)) for row in rows]
            assert firsts == ["/TH"] * len(rows)
            row_headers = [_scopes(next(el for _, el in _structure_of(row))) for row in rows[1:]]
            assert row_headers == [["/Row"]] * (len(rows) - 1) and len(rows) >= 12


def _structure_of(node):
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield str(kid.S), kid
            yield from _structure_of(kid)


def _stored_page_counts(docx: Path) -> list[tuple[str, bool]]:
    """(stored result, flagged dirty) of every NUMPAGES field in the headers and footers."""
    found = []
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            if not re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                continue
            xml = package.read(name).decode("utf-8")
            # -- each field: from its begin fldChar to its end fldChar --
            for field in re.findall(r'<w:fldChar w:fldCharType="begin"[^>]*/>.*?'
                                    r'<w:fldChar w:fldCharType="end"[^>]*/>', xml):
                if "NUMPAGES" in field:
                    result = field.split('w:fldCharType="separate"')[1]
                    found.append(("".join(re.findall(r"<w:t>([^<]*)</w:t>", result)),
                                  'w:dirty="true"' in field.split(">", 1)[0]))
    return found


def test_stored_page_count_is_the_pdfs(builds):
    for outputs in builds:
        for role in ("plan", "annex"):
            with pikepdf.open(outputs[f"{role}-pdf"]) as pdf:
                pages = len(pdf.pages)
            stored = _stored_page_counts(outputs[f"{role}-docx"])
            assert stored and stored == [(str(pages), False)] * len(stored), (role, pages)
    with pikepdf.open(builds[0]["plan-pdf"]) as pdf:
        assert len(pdf.pages) > 1


def test_without_pdf_the_page_count_is_flagged_for_word_to_update(tmp_path):
    outputs = _build(write_solvik(tmp_path / "in"), tmp_path / "out", no_pdf=True)
    for role in ("plan-docx", "annex-docx"):
        stored = _stored_page_counts(outputs[role])
        assert stored and all(dirty for _, dirty in stored), role


def test_diff_report_headings_and_table_headers(tmp_path):
    """The diff report (.docx) too: no skipped level, header rows marked, TH in its PDF."""
    import openpyxl

    old = write_solvik(tmp_path / "old")
    new = write_solvik(tmp_path / "new")
    workbook = openpyxl.load_workbook(new / "handlingsplan.xlsx")
    workbook["Aktiviteter"].append([2, "Miljöförvaltningen", "", "Ny aktivitet", "", "", ""])
    workbook["Åtgärder"]["B2"] = "Fler laddstolpar i hela kommunen"
    workbook.save(new / "handlingsplan.xlsx")
    report = tmp_path / "skillnader.docx"
    result = diff_inputs(old, new, report)
    assert result.ok and report.is_file()
    assert_no_skipped_level(_docx_heading_levels(report))
    _tables_have_header_rows(report)
    # -- tagged, as an archive PDF of it would be (plain conversion writes no structure) --
    run, converted = convert_with_libreoffice(report, tmp_path / "pdf", fmt=TAGGED_PDF)
    assert converted.is_file(), run.stdout + run.stderr
    with pikepdf.open(converted) as pdf:
        elements = _structure(pdf)
    assert_no_skipped_level(_heading_levels(elements))
    assert any(kind == "/TH" for kind, _ in elements)


def test_page_count_module_leaves_documents_without_the_field_alone():
    from plan_model.writers.ooxml.page_count import with_page_count
    import datetime as dt

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/footer1.xml", f'<w:ftr xmlns:w="{W[1:-1]}"><w:p/></w:ftr>')
    data = buffer.getvalue()
    assert with_page_count(data, 7, dt.datetime(2031, 3, 15)) == data
