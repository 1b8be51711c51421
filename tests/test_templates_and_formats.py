"""SPEC §9: a broken --template is one template-* finding, not a cascade of icon errors; a
workbook in another format is one finding saying to save it as .xlsx; icons that are too
large say what they are."""
from __future__ import annotations

import shutil
import struct
import zlib

import pytest

from builders import findings_of, write_icon, write_solvik
from conftest import ROOT
from plan_model.cli import main
from plan_model.options import BuildOptions

TEMPLATE = ROOT / "templates" / "handlingsplan.docx"


def _codes(findings):
    return [(f.code, f.file, f.sheet, f.cell) for f in findings]


def _solvik_without_icons(tmp_path):
    """Solvik with no ikoner/: every icon must come from the template's icons/."""
    folder = write_solvik(tmp_path / "in")
    for icon in (folder / "ikoner").iterdir():
        shutil.copyfile(icon, tmp_path / icon.name)
    shutil.rmtree(folder / "ikoner")
    return folder


def _build_fails(folder, tmp_path, capsys, *extra) -> str:
    out = tmp_path / "out"
    assert main(["build", str(folder), "--no-pdf", "--out", str(out), *map(str, extra)]) == 1
    assert not out.exists()
    return capsys.readouterr().out


def test_missing_template_is_one_finding(tmp_path, capsys):
    folder = _solvik_without_icons(tmp_path)
    template = tmp_path / "finns-inte.docx"
    findings = findings_of(folder, BuildOptions(template=template))
    assert _codes(findings) == [("template-missing", "finns-inte.docx", "", "")]
    assert "FEL  finns-inte.docx: Mallen finns inte" in _build_fails(
        folder, tmp_path, capsys, "--template", template)


def test_a_template_that_is_no_docx_is_one_finding_in_swedish(tmp_path, capsys):
    folder = _solvik_without_icons(tmp_path)
    template = tmp_path / "mall.docx"
    template.write_bytes(b"%PDF-1.7 not a Word file")
    findings = findings_of(folder, BuildOptions(template=template))
    assert _codes(findings) == [("template-unreadable", "mall.docx", "", "")]
    assert "ingen .docx utan en PDF" in findings[0].message
    out = _build_fails(folder, tmp_path, capsys, "--template", template)
    assert "zip" not in out.lower() and "File is not" not in out


def test_a_template_without_icons_beside_it_is_one_finding(tmp_path, capsys):
    folder = _solvik_without_icons(tmp_path)
    (tmp_path / "mall").mkdir()
    template = shutil.copyfile(TEMPLATE, tmp_path / "mall" / "handlingsplan.docx")
    findings = findings_of(folder, BuildOptions(template=template))
    assert _codes(findings) == [("template-no-icons", "handlingsplan.docx", "", "")]
    assert "«luft.png»" in findings[0].message and "icons" in findings[0].message
    _build_fails(folder, tmp_path, capsys, "--template", template)


def test_a_template_without_icons_is_fine_when_the_input_has_them(tmp_path):
    folder = write_solvik(tmp_path / "in")
    (tmp_path / "mall").mkdir()
    template = shutil.copyfile(TEMPLATE, tmp_path / "mall" / "handlingsplan.docx")
    assert findings_of(folder, BuildOptions(template=template)) == []


def test_missing_annex_template_is_one_finding(tmp_path):
    folder = write_solvik(tmp_path / "in")
    findings = findings_of(folder, BuildOptions(annex_template=tmp_path / "bilaga.docx"))
    assert _codes(findings) == [("template-missing", "bilaga.docx", "", "")]


# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".ods", ".xls", ".csv"])
def test_the_only_file_in_another_format_is_one_finding(tmp_path, suffix, capsys):
    folder = write_solvik(tmp_path / "in")
    (folder / "handlingsplan.xlsx").rename(folder / f"handlingsplan{suffix}")
    findings = findings_of(folder)
    assert _codes(findings) == [("wrong-format", f"handlingsplan{suffix}", "", "")]
    assert "spara den som .xlsx" in findings[0].message
    assert f"FEL  handlingsplan{suffix}: " in _build_fails(folder, tmp_path, capsys)


@pytest.mark.parametrize("suffix", [".ods", ".xls", ".csv"])
def test_a_file_in_another_format_given_as_input_is_one_finding(tmp_path, suffix):
    folder = write_solvik(tmp_path / "in")
    given = folder / f"plan{suffix}"
    given.write_bytes(b"anything")
    assert _codes(findings_of(given)) == [("wrong-format", f"plan{suffix}", "", "")]


def test_a_sector_file_in_another_format_is_not_passed_over(tmp_path):
    folder = write_solvik(tmp_path / "in")
    (folder / "aktiviteter").mkdir()
    (folder / "aktiviteter" / "teknik.ods").write_bytes(b"anything")
    assert _codes(findings_of(folder)) == [("wrong-format", "aktiviteter/teknik.ods", "", "")]


# ------------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _huge_png(path, width, height):
    """A PNG whose header claims width × height pixels (what a decoder would allocate)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
                     + _chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _chunk(b"IEND", b""))


def test_an_icon_of_too_many_pixels_is_an_error_that_says_so(tmp_path, capsys):
    folder = write_solvik(tmp_path / "in")
    _huge_png(folder / "ikoner" / "luft.png", 30_000, 30_000)
    findings = [f for f in findings_of(folder) if f.is_error]
    assert _codes(findings) == [("icon-too-many-pixels", "handlingsplan.xlsx", "Strategi", "D2")]
    assert "30\u00a0000 × 30\u00a0000 bildpunkter" in findings[0].message
    assert "PNG- eller JPEG" not in findings[0].message
    _build_fails(folder, tmp_path, capsys)


def test_a_50_mb_icon_is_a_warning_with_its_size(tmp_path):
    folder = write_solvik(tmp_path / "in")
    icon = folder / "ikoner" / "luft.png"
    write_icon(icon)
    data = icon.read_bytes()
    # -- a valid PNG made large by an ancillary text chunk before IEND --
    big = _chunk(b"tEXt", b"Comment\x00" + b"x" * (50 * 1024 * 1024))
    icon.write_bytes(data[:-12] + big + data[-12:])
    findings = findings_of(folder)
    assert _codes(findings) == [("icon-large", "handlingsplan.xlsx", "Strategi", "D2")]
    assert "50 MB" in findings[0].message and not findings[0].is_error


@pytest.mark.parametrize("tag,swedish", [
    ("{{ x ", "taggen avslutas aldrig (väntade «}}»)"),
    ("{% if x %}", "blocket «if» avslutas aldrig (väntade «elif» eller «else» eller «endif»)"),
    ("{{ x | nofilter }}", "det finns inget filter som heter «nofilter»"),
    ("{% foo %}", "okänd tagg «foo»"),
    ("{{ x y }}", "väntade «}}» men fick «y»"),
])
def test_jinja_syntax_messages_reach_the_user_in_swedish(tag, swedish):
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    from plan_model.writers.template_check import swedish_jinja

    env = SandboxedEnvironment()
    with pytest.raises(TemplateSyntaxError) as caught:
        env.compile(tag)
    assert swedish_jinja(caught.value.message) == swedish
    assert swedish_jinja("some future English message") == "taggen kan inte tolkas"
