"""The follow-up as one Excel sheet (SPEC §10 `followup-xlsx`): one row per activity, the
follow-up columns last, a filter, a frozen header and the Status/Bedömning drop-downs.

Kommentar is not a column: it is internal. A missing status is an empty cell (not *Ingen
uppgift*), so a filter on "(Tomma)" finds the activities nobody reported on.
"""
from __future__ import annotations

import copy
import io
import zipfile

from openpyxl import Workbook
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from .. import messages
from ..model import Plan
from ..workbook_layout import ACTIONS, ACTIVITIES, ASSESSMENTS, STATUSES
from ..writers.ooxml.package import normalise_package
from ..writers.plan.context import document_text as clean_text
from .compare import Comparison
from .counts import ordered_activities

HEADER_FILL = "1F4E79"
GRID = Side(style="thin", color="A6A6A6")
_ACTIVITY = {c.key: c.header for c in ACTIVITIES.columns}
_ACTION = {c.key: c.header for c in ACTIONS.columns}
# -- (header, width in characters, activity field or a special key) --
COLUMNS = (
    (_ACTION["number"], 6, "#number"),
    (_ACTION["title"], 36, "#title"),
    (_ACTIVITY["unit"], 26, "unit"),
    (_ACTIVITY["operation"], 20, "operation"),
    (_ACTIVITY["text"], 50, "text"),
    (_ACTIVITY["responsible"], 20, "responsible"),
    (_ACTIVITY["schedule"], 14, "schedule"),
    (_ACTIVITY["status"], 14, "status"),
    (_ACTIVITY["assessment"], 18, "assessment"),
    (_ACTIVITY["follow_up"], 50, "follow_up"),
)
PREVIOUS_COLUMN = (messages.FOLLOWUP["previous-status"], 18, "#previous")


def followup_rows(plan: Plan, comparison: Comparison | None = None) -> list[list]:
    columns = COLUMNS + ((PREVIOUS_COLUMN,) if comparison is not None else ())
    titles = {a.number: clean_text(a.title) for a in plan.actions}
    rows = []
    for activity in ordered_activities(plan):
        row = []
        for _, _, key in columns:
            if key == "#number":
                row.append(activity.action)
            elif key == "#title":
                row.append(titles.get(activity.action, ""))
            elif key == "#previous":
                before = comparison.previous(activity)
                row.append(messages.FOLLOWUP["new-activity"] if before is None else before)
            else:
                row.append(clean_text(getattr(activity, key)))
        rows.append(row)
    return rows


def write_followup_xlsx(plan: Plan, when, comparison: Comparison | None = None) -> bytes:
    columns = COLUMNS + ((PREVIOUS_COLUMN,) if comparison is not None else ())
    rows = followup_rows(plan, comparison)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = messages.FOLLOWUP["sheet"]
    _header(sheet, columns)
    _body(sheet, rows)
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    keys = [key for _, _, key in columns]
    for key, values in (("status", STATUSES), ("assessment", ASSESSMENTS)):
        letter = get_column_letter(keys.index(key) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                                    allow_blank=True, showErrorMessage=True,
                                    errorStyle="warning")
        validation.add(f"{letter}2:{letter}{max(len(rows), 1) + 1}")
        sheet.add_data_validation(validation)
    meta = plan.metadata
    workbook.properties = DocumentProperties(
        title=messages.FOLLOWUP["title"].format(name=clean_text(meta.document_name)),
        subject=clean_text(meta.followup_period), creator=clean_text(meta.responsible),
        lastModifiedBy=clean_text(meta.responsible), language="sv-SE",
        keywords=messages.FOLLOWUP["keywords"].format(
            period=clean_text(meta.followup_period), municipality=clean_text(meta.municipality),
            year=meta.year), created=when, modified=when)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # -- not workbook.save(): that stamps `modified` with the clock --
        ExcelWriter(workbook, archive).write_data()
    return normalise_package(buffer.getvalue(), when)


def _header(sheet, columns) -> None:
    font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for index, (header, width, _) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill = font, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _body(sheet, rows) -> None:
    # -- one style made once and its index array copied: openpyxl hashes a style on every
    #    assignment, which dominates for 10,000 rows (as in Bilaga 1's .xlsx) --
    plain = sheet.cell(row=2, column=1)
    plain.alignment = Alignment(vertical="top", wrap_text=True)
    plain.border = Border(left=GRID, right=GRID, top=GRID, bottom=GRID)
    style = copy.copy(plain._style)
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column, value=value if value != "" else None)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # -- an input text is never a formula --
            cell._style = copy.copy(style)
