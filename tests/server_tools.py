"""The real server as a user starts it: `generate.py serve` in a subprocess on a free
loopback port (other sessions may run servers at the same time)."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_LIMIT = 90.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """Every process started below `pid` (LibreOffice runs in sessions of its own, so the
    tree, not the group, finds it)."""
    run = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,stat="], capture_output=True, text=True)
    children: dict[int, list[int]] = {}
    for line in run.stdout.splitlines():
        child, parent, state = line.split()[:3]
        if not state.startswith("Z"):
            children.setdefault(int(parent), []).append(int(child))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pids) -> list[int]:
    living = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            living.append(pid)
    return living


@contextlib.contextmanager
def running_server(jobs_dir: Path, *extra: str, env: dict | None = None):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (Path(jobs_dir).parent / f"serve-{port}.log").open("wb")
    process = subprocess.Popen([sys.executable, "generate.py", "serve", "--port", str(port),
                                "--jobs-dir", str(jobs_dir), *extra], cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT, env=dict(os.environ, **(env or {})))
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the server did not start: {log.name}")
                time.sleep(0.2)
        yield url, process
    finally:
        if process.poll() is None:
            tree = descendants(process.pid)
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for pid in alive(tree):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        log.close()
