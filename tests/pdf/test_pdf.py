"""PDF/A through LibreOffice (issue 5): accessible, reproducible, correct TOC page numbers.

LibreOffice runs for real (STYLE: no skip when it is missing; the set-up installs it), and so
do pdftotext (poppler-utils), pgrep (procps) and `pdfua`. The converter-level tests use small
.docx files made here with python-docx; the build-level tests run `generate.py build` on the
Solvik plan, sharing one build per module because a conversion costs seconds.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import struct
import subprocess
import sys
import time
import uuid
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from conftest import ROOT
from builders import write_solvik

from plan_model import pdf
from plan_model.errors import ExternalToolError
from plan_model.options import BuildOptions

PDFUA = Path(sys.executable).parent / "pdfua"
GENERATE = ROOT / "generate.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DECIDED = dt.datetime(2031, 3, 15)



# ------------------------------------------------------------------------------------------
# -- small .docx files of our own: headings, a table with a header row, a picture with alt --


def _png(path: Path) -> Path:
    raw = b"".join(b"\x00" + b"\x20\x90\x40" * 16 for _ in range(16))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def _swedish(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), "sv-SE")


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)


def sample_docx(path: Path, title: str, chapters: int) -> Path:
    """A document shaped like ours: title page, then one chapter per page with a subheading,
    a picture with alt text and a table whose first row is a repeated header row."""
    document = Document()
    _swedish(document)
    core = document.core_properties
    core.title, core.author, core.subject, core.keywords = title, "python-docx", "Prov", "miljö; prov"
    document.add_paragraph(title, style="Title")
    icon = _png(path.with_suffix(".png"))
    for number in range(1, chapters + 1):
        document.add_page_break()
        document.add_heading(f"Kapitel {number} om miljön", 1)
        document.add_paragraph("Text om åtgärderna. " * 60)
        document.add_heading(f"Avsnitt {number}.1", 2)
        document.add_picture(str(icon))
        document.inline_shapes[-1]._inline.docPr.set("descr", f"Ikon för kapitel {number}")
        table = document.add_table(rows=3, cols=2)
        table.style = "Table Grid"
        for index, row in enumerate(table.rows):
            row.cells[0].text = "Sektor" if index == 0 else f"Sektor {index}"
            row.cells[1].text = "Aktivitet" if index == 0 else f"Aktivitet {index}"
        _repeat_header(table.rows[0])
    document.save(path)
    return path


INFO = pdf.PdfInfo(title="Reserv", author="Stadsdirektör", created=DECIDED, producer="prov 1.0")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Two documents converted in one LibreOffice start, then finished: (docx, pdf) pairs."""
    folder = tmp_path_factory.mktemp("converted")
    sources = [sample_docx(folder / "plan.docx", "Provplan", 3),
               sample_docx(folder / "bilaga.docx", "Provbilaga", 1)]
    started = time.monotonic()
    with pdf.Converter(BuildOptions()) as converter:
        raws = converter.convert(sources)
        seconds = time.monotonic() - started
        finished = []
        for source, raw in zip(sources, raws):
            target = folder / (source.stem + ".pdf")
            target.write_bytes(pdf.finish_pdf(raw, pdf.info_for(source, INFO)))
            finished.append((source, target))
    print(f"\n2 documents converted in {seconds:.1f} s")
    return finished


# ------------------------------------------------------------------------------------------
# -- independent checks of one finished PDF --


def pdfa_report(path: Path):
    return pikepdf.pdfa.validate_written(path, "2b")


def pdfua_errors(path: Path) -> list[str]:
    """The error findings of `pdfua check`, as "rule page: message" lines."""
    completed = subprocess.run([str(PDFUA), "check", "--format", "json", str(path)],
                               capture_output=True, text=True, timeout=120)
    report = json.loads(completed.stdout)
    return [f"{f['rule_id']} page {f['page']}: {f['message']}"
            for f in report["findings"] if f["severity"] == "error"]


def _resolve_role(pdf_file: pikepdf.Pdf, kind: str) -> str:
    role_map = pdf_file.Root.StructTreeRoot.get("/RoleMap", pikepdf.Dictionary())
    seen = set()
    while kind in role_map and kind not in seen:
        seen.add(kind)
        kind = str(role_map[kind])
    return kind


