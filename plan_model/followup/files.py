"""The follow-up report's files as bytes, by role: .docx, PDF/A and .xlsx (SPEC §10).

The work is spread over both cores: the charts are drawn and the .xlsx written in forked
children beside the rendering of the report and its LibreOffice conversion.
"""
from __future__ import annotations

import contextlib
import functools

from .. import GENERATOR
from ..errors import ExternalToolError
from ..forking import beside
from ..messages import FOLLOWUP
from ..model import Plan
from ..options import BuildOptions
from ..roles import FOLLOWUP_DOCX, FOLLOWUP_PDF, FOLLOWUP_XLSX
from .charts import draw_all
from .context import chart_groups
from .docx import report_date, write_followup_docx
from .pdf import report_pdf
from .xlsx import write_followup_xlsx


def report_files(plan: Plan, options: BuildOptions, comparison, old: Plan | None, office,
                 docx_name: str, progress=None) -> tuple[dict[str, bytes], Exception | None]:
    """The report's files as bytes by role, and LibreOffice's failure (None: none). The
    charts (matplotlib: a second or more) are drawn beside the rendering, which takes them
    once its template is checked; the .xlsx goes beside too — at once without LibreOffice,
    else once the report is handed to it (its start-up and the rendering need both cores
    first)."""
    sheet_job = (write_followup_xlsx, plan, report_date(plan, options), comparison)
    failure = None
    with contextlib.ExitStack() as side:
        drawn = side.enter_context(beside(draw_all, chart_groups(plan), FOLLOWUP["legend"]))
        sheets = [] if office is not None else [side.enter_context(beside(*sheet_job))]
        # -- three charts ask for the drawing; the child's result is read once --
        docx = write_followup_docx(plan, options, comparison, old, functools.cache(drawn.result))
        rendered = {FOLLOWUP_DOCX: docx}
        if office is not None:
            try:
                rendered[FOLLOWUP_DOCX], rendered[FOLLOWUP_PDF] = report_pdf(
                    docx, docx_name, plan, options, office, progress, GENERATOR,
                    while_waiting=lambda: sheets.append(side.enter_context(beside(*sheet_job))))
            except ExternalToolError as error:
                failure = error
        rendered[FOLLOWUP_XLSX] = sheets[0].result() if sheets else sheet_job[0](*sheet_job[1:])
    return rendered, failure
