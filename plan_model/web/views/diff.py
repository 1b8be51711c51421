"""`diff` on the page: two uploads, the changes between them as text and as a .docx."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ... import pipeline
from ...options import BuildOptions, source_date_epoch
from ...outputs import Output, sha256_file
from ..uploads import UploadRejected
from .base import read_form, render, take_upload

REPORT_NAME = "jamforelse.docx"


async def diff_form(request: Request):
    return render(request, "diff.html", result=None, job=None, error="")


async def diff_page(request: Request):
    form = await read_form(request)
    job = request.app.state.jobs.create()
    try:
        old = await take_upload(request, form, job, field="old", into="tidigare")
        new = await take_upload(request, form, job, field="new", into="nyare")
    except UploadRejected as error:
        return render(request, "diff.html", status=422, result=None, job=None, error=str(error))
    report = job.folder / REPORT_NAME
    options = BuildOptions(source_date_epoch=source_date_epoch())
    result = await run_in_threadpool(pipeline.diff_inputs, old, new, report, options)
    if result.report is not None:
        job.add_outputs([Output("diff-docx", report, sha256_file(report),
                                report.stat().st_size)], job.folder)
    job.status = "done" if result.ok else "invalid"
    return render(request, "diff.html", status=200 if result.ok else 422, result=result,
                  job=job, error="")