def struct_elements(pdf_file: pikepdf.Pdf):
    """Every structure element, depth first."""
    stack = [pdf_file.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                stack.append(kid)


def fonts_of(pdf_file: pikepdf.Pdf):
    for page in pdf_file.pages:
        for font in page.Resources.get("/Font", pikepdf.Dictionary()).values():
            yield font
            for descendant in font.get("/DescendantFonts", pikepdf.Array()):
                yield descendant


def assert_archive_pdf(path: Path, headings: int, pictures: int) -> None:
    """The claims of SPEC §7 and issue 5, each checked on the file itself."""
    report = pdfa_report(path)
    assert report.passed, report.summary()
    with pikepdf.open(path) as document:
        meta = document.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert len(document.Root.OutputIntents) >= 1
        assert document.Root.OutputIntents[0].S == "/GTS_PDFA1"
        assert document.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "sv-SE"
        assert document.Root.ViewerPreferences.DisplayDocTitle is True
        assert "/DocChecksum" not in document.trailer
        for font in fonts_of(document):
            if font.Subtype in ("/Type3", "/Type0"):
                continue  # -- Type0 is checked through its descendant; Type3 is drawn inline --
            descriptor = font.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
        figures = [e for e in struct_elements(document) if _resolve_role(document, str(e.S)) == "/Figure"]
        assert len(figures) == pictures
        assert all(str(e.get("/Alt", "")).strip() for e in figures)
    assert len(pdf.outline_headings(path)) == headings


# ------------------------------------------------------------------------------------------
# -- the converter on our own documents --


@pytest.mark.office
def test_both_documents_are_archive_pdfs(converted):
    (_, plan_pdf), (_, annex_pdf) = converted
    assert_archive_pdf(plan_pdf, headings=6, pictures=3)
    assert_archive_pdf(annex_pdf, headings=2, pictures=1)
    assert pdfua_errors(plan_pdf) == [] and pdfua_errors(annex_pdf) == []


@pytest.mark.office
def test_metadata_comes_from_the_docx_and_the_plan_date(converted):
    source, target = converted[0]
    with pikepdf.open(target) as document:
        info = document.docinfo
        assert str(info.Title) == "Provplan" and str(info.Author) == "Stadsdirektör"
        assert str(info.Subject) == "Prov" and str(info.Keywords) == "miljö; prov"
        assert str(info.CreationDate) == str(info.ModDate) == "D:20310315000000Z"
        meta = document.open_metadata()
        assert meta["dc:title"] == "Provplan" and meta["dc:creator"] == ["Stadsdirektör"]
        assert meta["pdf:Producer"] == str(info.Producer) == "prov 1.0"
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            assert meta[key] == "2031-03-15T00:00:00Z"
        profile = document.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert struct.unpack(">6H", profile[24:36]) == (2031, 3, 15, 0, 0, 0)


@pytest.mark.office
def test_outline_gives_each_heading_its_page(converted):
    _, target = converted[0]
    headings = pdf.outline_headings(target)
    assert [(h.level, h.title, h.page) for h in headings] == [
        (1, "Kapitel 1 om miljön", 2), (2, "Avsnitt 1.1", 2),
        (1, "Kapitel 2 om miljön", 3), (2, "Avsnitt 2.1", 3),
        (1, "Kapitel 3 om miljön", 4), (2, "Avsnitt 3.1", 4)]
    entries = [(1, "Kapitel 2 om  miljön"), (1, "Kapitel 3 om miljön")]
    assert pdf.match_toc_pages(entries, headings) == [3, 4]
    with pytest.raises(ExternalToolError, match="Kapitel 9"):
        pdf.match_toc_pages([(1, "Kapitel 9")], headings)


@pytest.mark.office
def test_same_docx_gives_byte_identical_pdf(converted, tmp_path):
    source, first = converted[1]
    with pdf.Converter(BuildOptions()) as converter:
        (raw,) = converter.convert([source])
        again = pdf.finish_pdf(raw, pdf.info_for(source, INFO))
    assert again == first.read_bytes()


# ------------------------------------------------------------------------------------------
# -- fake soffice programs: missing, hung, silent --


def fake_soffice(folder: Path, body: str) -> tuple[Path, str]:
    """A shell script standing in for soffice; returns it and a marker unique to its
    processes (the marker is in the command line of every process it starts)."""
    marker = f"fake-soffice-{uuid.uuid4().hex}"
    script = folder / marker
    script.write_text("#!/bin/sh\n" + body.replace("MARKER", marker))
    script.chmod(0o755)
    return script, marker


HANGS = ("python3 -c 'import time; time.sleep(300)' MARKER &\n"
         "sleep 300\n")
SILENT = "exit 0\n"


def _left_over(marker: str) -> list[str]:
    found = subprocess.run(["pgrep", "-af", marker], capture_output=True, text=True)
    return [line for line in found.stdout.splitlines() if "pgrep" not in line]


# -- both routes a build can take: UNO (the one a build takes here) and plain conversions.
#    The UNO route needs LibreOffice's Python bridge (python3-uno) even with a fake soffice --
ROUTES = (pytest.param("export", marks=pytest.mark.office), "convert")


def run_route(route: str, converter: pdf.Converter, docx: Path) -> list[Path]:
    if route == "export":
        result = converter.export([(docx, True)])
        assert result is not None, "no Python with uno: the UNO route was not tried"
        return result
    return converter.convert([docx])


@pytest.mark.parametrize("route", ROUTES)
def test_hung_soffice_is_killed_within_the_time_limit(tmp_path, monkeypatch, route):
    script, marker = fake_soffice(tmp_path, HANGS)
    docx = sample_docx(tmp_path / "a.docx", "A", 1)
    started = time.monotonic()
    with pdf.Converter(BuildOptions(pdf_timeout=2, soffice=str(script))) as converter:
        with pytest.raises(ExternalToolError, match="2 sekunder"):
            run_route(route, converter, docx)
    assert time.monotonic() - started < 15
    assert _left_over(marker) == []


@pytest.mark.parametrize("route", ROUTES)
def test_silent_soffice_is_an_error(tmp_path, monkeypatch, route):
    script, _ = fake_soffice(tmp_path, SILENT)
    with pdf.Converter(BuildOptions(soffice=str(script))) as converter:
        with pytest.raises(ExternalToolError, match="a.docx"):
            run_route(route, converter, sample_docx(tmp_path / "a.docx", "A", 1))


@pytest.mark.parametrize("route", ROUTES)
def test_crashed_soffice_is_an_error_with_its_exit_code(tmp_path, monkeypatch, route):
    script, _ = fake_soffice(tmp_path, "echo 'soffice.bin: segmentation fault' >&2\nexit 139\n")
    with pdf.Converter(BuildOptions(soffice=str(script))) as converter:
        with pytest.raises(ExternalToolError, match=r"\(139\).*segmentation fault"):
            run_route(route, converter, sample_docx(tmp_path / "a.docx", "A", 1))


@pytest.mark.parametrize("route", ROUTES)
def test_missing_soffice_says_what_to_install(tmp_path, monkeypatch, route):
    with pdf.Converter(BuildOptions(soffice=str(tmp_path / "finns-inte"))) as converter:
        with pytest.raises(ExternalToolError, match="apt-get install libreoffice-writer-nogui"):
            run_route(route, converter, sample_docx(tmp_path / "a.docx", "A", 1))


@pytest.mark.office
def test_uno_route_gives_the_same_archive_pdf(converted, tmp_path):
    # -- the same filter data through UNO as on the command line: the same finished bytes --
    source, first = converted[0]
    with pdf.Converter(BuildOptions()) as converter:
        (raw,) = run_route("export", converter, source)
        again = pdf.finish_pdf(raw, pdf.info_for(source, INFO))
    assert again == first.read_bytes()
    assert_archive_pdf(first, headings=6, pictures=3)


def test_plain_pdf_without_pdfa_claim_is_an_error(tmp_path):
    plain = tmp_path / "plain.pdf"
    with pikepdf.new() as document:
        document.add_blank_page()
        document.save(plain)
    with pytest.raises(ExternalToolError, match="PDF/A-2b"):
        pdf.finish_pdf(plain, INFO)


# ------------------------------------------------------------------------------------------
# -- whole builds through the command line --


def run_build(input_dir: Path, out_dir: Path, **env) -> subprocess.CompletedProcess:
    environment = dict(os.environ, **env)
    environment.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, str(GENERATE), "build", str(input_dir), "--out", str(out_dir)],
                          capture_output=True, text=True, timeout=900, env=environment, cwd=ROOT)


