"""The `diff` report: one list of blocks, rendered as terminal text, Markdown or Word.

Building the blocks once (headings, paragraphs, bullet lists, tables) keeps the three
renderings saying the same thing; only the markup differs.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from .. import workbook_layout as layout
from ..diff import PlanDiff
from ..messages import DIFF
from ..model import Action, Activity, Plan
from .ooxml.package import normalise_package


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


_FIELD_LABELS = {f.key: f.label for f in layout.FIELDS}
_ACTIVITY_LABELS = {c.key: c.header for c in layout.ACTIVITIES.columns}


# -- what the report says --------------------------------------------------------------------

def report_blocks(diff: PlanDiff, old: Plan, new: Plan, old_name: str, new_name: str) -> list:
    """The report as blocks, in reading order; `*_name` name the inputs (file or folder)."""
    blocks: list = [Heading(DIFF["title"], 0), Paragraph(DIFF["compared"].format(
        old=_plan_label(old, old_name), new=_plan_label(new, new_name)))]
    blocks += _summary(diff)
    if diff.empty:
        return blocks + [Paragraph(DIFF["no-changes"])]
    if diff.metadata:
        blocks += [Heading(DIFF["metadata"]), Bullets(tuple(
            DIFF["field-change"].format(label=_FIELD_LABELS[c.key], old=_value(c.old),
                                        new=_value(c.new)) for c in diff.metadata))]
    structure = ([DIFF["strategy-added"].format(name=n) for n in diff.strategy_added]
                 + [DIFF["strategy-removed"].format(name=n) for n in diff.strategy_removed]
                 + [DIFF["unit-added"].format(name=n) for n in diff.units_added]
                 + [DIFF["unit-removed"].format(name=n) for n in diff.units_removed])
    if structure:
        blocks += [Heading(DIFF["strategy-organisation"]), Bullets(tuple(structure))]
    if diff.actions_added:
        blocks += [Heading(DIFF["actions-added"]), Bullets(tuple(
            _action_with_units(a, new) for a in diff.actions_added))]
    if diff.actions_removed:
        blocks += [Heading(DIFF["actions-removed"]), Bullets(tuple(
            _action_with_units(a, old) for a in diff.actions_removed))]
    if diff.actions_changed:
        blocks.append(Heading(DIFF["actions-changed"]))
        for change in diff.actions_changed:
            blocks += [Heading(_action(change.new), 2),
                       Bullets(tuple(_action_details(change)))]
    if diff.units:
        blocks += [Heading(DIFF["units-per-action"]), Bullets(tuple(
            _action(u.action) + ": " + "; ".join(_unit_details(u)) for u in diff.units))]
    rows = _activity_rows(diff, old, new)
    if rows:
        blocks += [Heading(DIFF["activities"]), Table(DIFF["activity-header"], tuple(rows))]
    return blocks


def _plan_label(plan: Plan, name: str) -> str:
    return DIFF["plan"].format(name=plan.metadata.document_name, year=plan.metadata.year,
                               file=name)


def _summary(diff: PlanDiff) -> list:
    o, n = diff.old_counts, diff.new_counts
    rows = ((DIFF["count-actions"], o.actions, n.actions),
            (DIFF["count-activities"], o.activities, n.activities),
            (DIFF["count-units"], o.units, n.units),
            (DIFF["count-units-active"], o.units_with_activities, n.units_with_activities),
            (DIFF["count-strategy"], o.strategy_elements, n.strategy_elements))
    return [Heading(DIFF["summary"]),
            Table((DIFF["count-column"], DIFF["before"], DIFF["after"]),
                  tuple((label, str(a), str(b)) for label, a, b in rows)),
            Paragraph(DIFF["totals"].format(
                added=len(diff.actions_added), removed=len(diff.actions_removed),
                changed=len(diff.actions_changed), act_added=len(diff.activities_added),
                act_removed=len(diff.activities_removed),
                act_changed=len(diff.activities_changed)))]


def _value(value) -> str:
    if value is None or value == "":
        return DIFF["empty"]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _action(action: Action) -> str:
    return DIFF["action"].format(number=action.number, title=action.title)


def _action_with_units(action: Action, plan: Plan) -> str:
    from ..derive import units_by_action

    units = [u.name for u in units_by_action(plan).get(action.number, [])]
    return DIFF["action-units"].format(action=_action(action),
                                       units=", ".join(units) or DIFF["none"])


def _action_details(change) -> list[str]:
    details = []
    if change.renumbered:
        details.append(DIFF["renumbered"].format(new=change.new.number, old=change.old.number))
    if change.renamed:
        details.append(DIFF["renamed"].format(new=change.new.title, old=change.old.title))
    if change.redescribed:
        details.append(DIFF["redescribed"].format(new=_value(change.new.description),
                                                  old=_value(change.old.description)))
    if change.strategy_added:
        details.append(DIFF["links-added"].format(names=", ".join(change.strategy_added)))
    if change.strategy_removed:
        details.append(DIFF["links-removed"].format(names=", ".join(change.strategy_removed)))
    return details


def _unit_details(change) -> list[str]:
    parts = []
    if change.gained:
        parts.append(DIFF["units-gained"].format(names=", ".join(change.gained)))
    if change.lost:
        parts.append(DIFF["units-lost"].format(names=", ".join(change.lost)))
    return parts


def _activity_rows(diff: PlanDiff, old: Plan, new: Plan) -> list[tuple[str, ...]]:
    removed_actions = {a.number for a in diff.actions_removed}

    def where(activity: Activity, plan: Plan) -> tuple[str, str]:
        action = plan.action(activity.action)
        return (_action(action) if action else str(activity.action)), activity.unit

    rows = [(*where(a, new), a.text, DIFF["activity-added"]) for a in diff.activities_added]
    for change in diff.activities_changed:
        fields = "; ".join(f"{_ACTIVITY_LABELS[k]}: {_value(getattr(change.old, k))} → "
                           f"{_value(getattr(change.new, k))}" for k in change.fields)
        rows.append((*where(change.new, new), change.new.text,
                     f"{DIFF['activity-changed']} ({fields})"))
    rows += [(*where(a, old), a.text,
              DIFF["activity-removed-with-action" if a.action in removed_actions
                   else "activity-removed"]) for a in diff.activities_removed]
    # -- grouped by action (by number as shown, stable within one), so a reader goes through
    #    the plan once --
    numbers = [a.action for a in diff.activities_added] + \
              [c.new.action for c in diff.activities_changed] + \
              [a.action for a in diff.activities_removed]
    order = sorted(range(len(rows)), key=lambda i: numbers[i])
    return [rows[i] for i in order]


# -- renderings ------------------------------------------------------------------------------

def render_text(blocks) -> str:
    """For the terminal: underlined headings, dash lists, aligned tables."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            rule = "=" if block.level <= 1 else "-"
            lines += ["", block.text, rule * len(block.text)] if block.level <= 2 else [block.text]
        elif isinstance(block, Paragraph):
            lines += ["", block.text]
        elif isinstance(block, Bullets):
            lines += [""] + ["  – " + item.replace("\n", "\n    ") for item in block.items]
        elif isinstance(block, Table):
            lines += [""] + _text_table(block)
    return "\n".join(lines).strip("\n") + "\n"


