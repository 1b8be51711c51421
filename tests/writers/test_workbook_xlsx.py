"""writers/workbook_xlsx.py: the `init` workbook, from plans built in code (issue 7)."""
from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from dataclasses import replace

import pytest

from office_tools import convert_with_libreoffice, pdf_facts, validate_ooxml
from plan_model import workbook_layout as layout
from plan_model.model import (Action, Activity, Plan, PlanMetadata, Revision, StrategyElement,
                              StrategyKind, Unit, UnitKind)
from plan_model.writers.workbook_xlsx import (blank_plan, carry_over, dropdown_formula,
                                              write_workbook_xlsx)

WHEN = dt.datetime(2024, 1, 1)
PRIORITY_LIST = 'OFFSET(Listor!$A$2,0,0,MAX(1,COUNTIF(Strategi!$A$2:$A$1000,"Prioritering")),1)'


def _plan(**changes) -> Plan:
    meta = PlanMetadata(
        municipality="Norrfjärd", document_name="Handlingsplan för 2023",
        document_type="Handlingsplan", scope="Kommunkoncernen 2023", owner="Kommundirektör",
        responsible="Miljöstrateg", year=2023, publication="Webben", legal_basis="SFS 2023:1",
        decided=dt.date(2023, 3, 1), review_by=dt.date(2024, 2, 29),
        deciding_body="Kommunfullmäktige", case_number="KS 2023/12",
        annex_case_number="KS 2023/13")
    plan = Plan(
        metadata=meta,
        revisions=(Revision(1, dt.date(2023, 3, 1), "§ 7", "Beslut"),),
        strategy=(StrategyElement(StrategyKind.PRIORITY, "Klimat", "klimat.png"),
                  StrategyElement(StrategyKind.FOCUS_AREA, "Energi", "energi.png", priority="Klimat"),
                  StrategyElement(StrategyKind.WORKING_METHOD, "Delaktighet, information och utbildning",
                                  "del.png")),
        units=(Unit("Sektor Bygg", UnitKind.SECTOR, 1.0), Unit("Fjärdvatten AB", UnitKind.COMPANY)),
        actions=(Action(1, "Solceller", ("Energi", "Delaktighet, information och utbildning"),
                        "Rad ett\nrad två"),
                 Action(2, "2030", ("Klimat",), "=inte en formel _x0041_")),
        activities=(Activity(1, "Sektor Bygg", "Bygg solceller", status="Pågår"),
                    Activity(1, "Fjärdvatten AB", "Solpark", status="Genomförd"),
                    Activity(2, "Sektor Bygg", "=SUM(A1)", status="genomförd "),
                    Activity(2, "Fjärdvatten AB", "Utred", schedule="2023", status="")))
    return replace(plan, **changes)


def _load(data: bytes):
    import openpyxl

    with warnings.catch_warnings():
        # -- openpyxl may warn about Excel's data-validation extensions when reading --
        warnings.filterwarnings("ignore", message=".*Data Validation extension.*")
        return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_headers_and_instructions_first():
    workbook = _load(write_workbook_xlsx(blank_plan(2024), WHEN))
    assert workbook.sheetnames == ([layout.INSTRUCTIONS_SHEET] + [s.name for s in layout.SHEETS]
                                   + [layout.LIST_SHEET])
    assert workbook[layout.LIST_SHEET].sheet_state == "hidden"
    for sheet in layout.SHEETS:
        ws = workbook[sheet.name]
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold
    texts = {c.value for row in workbook[layout.INSTRUCTIONS_SHEET].iter_rows() for c in row}
    for sheet in layout.SHEETS:
        assert layout.SHEET_HELP[sheet.key] in texts
        assert all(layout.COLUMN_HELP[(sheet.key, c.key)] in texts for c in sheet.columns)
    assert all(layout.FIELD_HELP[f.key] in texts for f in layout.FIELDS)


def test_blank_document_sheet_lists_every_field_with_only_the_year():
    ws = _load(write_workbook_xlsx(blank_plan(2024), WHEN))[layout.DOCUMENT.name]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]
    assert rows == [(f.label, 2024 if f.key == "year" else None) for f in layout.FIELDS]