@pytest.fixture(scope="module")
def solvik_input(tmp_path_factory) -> Path:
    return write_solvik(tmp_path_factory.mktemp("input") / "solvik")


@pytest.fixture(scope="module")
def built(solvik_input, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    started = time.monotonic()
    completed = run_build(solvik_input, out)
    print(f"\nbuild with PDF: {time.monotonic() - started:.1f} s")
    assert completed.returncode == 0, completed.stderr
    return out


def _outputs(out: Path) -> dict[str, Path]:
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return {o["role"]: out / o["path"] for o in manifest["outputs"]}


def heading_count(docx: Path) -> int:
    """Paragraphs in a heading style (Heading 1…9): each must get a bookmark."""
    document = Document(docx)
    return sum(1 for p in document.paragraphs
               if re.fullmatch(r"heading \d", (p.style.name or "").lower()))


def picture_count(docx: Path) -> int:
    """Drawings in the body (each wp:docPr is one picture): each must become a Figure."""
    with zipfile.ZipFile(docx) as package:
        body = package.read("word/document.xml")
    return len(re.findall(rb"<wp:docPr\b", body))


@pytest.mark.office
def test_build_writes_archive_pdfs(built):
    outputs = _outputs(built)
    # -- LibreOffice opens the .docx files read-only: no lock file is left beside them --
    assert not list(built.glob(".~lock*")), list(built.iterdir())
    for docx_role, pdf_role in (("plan-docx", "plan-pdf"), ("annex-docx", "annex-pdf")):
        docx = outputs[docx_role]
        assert_archive_pdf(outputs[pdf_role], headings=heading_count(docx),
                           pictures=picture_count(docx))


@pytest.mark.office
def test_plan_pdf_passes_pdfua(built):
    assert pdfua_errors(_outputs(built)["plan-pdf"]) == []


@pytest.mark.office
def test_annex_pdf_passes_pdfua(built):
    assert pdfua_errors(_outputs(built)["annex-pdf"]) == []


def toc_numbers(docx: Path) -> list[tuple[str, int]]:
    """(entry text, page number) of each paragraph in the result of the TOC field."""
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    entries, depth, in_toc, instruction = [], 0, False, ""
    for paragraph in body.iter(W + "p"):
        text = []
        for node in paragraph.iter(W + "fldChar", W + "instrText", W + "t", W + "tab"):
            if node.tag == W + "fldChar":
                kind = node.get(W + "fldCharType")
                if kind == "begin":
                    depth += 1
                    instruction = ""
                elif kind == "separate" and instruction.strip().startswith("TOC"):
                    in_toc, toc_depth = True, depth
                elif kind == "end":
                    if in_toc and depth == toc_depth:
                        in_toc = False
                    depth -= 1
            elif node.tag == W + "instrText":
                instruction += node.text or ""
            elif in_toc:
                text.append("\t" if node.tag == W + "tab" else node.text or "")
        line = "".join(text).strip()
        if line:
            # -- Word's TOC line: entry text, a tab (dot leader), the page number --
            entry, _, number = line.rpartition("\t")
            assert number.strip().isdigit(), f"TOC entry without page number: {line!r}"
            entries.append((" ".join(entry.split()), int(number)))
    return entries


def page_texts(path: Path) -> list[str]:
    with pikepdf.open(path) as document:
        count = len(document.pages)
    texts = []
    for number in range(1, count + 1):
        result = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                                 str(path), "-"], capture_output=True, text=True, check=True)
        texts.append(" ".join(result.stdout.split()))
    return texts


