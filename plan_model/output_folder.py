"""The output folder as a transaction (SPEC §5, §9): it always shows one run, never a mix.

    with OutputTransaction(out_dir, "build") as tx:
        tx.write("plan-docx", "handlingsplan-2023.docx", data)
        pdf = tx.path("handlingsplan-2023.pdf")     # an external tool writes it there …
        tx.add("plan-pdf", "handlingsplan-2023.pdf")  # … and it joins the outputs
        tx.commit(manifest)                           # manifest(outputs) -> bytes, or None

Files go into a staging folder beside the output folder; `commit` moves them in, removes the
files the previous manifest listed that this run did not write, and moves the manifest in
last. Leaving the `with` block without a commit (an error, an interrupt) removes the staging
folder and leaves the output folder as it was. A lock file beside the folder keeps a second
run out: it waits `lock_wait` seconds, then OutputError (exit 4) names the holder's process
id and start time; the lock of a process that no longer runs is taken over.

Every OSError on the way (read-only, full, a path whose parent is a file) is an OutputError
naming the folder.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Callable

from . import messages
from .errors import OutputError
from .outputs import Output, sha256_file

MANIFEST = "manifest.json"
ASIDE, JOURNAL = ".previous", ".swap.json"
LOCK_POLL = 0.2
# -- the swap is a handful of renames: signals wait until it is done, so an interrupt leaves
#    the folder as before or as finished, never half-swapped --
SWAP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextlib.contextmanager
def output_errors(folder: Path):
    """Turn an OSError into OutputError naming `folder` (for the commands that write one or
    two files and need no transaction)."""
    try:
        yield
    except OSError as error:
        raise OutputError(folder, messages.OUTPUT["unwritable"].format(
            folder=folder, detail=_reason(error))) from error


def _reason(error: OSError) -> str:
    return messages.OUTPUT_REASONS.get(error.errno, error.strerror or str(error))


class FolderLock:
    """The lock on `folder` alone, for a run that reads the folder whole or writes into it
    by other means (`archive` reads a build and writes arkiv/ in it): no build swaps files
    under it meanwhile."""

    def __init__(self, folder: Path, command: str, lock_wait: float = 10.0, progress=None):
        self.folder = Path(folder).absolute()
        self.command, self.lock_wait = command, lock_wait
        self.progress = progress
        self.lock = self.folder.with_name(f".{self.folder.name}.lock")
        self._locked = False

    def __enter__(self):
        with output_errors(self.folder):
            self.folder.parent.mkdir(parents=True, exist_ok=True)
            if self.folder.exists() and not self.folder.is_dir():
                raise NotADirectoryError(20, "Not a directory", str(self.folder))
        self._take_lock()
        return self

    def __exit__(self, *exc) -> None:
        self._release_lock()

    def _take_lock(self) -> None:
        record = json.dumps({"pid": os.getpid(), "process_start": _process_start(os.getpid()),
                             "started": _now(), "command": self.command}).encode("utf-8")
        deadline = time.monotonic() + self.lock_wait
        told = False
        while True:
            with output_errors(self.folder):
                try:
                    fd = os.open(self.lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                except FileExistsError:
                    holder = _read_lock(self.lock)
                    if holder is None or not _alive(holder):
                        # -- a run that died (kill -9, power cut) left it: take it over,
                        #    and remove the staging folder it left --
                        if holder and isinstance(holder.get("pid"), int):
                            for stale in self.folder.parent.glob(
                                    f"{self._staging_prefix(holder['pid'])}*"):
                                _recover(stale, self.folder)
                                shutil.rmtree(stale, ignore_errors=True)
                        with contextlib.suppress(FileNotFoundError):
                            self.lock.unlink()
                        continue
                else:
                    self._locked = True  # -- ours from this instant, even if a signal comes --
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(record)
                    return
            holder = holder or {}
            if self.progress is not None and not told:
                told = True
                self.progress(messages.OUTPUT["waiting"].format(
                    folder=self.folder, pid=holder.get("pid", "?"), seconds=f"{self.lock_wait:g}"))
            if time.monotonic() >= deadline:
                raise OutputError(self.folder, messages.OUTPUT["locked"].format(
                    folder=self.folder, pid=holder.get("pid", "?"),
                    started=holder.get("started", "?"), command=holder.get("command", "?")))
            time.sleep(LOCK_POLL)

    def _staging_prefix(self, pid: int) -> str:
        return f".{self.folder.name}.staging-{pid}-"

    def _release_lock(self) -> None:
        if self._locked:
            # -- ours since os.open created it; no one takes over the lock of a live run --
            with contextlib.suppress(OSError):
                self.lock.unlink()
            self._locked = False


class OutputTransaction(FolderLock):
    """One run's writes into `folder` (see the module's docstring)."""

    def __init__(self, folder: Path, command: str, lock_wait: float = 10.0, progress=None):
        super().__init__(folder, command, lock_wait, progress)
        self.staging: Path | None = None
        self.outputs: list[Output] = []

    def __enter__(self) -> "OutputTransaction":
        super().__enter__()
        try:
            with output_errors(self.folder):
                self.staging = Path(tempfile.mkdtemp(prefix=self._staging_prefix(os.getpid()),
                                                     dir=self.folder.parent))
        except BaseException:
            self._release_lock()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        super().__exit__(*exc)

    # -- writing --

    def path(self, relative: str) -> Path:
        """Where `relative` stands in staging, for an external tool to write into."""
        target = self.staging / _checked(relative)
        with output_errors(self.folder):
            target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, role: str, relative: str, data: bytes) -> Output:
        """`data` as `relative` (a POSIX path inside the folder), replacing an earlier write
        of the same path."""
        target = self.path(relative)
        with output_errors(self.folder):
            target.write_bytes(data)
            os.chmod(target, 0o644)
        return self._record(Output(role, self.folder / relative,
                                   hashlib.sha256(data).hexdigest(), len(data)))

    def add(self, role: str, relative: str) -> Output:
        """A file an external tool wrote at `path(relative)` joins the outputs."""
        target = self.path(relative)
        with output_errors(self.folder):
            os.chmod(target, 0o644)
            return self._record(Output(role, self.folder / relative, sha256_file(target),
                                       target.stat().st_size))

    def _record(self, output: Output) -> Output:
        self.outputs = [o for o in self.outputs if o.path != output.path] + [output]
        return output

    def staged(self, relative: str) -> Path:
        """The staged file written as `relative` (to read back what this run wrote)."""
        return self.staging / _checked(relative)

    # -- the swap --

    def commit(self, manifest: Callable[[list[Output]], bytes] | None = None) -> None:
        """Move the staged files in, remove what the previous manifest listed and this run
        did not write, and write the manifest (`manifest(outputs)`) last."""
        if manifest is not None:
            data = manifest(list(self.outputs))
            with output_errors(self.folder):
                (self.staging / MANIFEST).write_bytes(data)
                os.chmod(self.staging / MANIFEST, 0o644)
        written = [o.path.relative_to(self.folder).as_posix() for o in self.outputs]
        if manifest is not None:
            written.append(MANIFEST)
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, SWAP_SIGNALS)
        try:
            with output_errors(self.folder):
                self._swap(written, self._previous() if manifest is not None else [])
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def _previous(self) -> list[str]:
        """The paths the folder's current manifest lists (its outputs and itself)."""
        try:
            listed = json.loads((self.folder / MANIFEST).read_text("utf-8"))["outputs"]
            paths = [str(item["path"]) for item in listed]
        except (OSError, ValueError, KeyError, TypeError):
            return []  # -- no manifest, or not ours: nothing is known to be the last run's --
        return [p for p in paths if _safe(p)] + [MANIFEST]

    def _swap(self, written: list[str], previous: list[str]) -> None:
        """Old files aside into staging, new files in; on an error the old ones go back, so
        the folder is as before the run. The manifest moves last."""
        self.folder.mkdir(exist_ok=True)
        aside = self.staging / ASIDE
        moved: list[str] = []
        order = [p for p in written if p != MANIFEST] + [p for p in written if p == MANIFEST]
        # -- for a run killed mid-swap (SIGKILL, power cut), which no `except` sees: the next
        #    run that takes its lock over puts the folder back from this (`_recover`) --
        (self.staging / JOURNAL).write_text(json.dumps(order), "utf-8")
        try:
            for relative in dict.fromkeys([*previous, *written]):
                if (self.folder / relative).is_file():
                    (aside / relative).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.folder / relative, aside / relative)
                    moved.append(relative)
            for relative in order:
                (self.folder / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.staging / relative, self.folder / relative)
        except OSError:
            for relative in order:
                with contextlib.suppress(OSError):
                    if (self.folder / relative).is_file() and relative not in moved:
                        (self.folder / relative).unlink()
            for relative in moved:
                with contextlib.suppress(OSError):
                    os.replace(aside / relative, self.folder / relative)
            raise
        _remove_empty_folders(self.folder, [*previous, *written])


