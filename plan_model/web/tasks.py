"""The work behind the pages, as plain functions over pipeline.py that fill a Job: what the
CLI's run_X functions are to the terminal. Synchronous; the views run them in a thread."""
from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

from .. import messages, pipeline
from ..errors import ExternalToolError, InputError
from ..options import BuildOptions
from ..outputs import Output, sha256_file
from .jobs import Job

THUMBNAIL_DPI = 30
THUMBNAIL_PAGES = 80
THUMBNAIL_LIMIT = 60.0


def options_for(job: Job, out: str, pdf: bool = True, office=None) -> BuildOptions:
    return BuildOptions(out_dir=job.folder / out, no_pdf=not pdf, office=office if pdf else None,
                        **job.settings)


def check_job(job: Job) -> bool:
    try:
        result = pipeline.check(job.input_path, options_for(job, "utdata", pdf=False))
    except InputError as error:
        job.findings, job.status = error.findings, "invalid"
        return False
    job.findings = result.findings
    job.strategy = [(e.kind.value.capitalize(), e.name, e.icon_path)
                    for e in result.plan.strategy]
    job.status = "checked"
    return True


def build_job(job: Job, pdf: bool, office=None) -> bool:
    """Build into a fresh folder (a rebuild never mixes with the last one's files)."""
    job.status, job.error, job.progress = "running", "", []
    job.archive, job.archive_findings = None, []
    folder = _fresh(job, "utdata")
    job.outputs = {k: v for k, v in job.outputs.items() if not k.startswith("utdata")}
    job.pages_pdf, job.pages = None, 0
    try:
        result = pipeline.build(job.input_path, options_for(job, folder, pdf, office),
                                progress=job.progress.append)
    except InputError as error:
        job.findings, job.status = error.findings, "invalid"
        return False
    except ExternalToolError as error:
        # -- the outputs that do not need LibreOffice are written: offer them all the same --
        job.error, job.status = str(error), "failed"
        _outputs_from_manifest(job, job.folder / folder)
        return False
    job.findings, job.out_dir = result.findings, result.out_dir
    job.add_outputs([*result.outputs, _manifest(result.out_dir)], job.folder)
    pdf_output = next((o for o in result.outputs if o.role == "plan-pdf"), None)
    if pdf_output is not None:
        job.pages_pdf, job.pages = pdf_output.path, page_count(pdf_output.path)
    job.progress.append(messages.WEB["progress-done"])
    job.status = "done"
    release_memory()
    return True


def followup_job(job: Job, previous: Path | None, pdf: bool, office=None) -> bool:
    job.status, job.error = "running", ""
    folder = _fresh(job, "uppfoljning")
    try:
        result = pipeline.followup(job.input_path, options_for(job, folder, pdf, office),
                                   previous=previous, progress=job.progress.append)
    except InputError as error:
        job.findings, job.status = error.findings, "invalid"
        return False
    except ExternalToolError as error:
        job.error, job.status = str(error), "failed"
        return False
    job.findings = result.findings
    job.add_outputs(result.outputs, job.folder)
    job.status = "done"
    return True


def archive_job(job: Job) -> bool:
    try:
        result = pipeline.archive(job.out_dir)
    except InputError as error:
        job.archive_findings = error.findings
        return False
    job.archive_findings = []
    job.archive = result.zip
    job.add_outputs([Output("archive-zip", result.zip, sha256_file(result.zip),
                            result.zip.stat().st_size)], job.folder)
    return True


# -- the page shows icons at 48 CSS pixels; 96 pixels keep them sharp on a 2× screen --
HTML_ICON_PIXELS = 96


def icon_png(path: Path) -> bytes:
    """The icon right-sized for the page, as for the plan (writers/images.py)."""
    from ..writers.images import CM_PER_INCH, DPI, fit_file

    return fit_file(path, HTML_ICON_PIXELS / DPI * CM_PER_INCH)


def release_memory() -> None:
    """Hand the memory a build freed back to the system. Builds run on changing worker
    threads, and glibc keeps each thread's freed arena for itself: without this the
    server's size creeps up build after build (measured, docs/PERFORMANCE.md)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name:
        try:
            ctypes.CDLL(name).malloc_trim(0)
        except (OSError, AttributeError):
            pass  # -- not glibc: nothing to trim --


def page_count(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return min(len(document.pages), THUMBNAIL_PAGES)


def thumbnail(pdf: Path, page: int, folder: Path) -> Path | None:
    """A PNG picture of one page of the PDF (pdftoppm, of poppler-utils), made when first
    asked for: a build's answer does not wait for 26 pictures nobody may look at (about
    0.1 s each). None when pdftoppm is missing or fails."""
    target = folder / f"sida-{page}.png"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f".sida-{page}-{os.getpid()}-{threading.get_ident()}"
    command = ["pdftoppm", "-png", "-r", str(THUMBNAIL_DPI), "-f", str(page), "-l", str(page),
               "-singlefile", str(pdf), str(stem)]
    try:
        subprocess.run(command, check=True, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=THUMBNAIL_LIMIT)
        os.replace(f"{stem}.png", target)  # -- two requests for one page: both whole --
    except (OSError, subprocess.SubprocessError):
        return None
    return target


def _fresh(job: Job, stem: str) -> str:
    """The next unused folder name `stem`, `stem-2`, …: the job's earlier results stay
    downloadable until the new ones are there."""
    number = 1
    name = stem
    while (job.folder / name).exists():
        number += 1
        name = f"{stem}-{number}"
    return name


def _manifest(out_dir: Path) -> Output:
    path = out_dir / "manifest.json"
    return Output("manifest", path, sha256_file(path), path.stat().st_size)


def _outputs_from_manifest(job: Job, out_dir: Path) -> None:
    manifest = out_dir / "manifest.json"
    if not manifest.is_file():
        return
    listed = json.loads(manifest.read_text("utf-8")).get("outputs", [])
    outputs = [Output(item["role"], out_dir / item["path"], item["sha256"], item["bytes"])
               for item in listed if (out_dir / item["path"]).is_file()]
    job.add_outputs([*outputs, _manifest(out_dir)], job.folder)
