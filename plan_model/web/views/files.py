"""Downloads: each output by its name in the job (a key, never a path), the page pictures,
and all outputs as one .zip."""
from __future__ import annotations

import io
import zipfile

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from starlette.concurrency import run_in_threadpool

from .. import tasks
from .base import job_or_404

# -- a fixed date inside the .zip: the same outputs give the same bytes --
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


async def file(request: Request):
    job = job_or_404(request)
    output = job.outputs.get(request.path_params["name"])
    if output is None or not output.path.is_file():
        raise HTTPException(404)
    return FileResponse(output.path, media_type=output.media_type, filename=output.path.name)


async def thumbnail(request: Request):
    job = job_or_404(request)
    number = request.path_params["page"]
    if job.pages_pdf is None or not 1 <= number <= job.pages:
        raise HTTPException(404)
    picture = await run_in_threadpool(tasks.thumbnail, job.pages_pdf, number,
                                      job.folder / "sidor")
    if picture is None:
        raise HTTPException(404)
    return FileResponse(picture, media_type="image/png")


async def icon(request: Request):
    job = job_or_404(request)
    number = request.path_params["number"]
    if not 1 <= number <= len(job.strategy) or job.strategy[number - 1][2] is None:
        raise HTTPException(404)
    path = job.strategy[number - 1][2]
    try:
        data = await run_in_threadpool(tasks.icon_png, path)
    except (OSError, ValueError):  # -- an icon Pillow cannot read: the finding says so --
        raise HTTPException(404) from None
    return Response(data, media_type=_picture_type(data))


def _picture_type(data: bytes) -> str:
    return "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png"


async def all_outputs(request: Request):
    job = job_or_404(request)
    if not job.outputs:
        raise HTTPException(404)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, output in sorted(job.outputs.items()):
            if output.path.is_file():
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, output.path.read_bytes())
    return Response(buffer.getvalue(), media_type="application/zip", headers={
        "content-disposition": 'attachment; filename="handlingsplan-utdata.zip"'})
