"""The follow-up report: the user's Word template `templates/uppfoljning.docx` filled with the
counts (SPEC §10), by the plan document's own mechanism — the same sandboxed Jinja set-up,
the same template check (template-* findings naming the paragraph), the same TOC field, the
same reproducible package.
"""
from __future__ import annotations

import io
from pathlib import Path

from docx.shared import Cm
from docxtpl import DocxTemplate

from .. import derive, messages
from ..errors import InputError
from ..model import Plan
from ..options import BuildOptions
from ..writers import template_check
from ..writers.ooxml import toc as docx_toc
from ..writers.ooxml.package import normalise_package
from ..writers.plan.docx import (DescribedPicture, drop_empty_tables, number_toc,
                                 picture_maker, set_core_properties, unique_drawing_ids)
from .context import FILTERS, for_check, with_pictures, with_row_placeholders
from .rows import fill_rows

CHART_WIDTH = Cm(16)


def _chart_maker(tpl: DocxTemplate, drawn: dict[str, bytes]):
    """`drawn`: the PNGs by key (`charts.draw_all`, drawn once for the report and its page)."""
    def chart(key: str, groups, alt: str):
        return DescribedPicture(tpl, io.BytesIO(drawn[key]), CHART_WIDTH, alt)
    return chart


def render_report(plan: Plan, options: BuildOptions, data: dict,
                  drawn: dict[str, bytes]) -> DocxTemplate:
    """The template checked and rendered with `data` (context.build_context), every activity
    row in place; InputError if it is missing, unreadable or broken."""
    template = Path(options.followup_template)
    tpl = template_check.open_template(template)
    env = template_check.environment(filters=FILTERS)
    problems = template_check.check_template(tpl.get_docx(), template.name, env, for_check(data))
    if problems:
        raise InputError(problems)
    context, lists = with_row_placeholders(
        with_pictures(data, plan, _chart_maker(tpl, drawn), picture_maker(tpl)))
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except template_check.RENDER_ERRORS as exc:
        # -- the text copy passed, so this is a tag docxtpl's patching broke; no paragraph --
        raise InputError([template_check.unplaced_finding(exc, template.name)]) from exc
    fill_rows(tpl.docx.element.body, lists)
    return tpl


def _core_properties(document, plan: Plan, when) -> None:
    meta = plan.metadata
    set_core_properties(
        document, plan, when,
        title=messages.FOLLOWUP["title"].format(name=meta.document_name) + f", {meta.followup_period}",
        author=meta.responsible, subject=f"{meta.followup_period}, {meta.municipality} {meta.year}",
        keywords=messages.FOLLOWUP["keywords"].format(
            period=meta.followup_period, municipality=meta.municipality, year=meta.year),
        revision=1)


def report_date(plan: Plan, options: BuildOptions):
    """The report's own date is its Uppföljningsdatum (no clock)."""
    import datetime as dt

    day = plan.metadata.followup_date
    if day is not None:
        return dt.datetime(day.year, day.month, day.day)
    return derive.document_date(plan, options.source_date_epoch)


def write_followup_docx(plan: Plan, options: BuildOptions, data: dict,
                        drawn: dict[str, bytes]) -> bytes:
    """The report as .docx bytes, its TOC unnumbered and flagged for update (the PDF step
    numbers it, `with_toc_pages`): `data` from context.build_context, `drawn` the charts'
    PNGs by key."""
    tpl = render_report(plan, options, data, drawn)
    document = tpl.docx
    body = document.element.body
    drop_empty_tables(body)
    unique_drawing_ids(body)
    docx_toc.insert_toc(body, document.styles.element, None)
    docx_toc.request_field_update(document.settings.element)
    when = report_date(plan, options)
    _core_properties(document, plan, when)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_package(buffer.getvalue(), when)


def with_toc_pages(data: bytes, pages: list[int], plan: Plan, options: BuildOptions) -> bytes:
    return number_toc(data, pages, Path(options.followup_template), report_date(plan, options))
