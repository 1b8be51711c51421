"""`init`: a new input workbook (SPEC §3) — blank, or carried over from an earlier plan.

The workbook is the strategist's form: an instruction sheet first, then every sheet and column
the reader needs with the reader's own header words (`workbook_layout`), and Excel drop-downs
for every column that must match a list, pointing at the list's cells so that a row added to
the list shows up in the drop-down.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace

from .. import workbook_layout as layout
from ..model import Action, Activity, Plan, PlanMetadata
from .ooxml.package import normalise_package

_HEADER_FILL = "1F4E79"
_HEADER_FONT = "FFFFFF"
# -- column widths in characters, by column key; long prose columns wrap --
_WIDTHS = {"description": 60, "text": 60, "comment": 40, "title": 45, "strategy": 45,
           "value": 60, "field": 24, "name": 40, "unit": 30, "action": 40, "operation": 24,
           "responsible": 22, "schedule": 14, "status": 14, "assessment": 18, "follow_up": 40, "number": 8, "kind": 16,
           "priority": 30, "icon": 24, "order": 10, "date": 14, "paragraph": 12}
_WRAPPED = {"description", "text", "comment", "follow_up", "title", "strategy", "value"}
_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_NUMBER_LIKE = re.compile(r"(?:åtgärd\s*(?:nr\.?\s*)?)?\+?\d+(?:[.,]0+)?", re.IGNORECASE)
_PLAIN_SHEET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


# -- what the new workbook holds --------------------------------------------------------------

def blank_plan(year: int) -> Plan:
    """An empty plan for `year`: every field empty but Planår."""
    return Plan(PlanMetadata(municipality="", document_name="", document_type="", scope="",
                             owner="", responsible="", year=year))


def carry_over(plan: Plan, year: int, keep_activities: bool) -> Plan:
    """The plan for `year` made from an earlier one.

    Strategy, organisation and actions are kept. The old plan year inside the document's own
    text fields moves to `year` ("för 2023" → "för 2024", whole words only, so "20231" or a
    case number stays); Bör revideras senast moves as many years on; what belongs to the
    old decision — Beslutad, the case numbers, the revisions — is cleared, and so is the
    follow-up period (it belongs to the old year). Activities are dropped, or with
    `keep_activities` those neither Genomförd nor Avbruten are kept, their follow-up fields
    (Status, Bedömning, Uppföljning, Kommentar) cleared: they report on the old year.
    """
    meta = plan.metadata
    shift = year - meta.year
    bumped = {key: _move_year(getattr(meta, key), meta.year, year) for key in _YEAR_TEXT_FIELDS}
    metadata = replace(meta, year=year, decided=None, case_number="", annex_case_number="",
                       review_by=_add_years(meta.review_by, shift), followup_period="",
                       followup_date=None, **bumped)
    activities = tuple(replace(a, status="", assessment="", follow_up="", comment="")
                       for a in plan.activities if keep_activities and not _closed(a))
    return replace(plan, metadata=metadata, revisions=(), activities=activities, input_files=())


# -- Dokument text fields that name the plan's year; Författningsstöd is left alone because a
#    statute's year (SFS 2017:725) is not the plan's, and Kommun never holds one --
_YEAR_TEXT_FIELDS = ("document_name", "document_type", "scope", "publication")


def year_mentions(plan: Plan, year: int) -> list[Action]:
    """Actions whose title or description names `year` ("under 2023 ska …"): after a carry-over
    that prose is the strategist's to rewrite — moving it would guess at its meaning."""
    pattern = re.compile(rf"(?<!\d){year}(?!\d)")
    return [a for a in plan.actions if pattern.search(a.title) or pattern.search(a.description)]


def _move_year(text: str, old: int, new: int) -> str:
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text) if text else text


