"""`split INPUT --out DIR` (SPEC §10): one reporting workbook per sector/company, and the
checks made when they come back.

DIR/handlingsplan.xlsx is the plan's workbook without activity rows, with a sheet *Utskick*
listing every file sent and its number of activities; DIR/aktiviteter/<sektor>.xlsx holds
one sector's activities with the identifying columns locked (sheet protection without a
password, so a sector that must add a row can) and Status, Bedömning, Uppföljning and
Kommentar open, Status and Bedömning with drop-downs. Returned files dropped back into
DIR/aktiviteter/ make DIR a complete input: the reader already reads that folder.

Kommentar is never written out (it is internal): the column is there, empty, for the
sector's note back to the strategist.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from .. import messages
from .. import workbook_layout as layout
from ..derive import document_date, ordered_units
from ..findings import Finding, finding
from ..model import Plan, Source
from ..options import BuildOptions
from ..readers.input_folder import input_base
from ..writers.ooxml.package import normalise_package
from ..writers.workbook_xlsx import action_reference, write_workbook_xlsx
from .checks import period_slug

OPEN_COLUMNS = ("status", "assessment", "follow_up", "comment")
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
# -- rows below the last activity left open, so a sector can add activities (planning round) --
SPARE_ROWS = 200
WIDTHS = {"action": 36, "unit": 26, "operation": 20, "text": 50, "responsible": 20,
          "schedule": 14, "status": 14, "assessment": 18, "follow_up": 50, "comment": 36}


def unit_files(plan: Plan) -> list[tuple[str, str, int]]:
    """(sector/company, file name, number of activities) per unit that has activities, in
    the organisation's order; file names made unique."""
    counts: dict[str, int] = {}
    for activity in plan.activities:
        counts[activity.unit] = counts.get(activity.unit, 0) + 1
    used: set[str] = set()
    files = []
    for unit in ordered_units(plan):
        if unit.name not in counts:
            continue
        stem = period_slug(unit.name)
        name, n = f"{stem}.xlsx", 2
        while name in used:
            name, n = f"{stem}-{n}.xlsx", n + 1
        used.add(name)
        files.append((unit.name, name, counts[unit.name]))
    return files


def split_files(plan: Plan, out_dir: Path, input_path: Path,
                options: BuildOptions) -> list[tuple[Path, bytes]]:
    """Every file `split` writes, as (path, bytes); nothing is written here."""
    when = document_date(plan, options.source_date_epoch)
    files = unit_files(plan)
    result = [(out_dir / layout.DEFAULT_WORKBOOK, _main_workbook(plan, files, when))]
    for unit, name, _ in files:
        rows = [a for a in plan.activities if a.unit == unit]
        result.append((out_dir / layout.ACTIVITY_FOLDER / name,
                       _unit_workbook(plan, unit, rows, when)))
    icons = input_base(input_path) / layout.ICON_FOLDER
    if icons.is_dir():
        for icon in sorted(icons.iterdir()):
            if icon.is_file() and not icon.name.startswith("."):
                result.append((out_dir / layout.ICON_FOLDER / icon.name, icon.read_bytes()))
    return result


def _save(workbook, when) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # -- not workbook.save(): that stamps `modified` with the clock --
        ExcelWriter(workbook, archive).write_data()
    return normalise_package(buffer.getvalue(), when)


def _main_workbook(plan: Plan, files, when) -> bytes:
    data = write_workbook_xlsx(replace(plan, activities=()), when)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.create_sheet(messages.SPLIT["dispatch-sheet"])
    for column, header in enumerate(messages.SPLIT["dispatch-headers"], start=1):
        cell = sheet.cell(1, column, header)
        cell.font = Font(bold=True)
    for row, (unit, name, count) in enumerate(files, start=2):
        sheet.cell(row, 1, unit)
        sheet.cell(row, 2, f"{layout.ACTIVITY_FOLDER}/{name}")
        sheet.cell(row, 3, count)
    for letter, width in (("A", 36), ("B", 40), ("C", 18)):
        sheet.column_dimensions[letter].width = width
    workbook.properties.created = workbook.properties.modified = when
    return _save(workbook, when)


