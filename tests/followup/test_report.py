"""The follow-up report (SPEC §10): every number in its tables, chart alt texts and sentences
agrees with counts made here from the workbook's rows; Kommentar appears nowhere."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from followup.followup_data import (COLUMNS, SECRET, activity_rows, as_row, expected,
                           followup_sheets, write_followup_input)
from office_tools import validate_ooxml
from plan_model.cli import main
from plan_model.errors import InputError
from plan_model.options import BuildOptions
from plan_model.pipeline import followup


@pytest.fixture
def sheets():
    return followup_sheets()


@pytest.fixture
def report(tmp_path, sheets):
    source = write_followup_input(tmp_path / "in", sheets)
    result = followup(source, BuildOptions(out_dir=tmp_path / "out", no_pdf=True))
    return result


def _outputs(result) -> dict[str, Path]:
    return {o.role: o.path for o in result.outputs}


def _table(document, first_header: str, columns: int | None = None):
    for table in document.tables:
        header = [c.text.strip() for c in table.rows[0].cells]
        if header[0] == first_header and (columns is None or len(header) == columns):
            return [[c.text.strip() for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table headed {first_header}")


def _numbers(rows) -> dict[str, list[int]]:
    return {row[0]: [int(v) for v in row[1:]] for row in rows}


def _alt_texts(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as package:
        body = package.read("word/document.xml").decode()
    return re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)


def test_writes_the_report_files_and_the_manifest(report, tmp_path):
    outputs = _outputs(report)
    assert report.out_dir == tmp_path / "out"
    assert outputs["followup-docx"].name == "uppfoljning-delar-2031.docx"
    assert outputs["followup-xlsx"].name == "uppfoljning-delar-2031.xlsx"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    # -- the report shows the actions' icons, so they are inputs kept beside the workbook --
    assert {o["role"] for o in manifest["outputs"]} == {"followup-docx", "followup-xlsx",
                                                        "followup-html", "input-xlsx",
                                                        "input-icon"}


def test_default_folder_is_outputs_year_and_period_slug(tmp_path, sheets, monkeypatch):
    from plan_model.followup.checks import output_folder, period_slug

    assert period_slug("Delår 2024") == "delar-2024"
    assert period_slug("Helår 2031 – slutlig") == "helar-2031-slutlig"
    source = write_followup_input(tmp_path / "in", sheets)
    from plan_model.pipeline import check

    plan = check(source).plan
    assert output_folder(plan, None, tmp_path / "outputs") == \
        tmp_path / "outputs" / "2031" / "uppfoljning-delar-2031"


def test_summary_table_and_sentence_state_the_counts(report, sheets):
    want = expected(sheets)["overall"]
    total = sum(want.values())
    document = Document(_outputs(report)["followup-docx"])
    rows = _table(document, "Status")
    assert [r[0] for r in rows] == COLUMNS + ["Totalt"]
    assert [int(r[1]) for r in rows[:-1]] == [want[c] for c in COLUMNS]
    assert int(rows[-1][1]) == total
    shares = [int(r[2].rstrip(" %")) for r in rows[:-1]]
    assert sum(shares) == 100
    assert all(abs(s - 100 * want[c] / total) < 1 for s, c in zip(shares, COLUMNS))
    sentence = next(p.text for p in document.paragraphs if p.text.startswith("Av planens"))
    assert sentence.startswith(f"Av planens {total} aktiviteter är ")
    found = re.findall(r"(\d+) ([a-zåäö ]+?) \((\d+) %\)", sentence)
    assert [(int(n), int(s)) for n, _, s in found] == list(zip([want[c] for c in COLUMNS], shares))


def test_strategy_and_unit_tables_hold_the_counts(report, sheets):
    want = expected(sheets)
    document = Document(_outputs(report)["followup-docx"])
    strategy = _numbers(_table(document, "Prioritering / fokusområde"))
    assert strategy == {name: as_row(c) for name, c in want["elements"].items()}
    # -- Ren luft: action 1's two focus areas count its activities once --
    assert strategy["Ren luft"][-1] == 3 + 3 + 2 + 1 + 2 - 0  # actions 1, 2, 3, 4 (via Minska utsläppen)
    units = _numbers(_table(document, "Sektor/bolag", columns=8))
    labelled = {re.sub(r" \(Ej inrapporterat\)$", "", k): v for k, v in units.items()}
    assert labelled == {u: as_row(c) for u, c in want["units"].items()}
    # -- organisation order: Ordning first, then Swedish alphabetical order (Ä before Ö) --
    assert [re.sub(r" \(.*", "", k) for k in units] == [
        "Miljöförvaltningen", "Tekniska förvaltningen", "Ängsbo Bostäder AB", "Öresundsvatten AB"]
    assert "Öresundsvatten AB (Ej inrapporterat)" in units
    text = "\n".join(p.text for p in document.paragraphs)
    assert want["not_reported"] == ["Öresundsvatten AB"]
    assert "Ej inrapporterat" in text


def test_chart_alt_texts_state_every_number(report, sheets):
    want = expected(sheets)
    alts = _alt_texts(_outputs(report)["followup-docx"])
    charts = [a for a in alts if a.startswith("Liggande stapeldiagram")]
    assert len(charts) == 3

    def stated(label, counter):
        return f"{label}: " + ", ".join(f"{c} {counter[c]}" for c in COLUMNS) + "."

    summary, strategy, units = charts
    assert stated("Alla aktiviteter", want["overall"]) in summary
    for name, counter in want["elements"].items():
        assert stated(name, counter) in strategy
    for name, counter in want["units"].items():
        assert stated(name, counter) in units


def test_deviations_and_per_action_sections(report, sheets):
    want = expected(sheets)
    document = Document(_outputs(report)["followup-docx"])
    deviations = _table(document, "Åtgärd", columns=6)
    assert sorted(r[2] for r in deviations) == sorted(want["deviations"])
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Sammanfattning", "Per prioritering och fokusområde", "Per sektor/bolag",
                        "Avvikelser", "Per åtgärd"]
    action_headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert action_headings == ["1. Fler laddstolpar", "2. Träd längs gatorna",
                               "3. Renare bussar", "4. Friska sjöar"]
    texts = [p.text for p in document.paragraphs]
    assert "Status: Pågår 1, Genomförd 1, Försenad 1." in texts
    assert "Status: Genomförd 1, Ingen uppgift 2." in texts
    uploads = {r["Uppföljning"] for r in activity_rows(sheets) if r["Uppföljning"]}
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert uploads <= cells


def test_no_output_contains_a_comment(report, tmp_path):
    for path in (tmp_path / "out").rglob("*"):
        if not path.is_file() or path.parent.name == "indata":
            continue
        data = path.read_bytes()
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as package:
                data = b"".join(package.read(n) for n in package.namelist())
        assert SECRET.encode() not in data, path
        assert b"Kommentar" not in data, path


def test_xlsx_has_one_row_per_activity_and_blank_status_cells(report, sheets):
    workbook = load_workbook(_outputs(report)["followup-xlsx"])
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Nr", "Åtgärd", "Sektor/bolag", "Verksamhet", "Aktivitet", "Ansvarig",
                       "Tidplan", "Status", "Bedömning", "Uppföljning")
    assert len(rows) - 1 == len(activity_rows(sheets))
    by_text = {r[4]: r for r in rows[1:]}
    assert by_text["Kalka tre sjöar"][7] is None
    assert by_text["Laddplatser vid hyreshus"][7] == "Genomförd"  # -- "genomförd" in the input --
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:J{len(rows)}"
    lists = sorted(v.formula1 for v in sheet.data_validations.dataValidation)
    assert lists == ['"Ej påbörjad,Pågår,Genomförd,Försenad,Avbruten"',
                     '"Enligt plan,Risk för avvikelse,Ej enligt plan"']


def test_rebuild_gives_the_same_bytes(report, tmp_path, sheets):
    first = {p.name: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    followup(tmp_path / "in", BuildOptions(out_dir=tmp_path / "again", no_pdf=True))
    again = {p.name: p.read_bytes() for p in (tmp_path / "again").rglob("*") if p.is_file()}
    for name in first:
        if name != "manifest.json":
            assert first[name] == again[name], name


def test_report_validates_against_the_ooxml_schemas(report):
    outputs = _outputs(report)
    run = validate_ooxml(outputs["followup-docx"], outputs["followup-xlsx"])
    assert run.returncode == 0, run.stdout + run.stderr


def test_status_outside_the_list_is_an_error_in_followup_and_a_warning_in_check(tmp_path, sheets):
    from plan_model.pipeline import check

    sheets["Aktiviteter"][4][6] = "Pågående"
    source = write_followup_input(tmp_path / "in", sheets)
    checked = check(source)
    warning = next(f for f in checked.findings if f.code == "unknown-status")
    assert (warning.level, warning.cell, warning.suggestion) == ("warning", "G5", "Pågår")
    with pytest.raises(InputError) as raised:
        followup(source, BuildOptions(out_dir=tmp_path / "out", no_pdf=True))
    error = next(f for f in raised.value.findings if f.code == "unknown-status-followup")
    assert (error.level, error.sheet, error.cell, error.value) == ("error", "Aktiviteter", "G5",
                                                                   "Pågående")
    assert error.suggestion == "Pågår"
    assert not (tmp_path / "out").exists()


def test_missing_period_is_an_error_naming_the_field(tmp_path, sheets):
    sheets["Dokument"] = [r for r in sheets["Dokument"] if r[0] != "Uppföljningsperiod"]
    source = write_followup_input(tmp_path / "in", sheets)
    code = main(["followup", str(source), "--out", str(tmp_path / "out"), "--no-pdf"])
    assert code == 1
    assert not (tmp_path / "out").exists()


def test_previous_shows_changed_new_and_removed(tmp_path, sheets):
    import copy

    old = copy.deepcopy(sheets)
    old["Dokument"] = [r if r[0] != "Uppföljningsperiod" else [r[0], "Helår 2030"]
                       for r in old["Dokument"]]
    old["Aktiviteter"][1][6] = "Ej påbörjad"      # -- Bygg 20 laddstolpar: now Pågår --
    old["Aktiviteter"][2][6] = ""                 # -- blank → Genomförd is a change --
    old["Aktiviteter"][11][3] = "Rensa dikena"    # -- reworded: one removed, one new --
    write_followup_input(tmp_path / "old", old)
    source = write_followup_input(tmp_path / "in", sheets)
    result = followup(source, BuildOptions(out_dir=tmp_path / "out", no_pdf=True),
                      previous=tmp_path / "old")
    document = Document(_outputs(result)["followup-docx"])
    changed = _table(document, "Åtgärd", columns=5)
    assert [(r[2], r[3], r[4]) for r in changed] == [
        ("Bygg 20 laddstolpar", "Ej påbörjad", "Pågår"),
        ("Laddplatser vid hyreshus", "–", "Genomförd")]
    lists = [[[c.text for c in row.cells] for row in t.rows[1:]] for t in document.tables
             if [c.text for c in t.rows[0].cells] == ["Åtgärd", "Sektor/bolag", "Aktivitet", "Status"]]
    assert [[r[2] for r in rows] for rows in lists] == [["Rensa diken"], ["Rensa dikena"]]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Jämfört med Helår 2030: 2 med ändrad status, 1 nya och 1 borttagna aktiviteter." in text
    sheet = load_workbook(_outputs(result)["followup-xlsx"]).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Status förra perioden"
    previous = {r[4]: r[-1] for r in rows[1:]}
    assert previous["Bygg 20 laddstolpar"] == "Ej påbörjad"
    assert previous["Rensa diken"] == "Ny"
    assert previous["Laddplatser vid hyreshus"] is None


def test_report_headings_never_skip_a_level_also_with_previous(tmp_path, sheets):
    """SPEC §6 for the follow-up too: H1 → H2 → H3, also in the changes section."""
    import copy

    old = copy.deepcopy(sheets)
    old["Aktiviteter"][1][6] = "Ej påbörjad"  # -- a changed status: the section is there --
    old["Aktiviteter"][11][3] = "Rensa dikena"  # -- and its new and removed lists --
    write_followup_input(tmp_path / "old", old)
    source = write_followup_input(tmp_path / "in", sheets)
    result = followup(source, BuildOptions(out_dir=tmp_path / "out", no_pdf=True),
                      previous=tmp_path / "old")
    levels = [int(found.group(1)) for paragraph in Document(_outputs(result)["followup-docx"]).paragraphs
              if paragraph.text.strip()
              and (found := re.fullmatch(r"heading (\d)", (paragraph.style.name or "").lower()))]
    assert levels[0] == 1 and 2 in levels
    assert "Ändrad status" in [p.text for p in Document(_outputs(result)["followup-docx"]).paragraphs]
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:])), levels


def test_a_broken_report_template_is_a_finding_naming_its_paragraph(tmp_path, sheets):
    from docx import Document as open_docx

    from plan_model.options import DEFAULT_FOLLOWUP_TEMPLATE

    template = open_docx(DEFAULT_FOLLOWUP_TEMPLATE)
    paragraph = next(p for p in template.paragraphs if "{{ summary.sentence }}" in p.text)
    paragraph.runs[0].text = "{{ summary.sentense }}"
    broken = tmp_path / "trasig.docx"
    template.save(broken)
    source = write_followup_input(tmp_path / "in", sheets)
    options = BuildOptions(out_dir=tmp_path / "out", no_pdf=True, followup_template=broken)
    with pytest.raises(InputError) as raised:
        followup(source, options)
    (problem,) = raised.value.findings
    assert (problem.code, problem.file) == ("template-unknown-variable", "trasig.docx")
    assert problem.cell.startswith("stycke ") and "summary.sentense" in problem.value
    assert not (tmp_path / "out").exists()


def test_a_comment_never_travels_in_a_finding(tmp_path, sheets):
    from plan_model.pipeline import check

    sheets["Aktiviteter"][1][9] = SECRET + "_x0007_"
    source = write_followup_input(tmp_path / "in", sheets)
    (found,) = [f for f in check(source).findings if f.code == "control-character-removed"]
    assert found.cell == "J2" and SECRET not in found.value + found.message


def test_a_line_break_in_a_cell_stays_a_line_break_and_markup_stays_text(tmp_path, sheets):
    # -- row 1 is in its action's table, row 3 (Försenad) in Avvikelser as well --
    for row in (1, 3):
        sheets["Aktiviteter"][row][8] = "Tio stolpar byggda.\nResten i höst. <b>&amp;"
    source = write_followup_input(tmp_path / "in", sheets)
    result = followup(source, BuildOptions(out_dir=tmp_path / "out", no_pdf=True))
    document = Document(_outputs(result)["followup-docx"])
    cells = [c for t in document.tables for row in t.rows for c in row.cells
             if c.text.startswith("Tio stolpar")]
    assert len(cells) == 3
    for cell in cells:
        assert cell.text == "Tio stolpar byggda.\nResten i höst. <b>&amp;"
        assert cell._tc.xpath(".//w:br")
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"({len(expected(sheets)['deviations'])} st)" in text


def test_the_bundled_example_follow_up_agrees_with_its_workbook(tmp_path):
    from conftest import ROOT

    workbook = load_workbook(ROOT / "inputs" / "2023" / "handlingsplan.xlsx", read_only=True)
    sheets = {name: [list(r) for r in workbook[name].iter_rows(values_only=True)
                     if any(v not in (None, "") for v in r)]
              for name in ("Strategi", "Åtgärder", "Aktiviteter")}
    want = expected(sheets)
    assert want["not_reported"] == ["Sociala sektorn"]
    result = followup(ROOT / "inputs" / "2023", BuildOptions(out_dir=tmp_path / "out", no_pdf=True))
    assert result.out_dir == tmp_path / "out" and result.findings == []
    document = Document(_outputs(result)["followup-docx"])
    units = _numbers(_table(document, "Sektor/bolag", columns=8))
    assert {re.sub(r" \(Ej inrapporterat\)$", "", k): v for k, v in units.items()} == \
        {u: as_row(c) for u, c in want["units"].items()}
    strategy = _numbers(_table(document, "Prioritering / fokusområde"))
    assert strategy == {name: as_row(c) for name, c in want["elements"].items()}
    summary = _table(document, "Status")
    assert [int(r[1]) for r in summary[:-1]] == [want["overall"][c] for c in COLUMNS]
