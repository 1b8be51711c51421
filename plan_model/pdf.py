"""LibreOffice headless: .docx → tagged PDF/A-2b, made reproducible with pikepdf.

Not a writer: it runs an external program on a writer's output (as pandoc's PDF.hs does), so
"program missing", "hung" and "crashed" are its own error, `ExternalToolError` (exit 3).

Three jobs, each a function the pipeline calls:
- `Converter.export` runs one soffice start through UNO (pdf_uno.py, run by a Python that has
  `uno`) that updates each document's TOC itself and exports PDF/A, so the TOC needs no second
  pass; `Converter.convert` runs a plain `soffice --convert-to` on one or more .docx files (the
  route when no Python with `uno` is installed). Both run with a time limit and a private user
  profile, and kill the whole process group when done or hung;
- `finish_pdf` (pdf_postprocess.py) post-processes one LibreOffice PDF: metadata from the plan,
  no clock anywhere, a content-derived /ID, and checks that the PDF/A-2b claim holds;
- `outline_headings` / `match_toc_pages` read the heading pages from the PDF's bookmarks, which
  the pipeline writes back into the TOC of the plan .docx (the two-pass TOC).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pikepdf

from . import messages
from .errors import ExternalToolError
from .options import BuildOptions
from .pdf_postprocess import PdfInfo, finish_pdf, info_for  # noqa: F401 -- the PDF step's API

SOFFICE_ENV = "HANDLINGSPLAN_SOFFICE"
TIMEOUT_ENV = "HANDLINGSPLAN_PDF_TIMEOUT"
# -- the Python that runs pdf_uno.py: it must import `uno` (Debian: python3-uno), which the
#    venv's Python cannot; "none" turns the UNO route off (plain conversions, two-pass TOC) --
UNO_PYTHON_ENV = "HANDLINGSPLAN_UNO_PYTHON"
UNO_PYTHONS = ("/usr/lib/libreoffice/program/python", "/usr/bin/python3")
UNO_SCRIPT = Path(__file__).with_name("pdf_uno.py")
# -- pdf_uno.py's exit codes (kept in step with that script, which cannot import this one) --
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


def soffice_binary() -> str:
    """The soffice to run: $HANDLINGSPLAN_SOFFICE (tests use fake ones), else from PATH."""
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        return override
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ExternalToolError(messages.PDF["soffice-missing"])
    return found


def uno_python() -> str | None:
    """The Python to run pdf_uno.py with: $HANDLINGSPLAN_UNO_PYTHON ("none": no UNO route),
    else LibreOffice's own or the system's; None when there is none. Whether it really has
    `uno` shows when the script runs (UNO_MISSING), which costs no extra process start."""
    override = os.environ.get(UNO_PYTHON_ENV, "").strip()
    if override.lower() == "none":
        return None
    if override:
        return override
    return next((p for p in UNO_PYTHONS if os.access(p, os.X_OK)
                 and Path(p).resolve() != Path(sys.executable).resolve()), None)


def time_limit(options: BuildOptions) -> float:
    """Seconds one soffice run may take: $HANDLINGSPLAN_PDF_TIMEOUT, else the option."""
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        return float(value) if value else float(options.pdf_timeout)
    except ValueError:
        return float(options.pdf_timeout)


class Converter:
    """One build's LibreOffice runs, sharing one private user profile.

    The profile is private to this build because two soffice processes on one profile make
    one of them fail silently (measured); runs inside one build are sequential, so they may
    share it, which saves creating it again. Use as a context manager: the profile and the
    work folder are removed on exit.
    """

    def __init__(self, options: BuildOptions):
        self.binary = soffice_binary()
        self.timeout = time_limit(options)
        self._tmp = tempfile.TemporaryDirectory(prefix="handlingsplan-pdf-")
        self.work = Path(self._tmp.name)
        self._runs = 0
        self.uno_python = uno_python()

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
        code = _run(command, log, self.timeout)
        if code != 0:
            raise ExternalToolError(messages.PDF["crashed"].format(code=code, detail=_tail(log)))
        results = [out_dir / (Path(p).stem + ".pdf") for p in docx_files]
        _require_outputs(docx_files, results, log)
        return results

    def export(self, documents: Sequence[tuple[Path, bool]]) -> list[Path] | None:
        """(.docx, update its indexes?) → one raw PDF each, in input order, from one soffice
        start driven through UNO: LibreOffice updates the TOC itself, so its page numbers are
        those of the layout it exports. Returns None when no Python with `uno` is available:
        the caller then uses `convert` (and the two-pass TOC). Raises ExternalToolError as
        `convert` does."""
        if self.uno_python is None:
            return None
        self._runs += 1
        out_dir = self.work / f"run{self._runs}"
        out_dir.mkdir()
        results = [out_dir / (Path(docx).stem + ".pdf") for docx, _ in documents]
        job = {"soffice": self.binary, "profile": (self.work / "profile").as_uri(),
               # -- a pipe name of our own: two builds at once must not meet on one --
               "pipe": f"handlingsplan-{os.getpid()}-{uuid.uuid4().hex}",
               "filter_data": {key: list(value) for key, value in EXPORT_OPTIONS.items()},
               "documents": [{"docx": str(Path(docx).resolve()), "pdf": str(pdf),
                              "update_indexes": bool(update)}
                             for (docx, update), pdf in zip(documents, results)]}
        job_file = out_dir / "job.json"
        job_file.write_text(json.dumps(job), "utf-8")
        log = out_dir / "soffice.log"
        code = _run([self.uno_python, str(UNO_SCRIPT), str(job_file)], log, self.timeout)
        if code == UNO_MISSING:
            self.uno_python = None  # -- not this build's again: plain conversions from here --
            return None
        if code == SOFFICE_NOT_FOUND:
            raise ExternalToolError(messages.PDF["soffice-missing"])
        if code != 0:
            raise ExternalToolError(messages.PDF["crashed"].format(code=code, detail=_tail(log)))
        _require_outputs([docx for docx, _ in documents], results, log)
        return results


def _require_outputs(docx_files: Sequence[Path], results: Sequence[Path], log: Path) -> None:
    for docx, pdf in zip(docx_files, results):
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise ExternalToolError(messages.PDF["no-output"].format(
                name=Path(docx).name, detail=_tail(log)))


def _run(command: list[str], log: Path, timeout: float) -> int:
    """Run soffice (or pdf_uno.py, which starts soffice as its child) in a new session, so
    that on time-out (or after a normal exit) the whole process group — our script, the
    soffice script, oosplash and soffice.bin — can be killed at once. Returns the exit code.
    Output goes to a file, not a pipe: a left-over child holding a pipe open would block."""
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
    try:
        with log.open("wb") as handle:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=handle,
                                       stderr=subprocess.STDOUT, start_new_session=True, env=env)
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


# ------------------------------------------------------------------------------------------
# -- the outline: where each heading stands --


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    page: int  # -- 1-based: the title page is page 1, as in the TOC --


def outline_headings(pdf_path: Path) -> list[Heading]:
    """The PDF's bookmarks (LibreOffice makes one per heading) in document order, each with
    the page its destination points at."""
    with pikepdf.open(pdf_path) as pdf:
        page_numbers = {page.obj.objgen: index + 1 for index, page in enumerate(pdf.pages)}
        named = _named_destinations(pdf)
        headings: list[Heading] = []
        with pdf.open_outline() as outline:
            def walk(items, level):
                for item in items:
                    page = _destination_page(item, named, page_numbers)
                    headings.append(Heading(level, " ".join(item.title.split()), page or 0))
                    walk(item.children, level + 1)
            walk(outline.root, 1)
    return headings


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, object]:
    names = {}
    dests = pdf.Root.get("/Dests")
    if isinstance(dests, pikepdf.Dictionary):
        names.update({str(k)[1:]: v for k, v in dests.items()})
    tree = pdf.Root.get("/Names", pikepdf.Dictionary()).get("/Dests")
    if tree is not None:
        for key, value in pikepdf.NameTree(tree).items():
            names[str(key)] = value
    return names


def _destination_page(item, named, page_numbers) -> int | None:
    target = item.destination
    if target is None and item.action is not None and item.action.get("/S") == "/GoTo":
        target = item.action.get("/D")
    if isinstance(target, (pikepdf.String, pikepdf.Name, str)):
        target = named.get(str(target).lstrip("/"))
    if isinstance(target, pikepdf.Dictionary):
        target = target.get("/D")
    if isinstance(target, pikepdf.Array) and len(target) > 0:
        first = target[0]
        if isinstance(first, pikepdf.Dictionary):
            return page_numbers.get(first.objgen)
        if isinstance(first, int):
            return int(first) + 1
    return None


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_toc_pages(entries: Sequence[tuple[int, str]], headings: Sequence[Heading]) -> list[int]:
    """The page of each TOC entry: entries and bookmarks are both in document order, so each
    entry takes the next bookmark with the same text (the outline may hold more headings
    than the TOC, e.g. deeper levels). Raises ExternalToolError naming an entry not found."""
    pages, position = [], 0
    for _level, text in entries:
        wanted = _key(text)
        for index in range(position, len(headings)):
            if _key(headings[index].title) == wanted and headings[index].page:
                pages.append(headings[index].page)
                position = index + 1
                break
        else:
            raise ExternalToolError(messages.PDF["toc-heading-missing"].format(text=text))
    return pages
