"""The report's PDF/A through LibreOffice (SPEC §10, §7): the same archive, PDF/UA and TOC
checks as the plan's PDF, byte-identical on rebuild, and no Kommentar in its text."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from followup.followup_data import SECRET, write_followup_input
from office_tools import EARK_VALIDATOR, run_shared_tool
from pdf.test_pdf import (assert_archive_pdf, heading_count, page_texts, pdfua_errors,
                          picture_count, toc_numbers)

pytestmark = pytest.mark.office
GENERATE = ROOT / "generate.py"


def run_followup(input_dir: Path, out_dir: Path) -> subprocess.CompletedProcess:
    environment = dict(os.environ)
    environment.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, str(GENERATE), "followup", str(input_dir), "--out",
                           str(out_dir)], capture_output=True, text=True, timeout=900,
                          env=environment, cwd=ROOT)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return write_followup_input(tmp_path_factory.mktemp("input") / "solvik")


@pytest.fixture(scope="module")
def report(source, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("followup")
    completed = run_followup(source, out)
    assert completed.returncode == 0, completed.stderr
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return {o["role"]: out / o["path"] for o in manifest["outputs"]}


def test_report_pdf_is_an_archive_pdf_with_every_chart_described(report):
    docx = report["followup-docx"]
    assert_archive_pdf(report["followup-pdf"], headings=heading_count(docx),
                       pictures=picture_count(docx))


def test_report_pdf_passes_pdfua(report):
    assert pdfua_errors(report["followup-pdf"]) == []


def test_toc_numbers_are_the_pdf_pages(report):
    texts = page_texts(report["followup-pdf"])
    entries = toc_numbers(report["followup-docx"])
    assert [e for e, _ in entries][:5] == ["Sammanfattning", "Per prioritering och fokusområde",
                                          "Per sektor/bolag", "Avvikelser", "Per åtgärd"]
    for entry, page in entries:
        assert entry.split(". ", 1)[-1] in texts[page - 1], (entry, page)


def test_pdf_holds_no_comment(report):
    assert not any(SECRET in text for text in page_texts(report["followup-pdf"]))


def test_rebuild_gives_byte_identical_files(source, report, tmp_path):
    completed = run_followup(source, tmp_path / "again")
    assert completed.returncode == 0, completed.stderr
    first = report["followup-docx"].parent
    for role, path in report.items():
        if not role.startswith("input-"):
            again = tmp_path / "again" / path.relative_to(first)
            assert again.read_bytes() == path.read_bytes(), role


def test_archive_accepts_the_followup_folder_and_verify_agrees(report):
    from plan_model.pipeline import archive, verify

    folder = report["followup-pdf"].parent
    package = archive(folder)
    assert package.objid == "solvik-ks-2031-77-uppfoljning-delar-2031"
    metadata = json.loads((package.folder / "metadata/descriptive/arkivmetadata.json")
                          .read_text("utf-8"))
    (record,) = metadata["handlingar"]
    assert (record["handlingstyp"], record["uppfoljningsperiod"], record["uppfoljningsdatum"]) == \
        ("Uppföljning", "Delår 2031", "2031-08-31")
    assert metadata["paket"]["skapad"] == "2031-08-31"
    roles = sorted(f["roll"] for f in metadata["filer"])
    assert roles == ["followup-pdf", "input-xlsx"]
    checked = verify(package.zip)
    assert checked.ok, [f.line() for f in checked.findings]
    run = run_shared_tool(EARK_VALIDATOR, package.zip)
    assert (run.returncode, run.stdout.strip().splitlines()[-1]) == (0, "VALID"), run.stdout


def test_report_with_previous_period_is_an_archive_pdf_too(source, tmp_path):
    from followup.followup_data import followup_sheets

    old = followup_sheets()
    old["Aktiviteter"][1][6] = "Ej påbörjad"
    old["Aktiviteter"][11][3] = "Rensa dikena"
    previous = write_followup_input(tmp_path / "old", old)
    environment = dict(os.environ)
    environment.pop("SOURCE_DATE_EPOCH", None)
    completed = subprocess.run([sys.executable, str(GENERATE), "followup", str(source),
                                "--previous", str(previous), "--out", str(tmp_path / "out")],
                               capture_output=True, text=True, timeout=900, env=environment,
                               cwd=ROOT)
    assert completed.returncode == 0, completed.stderr
    docx = tmp_path / "out" / "uppfoljning-delar-2031.docx"
    pdf = tmp_path / "out" / "uppfoljning-delar-2031.pdf"
    assert_archive_pdf(pdf, headings=heading_count(docx), pictures=picture_count(docx))
    assert pdfua_errors(pdf) == []
    assert any("Förändring sedan förra uppföljningen" in text for text in page_texts(pdf))
