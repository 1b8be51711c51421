"""SPEC §9 faults and interrupts, end to end through generate.py: the exit code, the one
Swedish line, the output folder's contents (manifest hashes equal the files) and no process
or temporary folder left behind (counted before and after; only what the test started)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builders import write_solvik
from conftest import ROOT

GENERATE = ROOT / "generate.py"


def run(*args, env=None, tmpdir=None, timeout=600):
    environment = dict(os.environ, **(env or {}))
    environment.pop("SOURCE_DATE_EPOCH", None)
    if tmpdir is not None:
        environment["TMPDIR"] = str(tmpdir)
    return subprocess.run([sys.executable, str(GENERATE), *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env=environment, timeout=timeout)


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_manifest_matches(folder: Path, ignore=frozenset()) -> dict:
    """manifest.json lists exactly the files there (beside itself and the user's own
    `ignore`), each with its hash."""
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    listed = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    on_disk = {path: hashlib.sha256(data).hexdigest()
               for path, data in folder_state(folder).items()
               if path != "manifest.json" and path not in ignore}
    assert on_disk == listed
    return manifest


def assert_nothing_beside(out: Path) -> None:
    """No staging folder and no lock left beside the output folder."""
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")) == []


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("FEL")]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# ------------------------------------------------------------------------------------------
# -- processes: the test's own children and their descendants, from /proc --


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None


def descendants(root: int) -> dict[int, str]:
    """pid → start time of every process below `root`."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            children.setdefault(int(stat[1]), []).append(int(entry.name))
    found, todo = {}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if (stat := _stat(child)) is not None:
                found[child] = stat[19]
                todo.append(child)
    return found


def still_running(processes: dict[int, str]) -> list[str]:
    """Those of `processes` that run yet (a zombie has ended; a reused pid is another)."""
    alive = []
    for pid, started in processes.items():
        stat = _stat(pid)
        if stat is not None and stat[19] == started and stat[0] != "Z":
            alive.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
    return alive


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def solvik_input(tmp_path_factory) -> Path:
    return write_solvik(tmp_path_factory.mktemp("faults") / "solvik")


@pytest.fixture(scope="module")
def earlier_build(solvik_input, tmp_path_factory) -> Path:
    """A finished build with PDFs: the folder as it was before the run under test."""
    out = tmp_path_factory.mktemp("earlier") / "out"
    completed = run("build", solvik_input, "--out", out)
    assert completed.returncode == 0, completed.stderr
    return out


