"""The output folder as a transaction (SPEC §5, §9): staging, swap, removals, the lock."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from plan_model.errors import OutputError
from plan_model.output_folder import OutputTransaction


def _manifest(tx):
    """A manifest of the outputs, as the build's lists them (role, path, sha256)."""
    return lambda outputs: json.dumps({"outputs": [
        {"role": o.role, "path": o.path.relative_to(tx.folder).as_posix(), "sha256": o.sha256}
        for o in outputs]}).encode()


def _listing(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_commit_swaps_in_and_removes_what_the_last_manifest_listed(tmp_path):
    out = tmp_path / "out"
    with OutputTransaction(out, "build") as tx:
        tx.write("a", "a.docx", b"first a")
        tx.write("pdf", "a.pdf", b"first pdf")
        tx.write("in", "indata/old.xlsx", b"old input")
        tx.commit(_manifest(tx))
    (out / "mine.txt").write_text("the user's own file")
    with OutputTransaction(out, "build") as tx:
        tx.write("a", "a.docx", b"second a")
        tx.commit(_manifest(tx))
    # -- the PDF and the input the second run did not write are gone; the user's file stays --
    assert _listing(out) == ["a.docx", "manifest.json", "mine.txt"]
    assert (out / "a.docx").read_bytes() == b"second a"
    assert not (out / "indata").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # -- no staging, no lock --


def test_without_commit_the_folder_stays_as_it_was(tmp_path):
    out = tmp_path / "out"
    with OutputTransaction(out, "build") as tx:
        tx.write("a", "a.docx", b"first")
        tx.commit(_manifest(tx))
    before = {p: (out / p).read_bytes() for p in _listing(out)}
    with pytest.raises(RuntimeError):
        with OutputTransaction(out, "build") as tx:
            tx.write("a", "a.docx", b"second")
            raise RuntimeError("the build failed here")
    assert {p: (out / p).read_bytes() for p in _listing(out)} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_file_written_by_an_external_tool_joins_the_outputs(tmp_path):
    with OutputTransaction(tmp_path / "out", "build") as tx:
        tx.path("x.pdf").write_bytes(b"%PDF made elsewhere")
        added = tx.add("plan-pdf", "x.pdf")
        tx.commit(_manifest(tx))
    assert added.bytes == len(b"%PDF made elsewhere")
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["outputs"][0]["path"] == "x.pdf"


@pytest.mark.parametrize("relative", ["../escape.txt", "/abs.txt"])
def test_a_path_outside_the_folder_is_refused(tmp_path, relative):
    with OutputTransaction(tmp_path / "out", "build") as tx:
        with pytest.raises(ValueError):
            tx.write("x", relative, b"")


def test_a_path_under_a_file_is_exit_4_naming_the_folder(tmp_path):
    # -- tests run as root, whom chmod does not stop: a folder below a regular file can
    #    never be made, for anyone --
    blocker = tmp_path / "fil.txt"
    blocker.write_text("x")
    with pytest.raises(OutputError) as caught:
        with OutputTransaction(blocker / "out", "build"):
            pass
    assert caught.value.exit_code == 4
    assert str(blocker / "out") in str(caught.value)
    assert "en fil står där en mapp behövs" in str(caught.value)


def test_a_full_disk_during_the_swap_leaves_the_folder_as_before(tmp_path, monkeypatch):
    out = tmp_path / "out"
    with OutputTransaction(out, "build") as tx:
        tx.write("a", "a.docx", b"first a")
        tx.write("b", "b.docx", b"first b")
        tx.commit(_manifest(tx))
    before = {p: (out / p).read_bytes() for p in _listing(out)}
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 5:  # -- in the middle of moving the new files in --
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    with pytest.raises(OutputError, match="disken är full"):
        with OutputTransaction(out, "build") as tx:
            tx.write("a", "a.docx", b"second a")
            tx.write("b", "b.docx", b"second b")
            monkeypatch.setattr(os, "replace", failing_replace)
            tx.commit(_manifest(tx))
    monkeypatch.undo()
    assert {p: (out / p).read_bytes() for p in _listing(out)} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def _holder():
    """A live process of the test's own, standing for another run."""
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_a_second_run_waits_then_exit_4_naming_the_holder(tmp_path):
    out = tmp_path / "out"
    other = _holder()
    try:
        (tmp_path / ".out.lock").write_text(json.dumps(
            {"pid": other.pid, "process_start": None, "started": "2031-05-04T10:00:00+02:00",
             "command": "build"}))
        started = time.monotonic()
        with pytest.raises(OutputError) as caught:
            with OutputTransaction(out, "build", lock_wait=1.0):
                pass
        assert 1.0 <= time.monotonic() - started < 5
        assert caught.value.exit_code == 4
        assert f"process {other.pid}" in str(caught.value)
        assert "2031-05-04T10:00:00+02:00" in str(caught.value)
        assert not out.exists()
        assert (tmp_path / ".out.lock").exists()  # -- the holder's lock is not touched --
    finally:
        other.kill()
        other.wait()


def test_the_lock_of_a_dead_run_is_taken_over(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / f".out.staging-{dead.pid}-abc123"
    (left / "indata").mkdir(parents=True)
    (left / "indata" / "half.xlsx").write_bytes(b"half")
    lock = tmp_path / ".out.lock"
    lock.write_text(json.dumps({"pid": dead.pid, "started": "2031-05-04T10:00:00+02:00",
                                "command": "build"}))
    with OutputTransaction(tmp_path / "out", "build", lock_wait=0) as tx:
        assert json.loads(lock.read_text())["pid"] == os.getpid()
        tx.write("a", "a.docx", b"a")
        tx.commit(_manifest(tx))
    assert not lock.exists()
    assert _listing(tmp_path / "out") == ["a.docx", "manifest.json"]
    assert not left.exists()  # -- the dead run's staging folder went with its lock --


def test_a_run_that_waits_gets_the_folder_once_the_other_is_done(tmp_path):
    other = _holder()
    (tmp_path / ".out.lock").write_text(json.dumps({"pid": other.pid, "command": "build"}))
    other.kill()
    other.wait()
    with OutputTransaction(tmp_path / "out", "build", lock_wait=5) as tx:
        tx.commit(_manifest(tx))
    assert _listing(tmp_path / "out") == ["manifest.json"]


KILLED_MID_SWAP = """
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from plan_model import output_folder
from plan_model.output_folder import OutputTransaction
real, calls = os.replace, []
def replace(src, dst):
    calls.append(dst)
    if len(calls) == 5:  # -- a, b, manifest aside, the new a in: then the power goes --
        os.kill(os.getpid(), signal.SIGKILL)
    return real(src, dst)
with OutputTransaction(sys.argv[1], "build") as tx:
    tx.write("a", "a.docx", b"second a")
    tx.write("b", "b.docx", b"second b")
    output_folder.os.replace = replace
    tx.commit(lambda outputs: b'{"outputs": []}')
"""


def test_a_swap_killed_halfway_is_undone_by_the_next_run(tmp_path):
    from conftest import ROOT

    out = tmp_path / "out"
    with OutputTransaction(out, "build") as tx:
        tx.write("a", "a.docx", b"first a")
        tx.write("b", "b.docx", b"first b")
        tx.commit(_manifest(tx))
    before = {p: (out / p).read_bytes() for p in _listing(out)}
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_SWAP, str(out), str(ROOT)])
    assert killed.returncode == -9
    assert _listing(out) == ["a.docx"]  # -- a mix, for now: the new a.docx alone --
    assert (out / "a.docx").read_bytes() == b"second a"
    with OutputTransaction(out, "build", lock_wait=0):
        assert {p: (out / p).read_bytes() for p in _listing(out)} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_empty_lock_is_a_run_starting_unless_it_is_old(tmp_path):
    lock = tmp_path / ".out.lock"
    lock.write_text("")
    with pytest.raises(OutputError):
        with OutputTransaction(tmp_path / "out", "build", lock_wait=0.3):
            pass
    old = time.time() - 3600
    os.utime(lock, (old, old))
    with OutputTransaction(tmp_path / "out", "build", lock_wait=0):
        assert json.loads(lock.read_text())["pid"] == os.getpid()
    assert not lock.exists()
