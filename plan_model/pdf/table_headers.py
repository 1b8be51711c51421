"""Header cells in the PDF's tables say what they head (SPEC §6, PDF/UA Matterhorn 15).

LibreOffice tags a Word table's repeated header row as TH cells, without a Scope, and has
nothing to tag from for row headers: WordprocessingML cannot mark a column of labels. Two
things are done here, on the structure tree only (the page content is untouched):

- every TH of a header row gets /Scope /Column;
- a two-column table whose header row is one cell across the table (a caption row, as in
  the metadata block "Metadata om dokument") is a label/value table: the first cell of each
  other row heads that row and becomes a TH with /Scope /Row.
"""
from __future__ import annotations

import pikepdf

ROW_GROUPS = ("/THead", "/TBody", "/TFoot")


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _role(kind: str, role_map) -> str:
    seen = set()
    while kind in role_map and kind not in seen:
        seen.add(kind)
        kind = str(role_map[kind])
    return kind


def _rows(table, role_map) -> list:
    rows = []
    for kid in _kids(table):
        kind = _role(str(kid.S), role_map)
        if kind == "/TR":
            rows.append(kid)
        elif kind in ROW_GROUPS:
            rows += [r for r in _kids(kid) if _role(str(r.S), role_map) == "/TR"]
    return rows


def _set_scope(cell, scope: str) -> None:
    """Add a Table attribute object with /Scope beside whatever attributes the cell has."""
    table_attributes = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name("/" + scope))
    attributes = cell.get("/A")
    if attributes is None:
        cell.A = table_attributes
        return
    existing = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    kept = [a for a in existing
            if not (isinstance(a, pikepdf.Dictionary) and a.get("/O") == pikepdf.Name.Table
                    and "/Scope" in a)]
    cell.A = pikepdf.Array(kept + [table_attributes])


def _tables(node, role_map):
    for kid in _kids(node):
        if _role(str(kid.S), role_map) == "/Table":
            yield kid
        yield from _tables(kid, role_map)


def mark_table_headers(pdf: pikepdf.Pdf) -> int:
    """Scope every header cell; returns how many cells were changed."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    role_map = root.get("/RoleMap", pikepdf.Dictionary())
    changed = 0
    for table in _tables(root, role_map):
        rows = [[c for c in _kids(r)] for r in _rows(table, role_map)]
        for cells in rows:
            if cells and all(_role(str(c.S), role_map) == "/TH" for c in cells):
                for cell in cells:
                    _set_scope(cell, "Column")
                    changed += 1
        caption_row = rows and len(rows[0]) == 1 and _role(str(rows[0][0].S), role_map) == "/TH"
        if caption_row and rows[1:] and all(len(cells) == 2 for cells in rows[1:]):
            for cells in rows[1:]:
                cells[0].S = pikepdf.Name.TH
                _set_scope(cells[0], "Row")
                changed += 1
    return changed