def _recover(staging: Path, folder: Path) -> None:
    """A dead run's half-done swap undone: the files it had moved in go, the files it had
    moved aside come back. A swap whose manifest (moved last) is in is complete: kept."""
    try:
        order = json.loads((staging / JOURNAL).read_text("utf-8"))
    except (OSError, ValueError):
        return  # -- no journal: the run died before its swap began; the folder is as before --
    if MANIFEST in order and not (staging / MANIFEST).exists():
        return
    for relative in order:
        if _safe(relative) and not (staging / relative).exists():
            with contextlib.suppress(OSError):
                (folder / relative).unlink()
    aside = staging / ASIDE
    for path in sorted(aside.rglob("*")) if aside.is_dir() else []:
        if path.is_file():
            with contextlib.suppress(OSError):
                (folder / path.relative_to(aside)).parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, folder / path.relative_to(aside))


def _checked(relative: str) -> str:
    if not _safe(relative):
        raise ValueError(f"not a path inside the output folder: {relative!r}")
    return relative


def _safe(relative: str) -> bool:
    path = PurePosixPath(relative)
    return bool(relative) and not path.is_absolute() and ".." not in path.parts \
        and "\\" not in relative


def _remove_empty_folders(folder: Path, paths: list[str]) -> None:
    """Sub-folders (indata/ikoner/, say) that the removals emptied go too."""
    parents = {folder / PurePosixPath(p).parent for p in paths if "/" in p}
    for parent in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        while parent != folder:
            with contextlib.suppress(OSError):
                parent.rmdir()
            parent = parent.parent


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _process_start(pid: int) -> str | None:
    """The kernel's start time of `pid` (clock ticks since boot), which tells a live holder
    from a new process that reuses a dead holder's id; None where /proc is not there."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]


# -- a lock file that holds no record is being written this instant — unless it is older
#    than this, when its writer died in between (SIGKILL) --
UNREADABLE_LOCK_AGE = 60.0


def _read_lock(lock: Path) -> dict | None:
    try:
        holder = json.loads(lock.read_text("utf-8"))
        if isinstance(holder, dict) and isinstance(holder.get("pid"), int):
            return holder
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        pass
    try:
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return None
    return {"pid": None, "stale": True} if age > UNREADABLE_LOCK_AGE else {}


def _alive(holder: dict) -> bool:
    if holder.get("stale"):
        return False
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    started = holder.get("process_start")
    return started is None or _process_start(pid) in (None, started)
