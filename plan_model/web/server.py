"""`generate.py serve`: uvicorn running the app, with the start-up rule of SPEC §11 — an
address other than loopback only with a token."""
from __future__ import annotations

import sys
from pathlib import Path

from .. import messages
from ..errors import UsageError
from .security import is_loopback

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8750
# -- SIGTERM must end the server within 5 s (SPEC §11): in-flight requests get 2 s --
GRACEFUL_SECONDS = 2


class HostNeedsToken(UsageError):
    """Another address than loopback without --token (SPEC §11): exit 2."""


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: str | None = None,
          jobs_dir: Path | None = None, template_dir: Path | None = None,
          settings: dict | None = None) -> None:
    """Run until SIGINT/SIGTERM. HostNeedsToken (nothing started) for a non-loopback host
    without a token."""
    import uvicorn

    from .app import Config, create_app

    if not is_loopback(host) and not token:
        raise HostNeedsToken(messages.WEB["host-needs-token"].format(host=host))
    app = create_app(Config(jobs_dir=jobs_dir, token=token, template_dir=template_dir,
                            settings=dict(settings or {})))
    shown = f"[{host}]" if ":" in host else host
    print(messages.WEB["serving"].format(url=f"http://{shown}:{port}/"), file=sys.stderr,
          flush=True)
    # -- behind a reverse proxy the client's address and scheme come in X-Forwarded-*,
    #    trusted from the proxy on this machine only (uvicorn's default) --
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True,
                    timeout_graceful_shutdown=GRACEFUL_SECONDS, access_log=False)
    finally:
        end_children()


def end_children() -> None:
    """Kill whatever a build still running on a worker thread had started: a cold build's
    LibreOffice (in a session of its own, so killed with its group) or a forked helper.
    The warm office is ended by the app's shutdown already; this is for the rest, so that
    a stopped server leaves no process behind (SPEC §11)."""
    import os
    import signal
    from pathlib import Path

    me = os.getpid()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid, parent, group = int(entry.name), int(fields[1]), int(fields[2])
        if parent != me:
            continue
        try:
            if group == pid:
                os.killpg(group, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
