"""How fast the plan is built and how the cost grows with its size (SPEC §8, issue 8).

    .venv/bin/python benchmarks/run.py [--runs 3] [--cases example,1k,10k] [--pdf-10k]
    .venv/bin/python benchmarks/run.py --serve [--runs 3] [--serve-builds 50]

Generates the inputs in a temporary folder — the bundled example (inputs/2023), a 69-action /
1,000-activity plan and a 200-action / 10,000-activity plan — and runs `generate.py check`,
`build --no-pdf` and `build` on each, then `followup --no-pdf` and `followup` (issue 13),
every run in a fresh process. It then times a bare
`soffice --headless --convert-to pdf` of the .docx files the build wrote: the floor that the
conversion sets for a full build. For the follow-up it also times the pipeline's own PDF
route alone on the report's .docx (office_route.py: LibreOffice through UNO with the TOC
update, then the PDF/A post-processing and check), the floor no Python work goes below. Prints one table: median, min and max wall time and the
peak memory (max RSS) of the run, and the growth from 1,000 to 10,000 activities.

Each run goes through a tiny wrapper process that starts the command, waits, and reports
`getrusage(RUSAGE_CHILDREN).ru_maxrss`: in a fresh wrapper that is the peak of that one child
alone (children of our own process would all be lumped together). It is the largest single
process of the run, and that includes LibreOffice's soffice.bin: its launcher (oosplash)
waits for it, so its peak is counted too. The bare conversion gets its own fresh user profile
each time, as a build does (two builds must not share one).

The full build of the 10,000-activity plan is skipped unless --pdf-10k is given: LibreOffice
lays out a ~500-page annex table, which takes minutes (see docs/PERFORMANCE.md).

Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_synthetic import write_synthetic  # noqa: E402

GENERATE = ROOT / "generate.py"
EXAMPLE = ROOT / "inputs" / "2023"
CASES = {"example": None, "1k": (69, 1_000), "10k": (200, 10_000)}

# -- the wrapper: run argv, print wall seconds and the child's peak RSS (KiB on Linux) --
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "wall": wall, "peak_kib": peak}))
"""


def measure(argv: list[str]) -> dict:
    """One run of argv in a fresh wrapper process."""
    completed = subprocess.run([sys.executable, "-c", WRAPPER, *argv], capture_output=True,
                               text=True, check=True, cwd=ROOT)
    result = json.loads(completed.stdout)
    if result["code"] != 0:
        raise SystemExit(f"exit {result['code']}: {' '.join(argv)}")
    return result


def prepare(case: str, folder: Path) -> Path:
    if case == "example":
        return Path(shutil.copytree(EXAMPLE, folder / "example"))
    actions, activities = CASES[case]
    return write_synthetic(folder / case, actions, activities)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SystemExit("soffice saknas: installera LibreOffice (setup.sh)")
    return found


def bare_conversion(docx_files: list[Path], work: Path, run: int) -> list[str]:
    """`soffice --headless --convert-to pdf` of both .docx files, fresh private profile."""
    profile = (work / f"bare-profile-{run}").as_uri()
    return [soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
            "--outdir", str(work / f"bare-out-{run}"), *map(str, docx_files)]


def summary(label: str, results: list[dict]) -> dict:
    walls = [r["wall"] for r in results]
    return {"label": label, "runs": len(results), "median": statistics.median(walls),
            "min": min(walls), "max": max(walls),
            "peak_mib": max(r["peak_kib"] for r in results) / 1024}


def timed(case: str, label: str, runs: int, argv) -> dict:
    """One row: `runs` runs of argv(run) (the run's number gives a fresh profile where one
    is needed), each in a fresh wrapper process."""
    print(f"  {case}: {label} ×{runs}", file=sys.stderr, flush=True)
    return summary(label, [measure(argv(run)) for run in range(runs)])


