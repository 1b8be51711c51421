"""The real server: started as a user starts it, answering, and stopping on SIGTERM within
5 s with no LibreOffice or other child left (SPEC §11)."""
from __future__ import annotations

import json
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from server_tools import alive, descendants, running_server
from web_tools import EXAMPLE

pytestmark = pytest.mark.office


def _post_file(url: str, data: bytes, fields: dict[str, str]) -> tuple[int, dict]:
    boundary = "grans"
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                    for k, v in fields.items())
    body += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
             f'filename="handlingsplan.xlsx"\r\n\r\n').encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, headers={
        "content-type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _office_running(pids) -> bool:
    names = []
    for pid in alive(pids):
        try:
            names.append(Path(f"/proc/{pid}/comm").read_text().strip())
        except OSError:
            pass
    return any(n.startswith(("soffice", "oosplash")) for n in names)


def test_sigterm_stops_the_server_within_5_s_leaving_no_libreoffice(tmp_path):
    with running_server(tmp_path / "jobb") as (url, process):
        tree = descendants(process.pid)
        # -- the warm LibreOffice is running below the server --
        names = [Path(f"/proc/{p}/comm").read_text().strip() for p in alive(tree)]
        assert any(n.startswith("soffice") for n in names), names
        status, body = _post_file(url + "/api/build", (EXAMPLE / "handlingsplan.xlsx").read_bytes(),
                                  {"pdf": "1"})
        assert status == 200 and {"plan-pdf", "annex-pdf"} <= {o["role"] for o in body["outputs"]}
        tree = descendants(process.pid)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(10)
        assert time.monotonic() - started < 5
        deadline = time.monotonic() + 2
        while alive(tree) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert alive(tree) == []


@pytest.mark.parametrize("office", ["warm", "cold"])
def test_sigterm_during_a_build_still_stops_within_5_s(tmp_path, office):
    """Also with no warm office (no Python with `uno`): then each build starts its own
    LibreOffice, in a session of its own, which the stopping server must end too."""
    import threading

    env = {"HANDLINGSPLAN_UNO_PYTHON": "none"} if office == "cold" else {}
    with running_server(tmp_path / "jobb", env=env) as (url, process):
        answers = []

        def build():
            try:
                answers.append(_post_file(url + "/api/build",
                                          (EXAMPLE / "handlingsplan.xlsx").read_bytes(), {"pdf": "1"}))
            except (OSError, ValueError) as error:  # -- the server went away mid-build --
                answers.append(error)
        worker = threading.Thread(target=build, daemon=True)
        worker.start()
        # -- until the build's LibreOffice runs (the warm one runs from the start) --
        deadline = time.monotonic() + 60
        while not _office_running(descendants(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        if office == "warm":
            time.sleep(1.0)
        tree = descendants(process.pid)
        assert _office_running(tree)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(10)
        assert time.monotonic() - started < 5
        deadline = time.monotonic() + 2
        while alive(descendants(process.pid) + tree) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert alive(tree) == []
        worker.join(10)
        assert answers, "the request was answered or cut off"
