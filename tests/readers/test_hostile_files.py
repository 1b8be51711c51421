"""Hostile files (SPEC §3): rejected within seconds, exit 1, a clear message, low memory."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from builders import findings_of, write_solvik
from conftest import ROOT
from plan_model.readers.plan_xlsx import read_plan

LIMIT_SECONDS = 10
LIMIT_BYTES = 1 << 30


def _rewrite_part(path, name, data: bytes, extra: dict | None = None):
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[name] = data
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, content in parts.items():
            z.writestr(n, content)


def _not_a_workbook(xlsx):
    xlsx.write_text("Nr;Åtgärd\n1;Något\n", encoding="utf-8")


def _empty(xlsx):
    xlsx.write_bytes(b"")


def _corrupt(xlsx):
    data = xlsx.read_bytes()
    xlsx.write_bytes(data[: len(data) // 2])


def _encrypted(xlsx):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(xlsx.read_bytes())
    out = io.BytesIO()
    OOXMLFile(plain).encrypt("hemligt", out)
    xlsx.write_bytes(out.getvalue())


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
          b"</sheetData></worksheet>")


def _billion_laughs(xlsx):
    _rewrite_part(xlsx, "xl/worksheets/sheet1.xml", LAUGHS)


def _external_entity(xlsx):
    _rewrite_part(xlsx, "xl/sharedStrings.xml",
                  b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                  b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                  b"<si><t>&x;</t></si></sst>")


def _bomb(xlsx):
    # -- 400 MiB of one repeated row packs to well under 1 MiB: a classic decompression bomb --
    row = b'<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>'
    with zipfile.ZipFile(xlsx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED) as z:
        for n, content in parts.items():
            if n != "xl/worksheets/sheet1.xml":
                z.writestr(n, content)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            chunk = row * (1 << 14)
            for _ in range((400 << 20) // len(chunk)):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")


CASES = [
    ("not-a-workbook", _not_a_workbook, "not-a-workbook"),
    ("empty", _empty, "empty-file"),
    ("corrupt", _corrupt, "corrupt-workbook"),
    ("encrypted", _encrypted, "encrypted-workbook"),
    ("billion-laughs", _billion_laughs, "unsafe-xml"),
    ("external-entity", _external_entity, "unsafe-xml"),
    ("decompression-bomb", _bomb, "too-large"),
]


@pytest.mark.parametrize("name,damage,code", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_rejected_fast_with_low_memory(tmp_path, name, damage, code):
    folder = write_solvik(tmp_path / "in")
    damage(folder / "handlingsplan.xlsx")
    findings = findings_of(folder)
    assert [(f.code, f.file) for f in findings] == [(code, "handlingsplan.xlsx")]
    probe = ("import resource, subprocess, sys, time; t = time.monotonic(); "
             "p = subprocess.run([sys.executable, 'generate.py', 'check', sys.argv[1]], "
             "capture_output=True, text=True); "
             "print(p.returncode, time.monotonic() - t, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024); print(p.stdout)")
    proc = subprocess.run([sys.executable, "-c", probe, str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    exit_code, seconds, peak = proc.stdout.splitlines()[0].split()
    assert int(exit_code) == 1
    assert float(seconds) < LIMIT_SECONDS
    assert int(peak) < LIMIT_BYTES
    assert "FEL  handlingsplan.xlsx: " in proc.stdout


def test_hostile_extra_workbook_stops_only_its_own_reading(tmp_path):
    folder = write_solvik(tmp_path / "in")
    (folder / "aktiviteter").mkdir()
    (folder / "aktiviteter" / "trasig.xlsx").write_bytes(b"PK\x03\x04 inte en arbetsbok")
    plan, findings = read_plan(folder)
    assert [(f.code, f.file) for f in findings] == [("corrupt-workbook", "aktiviteter/trasig.xlsx")]
    assert len(plan.activities) == 5
