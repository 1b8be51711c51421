"""Opening a workbook safely, and reading one sheet as a table of cells with their sources.

Hostile files (not a workbook, empty, corrupt, encrypted, DOCTYPE/entity tricks, zip bombs)
become findings before openpyxl sees them, so a bad upload costs seconds and little memory.
"""
from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding, finding
from ..model import Source
from ..workbook_layout import SheetLayout, normalise_name

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNPACKED = 512 * 1024 * 1024  # bytes, all parts together
MAX_PARTS = 20_000
MAX_RATIO = 200  # a real sheet compresses ~10×; a bomb ~1000×
RATIO_FLOOR = 16 * 1024 * 1024  # small parts may compress as they like
HEADER_SEARCH_ROWS = 10
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class WorkbookRejected(Exception):
    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class Row:
    """One data row: column key → value, and column key → the cell the value came from."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    source: Source = Source("")


@dataclass
class Table:
    rows: list[Row]
    header_row: int
    columns: dict[str, str]  # key → the header text as written
    sheet: str = ""  # -- the sheet's title as written --


def _reject(code: str, file: str, detail: str = "") -> WorkbookRejected:
    return WorkbookRejected(finding(code, Source(file), detail=detail))


def check_package(path: Path, file: str) -> set[str]:
    """Raise WorkbookRejected for a hostile or broken file; return parts that hold formulas."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _reject("missing-input", file, str(path)) from exc
    if size == 0:
        raise _reject("empty-file", file)
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if head.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in head:
            raise _reject("encrypted-workbook", file)
        raise _reject("not-a-workbook", file, "gammalt .xls-format – spara som .xlsx")
    if not head.startswith(ZIP_MAGIC):
        raise _reject("not-a-workbook", file, path.name)
    try:
        with zipfile.ZipFile(path) as package:
            return _check_parts(package, file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        # -- the library's own words are English: the user gets a Swedish reason --
        raise _reject("corrupt-workbook", file, "filens zip-paket är trasigt eller avkortat") from exc


def _check_parts(package: zipfile.ZipFile, file: str) -> set[str]:
    infos = package.infolist()
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _reject("not-a-workbook", file, "paketet saknar arbetsboksdelar")
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_PARTS or total > MAX_UNPACKED:
        raise _reject("too-large", file, f"{total // (1 << 20)} MiB i {len(infos)} delar")
    formula_parts = set()
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _reject("too-large", file, f"{info.filename}: {info.file_size // (1 << 20)} MiB")
        if not info.filename.endswith((".xml", ".rels")):
            continue
        with package.open(info) as part:
            head = part.read(8192)
            if _DTD.search(head) or _DTD.search(head.decode("utf-16", "ignore").encode()):
                raise _reject("unsafe-xml", file, f"DOCTYPE/ENTITY i {info.filename}")
            if info.filename.startswith("xl/worksheets/") and _has_formula(head, part):
                formula_parts.add(info.filename)
    return formula_parts


def _has_formula(head: bytes, part) -> bool:
    tail = head[-16:]
    if _FORMULA.search(head):
        return True
    while chunk := part.read(1 << 20):
        if _FORMULA.search(tail + chunk):
            return True
        tail = chunk[-16:]
    return False


@dataclass
class Sheet:
    """One worksheet as read: its title, its cell values row by row (row 1 first; rows may
    differ in length) and its merged ranges as (min_row, min_col, max_row, max_col)."""

    title: str
    rows: list[tuple]
    merged: list[tuple[int, int, int, int]]
    # -- what the strategist does not see in Excel but is read all the same (SPEC §3):
    #    row numbers, column numbers (1-based), and whether an auto-filter hides the rows --
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[int, ...] = ()
    filtered: bool = False


@dataclass
class Workbook:
    worksheets: list[Sheet]


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)"')
_ROW_TAG = re.compile(rb'<(?:\w+:)?row\b([^>]*)>')
_COL_TAG = re.compile(rb'<(?:\w+:)?col\b([^>]*)/?>')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_FILTER = re.compile(rb'<(?:\w+:)?filterColumn\b')


def _attribute(attributes: bytes, name: bytes) -> int | None:
    found = re.search(rb'\b' + name + rb'="(\d+)"', attributes)
    return int(found.group(1)) if found else None


