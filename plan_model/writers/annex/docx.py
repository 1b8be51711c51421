"""Bilaga 1 as Word: the user's docxtpl template filled from the plan model.

docxtpl renders everything outside the activity table (title, metadata, header, footer); the
table's rows are cloned from the template's row templates (see table.py). Every date in
the package is the plan's document date and the zip is normalised, so the same plan gives the
same bytes.

Template variables (the template's tags may use these and nothing else):

* `year` – Planår; `action_count`, `activity_count` – numbers in the annex;
* `metadata.<field>` – municipality, document_name, document_type, scope, owner, responsible,
  year, publication, legal_basis, decided, review_by (YYYY-MM-DD or ""), deciding_body,
  case_number, annex_case_number ("" when left empty);
* in the table's group row: `action.number`, `action.title`, `action.description`;
* in the table's activity row also `activity.unit`, `activity.operation`, `activity.text`,
  `activity.responsible`, `activity.schedule`, `activity.status`, `activity.assessment`,
  `activity.follow_up`. Kommentar is internal (SPEC §3) and never offered to a template.
"""
from __future__ import annotations

import io
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from ... import messages
from ...derive import document_date
from ...errors import InputError
from ...findings import Finding, finding
from ...model import METADATA_FIELDS, Action, Activity, Plan, Source
from ...options import BuildOptions
from . import grid as annex_grid, table as annex_table
from .text import AnnexGroup, annex_groups, annex_title
from .. import template_check
from ..ooxml import page_count
from ..ooxml.package import normalise_package
from ..ooxml.text import xml_safe_text
from ..template_check import RENDER_ERRORS, TemplateParagraph

LANGUAGE = "sv-SE"
ACTIVITY_FIELDS = ("unit", "operation", "text", "responsible", "schedule", "status", "assessment",
                   "follow_up")


def document_context(plan: Plan, groups: list[AnnexGroup]) -> dict:
    meta = plan.metadata
    metadata = {}
    for name in METADATA_FIELDS:
        value = getattr(meta, name)
        metadata[name] = value.isoformat() if hasattr(value, "isoformat") else \
            (value if isinstance(value, int) else xml_safe_text(value))
    return {"year": meta.year, "metadata": metadata, "action_count": len(groups),
            "activity_count": sum(len(g.activities) for g in groups)}


def action_context(action: Action) -> dict:
    return {"number": action.number, "title": xml_safe_text(action.title),
            "description": xml_safe_text(action.description)}


def activity_context(activity: Activity) -> dict:
    return {name: xml_safe_text(getattr(activity, name)) for name in ACTIVITY_FIELDS}


def _environment(autoescape: bool = True):
    """The one Jinja set-up (template_check), printing values cleaned of characters XML
    cannot hold; without `autoescape` for the row tags, whose text lxml writes as text."""
    return template_check.environment(xml_safe_text, keep_trailing_newline=True,
                                      autoescape=autoescape)


def write_annex_docx(plan: Plan, options: BuildOptions) -> bytes:
    """The annex .docx bytes; InputError with template-* findings if the template is bad."""
    template_path = Path(options.annex_template)
    name = template_path.name
    template = template_check.open_template(template_path)
    # -- the row templates' paragraphs as written, before they are taken out of the table --
    paragraphs = [p for p in template_check.paragraphs_of(template.docx) if p.part == "body"]
    taken = annex_table.take_out(template.docx.element.body)
    groups = annex_groups(plan)
    context = document_context(plan, groups)
    # -- the rest of the template is checked like the plan's, with the document's data; the
    #    row templates (now empty placeholders there) are checked as they are rendered --
    findings = template_check.check_template(template.docx, name, _environment(), context)
    if findings:
        raise InputError(findings)
    if taken is None:
        raise InputError([finding("template-no-activity-row", Source(name))])
    rows = _render_rows(taken, groups, context, paragraphs, name)
    _render_document(template, context, name)
    _fill_table(annex_table.find_marked_table(template.docx.element.body), taken, rows)
    when = document_date(plan, options.source_date_epoch)
    _set_properties(template.docx, plan, when)
    page_count.mark_unknown(template.docx)
    buffer = io.BytesIO()
    template.docx.save(buffer)
    return normalise_package(buffer.getvalue(), when)


def _render_rows(taken: annex_table.TakenRows, groups: list[AnnexGroup], context: dict,
                 paragraphs: list[TemplateParagraph], name: str) -> list[tuple[list, list[list]]]:
    """Each group's rendered texts: (group row texts, [activity row texts, …])."""
    errors: list[Finding] = []

    def on_error(exc: Exception, number: int) -> None:
        errors.append(template_check.paragraph_finding(
            "template-syntax", paragraphs[number - 1], name,
            message=getattr(exc, "message", None) or str(exc)))

    env = _environment(autoescape=False)
    taken.activity = annex_table.compile_row(taken.activity_element, taken.activity_numbers,
                                             env, on_error)
    if taken.group_element is not None:
        taken.group = annex_table.compile_row(taken.group_element, taken.group_numbers, env,
                                              on_error)
    if errors:
        raise InputError(errors)
    if not groups:
        _try_rows_blank(taken, context, paragraphs, name)
        return []
    rendered = []
    row, row_context = taken.activity, context
    try:
        for group in groups:
            action = action_context(group.action)
            row, row_context = taken.group, {**context, "action": action}
            group_texts = annex_table.render_row(row, row_context) if row is not None else []
            activity_texts = []
            for activity in group.activities:
                row, row_context = taken.activity, {**context, "action": action,
                                                    "activity": activity_context(activity)}
                activity_texts.append(annex_table.render_row(row, row_context))
            rendered.append((group_texts, activity_texts))
    except RENDER_ERRORS as exc:
        raise InputError([_row_error(exc, row, row_context, paragraphs, name)]) from None
    return rendered


