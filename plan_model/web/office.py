"""One LibreOffice kept running between the web page's builds (SPEC §11).

A cold build starts LibreOffice for itself (about a second, and a cold cache every time);
the server starts one at its own start instead — pdf/warm_script.py, run by a Python that
has `uno` — and hands it to each build through `BuildOptions.office`. Builds are queued to
it one at a time (a lock); each request has the build's PDF time limit. A LibreOffice that
died, hung or refused a document is killed with its whole process group and started again,
and that one build fails with ExternalToolError (exit 3's message); the server lives on.
"""
from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Sequence

from .. import messages
from ..errors import ExternalToolError
from ..options import BuildOptions
from ..pdf.soffice import (EXPORT_OPTIONS, SOFFICE_NOT_FOUND, UNO_MISSING, _kill_group,
                           child_environment, soffice_binary, uno_python)

WARM_SCRIPT = Path(__file__).resolve().parent.parent / "pdf" / "warm_script.py"
START_LIMIT = 60.0
POLL = 0.02
# -- LibreOffice's caches grow by ~20 % over its first 20 exports and then level off
#    (measured, docs/PERFORMANCE.md); a fresh one after this many keeps a long-running
#    server's memory flat, at the cost of one start (~2 s) that no build waits for --
RECYCLE_AFTER = 20


class WarmOffice:
    """The long-lived LibreOffice. `session(options)` is what `BuildOptions.office` expects:
    a context manager giving an export run with `submit` and `result`, as UnoExport has."""

    def __init__(self, options: BuildOptions = BuildOptions()):
        # -- which LibreOffice, which Python with `uno`, its environment and time limit: the
        #    server's settings, read from the environment once when it started --
        self.options = options
        self._lock = threading.Lock()  # -- builds queue here, one at a time --
        self._tmp = tempfile.TemporaryDirectory(prefix="handlingsplan-warm-")
        self.work = Path(self._tmp.name)
        self.process: subprocess.Popen | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        self.starts = 0
        self._runs = 0
        self.closed = False

    # -- life cycle ---------------------------------------------------------------------
    def start(self) -> None:
        """Start LibreOffice and wait until it accepts work. ExternalToolError when it cannot
        be driven (no LibreOffice, no Python with `uno`): the server then builds cold."""
        self.stop()
        python = uno_python(self.options)
        if python is None or self.closed:
            raise ExternalToolError(messages.PDF["soffice-missing"])
        self.starts += 1
        job = {"soffice": soffice_binary(self.options),
               "profile": (self.work / f"profile{self.starts}").as_uri(),
               "pipe": f"handlingsplan-warm-{os.getpid()}-{uuid.uuid4().hex}",
               "filter_data": {key: list(value) for key, value in EXPORT_OPTIONS.items()}}
        job_file = self.work / f"job{self.starts}.json"
        job_file.write_text(json.dumps(job), "utf-8")
        log = (self.work / f"soffice{self.starts}.log").open("wb")
        env = child_environment(self.options, self.work)
        with log:
            self.process = subprocess.Popen(
                [python, str(WARM_SCRIPT), str(job_file)], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=log, start_new_session=True, env=env, text=True,
                bufsize=1)
        self._lines = queue.Queue()
        self._reader = threading.Thread(target=_read_lines, args=(self.process.stdout, self._lines),
                                        daemon=True)
        self._reader.start()
        line = self._next_line(time.monotonic() + START_LIMIT)
        if line != "ready":
            code = self.process.poll()
            self.stop()
            if code == UNO_MISSING or code == SOFFICE_NOT_FOUND:
                raise ExternalToolError(messages.PDF["soffice-missing"])
            raise ExternalToolError(messages.PDF["crashed"].format(code=code, detail=line or ""))

    def stop(self) -> None:
        """End LibreOffice and every process of its group."""
        if self.process is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            _kill_group(self.process)
            self._reader.join(5)  # -- the pipe's end (EOF) once the group is gone --
            with contextlib.suppress(OSError):
                self.process.stdout.close()
            self.process = None

    def close(self) -> None:
        self.closed = True  # -- a build still running must not start it again --
        self.stop()
        self._tmp.cleanup()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # -- one build's use ------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self, options: BuildOptions):
        with self._lock:
            if not self.alive:
                self.start()
            self._runs += 1
            folder = self.work / f"run{self._runs}"
            folder.mkdir()
            run = WarmRun(self, folder, float(options.pdf_timeout))
            try:
                yield run
            finally:
                run.finish()
                # -- the run's PDFs were copied into the build by now --
                _remove_tree(folder)
                if self._runs % RECYCLE_AFTER == 0:
                    threading.Thread(target=self._recycle, daemon=True).start()

    def _recycle(self) -> None:
        with self._lock:
            if not self.closed:
                with contextlib.suppress(ExternalToolError):
                    self.start()

    def _next_line(self, deadline: float) -> str | None:
        try:
            return self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None

    def _send(self, line: str) -> None:
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        except (OSError, ValueError, AttributeError):
            pass  # -- a dead office shows in `result`, which restarts it --


class WarmRun:
    """One build's documents on the warm office; the interface of soffice.UnoExport."""

    def __init__(self, office: WarmOffice, folder: Path, timeout: float):
        self.office, self.folder, self.timeout = office, folder, timeout
        self.deadline = time.monotonic() + timeout
        self.results: list[Path] = []
        self.answer: str | None = None
        self.submitted = False

    def submit(self, documents: Sequence[tuple[Path, bool]]) -> None:
        self.results = [self.folder / f"{index}-{Path(docx).stem}.pdf"
                        for index, (docx, _) in enumerate(documents)]
        listing = [{"docx": str(Path(docx).resolve()), "pdf": str(pdf),
                    "update_indexes": bool(update)}
                   for (docx, update), pdf in zip(documents, self.results)]
        request = self.folder / "documents.json"
        request.write_text(json.dumps(listing), "utf-8")
        self.deadline = time.monotonic() + self.timeout
        self.submitted = True
        self.office._send(str(request))

    def result(self, index: int) -> Path:
        """The index-th raw PDF, once whole. ExternalToolError if LibreOffice died, hung or
        refused the document; it is then started again for the next build."""
        pdf = self.results[index]
        while not pdf.exists():
            if self.answer is None:
                self.answer = self.office._next_line(time.monotonic() + POLL)
            if self.answer is not None and self.answer != "done":
                self._restart()
                raise ExternalToolError(messages.PDF["crashed"].format(
                    code=1, detail=self.answer.removeprefix("error ")))
            if self.answer is None and not self.office.alive:
                code = self.office.process.poll() if self.office.process else None
                self._restart()
                raise ExternalToolError(messages.PDF["crashed"].format(code=code, detail=""))
            if time.monotonic() > self.deadline:
                self._restart()
                raise ExternalToolError(messages.PDF["timeout"].format(seconds=f"{self.timeout:g}"))
        return pdf

    def finish(self) -> None:
        """Wait for the office's answer to this run, so the next starts in step; a build
        that failed half-way leaves a restarted office rather than a confused one."""
        if self.answer == "restarted" or not self.submitted:
            return
        if self.answer is not None:
            if self.answer != "done":
                self._restart()
            return
        self.answer = self.office._next_line(self.deadline)
        if self.answer != "done":
            self._restart()

    def _restart(self) -> None:
        self.answer = "restarted"
        self.office.stop()
        with contextlib.suppress(ExternalToolError):
            self.office.start()


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.strip())
    lines.put(None)


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
