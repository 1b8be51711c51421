"""`followup` from the job page: the follow-up report of the uploaded input, optionally
against an earlier revision uploaded beside it (SPEC §10)."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse

from .. import tasks
from .base import job_or_404, read_form, take_upload
from .build import start, wants_pdf


async def followup_page(request: Request):
    if not hasattr(tasks.pipeline, "followup"):
        raise HTTPException(404)
    job = job_or_404(request)
    form = await read_form(request)
    previous = await take_upload(request, form, job, field="previous", into="tidigare",
                                 required=False)
    if job.status not in ("running", "queued") and job.input_path is not None:
        start(request, job, tasks.followup_job, previous, wants_pdf(form))
    return RedirectResponse(request.url_for("job", job=job.id), status_code=303)