def _hidden(data: bytes) -> tuple[tuple[int, ...], tuple[int, ...], bool]:
    """(hidden rows, hidden columns, filtered?) from the sheet's XML: read-only openpyxl
    keeps no row or column dimensions."""
    if not _HIDDEN.search(data):
        return (), (), False
    rows = tuple(number for attributes in _ROW_TAG.findall(data) if _HIDDEN.search(attributes)
                 and (number := _attribute(attributes, b"r")) is not None)
    columns = []
    for attributes in _COL_TAG.findall(data):
        low, high = _attribute(attributes, b"min"), _attribute(attributes, b"max")
        if _HIDDEN.search(attributes) and low is not None:
            # -- Excel writes one <col> for a run of equal columns; to the sheet's end at most --
            columns.extend(range(low, min(high or low, low + 16383) + 1))
    return rows, tuple(columns), bool(_FILTER.search(data))


def _import_openpyxl():
    """openpyxl, imported without numpy: openpyxl imports numpy (about 0.13 s) only to accept
    numpy scalars as cell values, which a reader never sees. numpy stays importable for
    anyone else afterwards."""
    import sys

    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        import openpyxl
        return openpyxl
    sys.modules["numpy"] = None  # -- `import numpy` raises ImportError meanwhile --
    try:
        import openpyxl
    finally:
        del sys.modules["numpy"]
    return openpyxl


def open_workbook(path: Path, file: str) -> tuple[Workbook, dict[str, set[str]]]:
    """Read every sheet's cached values. Returns (workbook, {sheet title: cells whose formula
    has no cached value}). Raises WorkbookRejected.

    openpyxl's read-only mode streams the cells without building styled Cell objects (about
    three times faster on a 10,000-row sheet); it does not read merged ranges, so those come
    from the sheet's own <mergeCell> elements."""
    openpyxl = _import_openpyxl()  # heavy: imported only when a workbook is read

    formula_parts = check_package(path, file)
    try:
        with warnings.catch_warnings():
            # -- openpyxl warns about Excel extensions it drops; irrelevant for reading data --
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, data_only=True, read_only=True)
            try:
                sheets = [_read_sheet(ws, workbook) for ws in workbook.worksheets]
            finally:
                workbook.close()
            read = Workbook(sheets)
            uncached = _uncached_formulas(path, read) if formula_parts else {}
    except WorkbookRejected:
        raise
    except Exception as exc:  # openpyxl raises many types for broken parts
        raise _reject("corrupt-workbook", file,
                      f"en del av arbetsboken går inte att tolka ({type(exc).__name__})") from exc
    return read, uncached


def _read_sheet(ws, workbook) -> Sheet:
    # -- the <dimension> a file declares may be wrong (some writers leave "A1"): ignore it --
    ws.reset_dimensions()
    rows = list(ws.iter_rows(values_only=True))
    merged = []
    # -- openpyxl's own part name and archive: the read-only sheet keeps no merged ranges --
    with workbook._archive.open(ws._worksheet_path) as part:
        data = part.read()
    if b"mergeCell" in data:
        from openpyxl.utils.cell import range_boundaries

        for ref in _MERGE_REF.findall(data):
            min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii").upper())
            merged.append((min_row, min_col, max_row, max_col))
    return Sheet(ws.title, rows, merged, *_hidden(data))


def _uncached_formulas(path: Path, values: Workbook) -> dict[str, set[str]]:
    openpyxl = _import_openpyxl()

    formulas = openpyxl.load_workbook(path, data_only=False, read_only=True)
    cached = {sheet.title: sheet.rows for sheet in values.worksheets}
    found: dict[str, set[str]] = {}
    try:
        for ws in formulas.worksheets:
            ws.reset_dimensions()
            rows = cached[ws.title]
            for row in ws.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) != "f":
                        continue
                    line = rows[cell.row - 1] if cell.row <= len(rows) else ()
                    value = line[cell.column - 1] if cell.column <= len(line) else None
                    if value is None:
                        found.setdefault(ws.title, set()).add(cell.coordinate)
    finally:
        formulas.close()
    return found


def find_sheet(workbook, wanted: str):
    key = normalise_name(wanted)
    return next((ws for ws in workbook.worksheets if normalise_name(ws.title) == key), None)


