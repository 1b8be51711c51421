"""Bilaga 1 as one clean Excel sheet: Nr, Åtgärd, Sektor/bolag, … Status.

The headers are the input workbook's own words (workbook_layout), so the sheet reads as the
same list the sectors filled in. openpyxl's `save()` stamps the clock into docProps/core.xml,
so the package is written with its ExcelWriter directly and the properties carry the plan's
document date; the zip is then normalised like every other output.
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

from ... import messages
from ...derive import document_date
from ...model import Plan
from ...options import BuildOptions
from ...workbook_layout import ACTIONS, ACTIVITIES, STATUSES
from .text import annex_groups, annex_title
from ..ooxml.package import normalise_package
from ..ooxml.text import xml_safe_text

LANGUAGE = "sv-SE"
HEADER_FILL = "1F4E79"
GRID = Side(style="thin", color="A6A6A6")

# -- (header, widest width in characters): a column is as wide as its typical text, up to this;
#    longer texts wrap --
_ACTIVITY_HEADERS = {c.key: c.header for c in ACTIVITIES.columns}
_ACTION_HEADERS = {c.key: c.header for c in ACTIONS.columns}
COLUMNS = (
    (_ACTION_HEADERS["number"], 6),
    (_ACTION_HEADERS["title"], 40),
    (_ACTIVITY_HEADERS["unit"], 30),
    (_ACTIVITY_HEADERS["operation"], 24),
    (_ACTIVITY_HEADERS["text"], 60),
    (_ACTIVITY_HEADERS["responsible"], 24),
    (_ACTIVITY_HEADERS["schedule"], 16),
    (_ACTIVITY_HEADERS["status"], 14),
)
STATUS_COLUMN = len(COLUMNS)
_PERCENTILE = 0.9
# -- Calibri 11, Excel's default: one line of text needs 15 points of row height --
LINE_HEIGHT = 15


def annex_rows(plan: Plan) -> list[list]:
    """One row per activity: action number and title, then the activity's fields."""
    rows = []
    for group in annex_groups(plan):
        title = xml_safe_text(group.action.title)
        for activity in group.activities:
            rows.append([group.action.number, title] + [
                xml_safe_text(getattr(activity, name)) for name in
                ("unit", "operation", "text", "responsible", "schedule", "status")])
    return rows


def write_annex_xlsx(plan: Plan, options: BuildOptions) -> bytes:
    when = document_date(plan, options.source_date_epoch)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = messages.ANNEX["sheet"].format(year=plan.metadata.year)
    rows = annex_rows(plan)
    _write_header(sheet)
    _write_rows(sheet, rows)
    _set_widths(sheet, rows)
    _set_heights(sheet, rows)
    _add_status_list(sheet, len(rows))
    _set_print(sheet, plan, len(rows))
    workbook.properties = _properties(plan, when)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # -- not workbook.save(): that overwrites `modified` with the clock --
        ExcelWriter(workbook, archive).write_data()
    return normalise_package(buffer.getvalue(), when)


def _write_header(sheet) -> None:
    font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for column, (header, _) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font, cell.fill = font, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = Border(left=GRID, right=GRID, top=GRID, bottom=GRID)
    sheet.freeze_panes = "A2"


def _write_rows(sheet, rows: list[list]) -> None:
    # -- openpyxl looks a style up by hashing it on every assignment, which for 80,000 cells
    #    takes longer than everything else; the style is made once and its index array copied --
    plain = sheet.cell(row=2, column=1)
    plain.alignment = Alignment(vertical="top", wrap_text=True)
    plain.border = Border(left=GRID, right=GRID, top=GRID, bottom=GRID)
    plain_style = copy.copy(plain._style)
    plain.quotePrefix = True
    text_style = copy.copy(plain._style)
    plain._style = copy.copy(plain_style)
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            # -- an empty text is an empty cell, so Excel's filter lists it as "(Tomma)" --
            cell = sheet.cell(row=row_number, column=column, value=value if value != "" else None)
            if isinstance(value, str) and value.startswith("="):
                # -- an input text is never a formula: "=1+1" stays the text "=1+1", and the
                #    quote prefix keeps it text when someone edits the cell in Excel --
                cell.data_type = "s"
                cell._style = copy.copy(text_style)
            else:
                cell._style = copy.copy(plain_style)
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    else:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"


def _set_widths(sheet, rows: list[list]) -> None:
    for index, (header, widest) in enumerate(COLUMNS):
        lengths = sorted(max((len(line) for line in str(r[index]).split("\n")), default=0)
                         for r in rows)
        typical = lengths[int(_PERCENTILE * (len(lengths) - 1))] if lengths else 0
        width = min(max(typical, len(header)) + 2, widest)
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(width, 6)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a column `width` characters wide, wrapping at spaces as
    Excel does (a word longer than the column is broken)."""
    room = max(int(width) - 1, 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split(" "):
            length = len(word)
            if used and used + 1 + length > room:
                lines += 1
                used = 0
            if length > room:
                lines += (length - 1) // room
                length = (length - 1) % room + 1
            used += length + (1 if used else 0)
    return lines


def _set_heights(sheet, rows: list[list]) -> None:
    """Row heights for the wrapped text: Excel and LibreOffice do not grow a row written
    without a height when the file is opened, so the text would be cut off."""
    widths = [sheet.column_dimensions[get_column_letter(i + 1)].width for i in range(len(COLUMNS))]
    for row_number, values in enumerate(rows, start=2):
        lines = max(wrapped_lines(v, w) if isinstance(v, str) and v else 1
                    for v, w in zip(values, widths))
        if lines > 1:
            sheet.row_dimensions[row_number].height = lines * LINE_HEIGHT


def _add_status_list(sheet, count: int) -> None:
    """The Status drop-down, as in the input workbook; a warning, not a stop, so a status
    written outside the list can still be kept."""
    letter = get_column_letter(STATUS_COLUMN)
    validation = DataValidation(
        type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
        showErrorMessage=True, errorStyle="warning",
        errorTitle=messages.ANNEX["status-error-title"],
        error=messages.ANNEX["status-error"].format(statuses=", ".join(STATUSES)))
    validation.add(f"{letter}2:{letter}{max(count, 1) + 1}")
    sheet.add_data_validation(validation)


def _header_text(text: str) -> str:
    """Excel header/footer text: "&" starts a code, so a literal one is doubled."""
    return text.replace("&", "&&")


def _set_print(sheet, plan: Plan, count: int) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    title = f"{annex_title(plan)} – {xml_safe_text(plan.metadata.document_name)}"
    sheet.oddHeader.left.text = _header_text(title.replace("\n", " "))
    sheet.oddFooter.right.text = messages.ANNEX["print-footer"]


def _properties(plan: Plan, when) -> DocumentProperties:
    meta = plan.metadata
    return DocumentProperties(
        title=annex_title(plan), subject=xml_safe_text(meta.document_name),
        creator=xml_safe_text(meta.owner), lastModifiedBy=xml_safe_text(meta.owner),
        keywords=messages.ANNEX["keywords"].format(municipality=xml_safe_text(meta.municipality),
                                                   year=meta.year),
        category=xml_safe_text(meta.document_type), language=LANGUAGE,
        identifier=xml_safe_text(meta.annex_case_number) or None, created=when, modified=when)
