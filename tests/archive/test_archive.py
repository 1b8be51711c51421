"""Issue 6: `archive` (E-ARK SIP 2.1 from a finished build) and `verify`.

Packages are made from real `build` output (LibreOffice PDF/A included). The shared E-ARK
validator runs as a subprocess, as users run it; tests that need it skip when ../shared is
absent.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from lxml import etree

from builders import write_solvik, write_workbook
from conftest import ROOT
from office_tools import EARK_VALIDATOR, run_shared_tool
from plan_model.archive.package import METADATA_JSON, METADATA_XML
from plan_model.archive.build_folder import pdf_title
from plan_model.archive.metadata import XSD_PATH, from_xml
from plan_model.cli import main
from plan_model.errors import InputError
from plan_model.options import BuildOptions
from plan_model.outputs import sha256_file
from plan_model.pipeline import archive, build, verify

EXAMPLE = ROOT / "inputs" / "2023"
OBJID = "solvik-ks-2031-77-rev1"
PLAN_PDF = "representations/rep1/data/handlingsplan-2031.pdf"
ANNEX_PDF = "representations/rep1/data/bilaga1-aktivitetslista-2031.pdf"


def _solvik_input(folder: Path, sheets: dict | None = None) -> Path:
    """Solvik plus one sector's own activity workbook, so the package holds two workbooks."""
    write_solvik(folder, sheets)
    write_workbook(folder / "aktiviteter" / "miljoforvaltningen.xlsx", {"Aktiviteter": [
        ["Åtgärd", "Sektor/bolag", "Aktivitet"],
        [3, "Miljöförvaltningen", "Mät luftkvaliteten vid busshållplatser"],
    ]})
    return folder


@pytest.fixture(scope="module")
def solvik_build(tmp_path_factory) -> Path:
    """One real build of Solvik (with PDF/A), shared read-only: tests archive a copy of it."""
    root = tmp_path_factory.mktemp("solvik-build")
    out = root / "out"
    build(_solvik_input(root / "solvik"), BuildOptions(out_dir=out))
    return out


@pytest.fixture
def build_copy(solvik_build, tmp_path) -> Path:
    copy = tmp_path / "bygge"
    shutil.copytree(solvik_build, copy)
    return copy


@pytest.fixture(scope="module")
def package(solvik_build, tmp_path_factory) -> Path:
    """A package archived from a copy of the shared build (folder; the .zip sits beside it)."""
    copy = tmp_path_factory.mktemp("solvik-archive") / "bygge"
    shutil.copytree(solvik_build, copy)
    return archive(copy).folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _eark_validate(path: Path) -> tuple[int, list[str]]:
    run = run_shared_tool(EARK_VALIDATOR, path)
    return run.returncode, run.stdout.strip().splitlines()


def _codes(error: InputError) -> list[tuple[str, str, str]]:
    return [(f.code, f.sheet, f.cell) for f in error.findings]


# -- the package --------------------------------------------------------------------------


@pytest.mark.office
def test_build_keeps_every_input_workbook_byte_for_byte(solvik_build):
    manifest = json.loads((solvik_build / "manifest.json").read_text(encoding="utf-8"))
    kept = {o["path"]: o["sha256"] for o in manifest["outputs"] if o["role"] == "input-xlsx"}
    assert sorted(kept) == ["indata/aktiviteter/miljoforvaltningen.xlsx", "indata/handlingsplan.xlsx"]
    originals = {i["path"]: i["sha256"] for i in manifest["inputs"]}
    for path, digest in kept.items():
        assert sha256_file(solvik_build / path) == digest == originals[path.removeprefix("indata/")]


@pytest.mark.office
def test_solvik_package_is_valid_eark_as_folder_and_zip(package):
    for path in (package, package.with_suffix(".zip")):
        code, lines = _eark_validate(path)
        assert (code, lines[-1]) == (0, "VALID"), lines
        assert [line.split(":")[0] for line in lines if line.startswith("WARN")] == ["WARN CSIP105"]