def test_dropdowns_point_at_the_lists():
    workbook = _load(write_workbook_xlsx(_plan(), WHEN))
    found = {(ws.title, str(v.sqref)): (v.formula1, v.errorStyle)
             for ws in workbook.worksheets for v in ws.data_validations.dataValidation}
    assert found == {
        ("Aktiviteter", "A2:A20000"): ("'Åtgärder'!$B$2:$B$1000", "warning"),
        ("Aktiviteter", "B2:B20000"): ("Organisation!$A$2:$A$1000", "stop"),
        ("Aktiviteter", "G2:G20000"): ('"Ej påbörjad,Pågår,Genomförd,Försenad,Avbruten"',
                                       "warning"),
        ("Aktiviteter", "H2:H20000"): ('"Enligt plan,Risk för avvikelse,Ej enligt plan"',
                                       "warning"),
        ("Strategi", "A2:A1000"): ('"Prioritering,Fokusområde,Arbetssätt"', "stop"),
        ("Strategi", "C2:C1000"): (PRIORITY_LIST, "stop"),
        ("Organisation", "B2:B1000"): ('"Sektor,Bolag"', "stop"),
    }
    # -- the list columns really are where the formulas point --
    assert workbook["Åtgärder"]["B1"].value == "Åtgärd"
    assert workbook["Organisation"]["A1"].value == "Namn"
    assert workbook["Strategi"]["B1"].value == "Namn"


def test_each_dropdown_has_its_own_error_text():
    """Issue 15: the Status drop-down showed the Åtgärd column's error text ("en åtgärd kan
    också anges med sitt nummer"). Each column now says what its own list is."""
    workbook = _load(write_workbook_xlsx(_plan(), WHEN))
    errors = {(ws.title, str(v.sqref).split(":")[0]): (v.errorTitle, v.error)
              for ws in workbook.worksheets for v in ws.data_validations.dataValidation}
    assert len(errors) == len(layout.DROPDOWNS)
    texts = [error for _, error in errors.values()]
    assert len(set(texts)) == len(texts) and all(texts)
    assert "nummer" in errors[("Aktiviteter", "A2")][1]
    assert "åtgärd" not in errors[("Aktiviteter", "G2")][1].lower()
    assert errors[("Aktiviteter", "G2")][0] == "Status"
    assert "Prioritering" in errors[("Strategi", "C2")][1]


@pytest.mark.office
def test_priority_dropdown_offers_priorities_only(tmp_path):
    """Issue 15: the Strategi sheet's Prioritering drop-down listed every strategy name. It now
    points at the hidden helper sheet, whose formulas LibreOffice computes to the priorities
    alone, in sheet order — including one typed after `init`."""
    import openpyxl

    data = write_workbook_xlsx(_plan(), WHEN)
    workbook = _load(data)
    workbook["Strategi"].append(["Prioritering", "Renare luft", None, "luft.png", None])
    path = tmp_path / "init.xlsx"
    workbook.save(path)
    run, converted = convert_with_libreoffice(path, tmp_path / "lo", fmt="xlsx")
    assert converted.is_file(), run.stdout + run.stderr
    computed = openpyxl.load_workbook(converted, data_only=True)[layout.LIST_SHEET]
    names = [c.value for c in computed["A"][1:] if c.value]
    assert names == ["Klimat", "Renare luft"]


def test_dropdown_formula_quotes_non_ascii_sheet_names():
    dropdown = layout.DropDown(layout.ACTIVITIES, "action", layout.ACTIONS, "title")
    assert dropdown_formula(dropdown) == "'Åtgärder'!$B$2:$B$1000"


