"""Jobs: each upload gets a folder of its own under the server's job root, named by a random
id (never by anything the user sent), and is removed after 24 hours (SPEC §11).

A job remembers, in memory, what the pages show: its findings, its progress lines, its
outputs by their name in the build folder. A file is served only when its name is one of
those outputs: the URL's name is a key, never a path.
"""
from __future__ import annotations

import re
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..outputs import Output

MAX_AGE = 24 * 3600
# -- clean-up runs at most this often, on the requests that create jobs --
SWEEP_EVERY = 60.0
JOB_ID = re.compile(r"[0-9a-f]{32}")


@dataclass
class Job:
    id: str
    folder: Path
    created: float
    input_path: Path | None = None
    label: str = ""  # -- the uploaded file's name, for the page only --
    status: str = "new"  # -- new, checked, invalid, queued, running, done, failed --
    findings: list[Finding] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    outputs: dict[str, Output] = field(default_factory=dict)  # -- name in the folder → output --
    out_dir: Path | None = None
    error: str = ""
    pages_pdf: Path | None = None  # -- the plan PDF whose pages the page shows as pictures --
    pages: int = 0
    # -- the plan's strategy elements as the page shows them: (kind word, name, icon file) --
    strategy: list[tuple[str, str, Path | None]] = field(default_factory=list)
    text: str = ""  # -- a diff's report as text --
    archive: Path | None = None
    # -- BuildOptions fields from the server's environment (SOURCE_DATE_EPOCH, LibreOffice),
    #    read once when it started --
    settings: dict = field(default_factory=dict)
    archive_findings: list[Finding] = field(default_factory=list)  # -- what stops the package --

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed", "invalid", "checked")

    def add_outputs(self, outputs, base: Path) -> None:
        """Offer outputs by their name under `base` (the job's folder); anything a command
        wrote elsewhere is not the job's to serve."""
        for output in outputs:
            try:
                name = Path(output.path).resolve().relative_to(Path(base).resolve()).as_posix()
            except ValueError:
                continue
            self.outputs[name] = output


class Jobs:
    def __init__(self, root: Path, max_age: float = MAX_AGE, settings: dict | None = None):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.max_age = max_age
        self.settings = dict(settings or {})
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._swept = 0.0

    def create(self) -> Job:
        self.sweep()
        job_id = secrets.token_hex(16)
        folder = self.root / job_id
        folder.mkdir()
        job = Job(job_id, folder, time.time(), settings=self.settings)
        with self._lock:
            self._jobs[job_id] = job
        return job

    def get(self, job_id: str) -> Job | None:
        if not JOB_ID.fullmatch(job_id or ""):
            return None
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or not job.folder.is_dir():
            return None
        return job

    def sweep(self, now: float | None = None, force: bool = False) -> list[str]:
        """Remove every job folder older than `max_age` (also those of an earlier server
        run, which this one never knew). Returns the removed ids."""
        now = time.time() if now is None else now
        if not force and now - self._swept < SWEEP_EVERY:
            return []
        self._swept = now
        removed = []
        for folder in self.root.iterdir():
            if not JOB_ID.fullmatch(folder.name):
                continue
            with self._lock:
                job = self._jobs.get(folder.name)
            created = job.created if job is not None else _mtime(folder)
            if now - created > self.max_age and (job is None or job.finished):
                shutil.rmtree(folder, ignore_errors=True)
                with self._lock:
                    self._jobs.pop(folder.name, None)
                removed.append(folder.name)
        return removed


def _mtime(folder: Path) -> float:
    try:
        return folder.stat().st_mtime
    except OSError:
        return 0.0
