"""`split` (SPEC §10): one workbook per sector/company, locked identifying columns, and the
round trip split → fill in → followup DIR giving the same report as followup INPUT."""
from __future__ import annotations

import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from followup.followup_data import SECRET, activity_rows, followup_sheets, write_followup_input
from office_tools import validate_ooxml
from plan_model.cli import main
from plan_model.options import BuildOptions
from plan_model.pipeline import check, followup, split_workbooks

FILES = {"Miljöförvaltningen": "miljoforvaltningen.xlsx",
         "Tekniska förvaltningen": "tekniska-forvaltningen.xlsx",
         "Ängsbo Bostäder AB": "angsbo-bostader-ab.xlsx",
         "Öresundsvatten AB": "oresundsvatten-ab.xlsx"}


@pytest.fixture
def sheets():
    return followup_sheets()


@pytest.fixture
def blank_source(tmp_path, sheets):
    """The plan as sent out: no follow-up filled in yet."""
    blank = followup_sheets()
    for row in blank["Aktiviteter"][1:]:
        row[6:9] = ["", "", ""]
    return write_followup_input(tmp_path / "plan", blank)


def _fill_in(folder, sheets) -> None:
    """What each sector does: Status, Bedömning, Uppföljning typed into its own rows."""
    wanted = {(r["Sektor/bolag"], r["Aktivitet"]): r for r in activity_rows(sheets)}
    for path in (folder / "aktiviteter").glob("*.xlsx"):
        workbook = load_workbook(path)
        sheet = workbook["Aktiviteter"]
        head = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            values = dict(zip(head, (c.value for c in row)))
            if not values["Aktivitet"]:
                continue
            source = wanted[(values["Sektor/bolag"], values["Aktivitet"])]
            for column in ("Status", "Bedömning", "Uppföljning", "Kommentar"):
                row[head.index(column)].value = source[column] or None
        workbook.save(path)


def test_split_writes_one_locked_workbook_per_unit(tmp_path, blank_source):
    out = tmp_path / "utskick"
    result = split_workbooks(blank_source, out)
    names = sorted(p.relative_to(out).as_posix() for p in result.files if p.suffix == ".xlsx")
    assert names == ["aktiviteter/" + n for n in sorted(FILES.values())] + ["handlingsplan.xlsx"]
    main_book = load_workbook(out / "handlingsplan.xlsx")
    assert main_book["Aktiviteter"].max_row == 1
    dispatch = [tuple(r) for r in main_book["Utskick"].iter_rows(min_row=2, values_only=True)]
    assert dispatch == [("Miljöförvaltningen", "aktiviteter/miljoforvaltningen.xlsx", 3),
                        ("Tekniska förvaltningen", "aktiviteter/tekniska-forvaltningen.xlsx", 4),
                        ("Ängsbo Bostäder AB", "aktiviteter/angsbo-bostader-ab.xlsx", 2),
                        ("Öresundsvatten AB", "aktiviteter/oresundsvatten-ab.xlsx", 2)]
    book = load_workbook(out / "aktiviteter" / FILES["Tekniska förvaltningen"])
    assert book.sheetnames == ["Instruktioner", "Aktiviteter"]
    sheet = book["Aktiviteter"]
    assert sheet.protection.sheet and not sheet.protection.password
    head = [c.value for c in sheet[1]]
    units = {c.value for c in sheet["B"][1:] if c.value}
    assert units == {"Tekniska förvaltningen"} and sheet.max_row >= 5
    for column in head:
        locked = sheet.cell(2, head.index(column) + 1).protection.locked
        assert locked == (column not in ("Status", "Bedömning", "Uppföljning", "Kommentar")), column
    lists = sorted(v.formula1 for v in sheet.data_validations.dataValidation)
    assert lists == ['"Ej påbörjad,Pågår,Genomförd,Försenad,Avbruten"',
                     '"Enligt plan,Risk för avvikelse,Ej enligt plan"']
    instructions = " ".join(str(c.value) for c in book["Instruktioner"]["A"] if c.value)
    assert "Tekniska förvaltningen" in instructions and "Status" in instructions
    assert (out / "ikoner" / "luft.png").is_file()
    run = validate_ooxml(out / "handlingsplan.xlsx", out / "aktiviteter" / FILES["Ängsbo Bostäder AB"])
    assert run.returncode == 0, run.stdout + run.stderr