def _copy_of(earlier: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    return out, folder_state(out)


# ------------------------------------------------------------------------------------------
# -- interrupts during the LibreOffice step --

EXPECTED_CODES = {signal.SIGINT: (130,), signal.SIGTERM: (143,), signal.SIGHUP: (129, 143)}


@pytest.mark.office
@pytest.mark.parametrize("signum", list(EXPECTED_CODES), ids=lambda s: s.name)
def test_interrupt_during_libreoffice(signum, solvik_input, earlier_build, tmp_path):
    out, before = _copy_of(earlier_build, tmp_path)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    environment = dict(os.environ, TMPDIR=str(tmpdir))
    environment.pop("SOURCE_DATE_EPOCH", None)
    process = subprocess.Popen([sys.executable, str(GENERATE), "build", str(solvik_input),
                                "--out", str(out)], cwd=ROOT, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        # -- in the PDF step: the .docx files are staged and LibreOffice runs --
        while time.monotonic() < deadline:
            staged = list(tmp_path.glob(".out.staging-*/*.docx"))
            running = descendants(process.pid)
            if len(staged) >= 2 and any("soffice" in command_line(p) for p in running):
                break
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        else:
            pytest.fail("the build never reached its LibreOffice step")
        time.sleep(0.3)
        running = descendants(process.pid)
        assert any("soffice" in command_line(p) for p in running)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode in EXPECTED_CODES[signum], stderr
    assert "Avbrutet" in one_line(stderr)
    ended_by = time.monotonic() + 5
    while still_running(running) and time.monotonic() < ended_by:
        time.sleep(0.1)
    assert still_running(running) == []
    assert list(tmpdir.iterdir()) == []
    assert_nothing_beside(out)
    assert folder_state(out) == before
    assert_manifest_matches(out)


# ------------------------------------------------------------------------------------------
# -- LibreOffice fails: the earlier build's PDFs go, the manifest lists what is there --

SILENT_SOFFICE = "#!/bin/sh\nexit 0\n"


@pytest.mark.office
def test_failed_pdf_step_leaves_no_earlier_pdf(solvik_input, earlier_build, tmp_path):
    out, before = _copy_of(earlier_build, tmp_path)
    assert {"handlingsplan-2031.pdf", "bilaga1-aktivitetslista-2031.pdf"} <= before.keys()
    fake = tmp_path / "soffice"
    fake.write_text(SILENT_SOFFICE)
    fake.chmod(0o755)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    completed = run("build", solvik_input, "--out", out, tmpdir=tmpdir,
                    env={"HANDLINGSPLAN_SOFFICE": str(fake), "HANDLINGSPLAN_UNO_PYTHON": "none"})
    assert completed.returncode == 3, completed.stderr
    assert "LibreOffice" in one_line(completed.stderr)
    assert list(out.glob("*.pdf")) == []
    manifest = assert_manifest_matches(out)
    assert {o["role"] for o in manifest["outputs"]} == {"plan-docx", "annex-docx", "annex-xlsx",
                                                        "input-xlsx", "input-icon", "plan-html",
                                                        "opendata-csv", "opendata-json", "dcat"}
    assert list(tmpdir.iterdir()) == []
    assert_nothing_beside(out)


def test_external_tool_failure_in_json_is_one_finding(solvik_input, tmp_path):
    completed = run("build", solvik_input, "--out", tmp_path / "out", "--format", "json",
                    env={"HANDLINGSPLAN_SOFFICE": str(tmp_path / "finns-inte")})
    assert completed.returncode == 3, completed.stderr
    findings = json.loads(completed.stdout)
    assert [f["code"] for f in findings] == ["external-tool-failed"]
    assert "apt-get install" in findings[0]["message"]


# ------------------------------------------------------------------------------------------
# -- a rebuild shows one build: files the last manifest listed and this one did not write --


def test_rebuild_from_another_input_removes_the_old_inputs(tmp_path):
    first = write_solvik(tmp_path / "a")
    (first / "aktiviteter").mkdir()
    shutil.copyfile(first / "handlingsplan.xlsx", first / "aktiviteter" / "extra.xlsx")
    out = tmp_path / "out"
    assert run("build", first, "--out", out, "--no-pdf").returncode == 0
    second = write_solvik(tmp_path / "b")
    (out / "anteckningar.txt").write_text("the strategist's own notes")
    completed = run("build", second, "--out", out, "--no-pdf")
    assert completed.returncode == 0, completed.stderr
    assert not (out / "indata" / "aktiviteter").exists()
    assert (out / "anteckningar.txt").read_text() == "the strategist's own notes"
    manifest = assert_manifest_matches(out, ignore={"anteckningar.txt"})
    assert "indata/aktiviteter/extra.xlsx" not in {o["path"] for o in manifest["outputs"]}
    assert_nothing_beside(out)


# ------------------------------------------------------------------------------------------
# -- exit 4: outputs that cannot be written, every command naming its folder --


@pytest.fixture
def blocker(tmp_path) -> Path:
    """A regular file: no folder below it can be made, also not by root (whom a read-only
    chmod does not stop; the tests run as root)."""
    path = tmp_path / "en-fil.txt"
    path.write_text("x")
    return path


def test_build_into_an_unwritable_folder_is_exit_4(solvik_input, blocker, tmp_path):
    out = blocker / "ut"
    completed = run("build", solvik_input, "--out", out, "--no-pdf", tmpdir=None)
    assert completed.returncode == 4, completed.stderr
    assert str(out) in one_line(completed.stderr)
    assert blocker.read_text() == "x"


def test_build_into_proc_is_exit_4(solvik_input):
    completed = run("build", solvik_input, "--out", "/proc/handlingsplan-ut", "--no-pdf")
    assert completed.returncode == 4, completed.stderr
    assert "/proc/handlingsplan-ut" in one_line(completed.stderr)


def test_init_into_an_unwritable_folder_is_exit_4(blocker):
    completed = run("init", "--year", 2032, "--out", blocker / "2032")
    assert completed.returncode == 4, completed.stderr
    assert str(blocker / "2032") in one_line(completed.stderr)


def test_diff_report_into_an_unwritable_folder_is_exit_4(solvik_input, blocker):
    completed = run("diff", solvik_input, solvik_input, "--out", blocker / "rapport.md")
    assert completed.returncode == 4, completed.stderr
    assert str(blocker) in one_line(completed.stderr)


@pytest.mark.office
def test_archive_into_an_unwritable_folder_is_exit_4(earlier_build, tmp_path):
    # -- archive writes arkiv/ inside the build folder: a file of that name blocks it --
    build_dir, _ = _copy_of(earlier_build, tmp_path)
    (build_dir / "arkiv").write_text("x")
    completed = run("archive", build_dir)
    assert completed.returncode == 4, completed.stderr
    assert str(build_dir / "arkiv") in one_line(completed.stderr)


def test_locked_folder_is_exit_4_naming_the_other_run(solvik_input, tmp_path):
    out = tmp_path / "out"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / ".out.lock").write_text(json.dumps(
            {"pid": other.pid, "started": "2031-05-04T10:00:00+02:00", "command": "build"}))
        started = time.monotonic()
        completed = run("build", solvik_input, "--out", out, "--no-pdf",
                        env={"HANDLINGSPLAN_LOCK_WAIT": "1"})
        assert time.monotonic() - started >= 1
    finally:
        other.kill()
        other.wait()
    assert completed.returncode == 4, completed.stderr
    line = one_line(completed.stderr)
    assert f"process {other.pid}" in line and "2031-05-04T10:00:00+02:00" in line
    assert not out.exists()


def test_unwritable_in_json_is_one_finding_naming_the_folder(solvik_input, blocker):
    completed = run("build", solvik_input, "--out", blocker / "ut", "--no-pdf", "--format", "json")
    assert completed.returncode == 4
    findings = json.loads(completed.stdout)
    assert [(f["code"], f["file"]) for f in findings] == [("output-unwritable", str(blocker / "ut"))]


# ------------------------------------------------------------------------------------------
# -- interrupts at the other steps --


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory) -> Path:
    """Solvik with 6,000 activities: reading and rendering take seconds, time to interrupt."""
    from builders import solvik_sheets

    folder = tmp_path_factory.mktemp("long") / "in"
    sheets = solvik_sheets()
    header, *rows = sheets["Aktiviteter"]
    sheets["Aktiviteter"] = [header] + [
        [row[0], row[1], row[2], f"{row[3]} ({index})", *row[4:]]
        for index in range(1200) for row in rows]
    return write_solvik(folder, sheets)