def _add_years(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _closed(activity: Activity) -> bool:
    return layout.normalise_name(activity.status) in {
        layout.normalise_name(s) for s in layout.CLOSED_STATUSES}


# -- writing ----------------------------------------------------------------------------------

def write_workbook_xlsx(plan: Plan, when: dt.datetime) -> bytes:
    """The workbook as bytes; `when` stamps the core properties and zip entries (no clock)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    _instructions(workbook.create_sheet(layout.INSTRUCTIONS_SHEET))
    rows = _sheet_rows(plan)
    for sheet in layout.SHEETS:
        ws = workbook.create_sheet(sheet.name)
        _table(ws, sheet, rows[sheet.key])
    for dropdown in layout.DROPDOWNS:
        if dropdown.only_kind:
            _filtered_list(workbook, dropdown)
        _add_dropdown(workbook[dropdown.sheet.name], dropdown)
    workbook.active = 0
    props = workbook.properties
    props.created = props.modified = when
    props.creator = plan.metadata.responsible or None
    props.lastModifiedBy = None
    props.title = plan.metadata.document_name or None
    props.language = "sv-SE"
    return normalise_package(_save(workbook), when)


def _save(workbook) -> bytes:
    # -- openpyxl's save() stamps dcterms:modified with the clock; its ExcelWriter does not --
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _sheet_rows(plan: Plan) -> dict[str, list[dict[str, object]]]:
    meta = plan.metadata
    return {
        "document": [{"field": f.label, "value": getattr(meta, f.key)} for f in layout.FIELDS],
        "revisions": [{"number": r.number, "date": r.date, "paragraph": r.paragraph,
                       "description": r.description} for r in plan.revisions],
        "strategy": [{"kind": _word(e.kind, layout.STRATEGY_KIND_WORDS),
                      "name": e.name, "priority": e.priority, "icon": e.icon,
                      "description": e.description} for e in plan.strategy],
        "organisation": [{"name": u.name, "kind": _word(u.kind, layout.UNIT_KIND_WORDS),
                          "order": _number(u.order)} for u in plan.units],
        "actions": [{"number": a.number, "title": a.title, "strategy": "; ".join(a.strategy),
                     "description": a.description} for a in plan.actions],
        "activities": [_activity_row(a, plan) for a in plan.activities],
    }


def _word(kind, words: tuple[str, ...]) -> str:
    """The workbook's display word (`Fokusområde`) for a model kind (`fokusområde`)."""
    return next(w for w in words if layout.normalise_name(w) == layout.normalise_name(kind.value))


def _number(value: float | None):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _activity_row(activity: Activity, plan: Plan) -> dict[str, object]:
    return {"action": action_reference(plan.action(activity.action), activity.action),
            "unit": activity.unit, "operation": activity.operation, "text": activity.text,
            "responsible": activity.responsible, "schedule": activity.schedule,
            "status": activity.status, "assessment": activity.assessment,
            "follow_up": activity.follow_up, "comment": activity.comment}


def action_reference(action: Action | None, number: int):
    """The title, as the drop-down offers it; the number when the title itself reads as a
    number ("2030", "Åtgärd 4"), because the reader tries a number first."""
    if action is None or _NUMBER_LIKE.fullmatch(action.title.strip()):
        return number
    return action.title


def _table(ws, sheet: layout.SheetLayout, rows: list[dict[str, object]]) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    widths = [_WIDTHS.get(column.key, 18) for column in sheet.columns]
    for index, column in enumerate(sheet.columns, start=1):
        _header_cell(ws.cell(1, index, column.header))
        ws.column_dimensions[get_column_letter(index)].width = widths[index - 1]
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(number, index)
            _put(cell, row.get(column.key))
            cell.alignment = wrap if column.key in _WRAPPED else top
        _fit_height(ws, number, [(row.get(c.key), w) for c, w in zip(sheet.columns, widths)
                                 if c.key in _WRAPPED])
    ws.freeze_panes = "A2"
    _print_setup(ws)


def _fit_height(ws, row: int, cells) -> None:
    """Give a row with wrapped text the height its longest cell needs.

    Neither Excel nor LibreOffice grows a row for wrapped text in a file that does not say
    how high it is, so the estimate (characters per column width) is written down.
    """
    lines = max((_line_count(str(v), width) for v, width in cells if v), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(409, 15 * lines)


def _line_count(text: str, width: float) -> int:
    per_line = max(1, int(width * 1.2))
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def _print_setup(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _header_cell(cell) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cell.font = Font(bold=True, color=_HEADER_FONT)
    cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    cell.alignment = Alignment(vertical="center")


def _put(cell, value) -> None:
    """Write a value so that it reads back as the same value."""
    if value is None or value == "":
        return
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return
    if not isinstance(value, str):
        cell.value = value
        return
    # -- the reader trims every line anyway; a leading or trailing space would also make
    #    openpyxl write xml:space on an inline string, which the schema does not allow --
    value = "\n".join(line.strip() for line in value.split("\n")).strip()
    if not value:
        return
    # -- a literal `_x0041_` would be decoded as an Excel escape on reading: escape its `_` --
    cell.value = _ESCAPE_LIKE.sub(lambda m: "_x005F" + m.group(0), value)
    # -- openpyxl takes text starting with "=" for a formula; input text is never one --
    cell.data_type = "s"


def _instructions(ws) -> None:
    from openpyxl.styles import Alignment, Font

    widths = (16, 46, 13, 80)
    title, *intro = layout.INSTRUCTIONS_INTRO
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, line in enumerate(intro, start=2):
        ws.cell(row, 1, line).alignment = wrap
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
        _fit_height(ws, row, [(line, sum(widths))])
    header_row = len(layout.INSTRUCTIONS_INTRO) + 2
    for index, text in enumerate(layout.INSTRUCTIONS_HEADERS, start=1):
        _header_cell(ws.cell(header_row, index, text))
    row = header_row + 1
    for values in _instruction_rows():
        *texts, bold = values
        for index, value in enumerate(texts, start=1):
            cell = ws.cell(row, index, value)
            cell.alignment = wrap
            if bold:
                cell.font = Font(bold=True)
        _fit_height(ws, row, list(zip(texts, widths)))
        row += 1
    for letter, width in zip("ABCD", widths):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    _print_setup(ws)
    ws.print_title_rows = f"{header_row}:{header_row}"


def _instruction_rows():
    """(sheet, column or field, required, explanation, is a sheet row) for every sheet."""
    yes, no = layout.YES_NO
    for sheet in layout.SHEETS:
        yield sheet.name, "", yes if sheet.required else no, layout.SHEET_HELP[sheet.key], True
        for column in sheet.columns:
            name = column.header
            if column.aliases:
                name += " (även: " + ", ".join(column.aliases) + ")"
            yield (sheet.name, name, yes if column.required else no,
                   layout.COLUMN_HELP[(sheet.key, column.key)], False)
        if sheet is layout.DOCUMENT:
            for field in layout.FIELDS:
                name = field.label
                if field.aliases:
                    name += " (även: " + ", ".join(field.aliases) + ")"
                yield (sheet.name, name, yes if field.required else no,
                       layout.FIELD_HELP[field.key], False)


# -- drop-downs -------------------------------------------------------------------------------

def column_letter(sheet: layout.SheetLayout, key: str) -> str:
    """The letter of column `key` in a workbook written here (columns in layout order)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(1 + [c.key for c in sheet.columns].index(key))


def quote_sheet(name: str) -> str:
    """A sheet name as a formula needs it: quoted unless plain ASCII (`'Åtgärder'`)."""
    if _PLAIN_SHEET_NAME.fullmatch(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def _kind_range(dropdown: layout.DropDown) -> str:
    sheet = dropdown.source_sheet
    kind = column_letter(sheet, "kind")
    return f"{quote_sheet(sheet.name)}!${kind}$2:${kind}${layout.LIST_LAST_ROW}"


def _filtered_list(workbook, dropdown: layout.DropDown) -> None:
    """The source list's names whose Typ is `only_kind`, gathered at the top of a column of
    the hidden helper sheet by formulas, so that a priority added later shows up too.

    Column B numbers each matching source row (its row in the helper sheet is the source's
    row); column A finds the k-th of them. Excel 2007 functions only, as LibreOffice has them.
    """
    ws = (workbook[layout.LIST_SHEET] if layout.LIST_SHEET in workbook.sheetnames
          else workbook.create_sheet(layout.LIST_SHEET))
    ws.sheet_state = "hidden"
    sheet, last = dropdown.source_sheet, layout.LIST_LAST_ROW
    kind = column_letter(sheet, "kind")
    name = column_letter(sheet, dropdown.source_column)
    source = quote_sheet(sheet.name)
    word = dropdown.only_kind.replace('"', '""')
    ws["A1"] = layout.LIST_SHEET_HEADERS[(dropdown.sheet.key, dropdown.column)]
    for row in range(2, last + 1):
        ws[f"B{row}"] = (f'=IF({source}!{kind}{row}="{word}",'
                         f'COUNTIF({source}!${kind}$2:{kind}{row},"{word}"),"")')
        ws[f"A{row}"] = (f"=IFERROR(INDEX({source}!${name}$1:${name}${last},"
                         f"MATCH({row - 1},$B$1:$B${last},0)),\"\")")


def dropdown_formula(dropdown: layout.DropDown) -> str:
    """formula1 of the data validation: a range on the list's sheet, or a quoted list; a
    filtered list is as long as the helper sheet has names (no empty choices)."""
    if dropdown.only_kind:
        word = dropdown.only_kind.replace('"', '""')
        return (f"OFFSET({layout.LIST_SHEET}!$A$2,0,0,"
                f'MAX(1,COUNTIF({_kind_range(dropdown)},"{word}")),1)')
    if dropdown.source_sheet is not None:
        letter = column_letter(dropdown.source_sheet, dropdown.source_column)
        return (f"{quote_sheet(dropdown.source_sheet.name)}!"
                f"${letter}$2:${letter}${layout.LIST_LAST_ROW}")
    return '"' + ",".join(dropdown.values) + '"'


def dropdown_range(dropdown: layout.DropDown) -> str:
    letter = column_letter(dropdown.sheet, dropdown.column)
    last = layout.DROPDOWN_LAST_ROW.get(dropdown.sheet.key, layout.DROPDOWN_DEFAULT_LAST_ROW)
    return f"{letter}2:{letter}{last}"


def _add_dropdown(ws, dropdown: layout.DropDown) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    column = next(c for c in dropdown.sheet.columns if c.key == dropdown.column)
    validation = DataValidation(
        type="list", formula1=dropdown_formula(dropdown), allow_blank=True,
        showErrorMessage=True, errorStyle="stop" if dropdown.strict else "warning",
        errorTitle=column.header[:32],
        error=layout.DROPDOWN_ERRORS[(dropdown.sheet.key, dropdown.column)],
        showInputMessage=True, promptTitle=column.header[:32],
        prompt=layout.COLUMN_HELP[(dropdown.sheet.key, dropdown.column)][:255])
    validation.add(dropdown_range(dropdown))
    ws.add_data_validation(validation)
