"""The first page: upload a workbook or a zipped input folder and see its findings; and
`POST /api/check`, the same for a program."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from .. import tasks
from ..uploads import UploadRejected
from .base import api_answer, read_form, render, take_upload


async def index(request: Request):
    return render(request, "index.html", error="")


async def check_page(request: Request):
    form = await read_form(request)
    job = request.app.state.jobs.create()
    try:
        job.input_path = await take_upload(request, form, job)
    except UploadRejected as error:
        return render(request, "index.html", status=422, error=str(error))
    await run_in_threadpool(tasks.check_job, job)
    return RedirectResponse(request.url_for("job", job=job.id), status_code=303)


async def api_check(request: Request):
    form = await read_form(request, csrf=False)
    job = request.app.state.jobs.create()
    job.input_path = await take_upload(request, form, job)
    ok = await run_in_threadpool(tasks.check_job, job)
    return api_answer(request, job, ok)