def test_split_never_writes_a_comment(tmp_path, sheets):
    source = write_followup_input(tmp_path / "plan", sheets)
    out = tmp_path / "utskick"
    split_workbooks(source, out)
    for path in out.rglob("*.xlsx"):
        with zipfile.ZipFile(path) as package:
            assert not any(SECRET.encode() in package.read(n) for n in package.namelist()), path


def test_round_trip_gives_the_same_report(tmp_path, sheets, blank_source):
    out = tmp_path / "utskick"
    assert main(["split", str(blank_source), "--out", str(out)]) == 0
    _fill_in(out, sheets)
    direct = followup(write_followup_input(tmp_path / "filled", sheets),
                      BuildOptions(out_dir=tmp_path / "direct", no_pdf=True))
    returned = followup(out, BuildOptions(out_dir=tmp_path / "returned", no_pdf=True))
    assert [f.code for f in returned.findings] == [f.code for f in direct.findings] == []
    for role in ("followup-docx", "followup-xlsx"):
        first = next(o for o in direct.outputs if o.role == role)
        second = next(o for o in returned.outputs if o.role == role)
        assert first.path.read_bytes() == second.path.read_bytes(), role


def test_returns_with_foreign_rows_missing_files_and_short_files_are_named(tmp_path, blank_source):
    out = tmp_path / "utskick"
    split_workbooks(blank_source, out)
    folder = out / "aktiviteter"
    (folder / FILES["Öresundsvatten AB"]).unlink()
    # -- Ängsbo's file comes back holding Miljöförvaltningen's list instead of its own --
    shutil.copyfile(folder / FILES["Miljöförvaltningen"], folder / FILES["Ängsbo Bostäder AB"])
    # -- Tekniska's file comes back one row short --
    path = folder / FILES["Tekniska förvaltningen"]
    workbook = load_workbook(path)
    workbook["Aktiviteter"].delete_rows(5)
    workbook.save(path)
    found = {(f.code, f.file) for f in _followup_findings(out, tmp_path)}
    assert ("split-missing-return", "handlingsplan.xlsx") in found
    assert ("split-foreign-rows", "aktiviteter/angsbo-bostader-ab.xlsx") in found
    assert ("split-short-return", "aktiviteter/angsbo-bostader-ab.xlsx") in found
    assert ("split-short-return", "aktiviteter/tekniska-forvaltningen.xlsx") in found


def _followup_findings(folder, tmp_path):
    from plan_model.errors import InputError

    workbook = load_workbook(folder / "handlingsplan.xlsx")
    sheet = workbook["Dokument"]
    sheet.append(["Uppföljningsperiod", "Delår 2031"])
    sheet.append(["Uppföljningsdatum", "2031-08-31"])
    workbook.save(folder / "handlingsplan.xlsx")
    try:
        return followup(folder, BuildOptions(out_dir=tmp_path / "out", no_pdf=True)).findings
    except InputError as error:
        return error.findings


def test_init_carries_open_activities_with_follow_up_cleared(tmp_path, sheets):
    source = write_followup_input(tmp_path / "2031", sheets)
    out = tmp_path / "2032"
    assert main(["init", "--year", "2032", "--from", str(source), "--out", str(out),
                 "--carry-activities"]) == 0
    plan = check(out).plan
    kept = {a.text for a in plan.activities}
    closed = {r["Aktivitet"] for r in activity_rows(sheets)
              if str(r["Status"]).lower() in ("genomförd", "avbruten")}
    assert kept == {r["Aktivitet"] for r in activity_rows(sheets)} - closed
    assert closed == {"Laddplatser vid hyreshus", "Upphandla elbussar", "Provta sjöarna"}
    assert all((a.status, a.assessment, a.follow_up, a.comment) == ("", "", "", "")
               for a in plan.activities)
    assert (plan.metadata.followup_period, plan.metadata.followup_date) == ("", None)