@pytest.mark.office
def test_bundled_2023_example_package_is_valid_eark(tmp_path):
    """The bundled example with a Diarienummer set, built and archived for real."""
    import openpyxl

    if not (EXAMPLE / "handlingsplan.xlsx").is_file():
        pytest.skip(f"the bundled example is absent ({EXAMPLE})")
    if not EARK_VALIDATOR.is_file():
        pytest.skip(f"the shared E-ARK validator is absent ({EARK_VALIDATOR})")
    example = tmp_path / "2023"
    shutil.copytree(EXAMPLE, example)
    with warnings.catch_warnings():  # -- openpyxl warns about Excel features it drops --
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(example / "handlingsplan.xlsx")
        sheet = workbook["Dokument"]
        row = next(r for r in sheet.iter_rows() if r[0].value == "Diarienummer")
        row[1].value = "KS 2023/123"
        workbook.save(example / "handlingsplan.xlsx")
    build(example, BuildOptions(out_dir=tmp_path / "out"))
    result = archive(tmp_path / "out")
    assert result.folder == tmp_path / "out" / "arkiv" / result.objid
    assert result.objid.endswith("-ks-2023-123-rev1")
    for path in (result.folder, result.zip):
        code, lines = _eark_validate(path)
        assert (code, lines[-1]) == (0, "VALID"), lines
        assert verify(path).findings == []


@pytest.mark.office
def test_package_holds_the_pdfs_and_workbooks_as_built(package, solvik_build):
    data = package / "representations" / "rep1" / "data"
    for name in ("handlingsplan-2031.pdf", "bilaga1-aktivitetslista-2031.pdf",
                 "indata/handlingsplan.xlsx", "indata/aktiviteter/miljoforvaltningen.xlsx"):
        assert (data / name).read_bytes() == (solvik_build / name).read_bytes(), name
    for folder in ("documentation", "schemas", "metadata/descriptive", "metadata/preservation",
                   "representations/rep1/metadata"):
        assert any((package / folder).iterdir()), folder
    assert (package / "schemas" / "arkivmetadata.xsd").read_bytes() == XSD_PATH.read_bytes()


@pytest.mark.office
def test_mets_describes_every_file_with_size_checksum_and_date(package):
    ns = {"m": "http://www.loc.gov/METS/", "x": "http://www.w3.org/1999/xlink"}
    for mets in (package / "METS.xml", package / "representations/rep1/METS.xml"):
        tree = etree.parse(str(mets))
        for element in tree.xpath("//m:file | //m:mdRef", namespaces=ns):
            href = (element.get(f"{{{ns['x']}}}href") or
                    element.find("m:FLocat", ns).get(f"{{{ns['x']}}}href"))
            target = mets.parent / href
            assert element.get("SIZE") == str(target.stat().st_size), href
            assert element.get("CHECKSUMTYPE") == "SHA-256"
            assert element.get("CHECKSUM") == sha256_file(target), href
            assert element.get("CREATED") == "2031-03-15T00:00:00+01:00"
            assert element.get("MIMETYPE")
    root = etree.parse(str(package / "METS.xml")).getroot()
    assert root.get("OBJID") == OBJID == package.name


# -- metadata -----------------------------------------------------------------------------


@pytest.mark.office
def test_metadata_xml_validates_against_the_xsd(package):
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    document = etree.parse(str(package / METADATA_XML))
    assert schema.validate(document), schema.error_log


@pytest.mark.office
def test_metadata_json_and_xml_say_the_same(package):
    from_json = json.loads((package / METADATA_JSON).read_text(encoding="utf-8"))
    assert from_xml((package / METADATA_XML).read_bytes()) == from_json


@pytest.mark.office
def test_metadata_describes_case_records_and_files(package):
    metadata = json.loads((package / METADATA_JSON).read_text(encoding="utf-8"))
    assert metadata["arende"] == {"diarienummer": "KS 2031/77",
                                  "arendemening": "Åtgärdsplan för miljöprogrammet 2031",
                                  "kommun": "Solvik", "omfattar": "Solviks kommun", "planar": 2031}
    plan, annex = metadata["handlingar"]
    assert {k: plan[k] for k in ("handlingstyp", "beslutad", "beslutsinstans", "paragraf",
                                  "revidering", "dokumentagare", "dokumentansvarig")} == {
        "handlingstyp": "Åtgärdsplan", "beslutad": "2031-03-15", "beslutsinstans": "Kommunstyrelsen",
        "paragraf": "§ 42", "revidering": 1, "dokumentagare": "Stadsdirektör",
        "dokumentansvarig": "Hållbarhetsstrateg"}
    assert plan["filreferenser"][0] == PLAN_PDF and annex["filreferenser"] == [ANNEX_PDF]
    # -- each record is titled as its PDF shows itself --
    assert plan["titel"] == pdf_title((package / PLAN_PDF).read_bytes()) == metadata["arende"]["arendemening"]
    assert annex["titel"] == pdf_title((package / ANNEX_PDF).read_bytes()) != ""
    files = {f["sokvag"]: f for f in metadata["filer"]}
    assert {f["roll"] for f in files.values()} == {"plan-pdf", "annex-pdf", "input-xlsx",
                                                   "input-icon"}
    for path, entry in files.items():
        assert entry["storlek"] == (package / path).stat().st_size
        assert entry["sha256"] == sha256_file(package / path)
        assert entry["namn"] == Path(path).name
    assert files[PLAN_PDF]["format"] == "PDF/A-2b"


