"""`init` on the page: a new input workbook for a year, blank or carried over from an
uploaded earlier input (SPEC §2)."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ... import messages, pipeline
from ...errors import InputError
from ...options import BuildOptions
from ...outputs import Output, sha256_file
from ..uploads import UploadRejected
from .base import read_form, render, take_upload

NEW_FOLDER = "ny"


async def init_form(request: Request):
    return render(request, "init.html", job=None, error="", year="", findings=[])


async def init_page(request: Request):
    form = await read_form(request)
    year_text = str(form.get("year", "")).strip()
    if not (year_text.isdigit() and 1900 <= int(year_text) <= 2999):
        return render(request, "init.html", status=422, job=None, year=year_text[:10],
                      error=messages.WEB["bad-year"], findings=[])
    job = request.app.state.jobs.create()
    try:
        source = await take_upload(request, form, job, field="source", into="kalla",
                                   required=False)
    except UploadRejected as error:
        return render(request, "init.html", status=422, job=None, year=year_text,
                      error=str(error), findings=[])
    carry = form.get("carry", "") == "1" and source is not None
    options = BuildOptions(**job.settings)
    try:
        result = await run_in_threadpool(pipeline.init_workbook, int(year_text),
                                         job.folder / NEW_FOLDER, source, carry, options)
    except InputError as error:
        return render(request, "init.html", status=422, job=None, year=year_text, error="",
                      findings=error.findings)
    made = [result.workbook, *result.icons]
    job.add_outputs([Output("init-xlsx" if p == result.workbook else "icon", p,
                            sha256_file(p), p.stat().st_size) for p in made], job.folder)
    job.findings, job.status = result.findings, "done"
    return render(request, "init.html", job=job, year=year_text, error="",
                  findings=result.findings, result=result)
