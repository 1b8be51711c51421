"""Checks across a read plan (SPEC §3): duplicates and actions left without activities.

Checks that need the raw cells (unknown names, blanks, dates) happen while reading; these
need the whole model.
"""
from __future__ import annotations

from .findings import Finding, finding
from .model import Plan, Source
from .workbook_layout import ARCHIVE_FIELDS, FIELDS, DOCUMENT


def validate_plan(plan: Plan) -> list[Finding]:
    found: list[Finding] = []
    found += _duplicates(plan.actions, lambda a: a.number, lambda a: a.sources.get("number", a.source),
                         "duplicate-action-number")
    found += _duplicates(plan.actions, lambda a: a.title.casefold(), lambda a: a.source,
                         "duplicate-action-title", shown=lambda a: a.title)
    found += _duplicates(plan.units, lambda u: u.name.casefold(), lambda u: u.source,
                         "duplicate-unit", shown=lambda u: u.name)
    found += _duplicates(plan.strategy, lambda e: e.name.casefold(), lambda e: e.source,
                         "duplicate-strategy-element", shown=lambda e: e.name)
    found += _duplicates(plan.activities, lambda a: (a.action, a.unit, a.text.casefold()),
                         lambda a: a.source, "duplicate-activity", shown=lambda a: a.text)
    with_activities = {a.action for a in plan.activities}
    for action in plan.actions:
        if action.number not in with_activities:
            found.append(finding("action-without-activities", action.source, action.number))
    return found


def _duplicates(items, key, source, code, shown=None) -> list[Finding]:
    first: dict[object, Source] = {}
    found = []
    for item in items:
        k = key(item)
        if k in first:
            found.append(finding(code, source(item), shown(item) if shown else k,
                                 detail=str(first[k])))
        else:
            first[k] = source(item)
    return found


def archive_findings(plan: Plan) -> list[Finding]:
    """`archive` needs Beslutad, Beslutsinstans and Diarienummer (SPEC §3)."""
    return missing_fields(plan, ARCHIVE_FIELDS, "missing-archive-field")


def missing_fields(plan: Plan, keys, code: str) -> list[Finding]:
    """A `code` finding for each Dokument field of `keys` left empty, at its cell (or the
    sheet, when the row is missing): what a command beyond `check` requires."""
    found = []
    main = plan.input_files[0].name if plan.input_files else ""
    for field in FIELDS:
        if field.key in keys and not getattr(plan.metadata, field.key):
            where = plan.metadata.sources.get(field.key, Source(main, DOCUMENT.name))
            found.append(finding(code, where, field.label))
    return found