@pytest.mark.office
def test_toc_numbers_are_the_pdf_pages_of_the_headings(built):
    outputs = _outputs(built)
    entries = toc_numbers(outputs["plan-docx"])
    assert len(entries) >= 3, entries
    bookmarks = pdf.outline_headings(outputs["plan-pdf"])
    pages = pdf.match_toc_pages([(1, text) for text, _ in entries], bookmarks)
    assert [number for _, number in entries] == pages
    texts = page_texts(outputs["plan-pdf"])
    toc_page = next(i for i, t in enumerate(texts) if entries[0][0] in t and entries[-1][0] in t)
    for text, number in entries:
        assert text in texts[number - 1]  # -- the heading stands on that page --
        # -- and the PDF's TOC shows the same number after the entry (dot leaders between) --
        assert re.search(re.escape(text) + r"[ .…]*" + str(number) + r"\b", texts[toc_page]), text
    with zipfile.ZipFile(outputs["plan-docx"]) as package:
        assert b'w:dirty="true"' not in package.read("word/document.xml")


@pytest.mark.office
def test_the_pdf_comes_from_one_uno_run_here():
    # -- the set-up installs python3-uno: builds on this machine take the one-pass route, so
    #    the TOC tests above check the numbers LibreOffice itself wrote --
    assert pdf.uno_python(BuildOptions()) is not None


