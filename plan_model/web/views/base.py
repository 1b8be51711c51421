"""What every view shares: the templates (the user's folder first, then the defaults in
templates/web/), reading an upload into a job, the findings as JSON (the objects of
`--format json`), and the one mapping of exceptions to responses."""
from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ... import messages
from ...findings import sort_findings
from ...options import TEMPLATE_DIR
from ..jobs import Job
from ..security import CSRF_FIELD, Refused, require_csrf
from ..uploads import UPLOAD_LIMIT, UploadRejected, store_upload

DEFAULT_TEMPLATES = TEMPLATE_DIR / "web"
# -- at most this many files and fields in one form: more is no form of ours --
FORM_LIMITS = {"max_files": 3, "max_fields": 20, "max_part_size": UPLOAD_LIMIT}


def environment(user_dir: Path | None = None) -> jinja2.Environment:
    """`{% extends "default:base.html" %}` lets a user's template change one block."""
    default = jinja2.FileSystemLoader(str(DEFAULT_TEMPLATES))
    loaders = [jinja2.FileSystemLoader(str(user_dir))] if user_dir else []
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([*loaders, default,
                                    jinja2.PrefixLoader({"default": default}, delimiter=":")]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(level_word=messages.LEVEL_WORD, app_name=messages.WEB["app-name"],
                       csrf_field=CSRF_FIELD)
    return env


_fallback_env: jinja2.Environment | None = None


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    env = request.app.state.templates
    page = env.get_template(name).render(request=request, csrf=request.state.csrf, **context)
    return HTMLResponse(page, status_code=status)


def render_refusal(status: int, message: str, env: jinja2.Environment | None = None) -> str:
    """The refusal page, also for the middleware, which has no request.app yet."""
    global _fallback_env
    if env is None:
        _fallback_env = _fallback_env or environment()
        env = _fallback_env
    return env.get_template("refusal.html").render(status=status, message=message, csrf="",
                                                   request=None)


def findings_json(findings) -> list[dict]:
    """The same objects, in the same order, as `generate.py check --format json`."""
    return [asdict(f) for f in sort_findings(findings)]


def outputs_json(request: Request, job: Job) -> list[dict]:
    return [{"role": o.role, "name": name, "url": str(request.url_for("file", job=job.id,
                                                                      name=name)),
             "sha256": o.sha256} for name, o in job.outputs.items()]


def api_answer(request: Request, job: Job, ok: bool) -> JSONResponse:
    body = {"ok": ok, "findings": findings_json(job.findings), "job": job.id,
            "outputs": outputs_json(request, job)}
    if job.error:
        body["error"] = job.error
    return JSONResponse(body, status_code=200 if ok else 422)


async def read_form(request: Request, csrf: bool = True):
    form = await request.form(**FORM_LIMITS)
    request.state.form = form  # -- closed by `closing` once the view has answered --
    if csrf:
        require_csrf(request, form)
    return form


async def take_upload(request: Request, form, job: Job, field: str = "file",
                      into: str = "indata", required: bool = True) -> Path | None:
    """The uploaded file of `field` stored in the job's folder `into`; its INPUT path."""
    upload = form.get(field)
    if upload is None or isinstance(upload, str) or not upload.filename:
        if required:
            raise UploadRejected(messages.WEB["upload-missing"])
        return None
    raw = job.folder / f"{into}.upload"

    def store() -> Path:
        with raw.open("wb") as target:
            upload.file.seek(0)
            shutil.copyfileobj(upload.file, target)
        try:
            return store_upload(raw, upload.filename, job.folder / into)
        finally:
            raw.unlink(missing_ok=True)

    path = await run_in_threadpool(store)
    job.label = job.label or upload.filename[:200]
    return path


def closing(view):
    """The view, with its form's spooled upload files closed when it has answered."""
    import functools

    @functools.wraps(view)
    async def wrapped(request: Request):
        try:
            return await view(request)
        finally:
            form = getattr(request.state, "form", None)
            if form is not None:
                await form.close()
    return wrapped


def job_or_404(request: Request) -> Job:
    job = request.app.state.jobs.get(request.path_params.get("job", ""))
    if job is None:
        raise HTTPException(404)
    return job


# -- the one exception → response mapping ---------------------------------------------------
def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _answer(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": message, "findings": []}, status_code=status)
    return HTMLResponse(render_refusal(status, message, request.app.state.templates),
                        status_code=status)


async def on_refused(request: Request, error: Refused) -> Response:
    return _answer(request, error.status, error.message)


async def on_rejected(request: Request, error: UploadRejected) -> Response:
    return _answer(request, 422, str(error))


async def on_http(request: Request, error: HTTPException) -> Response:
    if error.status_code == 404:
        return _answer(request, 404, messages.WEB["not-found"])
    return _answer(request, error.status_code, str(error.detail))


async def on_error(request: Request, error: Exception) -> Response:
    import logging

    logging.getLogger("handlingsplan.web").error("%s %s", request.method, request.url.path,
                                                 exc_info=error)
    return _answer(request, 500, messages.WEB["internal"])


def json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
