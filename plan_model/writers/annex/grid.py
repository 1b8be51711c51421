"""The activity table's grid: which columns stay, and how wide each one is.

A column that no activity fills (no Ansvarig anywhere, say) is left out, and the widths are
shared out again from the content, so the table keeps the template's total width while the
Aktivitet text gets the room it needs. Widths are in twentieths of a point (dxa), as in the
template's w:tblGrid.
"""
from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

# -- a column's share follows its typical text length, capped so one very long text does not
#    squeeze the others, and never below its header or a short word --
_LONG_TEXT = 70
_LONG_WORD = 18
_SHORT_TEXT = 16
_PERCENTILE = 0.9
# -- the cell's left and right margins, in characters: a narrow column needs them as well --
_PADDING = 2


def cells(row: etree._Element) -> list[tuple[etree._Element, int, int]]:
    """(cell, first grid column, span) of every cell in a row."""
    found, position = [], 0
    for cell in row.findall(qn("w:tc")):
        span_element = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        span = int(span_element.get(qn("w:val"))) if span_element is not None else 1
        found.append((cell, position, span))
        position += span
    return found


def paragraph_cells(row: etree._Element) -> list[int]:
    """For each paragraph of the row (document order), the index of the cell holding it."""
    owners = []
    for index, cell in enumerate(row.findall(qn("w:tc"))):
        owners.extend(index for _ in cell.iter(qn("w:p")))
    return owners


def grid_widths(table: etree._Element) -> list[int]:
    return [int(float(col.get(qn("w:w"), "0"))) for col in table.find(qn("w:tblGrid"))]


def empty_columns(row: etree._Element, has_tags: list[bool],
                  texts: list[list[str | None]]) -> set[int]:
    """Grid columns whose cell has tags and renders empty in every copy of the row."""
    owners = paragraph_cells(row)
    empty: set[int] = set()
    for index, (_, start, span) in enumerate(cells(row)):
        mine = [i for i, owner in enumerate(owners) if owner == index and has_tags[i]]
        if mine and all(not (copy_[i] or "").strip() for copy_ in texts for i in mine):
            empty.update(range(start, start + span))
    return empty


def column_samples(row: etree._Element, texts: list[list[str | None]],
                   header: etree._Element | None) -> dict[int, tuple[str, list[str]]]:
    """grid column → (header text, texts of the column) for single-column cells."""
    owners = paragraph_cells(row)
    paragraphs = list(row.iter(qn("w:p")))
    header_texts = {}
    if header is not None:
        for cell, start, span in cells(header):
            if span == 1:
                header_texts[start] = "".join(t.text or "" for t in cell.iter(qn("w:t")))
    samples = {}
    for index, (cell, start, span) in enumerate(cells(row)):
        if span != 1:
            continue
        mine = [i for i, owner in enumerate(owners) if owner == index]
        static = " ".join("".join(t.text or "" for t in paragraphs[i].iter(qn("w:t"))) for i in mine)
        column = [" ".join(copy_[i] if copy_[i] is not None else static for i in mine)
                  for copy_ in texts]
        samples[start] = (header_texts.get(start, ""), column)
    return samples


def weight(header: str, texts: list[str]) -> float:
    """How much room a column wants, in characters: its typical text length; a column whose
    texts are all short (Tidplan, say) gets room for the longest, so "Hela 2023" never wraps."""
    lengths = sorted(max((len(line) for line in t.split("\n")), default=0) for t in texts)
    typical = lengths[int(_PERCENTILE * (len(lengths) - 1))] if lengths else 0
    if lengths and lengths[-1] <= _SHORT_TEXT:
        typical = lengths[-1]
    longest_word = max((len(word) for t in texts for word in t.split()), default=0)
    wanted = max(len(header) + 1, min(typical, _LONG_TEXT), min(longest_word, _LONG_WORD), 4)
    return wanted + _PADDING


def share_widths(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, the rounding left on the widest column."""
    widths = [int(total * wt / sum(weights)) for wt in weights]
    widths[widths.index(max(widths))] += total - sum(widths)
    return widths


def fit_columns(table: etree._Element, row: etree._Element, has_tags: list[bool],
                texts: list[list[str | None]], header: etree._Element | None
                ) -> tuple[list[bool], list[int]]:
    """(keep, widths) per grid column: the columns some activity fills, and their new widths
    sharing the table's total width by content (0 for a column left out)."""
    old_widths = grid_widths(table)
    empty = empty_columns(row, has_tags, texts)
    keep = [column not in empty for column in range(len(old_widths))]
    if not any(keep):
        keep = [True] * len(old_widths)
    samples = column_samples(row, texts, header)
    kept = [c for c in range(len(old_widths)) if keep[c]]
    # -- a column without a single-column cell in the row (a spanned one) keeps its share --
    weights = [weight(*samples[c]) if c in samples else old_widths[c] / 100 for c in kept]
    widths = [0] * len(old_widths)
    for column, width in zip(kept, share_widths(sum(old_widths), weights)):
        widths[column] = width
    return keep, widths


def refit_row(row: etree._Element, keep: list[bool], widths: list[int]) -> None:
    """Drop the cells of left-out columns, shrink spans, and set each cell's width.

    `widths` holds the new width of every grid column (0 for a dropped one)."""
    for cell, start, span in cells(row):
        columns = [c for c in range(start, start + span) if c < len(keep) and keep[c]]
        if not columns:
            row.remove(cell)
            continue
        properties = cell.find(qn("w:tcPr"))
        if properties is None:
            properties = etree.Element(qn("w:tcPr"))
            cell.insert(0, properties)
        span_element = properties.find(qn("w:gridSpan"))
        if span_element is not None:
            if len(columns) > 1:
                span_element.set(qn("w:val"), str(len(columns)))
            else:
                properties.remove(span_element)
        width = properties.find(qn("w:tcW"))
        if width is None:
            width = etree.Element(qn("w:tcW"))
            properties.insert(0 if properties.find(qn("w:cnfStyle")) is None else 1, width)
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(sum(widths[c] for c in columns)))


def refit_grid(table: etree._Element, keep: list[bool], widths: list[int]) -> None:
    grid = table.find(qn("w:tblGrid"))
    for column, kept, width in zip(list(grid), keep, widths):
        if kept:
            column.set(qn("w:w"), str(width))
        else:
            grid.remove(column)
    table_width = table.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
    if table_width is not None and table_width.get(qn("w:type")) == "dxa":
        table_width.set(qn("w:w"), str(sum(widths)))