def read_table(ws, layout: SheetLayout, file: str, uncached: set[str],
               findings: list[Finding]) -> Table | None:
    """The sheet's data rows below its header row; None (with a finding) if no header row."""
    from openpyxl.utils import get_column_letter

    grid = ws.rows
    width = max((len(r) for r in grid), default=0)
    letters = [get_column_letter(i + 1) for i in range(width)]
    merged = _merged_values(ws)
    header = _find_header(grid, layout, ws.title, file, findings)
    if header is None:
        return None
    header_index, columns, header_text = header
    rows = []
    for index in range(header_index + 1, len(grid)):
        number = index + 1
        cells = grid[index]
        own = {col: cells[col] if col < len(cells) else None for col in columns}
        missing = {c for c in columns if f"{letters[c]}{number}" in uncached}
        for col in missing:
            coord = f"{letters[col]}{number}"
            findings.append(finding("formula-without-value", Source(file, ws.title, coord), coord))
        if all(_blank(v) for v in own.values()) and not missing:
            continue
        row = Row(number, source=Source(file, ws.title, f"A{number}"))
        for col, key in columns.items():
            coord = f"{letters[col]}{number}"
            value, origin = own[col], coord
            if _blank(value) and coord in merged:
                value, origin = merged[coord]
            row.values[key] = None if col in missing else value
            row.sources[key] = Source(file, ws.title, origin)
        first = min(columns)
        row.source = Source(file, ws.title, f"{letters[first]}{number}")
        rows.append(row)
    _report_hidden(ws, rows, columns, letters, file, findings)
    return Table(rows, header_index + 1, header_text, ws.title)


def _report_hidden(ws: Sheet, rows: list[Row], columns: dict[int, str], letters: list[str],
                   file: str, findings: list[Finding]) -> None:
    """One warning per sheet for the data rows, one for the read columns, that Excel hides
    (or a filter hides): they are read all the same, and the strategist should know."""
    if not (ws.hidden_rows or ws.hidden_columns):
        return
    hidden = set(ws.hidden_rows)
    numbers = [row.number for row in rows if row.number in hidden]
    if numbers:
        code = "filtered-rows" if ws.filtered else "hidden-rows"
        findings.append(finding(code, Source(file, ws.title, f"A{numbers[0]}"), _ranges(numbers)))
    shown = [letters[c] for c in sorted(columns) if c + 1 in set(ws.hidden_columns)]
    if shown:
        findings.append(finding("hidden-columns", Source(file, ws.title, f"{shown[0]}1"),
                                ", ".join(shown)))


def _ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] → "3–5, 9"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _merged_values(ws: Sheet) -> dict[str, tuple[Any, str]]:
    """Every cell of a merged range (but its top-left) → (top-left value, top-left coord)."""
    from openpyxl.utils import get_column_letter

    out = {}
    for min_row, min_col, max_row, max_col in ws.merged:
        line = ws.rows[min_row - 1] if min_row <= len(ws.rows) else ()
        value = line[min_col - 1] if min_col <= len(line) else None
        top_left = f"{get_column_letter(min_col)}{min_row}"
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                coord = f"{get_column_letter(col)}{row}"
                if coord != top_left:
                    out[coord] = (value, top_left)
    return out


def _match_header(cells, layout: SheetLayout) -> tuple[dict[int, str], dict[str, str], list[str]]:
    columns: dict[int, str] = {}
    text: dict[str, str] = {}
    unknown: list[str] = []
    for col, value in enumerate(cells):
        if _blank(value):
            continue
        name = str(value).strip()
        match = next((c for c in layout.columns if c.key not in text and c.matches(name)), None)
        if match is None:
            unknown.append((col, name))
            continue
        columns[col] = match.key
        text[match.key] = name
    return columns, text, unknown


def _find_header(grid, layout, sheet, file, findings):
    from openpyxl.utils import get_column_letter

    best = None
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns, text, unknown = _match_header(cells, layout)
        found = sum(1 for c in layout.required_columns if c.key in text)
        if found == len(layout.required_columns):
            for col, name in unknown:
                source = Source(file, sheet, f"{get_column_letter(col + 1)}{index + 1}")
                findings.append(finding("unknown-column", source, name))
            return index, columns, text
        if best is None or found > best[0]:
            best = (found, index, text, cells)
    found, index, text, cells = best if best else (0, 0, {}, [])
    missing = [c.header for c in layout.required_columns if c.key not in text]
    present = [str(v).strip() for v in cells if not _blank(v)]
    detail = ", ".join(missing) + ". Kolumner som finns på raden: " + (", ".join(present) or "inga")
    findings.append(finding("missing-columns", Source(file, sheet, f"{index + 1}:{index + 1}"),
                            index + 1, detail=detail))
    return None
