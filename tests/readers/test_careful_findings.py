"""The findings a careful user needs (SPEC §3, issue 12): empty required sheets, hidden and
filtered rows, hidden columns, bidirectional overrides, and one defect → one finding."""
from __future__ import annotations

import openpyxl
import pytest

from builders import findings_of, solvik_sheets, write_solvik
from plan_model.cli import main


def _codes(findings):
    return [(f.code, f.sheet, f.cell) for f in findings]


@pytest.mark.parametrize("sheet", ["Strategi", "Organisation", "Åtgärder", "Aktiviteter"])
def test_a_required_sheet_without_rows_is_an_error(tmp_path, sheet, capsys):
    sheets = solvik_sheets()
    sheets[sheet] = sheets[sheet][:1]
    folder = write_solvik(tmp_path / "in", sheets)
    findings = findings_of(folder)
    empty = [f for f in findings if f.code == "empty-sheet"]
    assert _codes(empty) == [("empty-sheet", sheet, "A2")]
    assert empty[0].is_error and empty[0].file == "handlingsplan.xlsx"
    out = tmp_path / "out"
    assert main(["build", str(folder), "--no-pdf", "--out", str(out)]) == 1
    assert not out.exists()
    assert f"FEL  handlingsplan.xlsx!{sheet}!A2: Bladet «{sheet}» har inga rader" in capsys.readouterr().out


def test_activities_in_a_sector_file_fill_an_empty_main_sheet(tmp_path):
    sheets = solvik_sheets()
    rows = sheets["Aktiviteter"]
    sheets["Aktiviteter"] = rows[:1]
    folder = write_solvik(tmp_path / "in", sheets)
    from builders import write_workbook

    write_workbook(folder / "aktiviteter" / "teknik.xlsx", {"Aktiviteter": rows})
    assert "empty-sheet" not in {f.code for f in findings_of(folder)}


def _hide(path, sheet, rows=(), columns=(), filtered=False):
    workbook = openpyxl.load_workbook(path)
    ws = workbook[sheet]
    for row in rows:
        ws.row_dimensions[row].hidden = True
    for column in columns:
        ws.column_dimensions[column].hidden = True
    if filtered:
        ws.auto_filter.ref = ws.dimensions
        ws.auto_filter.add_filter_column(1, ["Tekniska förvaltningen"])
    workbook.save(path)


def test_hidden_rows_are_read_and_named(tmp_path):
    folder = write_solvik(tmp_path / "in")
    _hide(folder / "handlingsplan.xlsx", "Aktiviteter", rows=(3, 4, 6))
    findings = findings_of(folder)
    hidden = [f for f in findings if f.code == "hidden-rows"]
    assert _codes(hidden) == [("hidden-rows", "Aktiviteter", "A3")]
    assert hidden[0].value == "3–4, 6" and not hidden[0].is_error
    assert "Raderna 3–4, 6 är dolda" in hidden[0].message
    # -- read all the same: the plan still has all five activities --
    from plan_model.pipeline import check

    assert len(check(folder).plan.activities) == 5


def test_rows_hidden_by_a_filter_say_so(tmp_path):
    folder = write_solvik(tmp_path / "in")
    _hide(folder / "handlingsplan.xlsx", "Aktiviteter", rows=(3, 4, 5), filtered=True)
    codes = _codes(findings_of(folder))
    assert ("filtered-rows", "Aktiviteter", "A3") in codes
    assert "hidden-rows" not in {c for c, _, _ in codes}


def test_hidden_columns_that_are_read_are_named(tmp_path):
    folder = write_solvik(tmp_path / "in")
    _hide(folder / "handlingsplan.xlsx", "Aktiviteter", columns=("E", "F"))
    hidden = [f for f in findings_of(folder) if f.code == "hidden-columns"]
    assert [(f.sheet, f.cell, f.value) for f in hidden] == [("Aktiviteter", "E1", "E, F")]