# -- refusals -----------------------------------------------------------------------------


@pytest.mark.office
def test_second_archive_refuses_and_changes_nothing(build_copy):
    archive(build_copy)
    arkiv = build_copy / "arkiv"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else None)
              for p in arkiv.rglob("*")}
    with pytest.raises(InputError) as refused:
        archive(build_copy)
    assert [f.code for f in refused.value.findings] == ["archive-exists"]
    assert main(["archive", str(build_copy)]) == 1
    assert {p: (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else None)
            for p in arkiv.rglob("*")} == before


@pytest.mark.office
def test_missing_diarienummer_fails_naming_its_cell(tmp_path, solvik_sheets_without_case_number):
    source = _solvik_input(tmp_path / "solvik", solvik_sheets_without_case_number)
    build(source, BuildOptions(out_dir=tmp_path / "out"))
    with pytest.raises(InputError) as refused:
        archive(tmp_path / "out")
    assert _codes(refused.value) == [("missing-archive-field", "Dokument", "B13")]
    assert refused.value.findings[0].file == "handlingsplan.xlsx"
    assert main(["archive", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out" / "arkiv").exists()


@pytest.fixture
def solvik_sheets_without_case_number():
    from builders import solvik_sheets

    sheets = solvik_sheets()
    row = next(r for r in sheets["Dokument"] if r[0] == "Diarienummer")
    row[1] = None
    return sheets


def test_archive_refuses_a_build_without_pdf(tmp_path):
    build(_solvik_input(tmp_path / "solvik"), BuildOptions(out_dir=tmp_path / "out", no_pdf=True))
    with pytest.raises(InputError) as refused:
        archive(tmp_path / "out")
    assert [(f.code, f.value) for f in refused.value.findings] == [
        ("archive-pdf-missing", "plan-pdf"), ("archive-pdf-missing", "annex-pdf")]


@pytest.mark.office
def test_archive_refuses_a_pdf_changed_after_the_build(build_copy):
    pdf = build_copy / "handlingsplan-2031.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n")
    with pytest.raises(InputError) as refused:
        archive(build_copy)
    assert [(f.code, f.file) for f in refused.value.findings] == [
        ("archive-build-file-changed", "handlingsplan-2031.pdf")]
    assert not (build_copy / "arkiv").exists()


# -- verify -------------------------------------------------------------------------------


@pytest.mark.office
def test_verify_passes_on_a_fresh_package(package):
    for path in (package, package.with_suffix(".zip")):
        run = subprocess.run([sys.executable, str(ROOT / "generate.py"), "verify", str(path)],
                             capture_output=True, text=True, timeout=300)
        assert (run.returncode, run.stdout) == (0, ""), run.stderr
        assert "stämmer" in run.stderr


def _copy_package(package: Path, copy: Path) -> None:
    """The package folder and its seal beside it, as a user copies them."""
    shutil.copytree(package, copy)
    seal = package.with_name(package.name + ".sha256")
    shutil.copyfile(seal, copy.with_name(copy.name + ".sha256"))


def _errors_of(path: Path):
    """The error findings of verify on `path` (verify raises InputError when there are any)."""
    try:
        return [f for f in verify(path).findings if f.is_error]
    except InputError as error:
        return [f for f in error.findings if f.is_error]


@pytest.mark.office
def test_verify_names_a_pdf_with_one_byte_changed(package, tmp_path):
    copy = tmp_path / OBJID
    _copy_package(package, copy)
    pdf = copy / PLAN_PDF
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    findings = _errors_of(copy)
    assert {f.file for f in findings} == {PLAN_PDF}
    assert "package-file-checksum" in {f.code for f in findings}
    assert main(["verify", str(copy)]) == 1


@pytest.mark.office
def test_verify_names_a_changed_pdf_inside_the_zip(package, tmp_path):
    import zipfile

    changed = tmp_path / f"{OBJID}.zip"
    with zipfile.ZipFile(package.with_suffix(".zip")) as source, \
            zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == f"{OBJID}/{ANNEX_PDF}":
                data = data[:100] + bytes([data[100] ^ 0x01]) + data[101:]
            target.writestr(info, data)
    assert {f.file for f in _errors_of(changed)} == {ANNEX_PDF}
    assert main(["verify", str(changed)]) == 1


@pytest.mark.office
def test_verify_names_a_removed_file(package, tmp_path):
    copy = tmp_path / OBJID
    _copy_package(package, copy)
    (copy / ANNEX_PDF).unlink()
    findings = _errors_of(copy)
    assert {(f.code, f.file) for f in findings} >= {("package-file-missing", ANNEX_PDF)}
    assert {f.file for f in findings} == {ANNEX_PDF}
    assert main(["verify", str(copy)]) == 1


@pytest.mark.office
def test_verify_names_an_unlisted_file(package, tmp_path):
    copy = tmp_path / OBJID
    _copy_package(package, copy)
    (copy / "representations/rep1/data/extra.txt").write_text("smuggled", encoding="utf-8")
    assert {(f.code, f.file) for f in _errors_of(copy)} == {
        ("package-file-unlisted", "representations/rep1/data/extra.txt"),
        ("package-file-undescribed", "representations/rep1/data/extra.txt"),
        ("package-file-not-in-checksums", "representations/rep1/data/extra.txt")}


@pytest.mark.office
def test_verify_names_metadata_that_disagrees(package, tmp_path):
    copy = tmp_path / OBJID
    _copy_package(package, copy)
    path = copy / METADATA_JSON
    path.write_text(path.read_text(encoding="utf-8").replace("Kommunstyrelsen", "Kommunfullmäktige"),
                    encoding="utf-8")
    codes = {(f.code, f.file) for f in _errors_of(copy)}
    assert ("package-metadata-mismatch", METADATA_JSON) in codes
    assert {file for _, file in codes} == {METADATA_JSON}


# -- reproducibility ----------------------------------------------------------------------


@pytest.mark.office
def test_two_archives_of_the_same_build_in_two_places_are_identical(solvik_build, tmp_path):
    packages = []
    for place in ("a/bygge", "b/annan/plats"):
        copy = tmp_path / place
        shutil.copytree(solvik_build, copy)
        packages.append(archive(copy))
    first, second = packages
    assert first.zip.read_bytes() == second.zip.read_bytes()
    assert _tree(first.folder) == _tree(second.folder)
    for data in _tree(first.folder).values():
        assert str(tmp_path).encode() not in data
        assert str(ROOT).encode() not in data


@pytest.mark.parametrize("day, expected", [
    ("2031-03-15", "2031-03-15T00:00:00+01:00"),
    ("2024-03-31", "2024-03-31T00:00:00+01:00"),  # -- last Sunday of March: CET until 02:00 --
    ("2024-04-01", "2024-04-01T00:00:00+02:00"),
    ("2024-10-27", "2024-10-27T00:00:00+02:00"),  # -- last Sunday of October: CEST until 03:00 --
    ("2024-10-28", "2024-10-28T00:00:00+01:00"),
])
def test_package_dates_are_swedish_midnight_of_the_decision(day, expected):
    import datetime as dt

    from plan_model.archive.package import xml_datetime

    assert xml_datetime(dt.date.fromisoformat(day)) == expected


@pytest.mark.office
def test_zip_has_one_root_folder_and_the_decision_date_on_every_entry(package):
    import zipfile

    with zipfile.ZipFile(package.with_suffix(".zip")) as archive_zip:
        entries = archive_zip.infolist()
    assert entries[0].filename == f"{OBJID}/METS.xml"
    assert {e.filename.split("/")[0] for e in entries} == {OBJID}
    assert {e.date_time for e in entries} == {(2031, 3, 15, 0, 0, 0)}
    assert sorted(e.filename[len(OBJID) + 1:] for e in entries) == sorted(_tree(package))


@pytest.mark.office
def test_archive_refuses_a_manifest_pointing_outside_the_build(build_copy):
    manifest = build_copy / "manifest.json"
    document = json.loads(manifest.read_text(encoding="utf-8"))
    document["outputs"][0]["path"] = "../utanfor.pdf"
    manifest.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        archive(build_copy)
    assert [(f.code, f.file) for f in refused.value.findings] == [("archive-not-a-build", "manifest.json")]


@pytest.mark.office
def test_archive_command_line_writes_folder_and_zip(build_copy):
    run = subprocess.run([sys.executable, str(ROOT / "generate.py"), "archive", str(build_copy)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (build_copy / "arkiv" / OBJID / "METS.xml").is_file()
    assert (build_copy / "arkiv" / f"{OBJID}.zip").is_file()
    again = subprocess.run([sys.executable, str(ROOT / "generate.py"), "archive", str(build_copy),
                            "--format", "json"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 1
    assert [(f["code"], f["file"]) for f in json.loads(again.stdout)] == [
        ("archive-exists", f"arkiv/{OBJID}")]


def _plan(municipality="Borlänge", case_number="KS 2023/123", revisions=()):
    import datetime as dt

    from plan_model.model import Plan, PlanMetadata

    meta = PlanMetadata(municipality=municipality, document_name="Plan", document_type="Plan",
                        scope="Kommunen", owner="Ägare", responsible="Ansvarig", year=2023,
                        decided=dt.date(2023, 2, 24), deciding_body="KS", case_number=case_number)
    return Plan(meta, revisions=tuple(revisions))


def test_package_id_is_ascii_from_municipality_case_number_and_revision():
    import datetime as dt

    from plan_model.archive.package import package_date, package_id
    from plan_model.model import Revision

    revised = [Revision(1, dt.date(2023, 2, 24), "§ 3", ""), Revision(2, dt.date(2023, 9, 1), "§ 9", "")]
    assert package_id(_plan(revisions=revised)) == "borlange-ks-2023-123-rev2"
    assert package_id(_plan()) == "borlange-ks-2023-123-rev0"
    assert package_id(_plan(municipality="Åre", case_number="Dnr: KS/2023:77")) == "are-dnr-ks-2023-77-rev0"
    assert package_id(_plan(municipality="1234")).startswith("sip-1234-")
    # -- the archived revision was decided on its own date, later than Beslutad --
    assert package_date(_plan(revisions=revised)) == dt.date(2023, 9, 1)
    assert package_date(_plan()) == dt.date(2023, 2, 24)


# -- the root METS.xml, the checksum list and the seals beside the package (SPEC §7) --------


@pytest.mark.office
def test_seals_beside_the_package_check_with_sha256sum(package):
    arkiv = package.parent
    for seal in (f"{OBJID}.sha256", f"{OBJID}.zip.sha256"):
        run = subprocess.run(["sha256sum", "-c", seal], cwd=arkiv, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
    listed = (package / "documentation/kontrollsummor.sha256").read_text("utf-8")
    assert "  METS.xml\n" in listed


@pytest.mark.office
def test_verify_names_an_edited_root_mets(package, tmp_path):
    copy = tmp_path / OBJID
    _copy_package(package, copy)
    mets = copy / "METS.xml"
    mets.write_bytes(mets.read_bytes().replace(b'LABEL="', b'LABEL="X', 1))
    assert {(f.code, f.file) for f in _errors_of(copy)} == {("package-file-checksum", "METS.xml")}
    assert main(["verify", str(copy)]) == 1


@pytest.mark.office
def test_verify_names_a_checksum_list_edited_along_with_a_file(package, tmp_path):
    import hashlib

    copy = tmp_path / OBJID
    _copy_package(package, copy)
    mets = copy / "METS.xml"
    edited = mets.read_bytes().replace(b'LABEL="', b'LABEL="X', 1)
    mets.write_bytes(edited)
    checksums = copy / "documentation/kontrollsummor.sha256"
    lines = [f"{hashlib.sha256(edited).hexdigest()}  METS.xml" if line.endswith("  METS.xml")
             else line for line in checksums.read_text("utf-8").splitlines()]
    checksums.write_text("\n".join(lines) + "\n", "utf-8")
    assert {(f.code, f.file) for f in _errors_of(copy)} == {
        ("package-seal-mismatch", "documentation/kontrollsummor.sha256")}


@pytest.mark.office
def test_verify_names_a_zip_changed_in_any_byte(package, tmp_path):
    changed = tmp_path / f"{OBJID}.zip"
    data = bytearray(package.with_suffix(".zip").read_bytes())
    # -- a byte of the METS.xml entry's name field in the central directory: no member's
    #    content changes, only the .zip itself --
    data[-30] ^= 0x01
    changed.write_bytes(bytes(data))
    shutil.copyfile(package.with_name(f"{OBJID}.zip.sha256"), tmp_path / f"{OBJID}.zip.sha256")
    assert ("package-seal-mismatch", f"{OBJID}.zip") in {(f.code, f.file) for f in _errors_of(changed)}
    assert main(["verify", str(changed)]) == 1


@pytest.mark.office
def test_verify_without_the_seal_warns(package, tmp_path, capsys):
    copy = tmp_path / OBJID
    shutil.copytree(package, copy)
    assert main(["verify", str(copy)]) == 0
    assert f"VARNING  {OBJID}.sha256: Sigillet" in capsys.readouterr().out
    findings = verify(copy).findings
    assert [(f.code, f.level) for f in findings] == [("package-seal-missing", "warning")]