@pytest.mark.office
def test_without_uno_the_two_pass_route_gives_the_same_toc(built, solvik_input, tmp_path):
    # -- the venv's Python has no `uno`: uno_script.py says so and the build falls back to plain
    #    conversions with the TOC numbers measured and written back (two passes) --
    out = tmp_path / "out"
    completed = run_build(solvik_input, out, **{pdf.UNO_PYTHON_ENV: sys.executable})
    assert completed.returncode == 0, completed.stderr
    outputs, first = _outputs(out), _outputs(built)
    assert toc_numbers(outputs["plan-docx"]) == toc_numbers(first["plan-docx"])
    assert outputs["plan-docx"].read_bytes() == first["plan-docx"].read_bytes()
    entries = toc_numbers(outputs["plan-docx"])
    bookmarks = pdf.outline_headings(outputs["plan-pdf"])
    assert [n for _, n in entries] == pdf.match_toc_pages([(1, t) for t, _ in entries], bookmarks)
    assert_archive_pdf(outputs["plan-pdf"], headings=heading_count(outputs["plan-docx"]),
                       pictures=picture_count(outputs["plan-docx"]))


@pytest.mark.office
def test_two_builds_give_identical_files(built, solvik_input, tmp_path):
    again = tmp_path / "again"
    assert run_build(solvik_input, again).returncode == 0
    first, second = _outputs(built), _outputs(again)
    assert first.keys() == second.keys()
    for role in first:
        assert first[role].read_bytes() == second[role].read_bytes(), role


def test_hung_soffice_gives_exit_3_and_the_other_outputs(solvik_input, tmp_path):
    script, marker = fake_soffice(tmp_path, HANGS)
    out = tmp_path / "out"
    started = time.monotonic()
    completed = run_build(solvik_input, out, **{pdf.SOFFICE_ENV: str(script), pdf.TIMEOUT_ENV: "3"})
    assert completed.returncode == 3, completed.stderr
    assert time.monotonic() - started < 60
    assert "LibreOffice" in completed.stderr
    assert _left_over(marker) == []
    outputs = _outputs(out)
    assert {"plan-docx", "annex-docx", "annex-xlsx"} <= outputs.keys()
    assert not {"plan-pdf", "annex-pdf"} & outputs.keys()
    assert all(path.is_file() for path in outputs.values())


def test_silent_soffice_gives_exit_3(solvik_input, tmp_path):
    script, _ = fake_soffice(tmp_path, SILENT)
    out = tmp_path / "out"
    completed = run_build(solvik_input, out, **{pdf.SOFFICE_ENV: str(script)})
    assert completed.returncode == 3, completed.stderr
    assert (out / "manifest.json").is_file()
    assert not list(out.glob("*.pdf"))


@pytest.mark.office
def test_two_builds_at_once_both_succeed(solvik_input, tmp_path):
    environment = dict(os.environ)
    environment.pop("SOURCE_DATE_EPOCH", None)
    runs = [subprocess.Popen([sys.executable, str(GENERATE), "build", str(solvik_input), "--out",
                              str(tmp_path / name)], cwd=ROOT, env=environment,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name in ("a", "b")]
    results = [(run.wait(timeout=900), run.communicate()[1]) for run in runs]
    assert [code for code, _ in results] == [0, 0], results
    a, b = _outputs(tmp_path / "a"), _outputs(tmp_path / "b")
    assert a["plan-pdf"].read_bytes() == b["plan-pdf"].read_bytes()
    assert a["annex-pdf"].read_bytes() == b["annex-pdf"].read_bytes()