def _unit_workbook(plan: Plan, unit: str, activities, when) -> bytes:
    workbook = Workbook()
    info = workbook.active
    info.title = layout.INSTRUCTIONS_SHEET
    _instructions(info, plan, unit)
    sheet = workbook.create_sheet(layout.ACTIVITIES.name)
    columns = layout.ACTIVITIES.columns
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(1, index, column.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.key, 18)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, activity in enumerate(activities, start=2):
        values = {"action": action_reference(plan.action(activity.action), activity.action),
                  "unit": activity.unit, "operation": activity.operation,
                  "text": activity.text, "responsible": activity.responsible,
                  "schedule": activity.schedule, "status": activity.status,
                  "assessment": activity.assessment, "follow_up": activity.follow_up,
                  "comment": ""}
        for index, column in enumerate(columns, start=1):
            value = values[column.key]
            cell = sheet.cell(number, index, value if value != "" else None)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            cell.alignment = wrap
            if column.key in OPEN_COLUMNS:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = LOCKED_FILL
    last = len(activities) + 1
    for number in range(last + 1, last + 1 + SPARE_ROWS):
        for index in range(1, len(columns) + 1):
            sheet.cell(number, index).protection = Protection(locked=False)
    keys = [c.key for c in columns]
    for key, values in (("status", layout.STATUSES), ("assessment", layout.ASSESSMENTS)):
        letter = get_column_letter(keys.index(key) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                                    allow_blank=True, showErrorMessage=True)
        validation.add(f"{letter}2:{letter}{last + SPARE_ROWS}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    # -- no password: the lock prevents slips, not a determined sector --
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    workbook.active = 0
    props = workbook.properties
    props.created = props.modified = when
    props.title = f"{unit} – {plan.metadata.document_name}"
    props.language = "sv-SE"
    return _save(workbook, when)


def _instructions(sheet, plan: Plan, unit: str) -> None:
    sheet.column_dimensions["A"].width = 100
    sheet.cell(1, 1, messages.SPLIT["instructions-title"]).font = Font(bold=True, size=14)
    texts = [t.format(unit=unit, name=plan.metadata.document_name)
             for t in messages.SPLIT["instructions"]]
    for row, text in enumerate(texts, start=3):
        sheet.cell(row, 1, text).alignment = Alignment(wrap_text=True, vertical="top")


# -- when the files come back -----------------------------------------------------------------

def return_findings(input_path: Path, plan: Plan) -> list[Finding]:
    """Warnings for a returned file holding another sector's rows, a file listed in *Utskick*
    that did not come back, and a file with fewer rows than were sent. Nothing when the
    workbook has no *Utskick* sheet (it was not made by `split`)."""
    base = input_base(Path(input_path))
    main = plan.input_files[0] if plan.input_files else None
    if main is None:
        return []
    sent = _dispatch(main)
    if sent is None:
        return []
    by_file: dict[str, list] = {}
    for activity in plan.activities:
        by_file.setdefault(activity.source.file, []).append(activity)
    found = []
    for unit, name, count in sent:
        if not (base / name).is_file():
            found.append(finding("split-missing-return", Source(main.name,
                                 messages.SPLIT["dispatch-sheet"]), unit, name))
            continue
        rows = by_file.get(name, [])
        foreign = [a for a in rows if a.unit != unit]
        if foreign:
            found.append(finding("split-foreign-rows", Source(name), len(foreign), unit))
        own = len(rows) - len(foreign)
        if own < count:
            found.append(finding("split-short-return", Source(name), own, count))
    return found


def _dispatch(main: Path) -> list[tuple[str, str, int]] | None:
    workbook = load_workbook(main, read_only=True, data_only=True)
    try:
        name = messages.SPLIT["dispatch-sheet"]
        sheet = next((ws for ws in workbook.worksheets
                      if layout.normalise_name(ws.title) == layout.normalise_name(name)), None)
        if sheet is None:
            return None
        rows = []
        for row in sheet.iter_rows(min_row=2, values_only=True):
            unit, file, count = (tuple(row) + (None, None, None))[:3]
            if unit and file:
                rows.append((str(unit).strip(), str(file).strip(),
                             int(count) if isinstance(count, (int, float)) else 0))
        return rows
    finally:
        workbook.close()
