"""The reader and validation against SPEC §3: every error case, a messy valid workbook."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from builders import findings_of, solvik_sheets, write_icon, write_solvik, write_workbook
from conftest import ROOT
from plan_model import derive
from plan_model.cli import main
from plan_model.pipeline import check


def _codes(findings):
    return [(f.code, f.sheet, f.cell) for f in findings]


def _set(sheets, sheet, row, col, value):
    rows = sheets[sheet]
    while len(rows[row - 1]) < col:
        rows[row - 1].append(None)
    rows[row - 1][col - 1] = value


def _mutate(*changes):
    def apply(sheets):
        for change in changes:
            _set(sheets, *change)
        return sheets
    return apply


# -- (id, mutation, code, sheet, cell, value, suggestion) --
ERROR_CASES = [
    ("missing-sheet", lambda s: s.pop("Organisation") and s, "missing-sheet", "Organisation", "",
     "Organisation", ""),
    ("missing-column", _mutate(("Aktiviteter", 1, 4, "Beskrivningen")), "missing-columns",
     "Aktiviteter", "1:1", "1", ""),
    ("missing-field", _mutate(("Dokument", 6, 2, None)), "missing-field", "Dokument", "B6",
     "Dokumentägare", ""),
    ("unknown-action-number", _mutate(("Aktiviteter", 2, 1, 9)), "unknown-action", "Aktiviteter",
     "A2", "9", ""),
    ("unknown-action-title", _mutate(("Aktiviteter", 2, 1, "Fler laddstolpa")), "unknown-action",
     "Aktiviteter", "A2", "Fler laddstolpa", "Fler laddstolpar"),
    ("unknown-unit", _mutate(("Aktiviteter", 3, 2, "Ängsbo Bostäder")), "unknown-unit",
     "Aktiviteter", "B3", "Ängsbo Bostäder", "Ängsbo Bostäder AB"),
    ("unknown-strategy", _mutate(("Åtgärder", 3, 3, "Grönare gator; Samarbete")),
     "unknown-strategy-element", "Åtgärder", "C3", "Samarbete", "Samarbete över gränser"),
    ("duplicate-number", _mutate(("Åtgärder", 4, 1, 2)), "duplicate-action-number", "Åtgärder",
     "A4", "2", ""),
    ("duplicate-title", _mutate(("Åtgärder", 4, 2, "Träd längs gatorna")),
     "duplicate-action-title", "Åtgärder", "B4", "Träd längs gatorna", ""),
    ("action-without-title", _mutate(("Åtgärder", 4, 2, None)), "missing-action-title",
     "Åtgärder", "B4", "3", ""),
    ("activity-without-text", _mutate(("Aktiviteter", 4, 4, "  ")), "missing-activity-text",
     "Aktiviteter", "D4", "", ""),
    ("activity-without-action", _mutate(("Aktiviteter", 5, 1, None)), "missing-activity-action",
     "Aktiviteter", "A5", "", ""),
    ("activity-without-unit", _mutate(("Aktiviteter", 6, 2, None)), "missing-activity-unit",
     "Aktiviteter", "B6", "", ""),
    ("unknown-priority", _mutate(("Strategi", 3, 3, "Renare luft")), "unknown-priority",
     "Strategi", "C3", "Renare luft", "Ren luft"),
    ("icon-missing", _mutate(("Strategi", 2, 4, "saknas.png")), "missing-icon", "Strategi", "D2",
     "saknas.png", ""),
    ("icon-path", _mutate(("Strategi", 2, 4, "C:\\bilder\\luft.png")), "icon-path", "Strategi",
     "D2", "C:\\bilder\\luft.png", ""),
    ("not-a-date", _mutate(("Dokument", 10, 2, "våren 2031")), "invalid-date", "Dokument", "B10",
     "våren 2031", ""),
    ("unknown-kind", _mutate(("Organisation", 3, 2, "Förvaltning")), "unknown-unit-kind",
     "Organisation", "B3", "Förvaltning", ""),
]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_each_error_case_names_file_sheet_cell_and_writes_nothing(tmp_path, case, capsys):
    _, mutate, code, sheet, cell, value, suggestion = case
    folder = write_solvik(tmp_path / "in", mutate(solvik_sheets()))
    (folder / "ikoner" / "saknas.png").unlink(missing_ok=True)
    findings = findings_of(folder)
    errors = [f for f in findings if f.is_error]
    assert (code, sheet, cell) in _codes(errors), _codes(findings)
    hit = next(f for f in errors if (f.code, f.sheet, f.cell) == (code, sheet, cell))
    assert hit.file == "handlingsplan.xlsx"
    assert hit.value == value
    assert hit.suggestion == suggestion
    _build_fails_writing_nothing(tmp_path, folder, capsys, hit.where)


def _build_fails_writing_nothing(tmp_path, folder, capsys, where: str) -> None:
    out = tmp_path / "out"
    assert main(["build", str(folder), "--no-pdf", "--out", str(out)]) == 1
    assert not out.exists()
    assert f"FEL  {where}: " in capsys.readouterr().out


def test_icon_that_is_not_an_image(tmp_path, capsys):
    folder = write_solvik(tmp_path / "in")
    (folder / "ikoner" / "luft.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really a picture")
    assert ("invalid-icon", "Strategi", "D2") in _codes(findings_of(folder))
    _build_fails_writing_nothing(tmp_path, folder, capsys, "handlingsplan.xlsx!Strategi!D2")


def test_formula_without_cached_value_is_an_error_at_its_cell(tmp_path, capsys):
    sheets = solvik_sheets()
    sheets["Aktiviteter"][2][5] = "=CONCAT(\"Q\", 3)"  # openpyxl writes no cached value
    folder = write_solvik(tmp_path / "in", sheets)
    findings = findings_of(folder)
    assert ("formula-without-value", "Aktiviteter", "F3") in _codes(findings)
    _build_fails_writing_nothing(tmp_path, folder, capsys, "handlingsplan.xlsx!Aktiviteter!F3")


def test_cached_formula_values_are_read(tmp_path):
    import openpyxl

    folder = write_solvik(tmp_path / "in")
    path = folder / "handlingsplan.xlsx"
    # -- give F2 a formula with a cached value by editing the sheet XML as Excel would save it --
    import zipfile
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    wb = openpyxl.load_workbook(path)
    index = wb.sheetnames.index("Aktiviteter") + 1
    name = f"xl/worksheets/sheet{index}.xml"
    xml = parts[name].decode()
    start = xml.index('<c r="F2"')
    end = xml.index("</c>", start) + 4
    parts[name] = (xml[:start] + '<c r="F2" t="str"><f>"20"&amp;"31"</f><v>2031</v></c>'
                   + xml[end:]).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    result = check(folder)
    assert result.ok, _codes(result.findings)
    assert result.plan.activities[0].schedule == "2031"


def test_warnings_duplicate_activity_names_both_cells(tmp_path):
    sheets = solvik_sheets()
    sheets["Aktiviteter"].append([1, "Tekniska förvaltningen", "", "Bygg 20 laddstolpar"])
    folder = write_solvik(tmp_path / "in", sheets)
    result = check(folder)
    assert result.ok
    dup = [f for f in result.findings if f.code == "duplicate-activity"]
    assert [(f.sheet, f.cell) for f in dup] == [("Aktiviteter", "D7")]
    assert "handlingsplan.xlsx!Aktiviteter!D2" in dup[0].message


def test_action_without_activities_warns(tmp_path):
    sheets = solvik_sheets()
    sheets["Aktiviteter"] = [r for r in sheets["Aktiviteter"] if r[0] != 3]
    result = check(write_solvik(tmp_path / "in", sheets))
    assert result.ok
    assert _codes(result.findings) == [("action-without-activities", "Åtgärder", "B4")]


def test_messy_but_valid_workbook(tmp_path):
    """Title rows, odd alias spelling, merged Åtgärd cells, references by title and as
    `Åtgärd 3`, NBSP and double spaces, lower-case unit, Alt+Enter, an unknown column,
    a blank row, a control character and an extra workbook in aktiviteter/."""
    sheets = solvik_sheets()
    sheets["Åtgärder"][0] = ["NR", "rubrik", "Kopplingar", "Beskrivning"]
    sheets["Aktiviteter"] = [
        ["Bilaga 1 – Aktivitetslista 2031"],
        ["Ifylls av sektorerna"],
        ["Åtgärd  nr", "SEKTOR / BOLAG", "Enhet", "Aktiviteter", "Ansvarig", "När", "Status", "Extra"],
        [1, "Tekniska\u00a0förvaltningen", "Gata", "Bygg  20\u00a0laddstolpar", "Gatuchef", dt.date(2031, 6, 30), "Pågår", "x"],
        [None, "ängsbo bostäder ab", "Förvaltning", "Laddplatser\nvid hyreshus", "", "", "", ""],
        [None, None, None, None, None, None, None, None],
        ["Träd längs gatorna", "Miljöförvaltningen", "Natur", "Inventera_x0007_ gatuträd", "", "", "", ""],
        ["åtgärd 3", "Tekniska förvaltningen", "Trafik", "Upphandla elbussar", "", "", "", ""],
    ]
    folder = write_solvik(tmp_path / "in", sheets, merges={"Aktiviteter": ["A4:A6"]})
    write_workbook(folder / "aktiviteter" / "vatten.xlsx", {"Blad1": [
        ["Åtgärd", "Sektor", "Aktivitet"],
        ["Åtgärd 2", "Öresundsvatten AB", "Dagvattenträd i nya kvarter"],
    ]})
    write_workbook(folder / "aktiviteter" / "~$vatten.xlsx", {"x": [["trasig"]]})
    result = check(folder)
    assert result.ok, [f.line() for f in result.findings]
    assert sorted(_codes(result.findings)) == sorted([
        ("unknown-column", "Aktiviteter", "H3"),
        ("case-mismatch", "Aktiviteter", "B5"),
        ("control-character-removed", "Aktiviteter", "D7"),
    ])
    acts = result.plan.activities
    assert [(a.action, a.unit, a.text) for a in acts] == [
        (1, "Tekniska förvaltningen", "Bygg 20 laddstolpar"),
        (1, "Ängsbo Bostäder AB", "Laddplatser\nvid hyreshus"),
        (2, "Miljöförvaltningen", "Inventera gatuträd"),
        (3, "Tekniska förvaltningen", "Upphandla elbussar"),
        (2, "Öresundsvatten AB", "Dagvattenträd i nya kvarter"),
    ]
    assert acts[0].schedule == "2031-06-30"
    assert acts[1].sources["action"].cell == "A4"  # the merged value's own cell
    assert acts[-1].source.file == "aktiviteter/vatten.xlsx"
    assert acts[-1].source.cell == "C2"


def test_blank_cell_is_not_filled_from_the_row_above(tmp_path):
    sheets = solvik_sheets()
    sheets["Aktiviteter"][2][0] = None  # no merge: stays blank
    findings = findings_of(write_solvik(tmp_path / "in", sheets))
    assert ("missing-activity-action", "Aktiviteter", "A3") in _codes(findings)


def test_units_in_organisation_order_then_swedish_alphabet(tmp_path):
    plan = check(write_solvik(tmp_path / "in")).plan
    assert [u.name for u in derive.ordered_units(plan)] == [
        "Miljöförvaltningen", "Tekniska förvaltningen", "Ängsbo Bostäder AB", "Öresundsvatten AB"]
    assert [u.name for u in derive.units_by_action(plan)[1]] == [
        "Tekniska förvaltningen", "Ängsbo Bostäder AB"]


def test_case_only_difference_uses_the_lists_spelling(tmp_path):
    sheets = solvik_sheets()
    sheets["Åtgärder"][1][2] = "minska utsläppen"
    result = check(write_solvik(tmp_path / "in", sheets))
    assert result.ok
    assert result.plan.action(1).strategy == ("Minska utsläppen",)
    assert _codes(result.findings) == [("case-mismatch", "Åtgärder", "C2")]


def test_escapes_and_line_breaks_are_cleaned(tmp_path):
    sheets = solvik_sheets()
    sheets["Åtgärder"][1][3] = "Rad ett_x000B_rad två  \t med\u00a0mellanslag"
    plan = check(write_solvik(tmp_path / "in", sheets)).plan
    assert plan.action(1).description == "Rad ett\nrad två med mellanslag"


def test_check_json_matches_the_findings(tmp_path):
    sheets = solvik_sheets()
    sheets["Aktiviteter"][1][1] = "Teknska förvaltningen"
    folder = write_solvik(tmp_path / "in", sheets)
    proc = subprocess.run([sys.executable, "generate.py", "check", str(folder), "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data[0] == {"level": "error", "code": "unknown-unit", "file": "handlingsplan.xlsx",
                       "sheet": "Aktiviteter", "cell": "B2", "message": data[0]["message"],
                       "value": "Teknska förvaltningen", "suggestion": "Tekniska förvaltningen"}


def test_check_text_output_and_exit_codes(tmp_path, solvik):
    proc = subprocess.run([sys.executable, "generate.py", "check", str(solvik)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sheets = solvik_sheets()
    sheets["Aktiviteter"][1][1] = "Teknska förvaltningen"
    sheets["Aktiviteter"].append([1, "Ängsbo Bostäder AB", "", "Laddplatser vid hyreshus"])
    folder = write_solvik(tmp_path / "bad", sheets)
    proc = subprocess.run([sys.executable, "generate.py", "check", str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("FEL  handlingsplan.xlsx!Aktiviteter!B2: ")
    assert "menade du «Tekniska förvaltningen»?" in lines[0]
    assert lines[1].startswith("VARNING  handlingsplan.xlsx!Aktiviteter!D7: ")
    usage = subprocess.run([sys.executable, "generate.py", "check"], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2


def test_single_xlsx_input_uses_the_template_icons(tmp_path):
    folder = write_solvik(tmp_path / "in", icons=False)
    icons = tmp_path / "mall" / "icons"
    for name in ("luft.png", "utslapp.png", "gator.png", "samarbete.png"):
        write_icon(icons / name)
    from plan_model.options import BuildOptions
    import shutil
    # -- a template that exists (a missing one is a template-missing error) --
    shutil.copyfile(ROOT / "templates" / "handlingsplan.docx", tmp_path / "mall" / "x.docx")
    result = check(folder / "handlingsplan.xlsx", BuildOptions(template=tmp_path / "mall" / "x.docx"))
    assert result.ok, [f.line() for f in result.findings]
    assert result.plan.element("Ren luft").icon_path == icons / "luft.png"