@pytest.mark.parametrize("signum", list(EXPECTED_CODES), ids=lambda s: s.name)
def test_interrupt_while_rendering_beside_a_forked_child(tmp_path, signum, long_plan):
    source = long_plan
    out = tmp_path / "out"
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    environment = dict(os.environ, TMPDIR=str(tmpdir))
    command = [sys.executable, str(GENERATE), "build", str(source), "--out", str(out), "--no-pdf"]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            running = descendants(process.pid)
            # -- the annex .xlsx is rendered in a forked child: same command line as its parent --
            if any(command_line(pid).split() == [str(c) for c in command] for pid in running):
                break
            assert process.poll() is None, process.communicate()
            time.sleep(0.02)
        else:
            pytest.fail("the build never forked its rendering child")
        running = descendants(process.pid)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode in EXPECTED_CODES[signum], stderr
    assert f"Avbrutet ({signum.name})" in one_line(stderr)
    assert still_running(running) == []
    assert not out.exists()
    assert_nothing_beside(out)
    assert list(tmpdir.iterdir()) == []


# -- a build whose third rename of the swap sends the process SIGTERM; run as a process of
#    its own, so that the signal is the command's as a user's would be --
SWAP_SIGNAL_DRIVER = """
import os, signal, sys
from plan_model.cli import main

real_replace, calls = os.replace, []

def replace_then_signal(src, dst):
    calls.append(dst)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGTERM)
    return real_replace(src, dst)

os.replace = replace_then_signal
code = main(sys.argv[1:])
print(f"renames={len(calls)}", file=sys.stderr)
sys.exit(code)
"""


