"""`archive` from the job page: the diarium package of the job's finished build (SPEC §7);
its findings (a missing decision date, case number …) in the same table as any other."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from .. import tasks
from .base import job_or_404, read_form, render


async def archive_page(request: Request):
    job = job_or_404(request)
    await read_form(request)
    if job.out_dir is None or job.status != "done":
        return RedirectResponse(request.url_for("job", job=job.id), status_code=303)
    ok = await run_in_threadpool(tasks.archive_job, job)
    if ok:
        return RedirectResponse(request.url_for("job", job=job.id), status_code=303)
    return render(request, "job.html", status=422, job=job, busy=False,
                  followup=hasattr(tasks.pipeline, "followup"))
