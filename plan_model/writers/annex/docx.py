"""Bilaga 1 as Word: the user's docxtpl template filled from the plan model.

docxtpl renders everything outside the activity table (title, metadata, header, footer); the
table's rows are cloned from the template's row templates (see annex_table.py). Every date in
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

from lxml import etree

from ... import messages
from ...derive import document_date
from ...errors import InputError
from ...findings import Finding, finding
from ...model import METADATA_FIELDS, Action, Activity, Plan, Source
from ...options import BuildOptions
from . import grid as annex_grid, table as annex_table
from .template import (TemplatePart, check_parts, environment, open_template,
                             render_error_finding, syntax_finding, template_parts,
                             variable_finding)
from .text import AnnexGroup, annex_groups, annex_title, clean_text
from ..ooxml.fields import w
from ..ooxml.package import normalise_package
from ..template_check import RENDER_ERRORS

LANGUAGE = "sv-SE"
ACTION_FIELDS = ("number", "title", "description")
ACTIVITY_FIELDS = ("unit", "operation", "text", "responsible", "schedule", "status", "assessment",
                   "follow_up")


def template_schema() -> dict[str, frozenset[str] | None]:
    """Every variable a Bilaga 1 template may use (see the module docstring)."""
    return {"year": None, "action_count": None, "activity_count": None,
            "metadata": frozenset(METADATA_FIELDS), "action": frozenset(ACTION_FIELDS),
            "activity": frozenset(ACTIVITY_FIELDS)}


def document_context(plan: Plan, groups: list[AnnexGroup]) -> dict:
    meta = plan.metadata
    metadata = {}
    for name in METADATA_FIELDS:
        value = getattr(meta, name)
        metadata[name] = value.isoformat() if hasattr(value, "isoformat") else \
            (value if isinstance(value, int) else clean_text(value))
    return {"year": meta.year, "metadata": metadata, "action_count": len(groups),
            "activity_count": sum(len(g.activities) for g in groups)}


def action_context(action: Action) -> dict:
    return {"number": action.number, "title": clean_text(action.title),
            "description": clean_text(action.description)}


def activity_context(activity: Activity) -> dict:
    return {name: clean_text(getattr(activity, name)) for name in ACTIVITY_FIELDS}


def write_annex_docx(plan: Plan, options: BuildOptions) -> bytes:
    """The annex .docx bytes; InputError with template-* findings if the template is bad."""
    template_path = Path(options.annex_template)
    name = template_path.name
    template = open_template(template_path)
    parts = template_parts(template)
    findings = check_parts(parts, template_schema(), name)
    if findings:
        raise InputError(findings)
    body = template.docx.element.body
    taken = annex_table.take_out(body)
    if taken is None:
        raise InputError([finding("template-no-activity-row", Source(name))])
    groups = annex_groups(plan)
    context = document_context(plan, groups)
    rows = _render_rows(taken, groups, context, parts[0], name)
    _render_document(template, context, parts, name)
    _fill_table(annex_table.find_marked_table(template.docx.element.body), taken, rows)
    when = document_date(plan, options.source_date_epoch)
    _set_properties(template.docx, plan, when)
    buffer = io.BytesIO()
    template.docx.save(buffer)
    return normalise_package(buffer.getvalue(), when)


def _render_rows(taken: annex_table.TakenRows, groups: list[AnnexGroup], context: dict,
                 body: TemplatePart, name: str) -> list[tuple[list, list[list]]]:
    """Each group's rendered texts: (group row texts, [activity row texts, …])."""
    errors: list[Finding] = []

    def on_error(exc: Exception, number: int) -> None:
        errors.append(syntax_finding(body, number + 1, name))

    env = environment(autoescape=False)
    taken.activity = annex_table.compile_row(taken.activity_element, taken.activity_numbers,
                                             env, on_error)
    if taken.group_element is not None:
        taken.group = annex_table.compile_row(taken.group_element, taken.group_numbers, env,
                                              on_error)
    if errors:
        raise InputError(errors)
    rendered = []
    row = taken.group or taken.activity
    try:
        for group in groups:
            action = action_context(group.action)
            row = taken.group
            group_texts = annex_table.render_row(row, {**context, "action": action}) \
                if row is not None else []
            row = taken.activity
            activity_texts = [annex_table.render_row(row, {**context, "action": action,
                                                           "activity": activity_context(a)})
                              for a in group.activities]
            rendered.append((group_texts, activity_texts))
    except RENDER_ERRORS as exc:
        raise InputError([_row_error(exc, row, body, name)]) from None
    return rendered


def _row_error(exc: Exception, row: annex_table.RowTemplate, body: TemplatePart,
               name: str) -> Finding:
    """A row failed to render: point at the row template's first tagged paragraph."""
    tagged = [n for n, t in zip(row.numbers, row.paragraphs) if t is not None]
    number = tagged[0] if tagged else (row.numbers[0] if row.numbers else 0)
    finding_ = render_error_finding(exc, body, name)
    if finding_.code == "template-unknown-variable":
        return variable_finding(body, number + 1, finding_.value, name)
    return syntax_finding(body, number + 1, name)


def _render_document(template, context: dict, parts: list[TemplatePart], name: str) -> None:
    """docxtpl renders body (without the row templates), headers and footers."""
    try:
        template.render(context, environment(autoescape=True), autoescape=True)
    except RENDER_ERRORS as exc:
        raise InputError([render_error_finding(exc, _part_of(template, parts), name)]) from None


def _part_of(template, parts: list[TemplatePart]) -> TemplatePart:
    """The checked part docxtpl was rendering when it failed (same paragraph numbering)."""
    current = getattr(template, "current_rendering_part", None)
    if current is None or current is template.docx.part:
        return parts[0]
    index = 1
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _, part in template.get_headers_footers(uri):
            if part is current or part.partname == getattr(current, "partname", None):
                return parts[index]
            index += 1
    return parts[0]


def _fill_table(table: etree._Element, taken: annex_table.TakenRows, rendered) -> None:
    """Put one group row per action and one row per activity where the templates stood,
    leaving out columns no activity fills and sharing the width out by content."""
    activity_texts = [texts for _, group in rendered for texts in group]
    rows = table.findall(w("tr"))
    header = rows[taken.header_count - 1] if taken.header_count else None
    keep, widths = annex_grid.fit_columns(table, taken.activity.element,
                                          [t is not None for t in taken.activity.paragraphs],
                                          activity_texts, header)
    annex_grid.refit_grid(table, keep, widths)
    for row in table.findall(w("tr")):
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
    before = list(row.element.iter(w("p")))
    annex_grid.refit_row(row.element, keep, widths)
    after = set(row.element.iter(w("p")))
    kept = [i for i, paragraph in enumerate(before) if paragraph in after]
    row.paragraphs = [row.paragraphs[i] for i in kept]
    row.numbers = [row.numbers[i] for i in kept]
    return kept


def _set_properties(document, plan: Plan, when) -> None:
    meta = plan.metadata
    props = document.core_properties
    props.title = annex_title(plan)
    props.subject = clean_text(meta.document_name)
    props.author = clean_text(meta.owner)
    props.keywords = messages.ANNEX["keywords"].format(municipality=clean_text(meta.municipality),
                                                       year=meta.year)
    props.language = LANGUAGE
    props.identifier = clean_text(meta.annex_case_number)
    props.comments = ""
    props.category = clean_text(meta.document_type)
    props.last_modified_by = clean_text(meta.owner)
    props.created = props.modified = when
    props.revision = max((r.number for r in plan.revisions), default=1) or 1
    if props.last_printed is not None:
        props.last_printed = when

