"""Build a checked job (in the background, the job page showing its progress), the job
page itself, and `POST /api/build`, which answers when the build is done."""
from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from .. import tasks
from .base import api_answer, job_or_404, read_form, render, take_upload

def wants_pdf(form) -> bool:
    """PDF/A unless `pdf=0`, as the CLI's build; the page's checkbox sends a hidden 0
    before it, and Starlette's form gives the last value of a field."""
    return form.get("pdf", "1") not in ("0", "", "nej", "false")


async def build_page(request: Request):
    job = job_or_404(request)
    form = await read_form(request)
    if job.status not in ("running", "queued") and job.input_path is not None:
        start(request, job, tasks.build_job, wants_pdf(form))
    return RedirectResponse(request.url_for("job", job=job.id), status_code=303)


def start(request: Request, job, task, *args) -> None:
    """Run `task(job, *args, office=…)` on the server's worker threads; the page polls."""
    from ... import messages

    job.status, job.progress = "queued", [messages.WEB["progress-queued"]]
    state = request.app.state
    state.workers.submit(_guarded, job, task, *args, office=state.office)


def _guarded(job, task, *args, office=None) -> None:
    from ... import messages

    try:
        task(job, *args, office=office)
    except Exception:  # -- a bug: the page says so, the log has the traceback, the server lives on --
        logging.getLogger("handlingsplan.web").exception("job %s", job.id)
        job.status, job.error = "failed", messages.WEB["internal"]
        job.progress.append(messages.WEB["progress-failed"])


async def job_page(request: Request):
    job = job_or_404(request)
    busy = job.status in ("queued", "running")
    return render(request, "job.html", job=job, busy=busy,
                  followup=hasattr(tasks.pipeline, "followup"))


async def api_build(request: Request):
    form = await read_form(request, csrf=False)
    job = request.app.state.jobs.create()
    job.input_path = await take_upload(request, form, job)
    pdf = wants_pdf(form)
    state = request.app.state
    ok = await run_in_threadpool(tasks.build_job, job, pdf, state.office if pdf else None)
    return api_answer(request, job, ok)
