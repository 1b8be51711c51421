"""The follow-up report's files as bytes: .docx, PDF/A, .xlsx and the web page (SPEC §10, §12).

The .xlsx is written in a forked child beside the rendering of the report or its
LibreOffice conversion; the charts (Pillow, a tenth of a second) are drawn once for the
report and the web page.
"""
from __future__ import annotations

import contextlib

from .. import GENERATOR
from ..errors import ExternalToolError
from ..forking import beside
from ..messages import FOLLOWUP
from ..model import Plan
from ..options import BuildOptions
from ..roles import FOLLOWUP_DOCX, FOLLOWUP_PDF, FOLLOWUP_XLSX
from .charts import draw_all
from .context import build_context
from .docx import report_date, write_followup_docx
from .html import followup_html
from .pdf import report_pdf
from .xlsx import write_followup_xlsx


def report_files(plan: Plan, options: BuildOptions, comparison, old: Plan | None, office,
                 names: dict[str, str], progress=None
                 ) -> tuple[list[tuple[str, str, bytes]], Exception | None]:
    """The report's files as (role, path relative to the output folder, bytes), and
    LibreOffice's failure (None: none). Counted once: the report and the page share one
    context and one drawing of the charts. The .xlsx goes beside: at once without
    LibreOffice, else once the report is handed to it (its start-up and the rendering need
    both cores first); the web page is made while LibreOffice converts."""
    sheet_job = (write_followup_xlsx, plan, report_date(plan, options), comparison)
    data = build_context(plan, comparison, old)
    drawn = draw_all(data["_groups"], FOLLOWUP["legend"])
    failure = None
    page: list[tuple[str, str, bytes]] = []

    def while_waiting():
        sheets.append(side.enter_context(beside(*sheet_job)))
        page.extend(followup_html(plan, options, data, drawn))

    with contextlib.ExitStack() as side:
        sheets = [] if office is not None else [side.enter_context(beside(*sheet_job))]
        docx = write_followup_docx(plan, options, data, drawn)
        rendered = {FOLLOWUP_DOCX: docx}
        if office is not None:
            try:
                rendered[FOLLOWUP_DOCX], rendered[FOLLOWUP_PDF] = report_pdf(
                    docx, names[FOLLOWUP_DOCX], plan, options, office, progress, GENERATOR,
                    while_waiting=while_waiting)
            except ExternalToolError as error:
                failure = error
        if not page:
            page = followup_html(plan, options, data, drawn)
        rendered[FOLLOWUP_XLSX] = sheets[0].result() if sheets else sheet_job[0](*sheet_job[1:])
    return [(role, names[role], data) for role, data in rendered.items()] + page, failure