def test_a_signal_during_the_swap_waits_until_the_build_is_whole(solvik_input, tmp_path):
    """The swap is a handful of renames with the signals held back: an interrupt there ends
    the run with 143 after the swap, and the folder is the finished build."""
    from builders import solvik_sheets

    out = tmp_path / "out"
    assert run("build", solvik_input, "--no-pdf", "--out", out).returncode == 0
    sheets = solvik_sheets()
    sheets["Aktiviteter"][1][3] = "Bygg 40 laddstolpar"
    second = write_solvik(tmp_path / "second", sheets)
    completed = subprocess.run(
        [sys.executable, "-c", SWAP_SIGNAL_DRIVER, "build", str(second), "--no-pdf",
         "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 143, completed.stderr
    renames = int(completed.stderr.rsplit("renames=", 1)[1])
    assert renames > 3  # -- the swap went on after the signal --
    assert "Avbrutet (SIGTERM)" in completed.stderr
    manifest = assert_manifest_matches(out)
    # -- the finished second build, whole: its workbook is the one kept and listed --
    workbook = (second / "handlingsplan.xlsx").read_bytes()
    assert (out / "indata" / "handlingsplan.xlsx").read_bytes() == workbook
    assert manifest["inputs"][0]["sha256"] == hashlib.sha256(workbook).hexdigest()
    assert_nothing_beside(out)


# ------------------------------------------------------------------------------------------
# -- every input that shaped the outputs is kept: the workbooks and the icons actually used --


def test_the_icons_used_are_kept_in_indata_and_listed_as_inputs(tmp_path):
    from builders import write_icon

    source = write_solvik(tmp_path / "in")
    write_icon(source / "ikoner" / "oanvand.png")  # -- in the folder, used by no element --
    out = tmp_path / "out"
    completed = run("build", source, "--out", out, "--no-pdf")
    assert completed.returncode == 0, completed.stderr
    manifest = assert_manifest_matches(out)
    used = ["gator.png", "luft.png", "samarbete.png", "utslapp.png"]
    assert manifest["inputs"] == [
        {"path": "handlingsplan.xlsx",
         "sha256": hashlib.sha256((source / "handlingsplan.xlsx").read_bytes()).hexdigest()}] + [
        {"path": f"ikoner/{name}",
         "sha256": hashlib.sha256((source / "ikoner" / name).read_bytes()).hexdigest()}
        for name in used]
    assert sorted(p.name for p in (out / "indata" / "ikoner").iterdir()) == used
    for name in used:
        assert (out / "indata" / "ikoner" / name).read_bytes() == (source / "ikoner" / name).read_bytes()
    roles = {o["path"]: o["role"] for o in manifest["outputs"]}
    assert roles["indata/ikoner/luft.png"] == "input-icon"
    assert roles["indata/handlingsplan.xlsx"] == "input-xlsx"


@pytest.mark.office
def test_two_builds_into_one_folder_take_turns(solvik_input, tmp_path):
    """The second waits for the first's lock (then builds, or says who holds it): neither
    blames LibreOffice, and the folder is one whole build."""
    out = tmp_path / "out"
    environment = dict(os.environ, HANDLINGSPLAN_LOCK_WAIT="120")
    environment.pop("SOURCE_DATE_EPOCH", None)
    runs = [subprocess.Popen([sys.executable, str(GENERATE), "build", str(solvik_input),
                              "--out", str(out)], cwd=ROOT, env=environment,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(run.wait(timeout=600), run.communicate()[1]) for run in runs]
    assert [code for code, _ in results] == [0, 0], results
    manifest = assert_manifest_matches(out)
    assert {"plan-pdf", "annex-pdf"} <= {o["role"] for o in manifest["outputs"]}
    assert_nothing_beside(out)


def test_a_full_disk_is_exit_4_and_the_folder_stays_as_it_was(solvik_input, tmp_path,
                                                              monkeypatch, capsys):
    from plan_model.cli import main

    out = tmp_path / "out"
    assert main(["build", str(solvik_input), "--no-pdf", "--out", str(out)]) == 0
    before = folder_state(out)
    real_write = Path.write_bytes
    written = []

    def disk_fills_up(self, data):
        if ".staging-" in str(self):
            written.append(self.name)
            if len(written) == 3:
                raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", disk_fills_up)
    capsys.readouterr()
    assert main(["build", str(solvik_input), "--no-pdf", "--out", str(out)]) == 4
    monkeypatch.undo()
    line = one_line(capsys.readouterr().err)
    assert str(out) in line and "disken är full" in line
    assert folder_state(out) == before
    assert_nothing_beside(out)


def test_archive_waits_for_a_build_holding_the_folder(tmp_path):
    """archive reads a build whole: while another run holds the folder it says so (exit 4)
    instead of packaging files that change under it."""
    build_dir = tmp_path / "bygge"
    build_dir.mkdir()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / ".bygge.lock").write_text(json.dumps(
            {"pid": other.pid, "started": "2031-05-04T10:00:00+02:00", "command": "build"}))
        completed = run("archive", build_dir, env={"HANDLINGSPLAN_LOCK_WAIT": "0.5"})
    finally:
        other.kill()
        other.wait()
    assert completed.returncode == 4, completed.stderr
    assert f"process {other.pid}" in one_line(completed.stderr)