def test_rows_read_back_as_written():
    workbook = _load(write_workbook_xlsx(_plan(), WHEN))
    actions = [tuple(c.value for c in row) for row in workbook["Åtgärder"].iter_rows(min_row=2)]
    assert actions == [
        (1, "Solceller", "Energi; Delaktighet, information och utbildning", "Rad ett\nrad två"),
        # -- "=…" stays text; a literal _x0041_ is escaped so that it is not decoded as "A" --
        (2, "2030", "Klimat", "=inte en formel _x005F_x0041_")]
    activities = [tuple(c.value for c in row)[:4]
                  for row in workbook["Aktiviteter"].iter_rows(min_row=2)]
    # -- a title that reads as a number is written as the action's number --
    assert activities == [("Solceller", "Sektor Bygg", None, "Bygg solceller"),
                          ("Solceller", "Fjärdvatten AB", None, "Solpark"),
                          (2, "Sektor Bygg", None, "=SUM(A1)"),
                          (2, "Fjärdvatten AB", None, "Utred")]
    assert workbook["Aktiviteter"]["D4"].data_type == "s"
    strategy = [tuple(c.value for c in row)[:3] for row in workbook["Strategi"].iter_rows(min_row=2)]
    assert strategy == [("Prioritering", "Klimat", None), ("Fokusområde", "Energi", "Klimat"),
                        ("Arbetssätt", "Delaktighet, information och utbildning", None)]
    units = [tuple(c.value for c in row) for row in workbook["Organisation"].iter_rows(min_row=2)]
    assert units == [("Sektor Bygg", "Sektor", 1), ("Fjärdvatten AB", "Bolag", None)]


def test_carry_over_moves_the_year_and_clears_the_decision():
    new = carry_over(_plan(), 2024, keep_activities=False)
    meta = new.metadata
    assert (meta.year, meta.document_name, meta.scope) == (2024, "Handlingsplan för 2024",
                                                           "Kommunkoncernen 2024")
    assert meta.legal_basis == "SFS 2023:1"  # a statute's year is not the plan's
    assert (meta.decided, meta.case_number, meta.annex_case_number) == (None, "", "")
    assert meta.review_by == dt.date(2025, 2, 28)  # 29 February into a common year
    assert meta.deciding_body == "Kommunfullmäktige"
    assert new.revisions == () and new.activities == ()
    assert new.strategy == _plan().strategy and new.units == _plan().units
    assert new.actions == _plan().actions


def test_year_is_replaced_as_a_whole_word_only():
    name = "Plan 2023 (ersätter 20230 och 12023), för 2023."
    plan = replace(_plan(), metadata=replace(_plan().metadata, document_name=name))
    assert carry_over(plan, 2024, False).metadata.document_name == \
        "Plan 2024 (ersätter 20230 och 12023), för 2024."


def test_carry_activities_keeps_those_not_done():
    kept = carry_over(_plan(), 2024, keep_activities=True).activities
    assert [a.text for a in kept] == ["Bygg solceller", "Utred"]


def test_same_plan_same_bytes_and_no_clock():
    first = write_workbook_xlsx(_plan(), WHEN)
    assert write_workbook_xlsx(_plan(), WHEN) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        core = package.read("docProps/core.xml").decode()
        assert {i.date_time for i in package.infolist()} == {(2024, 1, 1, 0, 0, 0)}
    assert "2024-01-01T00:00:00Z" in core and core.count("2024-01-01T00:00:00Z") == 2


def test_validates_against_the_ooxml_schemas(tmp_path):
    path = tmp_path / "handlingsplan.xlsx"
    path.write_bytes(write_workbook_xlsx(_plan(), WHEN))
    run = validate_ooxml(path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 invalid" in run.stdout


@pytest.mark.office
def test_opens_in_libreoffice(tmp_path):
    path = tmp_path / "handlingsplan.xlsx"
    path.write_bytes(write_workbook_xlsx(_plan(), WHEN))
    run, converted = convert_with_libreoffice(path, tmp_path / "lo")
    assert run.returncode == 0 and converted.is_file(), run.stdout + run.stderr
    facts = pdf_facts(converted)
    # -- every sheet printed, with the plan's own texts in it (a formula-like text as typed) --
    assert facts.pages >= 1
    for text in ("Norrfjärd", "Solceller", "Bygg solceller", "Delaktighet, information och utbildning",
                 "=SUM(A1)"):
        assert text in facts.text, text