def _try_rows_blank(taken: annex_table.TakenRows, context: dict,
                    paragraphs: list[TemplateParagraph], name: str) -> None:
    """No activities, so no row is rendered: the row tags are still tried, on a blank action
    and activity, so that a name the model lacks is reported as with rows."""
    blank = {**context, "action": {"number": 0, "title": "", "description": ""},
             "activity": dict.fromkeys(ACTIVITY_FIELDS, "")}
    for row in (taken.group, taken.activity):
        if row is None:
            continue
        try:
            annex_table.render_row(row, blank)
        except RENDER_ERRORS as exc:
            raise InputError([_row_error(exc, row, blank, paragraphs, name)]) from None


def _row_error(exc: Exception, row: annex_table.RowTemplate, row_context: dict,
               paragraphs: list[TemplateParagraph], name: str) -> Finding:
    """A row failed to render: find the paragraph whose tags fail with this row's data."""
    for number, paragraph in zip(row.numbers, row.paragraphs):
        if paragraph is None:
            continue
        try:
            paragraph.render(row_context)
        except RENDER_ERRORS as failed:
            code, _, missing = template_check.render_problem(failed)
            return template_check.paragraph_finding(code, paragraphs[number - 1], name,
                                                    missing, message=str(failed))
    return template_check.unplaced_finding(exc, name)


def _render_document(template, context: dict, name: str) -> None:
    """docxtpl renders body (without the row templates), headers and footers."""
    try:
        template.render(context, _environment(), autoescape=True)
    except RENDER_ERRORS as exc:
        # -- the text copy passed, so this is a tag docxtpl's patching broke; no paragraph --
        raise InputError([template_check.unplaced_finding(exc, name)]) from None


def _fill_table(table: etree._Element, taken: annex_table.TakenRows, rendered) -> None:
    """Put one group row per action and one row per activity where the templates stood,
    leaving out columns no activity fills and sharing the width out by content."""
    activity_texts = [texts for _, group in rendered for texts in group]
    rows = table.findall(qn("w:tr"))
    header = rows[taken.header_count - 1] if taken.header_count else None
    keep, widths = annex_grid.fit_columns(table, taken.activity.element,
                                          [t is not None for t in taken.activity.paragraphs],
                                          activity_texts, header)
    annex_grid.refit_grid(table, keep, widths)
    for row in table.findall(qn("w:tr")):
        annex_grid.refit_row(row, keep, widths)
    kept_activity = _refit_template(taken.activity, keep, widths)
    kept_group = _refit_template(taken.group, keep, widths) if taken.group is not None else []
    blocks = []
    for group_texts, activity_rows in rendered:
        block = []
        if taken.group is not None:
            block.append(annex_table.build_row(taken.group, [group_texts[i] for i in kept_group]))
        block.extend(annex_table.build_row(taken.activity, [texts[i] for i in kept_activity])
                     for texts in activity_rows)
        blocks.append(block)
    annex_table.place_rows(table, taken, blocks, annex_table.ROWS_PER_TABLE)


def _refit_template(row: annex_table.RowTemplate, keep: list[bool],
                    widths: list[int]) -> list[int]:
    """Refit a row template to the kept columns; returns the indices of the paragraphs that
    are left, so each rendered row can drop the texts of the cells that went."""
    before = list(row.element.iter(qn("w:p")))
    annex_grid.refit_row(row.element, keep, widths)
    after = set(row.element.iter(qn("w:p")))
    kept = [i for i, paragraph in enumerate(before) if paragraph in after]
    row.paragraphs = [row.paragraphs[i] for i in kept]
    row.numbers = [row.numbers[i] for i in kept]
    return kept


def _set_properties(document, plan: Plan, when) -> None:
    meta = plan.metadata
    props = document.core_properties
    props.title = annex_title(plan)
    props.subject = xml_safe_text(meta.document_name)
    props.author = xml_safe_text(meta.owner)
    props.keywords = messages.ANNEX["keywords"].format(municipality=xml_safe_text(meta.municipality),
                                                       year=meta.year)
    props.language = LANGUAGE
    props.identifier = xml_safe_text(meta.annex_case_number)
    props.comments = ""
    props.category = xml_safe_text(meta.document_type)
    props.last_modified_by = xml_safe_text(meta.owner)
    props.created = props.modified = when
    props.revision = max((r.number for r in plan.revisions), default=1) or 1
    if props.last_printed is not None:
        props.last_printed = when

