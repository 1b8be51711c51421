"""Running LibreOffice: plain `--convert-to` runs and the UNO route (uno_script.py), each with a
time limit, a private user profile and a process group that is killed when done or hung.

Kept apart from pdf.py and pdf_postprocess.py, which need pikepdf (about 0.3 s to import):
the build starts LibreOffice before it writes the .docx files, and that start must not wait
for an import it does not need.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Sequence

from .. import messages
from ..errors import ExternalToolError
from ..options import SOFFICE_ENV, TIMEOUT_ENV, UNO_PYTHON_ENV, BuildOptions  # noqa: F401

UNO_PYTHONS = ("/usr/lib/libreoffice/program/python", "/usr/bin/python3")
UNO_SCRIPT = Path(__file__).with_name("uno_script.py")
# -- uno_script.py's exit codes (kept in step with that script, which cannot import this one) --
UNO_MISSING, SOFFICE_NOT_FOUND = 75, 127

# -- LibreOffice 7.4 only honours the JSON form of the filter options; the old
#    `SelectPdfVersion=2` form and misspelt keys are silently ignored (measured), so every
#    result is checked afterwards. IsSkipEmptyPages=false keeps automatically inserted blank
#    pages, so that a PDF page index stays equal to the page number Writer prints. --
EXPORT_OPTIONS = {
    "SelectPdfVersion": ("long", "2"),  # PDF/A-2b
    "PDFUACompliance": ("boolean", "true"),
    "UseTaggedPDF": ("boolean", "true"),
    "ExportBookmarks": ("boolean", "true"),
    "DisplayPDFDocumentTitle": ("boolean", "true"),
    "IsSkipEmptyPages": ("boolean", "false"),
    "ExportNotes": ("boolean", "false"),
    "ExportFormFields": ("boolean", "false"),
}


def filter_spec() -> str:
    """The `--convert-to` argument: `pdf:writer_pdf_Export:{json}`."""
    options = {key: {"type": kind, "value": value} for key, (kind, value) in EXPORT_OPTIONS.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def soffice_binary(options: BuildOptions) -> str:
    """The soffice to run: the option (from $HANDLINGSPLAN_SOFFICE; tests use fake ones),
    else from PATH."""
    if options.soffice:
        return options.soffice
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ExternalToolError(messages.PDF["soffice-missing"])
    return found


def uno_python(options: BuildOptions) -> str | None:
    """The Python to run uno_script.py with: the option ("none": no UNO route), else
    LibreOffice's own or the system's; None when there is none. Whether it really has `uno`
    shows when the script runs (UNO_MISSING), which costs no extra process start."""
    if options.uno_python.lower() == "none":
        return None
    if options.uno_python:
        return options.uno_python
    return next((p for p in UNO_PYTHONS if os.access(p, os.X_OK)
                 and Path(p).resolve() != Path(sys.executable).resolve()), None)


def child_environment(options: BuildOptions, tmp: Path) -> dict[str, str] | None:
    """LibreOffice's environment: the one the command line read (None: this process's own,
    for callers of the API), with the headless VCL plug-in, so a DISPLAY is never used, and
    TMPDIR in the build's own work folder: LibreOffice killed on an interrupt or time-out
    leaves its lu*.tmp files there, and that folder is removed."""
    if options.environment is None:
        return None
    return dict(options.environment, SAL_USE_VCLPLUGIN="svp", TMPDIR=str(tmp))


class Converter:
    """One build's LibreOffice runs, sharing one private user profile.

    The profile is private to this build because two soffice processes on one profile make
    one of them fail silently (measured); runs inside one build are sequential, so they may
    share it, which saves creating it again. Use as a context manager: the profile and the
    work folder are removed on exit.
    """

    def __init__(self, options: BuildOptions):
        self.binary = soffice_binary(options)
        self.timeout = float(options.pdf_timeout)
        self._tmp = tempfile.TemporaryDirectory(prefix="handlingsplan-pdf-")
        self.work = Path(self._tmp.name)
        (self.work / "tmp").mkdir()
        self.environment = child_environment(options, self.work / "tmp")
        self._runs = 0
        self.uno_python = uno_python(options)

    def __enter__(self) -> "Converter":
        return self

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()

    def convert(self, docx_files: Sequence[Path]) -> list[Path]:
        """Convert the .docx files in one soffice start; returns one raw PDF per input, in a
        folder of its own, in input order. Raises ExternalToolError if soffice is missing,
        hung, crashed, or exited without writing every PDF."""
        self._runs += 1
        out_dir = self.work / f"run{self._runs}"
        out_dir.mkdir()
        profile = (self.work / "profile").as_uri()
        command = [self.binary, f"-env:UserInstallation={profile}", "--headless", "--invisible",
                   "--nologo", "--nodefault", "--nolockcheck", "--norestore",
                   "--convert-to", filter_spec(), "--outdir", str(out_dir),
                   *[str(Path(p).resolve()) for p in docx_files]]
        log = out_dir / "soffice.log"
        code = _run(command, log, self.timeout, self.environment)
        if code != 0:
            raise ExternalToolError(messages.PDF["crashed"].format(code=code, detail=_tail(log)))
        results = [out_dir / (Path(p).stem + ".pdf") for p in docx_files]
        _require_outputs(docx_files, results, log)
        return results

    def start_export(self) -> "UnoExport | None":
        """Start LibreOffice through UNO now, to be given its documents later (`submit`):
        the start-up overlaps the writing of the .docx files. None when no Python with
        `uno` is configured (the caller uses `convert` and the two-pass TOC)."""
        if self.uno_python is None:
            return None
        self._runs += 1
        out_dir = self.work / f"run{self._runs}"
        out_dir.mkdir()
        job = {"soffice": self.binary, "profile": (self.work / "profile").as_uri(),
               # -- a pipe name of our own: two builds at once must not meet on one --
               "pipe": f"handlingsplan-{os.getpid()}-{uuid.uuid4().hex}",
               "filter_data": {key: list(value) for key, value in EXPORT_OPTIONS.items()},
               "documents_file": str(out_dir / "documents.json")}
        job_file = out_dir / "job.json"
        job_file.write_text(json.dumps(job), "utf-8")
        return UnoExport([self.uno_python, str(UNO_SCRIPT), str(job_file)], out_dir, self.timeout,
                         self.environment)

    def export(self, documents: Sequence[tuple[Path, bool]]) -> list[Path] | None:
        """(.docx, update its indexes?) → one raw PDF each, in input order, from one soffice
        start driven through UNO: LibreOffice updates the TOC itself, so its page numbers are
        those of the layout it exports. None when LibreOffice cannot be driven through UNO
        here (no Python with `uno`). Raises ExternalToolError as `convert` does."""
        run = self.start_export()
        if run is None:
            return None
        with run:
            run.submit(documents)
            try:
                return [run.result(index) for index in range(len(documents))]
            except UnoUnavailable:
                self.uno_python = None
                return None


class UnoUnavailable(Exception):
    """The Python given for uno_script.py cannot import `uno`: use plain conversions."""


class UnoExport:
    """A running uno_script.py (and its soffice), in a process group of its own.

    The time limit runs from the start. `result(i)` waits for the i-th PDF only, so the
    caller can post-process it while LibreOffice exports the next. Leaving the `with` block
    kills whatever of the group is left, as `_run` does.
    """

    POLL = 0.02

    def __init__(self, command: list[str], out_dir: Path, timeout: float,
                 environment: dict[str, str] | None = None):
        self.out_dir, self.timeout = out_dir, timeout
        self.log = out_dir / "soffice.log"
        self.documents: list[Path] = []
        self.results: list[Path] = []
        self.deadline = time.monotonic() + timeout
        try:
            with self.log.open("wb") as handle:
                self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=handle,
                                                stderr=subprocess.STDOUT, start_new_session=True,
                                                env=environment)
        except FileNotFoundError:
            raise ExternalToolError(messages.PDF["soffice-missing"]) from None

    def __enter__(self) -> "UnoExport":
        return self

    def __exit__(self, *exc) -> None:
        # -- every PDF is written whole by now (or the build failed): LibreOffice's own
        #    shutdown would only flush a profile that is deleted next, so it is not awaited --
        _kill_group(self.process)

    def submit(self, documents: Sequence[tuple[Path, bool]]) -> None:
        """The .docx files to export, now that they are written: (file, update its TOC?)."""
        self.documents = [Path(docx) for docx, _ in documents]
        self.results = [self.out_dir / f"{index}-{Path(docx).stem}.pdf"
                        for index, (docx, _) in enumerate(documents)]
        listing = [{"docx": str(Path(docx).resolve()), "pdf": str(pdf), "update_indexes": bool(update)}
                   for (docx, update), pdf in zip(documents, self.results)]
        partial = self.out_dir / "documents.json.part"
        partial.write_text(json.dumps(listing), "utf-8")
        partial.replace(self.out_dir / "documents.json")  # -- the script sees it whole --

    def result(self, index: int) -> Path:
        """The index-th raw PDF once LibreOffice has written it whole. Raises
        ExternalToolError (missing, hung, crashed, no PDF) or UnoUnavailable."""
        pdf = self.results[index]
        while not pdf.exists():
            code = self.process.poll()
            if code is not None and not pdf.exists():
                self._ended(code, index)
            if time.monotonic() > self.deadline:
                _kill_group(self.process)
                raise ExternalToolError(messages.PDF["timeout"].format(seconds=f"{self.timeout:g}"))
            time.sleep(self.POLL)
        if all(result.exists() for result in self.results):
            _kill_group(self.process)  # -- done: LibreOffice's CPU is the build's again --
        return pdf

    def _ended(self, code: int, index: int) -> None:
        if code == UNO_MISSING:
            # -- the soffice the script started is still up, on the profile the plain
            #    conversions will use: two soffice on one profile fail silently --
            _kill_group(self.process)
            raise UnoUnavailable()
        if code == SOFFICE_NOT_FOUND:
            raise ExternalToolError(messages.PDF["soffice-missing"])
        if code != 0:
            raise ExternalToolError(messages.PDF["crashed"].format(code=code, detail=_tail(self.log)))
        raise ExternalToolError(messages.PDF["no-output"].format(
            name=self.documents[index].name, detail=_tail(self.log)))


def _require_outputs(docx_files: Sequence[Path], results: Sequence[Path], log: Path) -> None:
    for docx, pdf in zip(docx_files, results):
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise ExternalToolError(messages.PDF["no-output"].format(
                name=Path(docx).name, detail=_tail(log)))


def _run(command: list[str], log: Path, timeout: float,
         environment: dict[str, str] | None = None) -> int:
    """Run soffice (or uno_script.py, which starts soffice as its child) in a new session, so
    that on time-out (or after a normal exit) the whole process group — our script, the
    soffice script, oosplash and soffice.bin — can be killed at once. Returns the exit code.
    Output goes to a file, not a pipe: a left-over child holding a pipe open would block."""
    try:
        with log.open("wb") as handle:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=handle,
                                       stderr=subprocess.STDOUT, start_new_session=True,
                                       env=environment)
    except FileNotFoundError:
        raise ExternalToolError(messages.PDF["soffice-missing"]) from None
    except PermissionError as error:
        raise ExternalToolError(messages.PDF["crashed"].format(code=error, detail=command[0])) from None
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ExternalToolError(messages.PDF["timeout"].format(seconds=f"{timeout:g}")) from None
    except BaseException:
        _kill_group(process)
        raise
    _kill_group(process)  # -- stragglers of a finished run must not outlive the build --
    return code


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # -- the group is already gone --
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _tail(log: Path, lines: int = 5) -> str:
    try:
        text = log.read_text("utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    kept = [line for line in text if "javaldx" not in line]
    return " / ".join(kept[-lines:])