def run_case(case: str, runs: int, with_pdf: bool, work: Path) -> list[dict]:
    input_dir = prepare(case, work / "inputs")
    python = [sys.executable, str(GENERATE)]
    commands = [("check", ["check", str(input_dir)]),
                ("build --no-pdf", ["build", str(input_dir), "--no-pdf", "--out", str(work / "np")])]
    if with_pdf:
        commands.append(("build", ["build", str(input_dir), "--out", str(work / "full")]))
    rows = [timed(case, label, runs, lambda run, args=args: python + args)
            for label, args in commands]
    if with_pdf:
        docx = sorted((work / "full").glob("*.docx"))
        rows.append(timed(case, "bare soffice → pdf", runs,
                          lambda run: bare_conversion(docx, work, run)))
        rows[-2]["ratio"] = rows[-2]["median"] / rows[-1]["median"]
    rows += followup_rows(case, input_dir, runs, with_pdf, work, python)
    for row in rows:
        row["case"] = case
    return rows


def followup_rows(case: str, input_dir: Path, runs: int, with_pdf: bool, work: Path,
                  python: list[str]) -> list[dict]:
    """`followup --no-pdf` and `followup` (issue 13), the bare conversion of the report's
    .docx (as the plan's is build's), and the follow-up's own PDF route alone on it
    (office_route.py): the floor under `followup`."""
    commands = [("followup --no-pdf", ["followup", str(input_dir), "--no-pdf", "--out",
                                       str(work / "fnp")])]
    if with_pdf:
        commands.append(("followup", ["followup", str(input_dir), "--out", str(work / "ffull")]))
    rows = [timed(case, label, runs, lambda run, args=args: python + args)
            for label, args in commands]
    if with_pdf:
        docx = sorted((work / "ffull").glob("*.docx"))
        rows.append(timed(case, "bare soffice → pdf (f)", runs,
                          lambda run: bare_conversion(docx, work, 100 + run)))
        rows[-2]["ratio"] = rows[-2]["median"] / rows[-1]["median"]
        route = [python[0], str(ROOT / "benchmarks" / "office_route.py"), str(docx[0]),
                 str(work / "route.pdf")]
        rows.append(timed(case, "PDF route alone (f)", runs, lambda run: route))
        rows[-1]["ratio"] = rows[-1]["median"] / rows[-2]["median"]
    return rows


def print_table(rows: list[dict]) -> None:
    print(f"{'case':<8} {'command':<24} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7} "
          f"{'peak MiB':>9} {'× bare':>7}")
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else ""
        print(f"{r['case']:<8} {r['label']:<24} {r['runs']:>4} {r['median']:>9.2f} {r['min']:>7.2f} "
              f"{r['max']:>7.2f} {r['peak_mib']:>9.0f} {ratio:>7}")
    by_key = {(r["case"], r["label"]): r["median"] for r in rows}
    for label in ("check", "build --no-pdf", "build", "followup --no-pdf", "followup"):
        small, large = by_key.get(("1k", label)), by_key.get(("10k", label))
        if small and large:
            print(f"growth 1,000 → 10,000 activities, {label}: {large / small:.1f}×")
    for case in ("example", "1k", "10k"):
        build, report = by_key.get((case, "build --no-pdf")), by_key.get((case, "followup --no-pdf"))
        if build and report:
            print(f"{case}: followup --no-pdf / build --no-pdf = {report / build:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument("--cases", default="example,1k,10k",
                        help="comma-separated: example, 1k, 10k (default all)")
    parser.add_argument("--pdf-10k", action="store_true",
                        help="also the full build (with PDFs) of the 10,000-activity plan: minutes")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--serve", action="store_true",
                        help="the web page instead (benchmarks/serve.py): warm builds, check, memory")
    parser.add_argument("--serve-builds", type=int, default=50,
                        help="consecutive builds for the server's memory (default 50)")
    args = parser.parse_args()
    if args.serve:
        import serve

        outcome = serve.main(args.runs, args.serve_builds)
        serve.report(outcome)
        if args.json:
            args.json.write_text(json.dumps(outcome, indent=1), "utf-8")
        return
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    rows = []
    for case in cases:
        with tempfile.TemporaryDirectory(prefix=f"handlingsplan-bench-{case}-") as work:
            rows += run_case(case, args.runs, case != "10k" or args.pdf_10k, Path(work))
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), "utf-8")


if __name__ == "__main__":
    main()
