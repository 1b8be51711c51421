"""The warm LibreOffice (SPEC §11): one office between builds, the same PDF bytes as a cold
build, restarted when it dies or hangs, and nothing left once closed."""
from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from plan_model import pipeline
from plan_model.errors import ExternalToolError
from plan_model.options import BuildOptions
from plan_model.web.office import WarmOffice
from web_tools import EXAMPLE

pytestmark = pytest.mark.office


def group_members(pgid: int, wait: float = 5.0) -> list[int]:
    """The live processes of a group; killed ones may take a moment to be reaped."""
    deadline = time.monotonic() + wait
    while True:
        run = subprocess.run(["ps", "-o", "pid=,stat=", "-g", str(pgid)], capture_output=True,
                             text=True)
        alive = [int(line.split()[0]) for line in run.stdout.splitlines()
                 if line.split() and not line.split()[1].startswith("Z")]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


@pytest.fixture
def office():
    warm = WarmOffice()
    warm.start()
    yield warm
    pgid = warm.process.pid if warm.process else None
    warm.close()
    if pgid is not None:
        assert group_members(pgid) == []


def _build(tmp_path, name, **options):
    return pipeline.build(EXAMPLE, BuildOptions(out_dir=tmp_path / name, source_date_epoch=0,
                                                **options))


def _pdfs(result) -> dict[str, bytes]:
    return {o.role: o.path.read_bytes() for o in result.outputs if o.role.endswith("-pdf")}


def test_warm_builds_give_the_cold_builds_bytes_and_keep_one_office(tmp_path, office):
    pid = office.process.pid
    first = _build(tmp_path, "warm1", office=office)
    second = _build(tmp_path, "warm2", office=office)
    cold = _build(tmp_path, "cold")
    assert office.process.pid == pid and office.starts == 1
    assert set(_pdfs(first)) == {"plan-pdf", "annex-pdf"}
    assert _pdfs(first) == _pdfs(second) == _pdfs(cold)
    plan_docx = [next(o.path.read_bytes() for o in r.outputs if o.role == "plan-docx")
                 for r in (first, cold)]
    assert plan_docx[0] == plan_docx[1]  # -- the TOC numbers written back alike --


def test_a_dead_office_is_started_again_for_the_next_build(tmp_path, office):
    old_group = office.process.pid
    os.killpg(old_group, signal.SIGKILL)
    office.process.wait(10)
    result = _build(tmp_path, "after", office=office)
    assert set(_pdfs(result)) == {"plan-pdf", "annex-pdf"}
    assert office.starts == 2 and group_members(old_group) == []


def test_a_hung_office_fails_that_build_in_its_time_limit_and_is_replaced(tmp_path, office):
    hung_group = office.process.pid
    os.killpg(hung_group, signal.SIGSTOP)
    started = time.monotonic()
    with pytest.raises(ExternalToolError):
        _build(tmp_path, "hung", office=office, pdf_timeout=3)
    assert time.monotonic() - started < 30
    assert group_members(hung_group) == []
    # -- the .docx files are there (SPEC §2: what needs no LibreOffice is written) --
    assert (tmp_path / "hung" / "handlingsplan-2023.docx").is_file()
    result = _build(tmp_path, "next", office=office)
    assert set(_pdfs(result)) == {"plan-pdf", "annex-pdf"}


def test_builds_are_queued_one_at_a_time(tmp_path, office):
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda n: _build(tmp_path, f"q{n}", office=office), range(3)))
    pdfs = [_pdfs(r) for r in results]
    assert pdfs[0] == pdfs[1] == pdfs[2] and office.starts == 1


def test_the_office_is_replaced_after_many_exports_with_no_build_waiting(monkeypatch, office):
    from plan_model.web import office as office_module

    monkeypatch.setattr(office_module, "RECYCLE_AFTER", 2)
    old_group = office.process.pid
    for _ in range(2):
        with office.session(BuildOptions()):
            pass
    deadline = time.monotonic() + 60
    while office.starts < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    with office.session(BuildOptions()):  # -- waits for the new one to be ready --
        assert office.starts == 2 and office.alive and office.process.pid != old_group
    assert group_members(old_group) == []
