"""The work behind the pages, as plain functions over pipeline.py that fill a Job: what the
CLI's run_X functions are to the terminal. Synchronous; the views run them in a thread."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .. import messages, pipeline
from ..errors import ExternalToolError, InputError
from ..options import BuildOptions, source_date_epoch
from ..outputs import Output, sha256_file
from .jobs import Job

THUMBNAIL_DPI = 30
THUMBNAIL_PAGES = 80
THUMBNAIL_LIMIT = 60.0


def options_for(job: Job, out: str, pdf: bool = True, office=None) -> BuildOptions:
    return BuildOptions(out_dir=job.folder / out, no_pdf=not pdf, office=office if pdf else None,
                        source_date_epoch=source_date_epoch())


def check_job(job: Job) -> bool:
    result = pipeline.check(job.input_path, options_for(job, "utdata", pdf=False))
    job.findings = result.findings
    job.status = "checked" if result.ok else "invalid"
    return result.ok


def build_job(job: Job, pdf: bool, office=None) -> bool:
    """Build into a fresh folder (a rebuild never mixes with the last one's files)."""
    job.status, job.error, job.progress = "running", "", []
    folder = _fresh(job, "utdata")
    job.outputs = {k: v for k, v in job.outputs.items() if not k.startswith("utdata")}
    job.thumbnails = []
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
        job.thumbnails = thumbnails(pdf_output.path, job.folder / "sidor")
    job.progress.append(messages.WEB["progress-done"])
    job.status = "done"
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
        job.findings = error.findings
        return False
    job.findings = []
    job.archive = result.zip
    job.add_outputs([Output("archive-zip", result.zip, sha256_file(result.zip),
                            result.zip.stat().st_size)], job.folder)
    return True


def thumbnails(pdf: Path, folder: Path) -> list[Path]:
    """PNG pictures of the PDF's pages (pdftoppm, of poppler-utils, as the tests use);
    none when pdftoppm is missing — the page then simply shows no pictures."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    command = ["pdftoppm", "-png", "-r", str(THUMBNAIL_DPI), "-l", str(THUMBNAIL_PAGES),
               str(pdf), str(folder / "sida")]
    try:
        subprocess.run(command, check=True, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=THUMBNAIL_LIMIT)
    except (OSError, subprocess.SubprocessError):
        return []
    # -- pdftoppm pads the page number to the width of the last one: sort by number --
    return sorted(folder.glob("sida-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


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
