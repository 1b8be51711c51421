"""The web page's app: routes to the views, the guard of SPEC §11 around them, and the
server's life (the warm LibreOffice and the job folders) in its lifespan.

Starlette (ASGI) with Jinja2 templates and uvicorn: a small, kept stack — Starlette is the
core FastAPI is built on, without the schema layer we do not need; its TestClient drives
the app in-process for the tests; python-multipart parses the uploads to disk, not memory.
"""
from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .jobs import Jobs
from .security import Guard, Refused
from .uploads import UPLOAD_LIMIT, UploadRejected
from .views import archive, base, build, check, diff, files, followup, init

STATIC_DIR = base.DEFAULT_TEMPLATES / "static"
SWEEP_SECONDS = 3600


@dataclass
class Config:
    jobs_dir: Path | None = None  # -- None: a temporary folder, removed when the server stops --
    token: str | None = None
    warm_office: bool = True
    template_dir: Path | None = None
    upload_limit: int = UPLOAD_LIMIT
    max_workers: int = 2
    # -- BuildOptions fields from the environment, read once by the command line --
    settings: dict = field(default_factory=dict)


class Workers:
    """Background work for the pages (builds, follow-ups): daemon threads, so a stopping
    server never waits for one; at most `limit` at once (LibreOffice queues them anyway)."""

    def __init__(self, limit: int):
        self._slots = threading.BoundedSemaphore(limit)

    def submit(self, function, *args, **kwargs) -> None:
        def run():
            with self._slots:
                with contextlib.suppress(Exception):
                    function(*args, **kwargs)
        threading.Thread(target=run, daemon=True).start()


def routes() -> list:
    return [
        Route("/", base.closing(check.index), name="index"),
        Route("/kontroll", base.closing(check.check_page), methods=["POST"], name="check"),
        Route("/jobb/{job}", base.closing(build.job_page), name="job"),
        Route("/jobb/{job}/bygg", base.closing(build.build_page), methods=["POST"], name="build"),
        Route("/jobb/{job}/uppfoljning", base.closing(followup.followup_page), methods=["POST"], name="followup"),
        Route("/jobb/{job}/arkiv", base.closing(archive.archive_page), methods=["POST"], name="archive"),
        Route("/jobb/{job}/filer/{name:path}", base.closing(files.file), name="file"),
        Route("/jobb/{job}/sidor/{page:int}.png", base.closing(files.thumbnail), name="thumbnail"),
        Route("/jobb/{job}/ikoner/{number:int}", base.closing(files.icon), name="icon"),
        Route("/jobb/{job}/alla.zip", base.closing(files.all_outputs), name="all"),
        Route("/jamfor", base.closing(diff.diff_form), name="diff"),
        Route("/jamfor", base.closing(diff.diff_page), methods=["POST"], name="diff-run"),
        Route("/ny", base.closing(init.init_form), name="init"),
        Route("/ny", base.closing(init.init_page), methods=["POST"], name="init-run"),
        Route("/api/check", base.closing(check.api_check), methods=["POST"], name="api-check"),
        Route("/api/build", base.closing(build.api_build), methods=["POST"], name="api-build"),
        Mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static"),
    ]


def create_app(config: Config = Config()) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app):
        from starlette.concurrency import run_in_threadpool

        temporary = config.jobs_dir is None
        root = Path(tempfile.mkdtemp(prefix="handlingsplan-serve-")) if temporary else config.jobs_dir
        app.state.jobs = Jobs(root, settings=config.settings)
        app.state.jobs.sweep(force=True)
        app.state.office = (await run_in_threadpool(_start_office, config.settings)
                            if config.warm_office else None)
        sweeper = asyncio.create_task(_sweep_hourly(app.state.jobs))
        try:
            yield
        finally:
            sweeper.cancel()
            if app.state.office is not None:
                app.state.office.close()
            if temporary:
                shutil.rmtree(root, ignore_errors=True)

    app = Starlette(routes=routes(), lifespan=lifespan,
                    middleware=[Middleware(Guard, token=config.token, limit=config.upload_limit)],
                    exception_handlers={Refused: base.on_refused, UploadRejected: base.on_rejected,
                                        HTTPException: base.on_http, Exception: base.on_error})
    app.state.templates = base.environment(config.template_dir)
    app.state.workers = Workers(config.max_workers)
    app.state.office = None
    return app


async def _sweep_hourly(jobs: Jobs) -> None:
    """Old jobs go also when no one uploads anything for a while."""
    from starlette.concurrency import run_in_threadpool

    while True:
        await asyncio.sleep(SWEEP_SECONDS)
        await run_in_threadpool(jobs.sweep, None, True)


def _start_office(settings: dict):
    """The warm LibreOffice, or None (builds then start their own, as the CLI's do)."""
    from ..errors import ExternalToolError
    from ..options import BuildOptions
    from .office import WarmOffice

    office = WarmOffice(BuildOptions(**settings))
    try:
        office.start()
    except ExternalToolError:
        office.close()
        return None
    return office
