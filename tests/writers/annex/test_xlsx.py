"""writers/annex/xlsx.py: Bilaga 1 as one clean Excel sheet (SPEC §5)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from builders import solvik_sheets, write_solvik
from office_tools import convert_to_archive_pdf, validate_ooxml
from plan_model.derive import activities_by_action
from plan_model.model import Action, Activity, Plan, PlanMetadata, Unit, UnitKind
from plan_model.options import BuildOptions
from plan_model.pipeline import check
from plan_model.workbook_layout import STATUSES
from plan_model.writers.annex.xlsx import write_annex_xlsx

HEADER = ("Nr", "Åtgärd", "Sektor/bolag", "Verksamhet", "Aktivitet", "Ansvarig", "Tidplan",
          "Status")
HOSTILE = ["=1+1", "=SUM(A1:A3)", "{{ 7*7 }}", "<w:p>", "A & B", "slut ]]> här", "emoji 🌍😀",
           "rad ett\nrad två", "'enkla' \"dubbla\"", "+46 70", "@foo"]


def make_plan(activities=None, **metadata) -> Plan:
    meta = dict(municipality="Solvik", document_name="Åtgärdsplan för miljöprogrammet 2031",
                document_type="Åtgärdsplan", scope="Solviks kommun", owner="Stadsdirektör",
                responsible="Hållbarhetsstrateg", year=2031, decided=dt.date(2031, 3, 15))
    meta.update(metadata)
    if activities is None:
        activities = [
            Activity(2, "Öresundsvatten AB", "Dagvattenträd i nya kvarter"),
            Activity(1, "Tekniska förvaltningen", "Bygg 20 laddstolpar", "Gata", "Gatuchef",
                     "2031", "Pågår"),
            Activity(2, "Miljöförvaltningen", "Inventera gatuträd", "Natur", "Ekolog", "2031"),
        ]
    return Plan(
        metadata=PlanMetadata(**meta),
        units=(Unit("Tekniska förvaltningen", UnitKind.SECTOR, 2),
               Unit("Miljöförvaltningen", UnitKind.SECTOR, 1),
               Unit("Öresundsvatten AB", UnitKind.COMPANY)),
        actions=(Action(1, "Fler laddstolpar"), Action(2, "Träd längs gatorna"),
                 Action(3, "Utan aktiviteter")),
        activities=tuple(activities))


def build(plan: Plan, **options) -> bytes:
    return write_annex_xlsx(plan, BuildOptions(**options))


def sheet_of(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert len(workbook.worksheets) == 1
    return workbook, workbook.worksheets[0]



@pytest.fixture(scope="module")
def default_annex() -> bytes:
    """The annex of `make_plan()`, built once for the tests that only read it."""
    return build(make_plan())


def rows_of(data: bytes) -> list[tuple]:
    _, sheet = sheet_of(data)
    return [tuple("" if v is None else v for v in row)
            for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_reading_back_gives_exactly_the_input_activities(tmp_path):
    plan = check(write_solvik(tmp_path / "solvik")).plan
    rows = rows_of(build(plan))
    expected = [(a.action, plan.action(a.action).title, a.unit, a.operation, a.text,
                 a.responsible, a.schedule, a.status)
                for group in activities_by_action(plan).values() for a in group]
    assert rows == expected
    assert len(rows) == len(solvik_sheets()["Aktiviteter"]) - 1
    assert sorted(r[4] for r in rows) == sorted(a.text for a in plan.activities)


def test_rows_follow_action_then_organisation_order(default_annex):
    rows = rows_of(default_annex)
    assert [(r[0], r[2]) for r in rows] == [(1, "Tekniska förvaltningen"),
                                           (2, "Miljöförvaltningen"), (2, "Öresundsvatten AB")]


def test_sheet_name_header_filter_and_frozen_row(default_annex):
    workbook, sheet = sheet_of(default_annex)
    assert sheet.title == "Aktivitetslista 2031"
    assert tuple(c.value for c in sheet[1]) == HEADER
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H4"
    assert all(c.alignment.wrap_text for row in sheet.iter_rows(min_row=2) for c in row)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"]
    assert all(w >= 6 for w in widths) and widths[4] >= widths[0]


def test_print_set_up_is_landscape_one_page_wide_with_repeated_header(default_annex):
    _, sheet = sheet_of(default_annex)
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"


def test_status_has_a_drop_down_of_the_workbook_statuses(default_annex):
    _, sheet = sheet_of(default_annex)
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(validation.sqref) == "H2:H4"


def test_document_properties_and_dates_come_from_the_plan(default_annex):
    workbook, _ = sheet_of(default_annex)
    props = workbook.properties
    assert props.title == "Bilaga 1 – Aktivitetslista 2031"
    assert props.creator == "Stadsdirektör"
    assert props.subject == "Åtgärdsplan för miljöprogrammet 2031"
    assert props.language == "sv-SE"
    assert props.created == props.modified == dt.datetime(2031, 3, 15)


def test_without_a_decision_date_the_epoch_is_used_never_the_clock():
    data = build(make_plan(decided=None), source_date_epoch=1_900_000_000)
    workbook, _ = sheet_of(data)
    assert workbook.properties.modified == dt.datetime(2030, 3, 17, 17, 46, 40)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.date_time for i in package.infolist()} == {(2030, 3, 17, 17, 46, 40)}


def test_hostile_text_reads_back_literally_and_never_as_a_formula():
    activities = [Activity(1, "Tekniska förvaltningen", text, operation=text, schedule=text)
                  for text in HOSTILE]
    plan = dataclasses.replace(make_plan(activities), actions=(Action(1, "=1+1 & {{ x }}"),))
    data = build(plan)
    rows = rows_of(data)
    assert [r[4] for r in rows] == HOSTILE
    assert [r[3] for r in rows] == HOSTILE
    assert {r[1] for r in rows} == {"=1+1 & {{ x }}"}
    _, sheet = sheet_of(data)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")


def test_control_characters_never_break_the_file():
    activities = [Activity(1, "Tekniska förvaltningen", "före\x01\x0cefter\x0bny rad")]
    assert rows_of(build(make_plan(activities)))[0][4] == "föreefter\nny rad"


def test_a_plan_without_activities_gives_only_the_header():
    _, sheet = sheet_of(build(make_plan([])))
    assert sheet.max_row == 1 or all(c.value is None for c in sheet[2])


def test_two_builds_give_identical_bytes():
    assert build(make_plan()) == build(make_plan())


def hostile_plan() -> Plan:
    activities = [Activity(1, "Tekniska förvaltningen", t, operation=t) for t in HOSTILE]
    return make_plan(activities + list(make_plan().activities))


def test_schema_valid(tmp_path):
    paths = []
    for name, plan in (("annex.xlsx", make_plan()), ("hostile.xlsx", hostile_plan())):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(build(plan))
    result = validate_ooxml(*paths)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 invalid" in result.stdout


@pytest.mark.office
def test_libreoffice_makes_an_archive_pdf_of_it_with_every_activity(tmp_path):
    source = tmp_path / "bilaga1.xlsx"
    source.write_bytes(build(hostile_plan()))
    facts = convert_to_archive_pdf(source, tmp_path / "pdf")
    assert facts.pages >= 1 and facts.pdfa == "2B"
    for activity in make_plan().activities:
        assert activity.text in facts.text, activity.text
    # -- a text that looks like a formula stays text: LibreOffice shows it, never computes it --
    assert "=SUM(A1:A3)" in facts.text and "=1+1" in facts.text


def test_wrapped_rows_get_the_height_of_their_lines():
    long_text = "ord " * 60
    activities = [Activity(1, "Tekniska förvaltningen", long_text.strip()),
                   Activity(1, "Tekniska förvaltningen", "Kort", operation="rad ett\nrad två")]
    _, sheet = sheet_of(build(make_plan(activities)))
    width = sheet.column_dimensions["E"].width
    assert sheet.row_dimensions[2].height >= 15 * (240 // width)
    assert sheet.row_dimensions[3].height == 30
