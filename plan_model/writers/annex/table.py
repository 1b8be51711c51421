"""The activity table of Bilaga 1: template rows cloned with lxml, once per action and activity.

Why not a docxtpl `{%tr for %}` loop: docxtpl renders a whole part as one Jinja string and then
runs regular expressions over it, which for 10,000 activities takes far longer than cloning a
row element; and leaving out an empty column means changing the grid, which a Jinja loop over
cells cannot do cleanly. So the template's row with `{{ activity.… }}` tags is a *row
template*: it and the group row above it (`{{ action.… }}`) are taken out before docxtpl
renders the rest, and put back here, one copy per activity and per action. Cell text is
rendered by Jinja from the row's own tags and written into the copy as plain text, so input
text is never parsed as XML or as a template.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from jinja2 import Template, UndefinedError
from lxml import etree

from ..ooxml.text import xml_safe_text


_MARK = "{urn:x-handlingsplan:annex}rows"
# -- LibreOffice lays a table out in time that grows with the square of its rows: one table of
#    10,000 activities took 567 s to convert to PDF (far past the PDF time limit), split by
#    action 25 s; 2,000 rows in one table took 16 s. So a long list continues in a new table
#    (with the header rows again) at the first action boundary after this many rows --
ROWS_PER_TABLE = 1000
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_ACTIVITY_TAG = re.compile(r"\{[{%][^}]*\bactivity\b")
_ACTION_TAG = re.compile(r"\{[{%][^}]*\baction\b")
_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def row_text(row: etree._Element) -> str:
    return "".join(t.text or "" for t in row.iter(qn("w:t")))


def paragraph_text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


@dataclass
class RowTemplate:
    """A row to be cloned; `paragraphs[i]` is the Jinja template of its i-th paragraph, or None
    for a paragraph without tags (copied as it is)."""

    element: etree._Element
    numbers: list[int]
    paragraphs: list[Template | FieldTag | None] = field(default_factory=list)


@dataclass
class TakenRows:
    """The row templates taken out of the activity table, and where they stood.

    In the table they are replaced by placeholders with the same paragraphs but no text, so
    docxtpl still counts the same paragraphs (its line numbers stay our paragraph numbers) and
    renders any rows after them (a total row, say) in place.
    """

    header_count: int
    activity_element: etree._Element
    activity_numbers: list[int]
    group_element: etree._Element | None
    group_numbers: list[int]
    activity: RowTemplate | None = None
    group: RowTemplate | None = None

    @property
    def placeholder_count(self) -> int:
        return 1 if self.group_element is None else 2


def find_row_templates(body: etree._Element) -> tuple[etree._Element, etree._Element,
                                                        etree._Element | None] | None:
    """(table, activity row, group row or None) of the first table with activity tags."""
    for table in body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        for index, row in enumerate(rows):
            if _ACTIVITY_TAG.search(row_text(row)):
                above = rows[index - 1] if index else None
                group = above if above is not None and _ACTION_TAG.search(row_text(above)) \
                    and not _ACTIVITY_TAG.search(row_text(above)) else None
                return table, row, group
    return None


def take_out(body: etree._Element) -> TakenRows | None:
    """Take the row templates out of the activity table, leave placeholders, mark the table
    so it can be found again in the tree docxtpl returns. None: the template has no table
    with activity tags."""
    found = find_row_templates(body)
    if found is None:
        return None
    table, activity, group = found
    numbers = {p: i for i, p in enumerate(body.iter(qn("w:p")), start=1)}
    templates = [group, activity] if group is not None else [activity]
    taken = TakenRows(
        header_count=table.findall(qn("w:tr")).index(templates[0]),
        activity_element=activity,
        activity_numbers=[numbers[p] for p in activity.iter(qn("w:p"))],
        group_element=group,
        group_numbers=[numbers[p] for p in group.iter(qn("w:p"))] if group is not None else [])
    for row in templates:
        placeholder = copy.deepcopy(row)
        for text in placeholder.iter(qn("w:t")):
            text.text = ""
        row.addprevious(placeholder)
        table.remove(row)
    table.set(_MARK, "1")
    return taken


def find_marked_table(body: etree._Element) -> etree._Element:
    table = next(t for t in body.iter(qn("w:tbl")) if t.get(_MARK))
    del table.attrib[_MARK]
    etree.cleanup_namespaces(table)
    return table


def place_rows(table: etree._Element, taken: TakenRows, blocks: list[list[etree._Element]],
               rows_per_table: int) -> None:
    """Put the rows where the placeholders stand; `blocks` holds each action's rows (group row
    first), never split. Past `rows_per_table` rows the list continues in a copy of the table
    (its header rows, no data rows) after a separating paragraph, since Word and LibreOffice
    join tables that touch. Rows that stood after the row templates end the last table."""
    rows = table.findall(qn("w:tr"))
    start = taken.header_count
    trailing = rows[start + taken.placeholder_count:]
    for row in rows[start:]:
        table.remove(row)
    skeleton = copy.deepcopy(table)
    for mark in list(skeleton.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
        mark.getparent().remove(mark)
    current, count = table, 0
    for block in blocks:
        if count >= rows_per_table:
            current, count = _continue_table(current, skeleton), 0
        current.extend(block)
        count += len(block)
    current.extend(trailing)


def _continue_table(previous: etree._Element, skeleton: etree._Element) -> etree._Element:
    separator = etree.Element(qn("w:p"))
    properties = etree.SubElement(separator, qn("w:pPr"))
    etree.SubElement(properties, qn("w:spacing"), {qn("w:before"): "0", qn("w:after"): "0"})
    etree.SubElement(etree.SubElement(properties, qn("w:rPr")), qn("w:sz"), {qn("w:val"): "2"})
    table = copy.deepcopy(skeleton)
    previous.addnext(separator)
    separator.addnext(table)
    return table


# -- filling a paragraph copy with rendered text --

def set_paragraph_text(paragraph: etree._Element, text: str) -> None:
    """Replace the paragraph's runs by one run with `text` in the first run's formatting;
    "\\n" becomes a line break and "\\t" a tab, as Word would have them."""
    first_run = paragraph.find(qn("w:r"))
    run_properties = first_run.find(qn("w:rPr")) if first_run is not None else None
    for child in list(paragraph):
        if child.tag != qn("w:pPr"):
            paragraph.remove(child)
    if not text:
        return
    run = etree.SubElement(paragraph, qn("w:r"))
    if run_properties is not None:
        run.append(run_properties)
    for index, line in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, qn("w:br"))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                etree.SubElement(run, qn("w:tab"))
            if part:
                node = etree.SubElement(run, qn("w:t"))
                node.text = part
                if part != part.strip():
                    node.set(qn("xml:space"), "preserve")


def render_row(row: RowTemplate, context: dict) -> list[str | None]:
    """The text of every paragraph of one copy (None where the paragraph has no tags)."""
    return [xml_safe_text(t.render(context)) if t is not None else None for t in row.paragraphs]


def build_row(row: RowTemplate, texts: list[str | None]) -> etree._Element:
    copy_ = copy.deepcopy(row.element)
    for paragraph, text in zip(copy_.iter(qn("w:p")), texts):
        if text is not None:
            set_paragraph_text(paragraph, text)
    return copy_


class FieldTag:
    """A paragraph that is exactly one `{{ root.field }}` tag: looked up without Jinja, which
    for 10,000 rows saves most of the rendering time and gives the same text."""

    def __init__(self, root: str, name: str):
        self.root, self.name = root, name

    def render(self, context: dict) -> str:
        try:
            return str(context[self.root][self.name])
        except KeyError:
            # -- worded as Jinja words it, so the finding is the same as for any other tag --
            if self.root not in context:
                raise UndefinedError(f"'{self.root}' is undefined") from None
            raise UndefinedError(f"'dict object' has no attribute '{self.name}'") from None


_SINGLE_FIELD = re.compile(r"\{\{\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*\}\}")


def compile_row(element: etree._Element, numbers: list[int], env, on_error) -> RowTemplate:
    """Compile each paragraph's tags; `on_error(exc, paragraph number)` reports a failure."""
    row = RowTemplate(element, numbers)
    for paragraph, number in zip(element.iter(qn("w:p")), numbers):
        text = paragraph_text(paragraph).translate(_SMART_QUOTES)
        if not _TAG.search(text):
            row.paragraphs.append(None)
            continue
        single = _SINGLE_FIELD.fullmatch(text.strip())
        if single:
            row.paragraphs.append(FieldTag(*single.groups()))
            continue
        try:
            row.paragraphs.append(env.from_string(text))
        except Exception as exc:  # -- reported as a finding by the caller --
            on_error(exc, number)
            row.paragraphs.append(None)
    return row
