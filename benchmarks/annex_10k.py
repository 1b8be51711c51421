"""Time reading/checking a 200-action / 10,000-activity input and writing both Bilaga 1 files.

    .venv/bin/python benchmarks/annex_10k.py [--actions 200] [--activities 10000] [--keep DIR]

Prints seconds per step, in one process. Not a test: timings depend on the machine; the
benchmark of whole commands, each in a fresh process, is benchmarks/run.py.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_synthetic import write_synthetic  # noqa: E402
from plan_model.errors import InputError  # noqa: E402
from plan_model.options import BuildOptions  # noqa: E402
from plan_model.pipeline import check  # noqa: E402
from plan_model.writers.annex.docx import write_annex_docx  # noqa: E402
from plan_model.writers.annex.xlsx import write_annex_xlsx  # noqa: E402


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<28} {time.perf_counter() - start:7.2f} s", flush=True)
    return result


def run(folder: Path, actions: int, activities: int) -> None:
    timed(f"write input ({activities} act.)", lambda: write_synthetic(folder, actions, activities))
    try:
        result = timed("check (read + validate)", lambda: check(folder))
    except InputError as error:  # -- check raises on errors (one protocol, pipeline.py) --
        raise SystemExit("\n".join(f.line() for f in error.findings if f.is_error)) from None
    options = BuildOptions(out_dir=folder / "out")
    docx = timed("annex .docx", lambda: write_annex_docx(result.plan, options))
    xlsx = timed("annex .xlsx", lambda: write_annex_xlsx(result.plan, options))
    out = folder / "out"
    out.mkdir(exist_ok=True)
    (out / "bilaga1.docx").write_bytes(docx)
    (out / "bilaga1.xlsx").write_bytes(xlsx)
    print(f"sizes: docx {len(docx) / 1e6:.1f} MB, xlsx {len(xlsx) / 1e6:.1f} MB; "
          f"{len(result.plan.activities)} activities in {len(result.plan.actions)} actions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="write the input and annexes here and keep them")
    args = parser.parse_args()
    if args.keep:
        run(args.keep, args.actions, args.activities)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(Path(folder), args.actions, args.activities)


if __name__ == "__main__":
    main()
