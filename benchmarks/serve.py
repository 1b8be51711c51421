"""The web page's benchmark (issue 14): `benchmarks/run.py --serve`.

Measures, in one series on the bundled example:
- the cold CLI `generate.py build` (with PDFs), each run in a fresh process;
- the real server (`generate.py serve` on a free loopback port, its warm LibreOffice):
  `POST /api/build` with PDFs — the first (warm-up) and the following ones —, and
  `POST /api/check`;
- the server's memory over `--serve-builds` consecutive builds (default 50): the RSS of the
  server process and of the server with its LibreOffice, after the 5th build and the last;
- what right-sized icons save: the plan .docx rendered once with the fitted icons and once
  with the original files, each exported to PDF by the same warm LibreOffice, alternately.

Targets: the second build ≤ 0.5 × the cold CLI build; check ≤ 0.5 s; memory growth ≤ 10 %.
Not a test: timings depend on the machine.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023"
WORKBOOK = EXAMPLE / "handlingsplan.xlsx"


def post(url: str, fields: dict[str, str], data: bytes) -> tuple[int, dict, float]:
    boundary = "benchgrans"
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                    for k, v in fields.items())
    body += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
             f'filename="handlingsplan.xlsx"\r\n\r\n').encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, headers={
        "content-type": f"multipart/form-data; boundary={boundary}"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as answer:
        payload = json.loads(answer.read())
        return answer.status, payload, time.perf_counter() - start


def rss_kib(pids) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def tree(pid: int) -> list[int]:
    run = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True)
    children: dict[int, list[int]] = {}
    for line in run.stdout.splitlines():
        child, parent = map(int, line.split())
        children.setdefault(parent, []).append(child)
    found, todo = [pid], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cold_builds(runs: int, work: Path) -> list[float]:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "generate.py"), "build", str(EXAMPLE),
                        "--out", str(work / f"cold{run}")], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def start_server(work: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, str(ROOT / "generate.py"), "serve", "--port",
                                str(port), "--jobs-dir", str(work / "jobb")], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=5):
                return process, url
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)


def icon_exports(runs: int, work: Path) -> dict[str, list[float]]:
    """Plan-only PDF export of the example's plan .docx, fitted icons vs the originals."""
    sys.path.insert(0, str(ROOT))
    from plan_model.options import BuildOptions
    from plan_model.pipeline import check
    from plan_model.web.office import WarmOffice
    from plan_model.writers.plan import docx as plan_docx

    plan = check(EXAMPLE).plan
    fitted = plan_docx.write_plan_docx(plan, BuildOptions())
    original_fit = plan_docx.fit_file
    plan_docx.fit_file = lambda path, width_cm: Path(path).read_bytes()  # -- as before --
    try:
        original = plan_docx.write_plan_docx(plan, BuildOptions())
    finally:
        plan_docx.fit_file = original_fit
    files = {"fitted": work / "fitted.docx", "original": work / "original.docx"}
    files["fitted"].write_bytes(fitted)
    files["original"].write_bytes(original)
    office = WarmOffice()
    office.start()
    times: dict[str, list[float]] = {"fitted": [], "original": []}
    try:
        for run in range(runs + 1):
            for label, path in files.items():
                with office.session(BuildOptions()) as export:
                    start = time.perf_counter()
                    export.submit([(path, True)])
                    export.result(0)
                    if run:  # -- the first round warms LibreOffice's caches --
                        times[label].append(time.perf_counter() - start)
    finally:
        office.close()
    times["sizes"] = [len(fitted), len(original)]
    return times


def main(runs: int, builds: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="handlingsplan-bench-serve-") as folder:
        work = Path(folder)
        result: dict = {"cold_build": cold_builds(runs, work)}
        result["icons"] = icon_exports(runs, work)
        process, url = start_server(work)
        data = WORKBOOK.read_bytes()
        try:
            builds_s, memory = [], {}
            for number in range(1, builds + 1):
                status, body, seconds = post(url + "/api/build", {"pdf": "1"}, data)
                if status != 200 or not body["ok"]:
                    raise SystemExit(f"build {number} failed: {body}")
                builds_s.append(seconds)
                if number in (5, builds):
                    memory[number] = {"server_kib": rss_kib([process.pid]),
                                      "with_office_kib": rss_kib(tree(process.pid))}
            checks = [post(url + "/api/check", {}, data)[2] for _ in range(max(runs, 5))]
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(30)
        result.update(api_builds=builds_s, api_checks=checks, memory=memory)
    return result


def report(result: dict) -> None:
    cold = statistics.median(result["cold_build"])
    warm = statistics.median(result["api_builds"][1:]) if len(result["api_builds"]) > 1 else float("nan")
    check = statistics.median(result["api_checks"])
    print(f"cold CLI build (with PDF), median of {len(result['cold_build'])}: {cold:.2f} s")
    print(f"POST /api/build (with PDF): first {result['api_builds'][0]:.2f} s, "
          f"then median {warm:.2f} s (min {min(result['api_builds'][1:] or [0]):.2f}) "
          f"= {warm / cold:.2f} × cold  [target ≤ 0.5]")
    print(f"POST /api/check, median of {len(result['api_checks'])}: {check:.3f} s  [target ≤ 0.5 s]")
    memory = result["memory"]
    first, last = min(memory), max(memory)
    for key, label in (("server_kib", "server"), ("with_office_kib", "server + LibreOffice")):
        a, b = memory[first][key], memory[last][key]
        print(f"memory, {label}: after build {first} {a / 1024:.0f} MiB, after build {last} "
              f"{b / 1024:.0f} MiB ({(b - a) / a * 100:+.1f} %)  [target ≤ +10 %]")
    icons = result["icons"]
    fitted, original = statistics.median(icons["fitted"]), statistics.median(icons["original"])
    print(f"plan-only PDF export, warm LibreOffice: right-sized icons {fitted:.2f} s, original "
          f"icons {original:.2f} s; plan .docx {icons['sizes'][0] // 1024} KiB vs "
          f"{icons['sizes'][1] // 1024} KiB")


if __name__ == "__main__":
    outcome = main(int(os.environ.get("RUNS", "3")), int(os.environ.get("BUILDS", "50")))
    report(outcome)