def test_hidden_empty_rows_below_the_table_say_nothing(tmp_path):
    folder = write_solvik(tmp_path / "in")
    _hide(folder / "handlingsplan.xlsx", "Aktiviteter", rows=(40, 41))
    assert not {"hidden-rows", "filtered-rows"} & {f.code for f in findings_of(folder)}


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_bidirectional_overrides_are_removed_with_a_warning(tmp_path, char):
    sheets = solvik_sheets()
    sheets["Aktiviteter"][1][3] = f"Bygg 20 {char}laddstolpar"
    folder = write_solvik(tmp_path / "in", sheets)
    removed = [f for f in findings_of(folder) if f.code == "control-character-removed"]
    assert [(f.sheet, f.cell) for f in removed] == [("Aktiviteter", "D2")]
    assert f"U+{ord(char):04X}" in removed[0].message
    from plan_model.pipeline import check

    assert check(folder).plan.activities[0].text == "Bygg 20 laddstolpar"


def test_a_broken_action_number_is_one_finding_at_its_own_cell(tmp_path):
    sheets = solvik_sheets()
    sheets["Åtgärder"][1][0] = "1a"
    for row in sheets["Aktiviteter"][1:3]:
        row[0] = "1a"
    folder = write_solvik(tmp_path / "in", sheets)
    findings = findings_of(folder)
    errors = [f for f in findings if f.is_error]
    assert _codes(errors) == [("invalid-action-number", "Åtgärder", "A2")]


def test_an_action_without_title_is_one_finding(tmp_path):
    sheets = solvik_sheets()
    sheets["Åtgärder"][3][1] = None
    folder = write_solvik(tmp_path / "in", sheets)
    errors = [f for f in findings_of(folder) if f.is_error]
    assert _codes(errors) == [("missing-action-title", "Åtgärder", "B4")]


def test_a_planar_that_is_not_a_year_is_one_error(tmp_path):
    sheets = solvik_sheets()
    sheets["Dokument"][7][1] = "tjugohundra"
    folder = write_solvik(tmp_path / "in", sheets)
    errors = [f for f in findings_of(folder) if f.is_error]
    assert _codes(errors) == [("invalid-year", "Dokument", "B8")]


def test_an_unknown_action_number_is_still_an_error_at_each_activity(tmp_path):
    # -- a reference to an action that does not exist at all has no cell of its own --
    sheets = solvik_sheets()
    sheets["Aktiviteter"][1][0] = 9
    folder = write_solvik(tmp_path / "in", sheets)
    assert ("unknown-action", "Aktiviteter", "A2") in _codes(findings_of(folder))


# -- characters no font of the document can show (plan_model/fonts.py) --------------------


def test_a_character_no_font_has_is_a_warning_naming_cell_and_character(tmp_path):
    sheets = solvik_sheets()
    sheets["Åtgärder"][2][1] = "Träd längs gatorna \U0001FAE8"  # shaking face, Unicode 15
    sheets["Aktiviteter"][4][3] = "Dagvattenträd \U0001FAE8 i nya kvarter"
    folder = write_solvik(tmp_path / "in", sheets)
    missing = [f for f in findings_of(folder) if f.code == "glyph-missing"]
    assert [(f.sheet, f.cell, f.value) for f in missing] == [
        ("Åtgärder", "B3", "\U0001FAE8"), ("Aktiviteter", "D5", "\U0001FAE8")]
    assert "U+1FAE8" in missing[0].message and not missing[0].is_error


def test_a_character_a_fallback_font_has_is_fine(tmp_path):
    # -- ♔ is not in Carlito but in DejaVu Sans (setup.sh installs it): LibreOffice falls
    #    back to DejaVu and embeds it, so nothing vanishes --
    sheets = solvik_sheets()
    sheets["Åtgärder"][2][1] = "Träd längs gatorna ♔ Ω → ≥"
    folder = write_solvik(tmp_path / "in", sheets)
    assert "glyph-missing" not in {f.code for f in findings_of(folder)}


def test_the_internal_comment_is_not_checked(tmp_path):
    sheets = solvik_sheets()
    sheets["Aktiviteter"][0].append("Kommentar")
    sheets["Aktiviteter"][1].append("intern \U0001FAE8")
    folder = write_solvik(tmp_path / "in", sheets)
    assert "glyph-missing" not in {f.code for f in findings_of(folder)}