def _text_table(table: Table) -> list[str]:
    rows = [table.header, *table.rows]
    rows = [tuple(cell.replace("\n", " ") for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.header))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    return out


def render_markdown(blocks) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines += ["#" * (block.level + 1) + " " + _md(block.text), ""]
        elif isinstance(block, Paragraph):
            lines += [_md(block.text), ""]
        elif isinstance(block, Bullets):
            lines += ["- " + _md(item).replace("\n", "  \n  ") for item in block.items] + [""]
        elif isinstance(block, Table):
            lines.append("| " + " | ".join(_cell(c) for c in block.header) + " |")
            lines.append("|" + "|".join("---" for _ in block.header) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md(text: str) -> str:
    """Input text is literal: Markdown's own characters are escaped."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _cell(text: str) -> str:
    return _md(text).replace("\n", "<br>")


def render_docx(blocks, plan: Plan, when: dt.datetime) -> bytes:
    """An attachment-ready Word file; `when` stamps it (no clock), the same blocks give the
    same bytes."""
    from docx import Document

    document = Document()
    _swedish(document)
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _docx_table(document, block)
    props = document.core_properties
    props.title = DIFF["title"] + " – " + plan.metadata.document_name
    props.author = plan.metadata.owner
    props.subject = plan.metadata.document_name
    props.keywords = DIFF["keywords"].format(municipality=plan.metadata.municipality,
                                             year=plan.metadata.year)
    props.language = "sv-SE"
    props.last_modified_by = ""
    props.revision = 1
    props.created = props.modified = when
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_package(buffer.getvalue(), when)


def _swedish(document) -> None:
    """Proofing language sv-SE on the default run properties."""
    from docx.oxml.ns import qn

    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    # -- python-docx's default settings.xml has <w:zoom> without the percent the schema needs --
    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


def _docx_table(document, block: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    # -- a long activity table spans pages: repeat its header row --
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for row in block.rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.add_paragraph()
