"""`diff` on the page: two uploads, the changes between them as text and as a .docx."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ... import messages, pipeline
from ...errors import InputError
from ...options import BuildOptions
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
    options = BuildOptions(**job.settings)
    try:
        result = await run_in_threadpool(pipeline.diff_inputs, old, new, report, options)
    except InputError as error:
        # -- the pipeline names each input by its path; the page by what the form asked for --
        failed = [(label, findings) for label, (_, findings)
                  in zip(messages.WEB["diff-labels"], error.parts)]
        job.status = "invalid"
        return render(request, "diff.html", status=422, result=None, failed=failed, job=job,
                      error="")
    if result.report is not None:
        job.add_outputs([Output("diff-docx", report, sha256_file(report),
                                report.stat().st_size)], job.folder)
    job.status = "done"
    return render(request, "diff.html", result=result, job=job, error="")
