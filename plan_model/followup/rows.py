"""The report's long activity tables: one row rendered by docxtpl, copied with lxml per activity.

Why: docxtpl renders a part as one Jinja string, re-parses it and moves it into the document;
for 10,000 activities that costs seconds (Bilaga 1 avoids it the same way, see
writers/annex/table.py). So the template's `{%tr for activity in … %}` loops over the per-action
tables and the Avvikelser table are rendered over one *placeholder* activity whose fields are
markers (`\\ue000key:field\\ue001`, private-use characters no workbook text holds); the writer
then finds each marker row and puts one copy of it per real activity in its place, each marker
replaced by the value as plain text (never markup). The template keeps deciding which columns
there are, in which order, with which words around a value.
"""
from __future__ import annotations

import copy
import re

from docx.oxml.ns import qn

START, END = "\ue000", "\ue001"
_MARKER = re.compile(f"{START}([^:{END}]+):([a-z_]+){END}")
# -- the fields an activity row may show (context.activity_variables' keys) --
FIELDS = ("action", "unit", "text", "status", "assessment", "follow_up")


def placeholder(key: str) -> dict:
    return {field: f"{START}{key}:{field}{END}" for field in FIELDS}


def fill_rows(body, lists: dict[str, list[dict]]) -> None:
    """Replace every marker row in `body` by one copy per entry of `lists[key]`."""
    for row in list(body.iter(qn("w:tr"))):
        text = "".join(t.text or "" for t in row.iter(qn("w:t")))
        found = _MARKER.search(text)
        if found is None:
            continue
        entries = lists.get(found.group(1), [])
        anchor = row
        for entry in entries:
            clone = copy.deepcopy(row)
            for node in list(clone.iter(qn("w:t"))):
                _fill_text(node, entry)
            anchor.addnext(clone)
            anchor = clone
        row.getparent().remove(row)


def _fill_text(node, entry: dict) -> None:
    """The markers in one w:t replaced by their values; a line break in a value becomes a
    w:br in the run, as docxtpl makes one."""
    if not node.text or START not in node.text:
        return
    text = _MARKER.sub(lambda m: str(entry.get(m.group(2), "")), node.text)
    lines = text.split("\n")
    node.text = lines[0]
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    anchor = node
    for line in lines[1:]:
        brk = node.makeelement(qn("w:br"), {})
        anchor.addnext(brk)
        piece = node.makeelement(qn("w:t"), {"{http://www.w3.org/XML/1998/namespace}space":
                                             "preserve"})
        piece.text = line
        brk.addnext(piece)
        anchor = piece
