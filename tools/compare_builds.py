#!/usr/bin/env python3
"""Build the same inputs at two revisions and compare the outputs byte for byte.

    python tools/compare_builds.py main            # main against the working tree
    python tools/compare_builds.py 446d5c1 HEAD    # two commits
    python tools/compare_builds.py --no-pdf main   # without LibreOffice (seconds, not a minute)
    python tools/compare_builds.py --hashes        # the working tree's hashes, as JSON

A refactoring that promises "behaviour unchanged" is held to it here: both revisions build the
bundled example (inputs/2023) and the fictional Solvik (tests/builders.py) with
`generate.py build` and `generate.py archive`, each with its own code and templates, from the
*same* input files (the working tree's), and every output file — documents, PDFs, kept
inputs, manifest.json, the archive package as folder and zip — must be identical. PDFs are compared too, which is fair on one machine (same LibreOffice, same
fonts) and says nothing across machines.

`--hashes` prints the SHA-256 of the working tree's .docx/.xlsx outputs; tests/test_same_bytes.py
holds that list so that an unintended change in a document fails the fast suite. After an
intended change, regenerate it (`--hashes > tests/build_hashes.json`) and review the diff.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKTREE = "working-tree"
HASHED_SUFFIXES = (".docx", ".xlsx")
ARCHIVE_RUN = "archive-run.txt"


def write_inputs(folder: Path) -> dict[str, Path]:
    """The inputs both revisions build: the bundled example and Solvik, from this tree."""
    sys.path.insert(0, str(ROOT / "tests"))
    from builders import write_solvik

    return {"example": ROOT / "inputs" / "2023", "solvik": write_solvik(folder / "solvik")}


def checkout(revision: str, folder: Path) -> Path:
    """The tree of `revision` (a commit-ish, or the working tree as it is) in a folder."""
    if revision == WORKTREE:
        return ROOT
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision],
                             capture_output=True, check=True).stdout
    tar_path = folder.parent / (folder.name + ".tar")
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(folder, filter="data")
    tar_path.unlink()
    return folder


def build(tree: Path, input_path: Path, out: Path, pdf: bool) -> None:
    """`generate.py build` of `tree`, run in `tree` so that its own package and templates
    are the ones used; with PDF also `generate.py archive`, whose package lands in `out`."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    # -- the script's own folder (the tree) comes first on sys.path, before an installed copy --
    command = [sys.executable, str(tree / "generate.py"), "build", str(input_path), "--out", str(out)]
    if not pdf:
        command.append("--no-pdf")
    run = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=900)
    if run.returncode != 0:
        sys.exit(f"build of {input_path} in {tree} failed ({run.returncode}):\n{run.stdout}{run.stderr}")
    if pdf:
        archive = subprocess.run([sys.executable, str(tree / "generate.py"), "archive", str(out)],
                                 cwd=tree, env=env, capture_output=True, text=True, timeout=900)
        # -- an input without a case number cannot be archived (exit 1): then how it refused
        #    is what must stay the same. Written after the archive ran, paths made neutral --
        said = f"exit {archive.returncode}\n{archive.stdout}{archive.stderr}".replace(str(out), "OUT")
        (out / ARCHIVE_RUN).write_text(said, encoding="utf-8")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    found = [f"only in the first: {name}" for name in sorted(a.keys() - b.keys())]
    found += [f"only in the second: {name}" for name in sorted(b.keys() - a.keys())]
    found += [f"differs: {name}" for name in sorted(a.keys() & b.keys()) if a[name] != b[name]]
    return found


def build_here(input_path: Path, out: Path) -> None:
    """`generate.py build --no-pdf` of the working tree in this process (no interpreter
    start: the fast test suite runs this)."""
    import contextlib
    import io

    sys.path.insert(0, str(ROOT))
    from plan_model.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["build", str(input_path), "--out", str(out), "--no-pdf"])
    if code != 0:
        sys.exit(f"build of {input_path} failed ({code}):\n{err.getvalue()}")


def output_hashes(folder: Path, in_process: bool = False) -> dict[str, dict[str, str]]:
    """case → file → SHA-256 of the .docx/.xlsx outputs, built from the working tree
    without PDF (`in_process`: by calling the CLI here rather than `generate.py`)."""
    inputs = write_inputs(folder)
    hashes = {}
    for case, input_path in inputs.items():
        out = folder / "out" / case
        if in_process:
            build_here(input_path, out)
        else:
            build(ROOT, input_path, out, pdf=False)
        hashes[case] = {name: hashlib.sha256(data).hexdigest()
                        for name, data in files_of(out).items()
                        if name.endswith(HASHED_SUFFIXES) and "/" not in name}
    return hashes


def compare(first: str, second: str, pdf: bool, folder: Path) -> int:
    inputs = write_inputs(folder / "inputs")
    trees = {rev: checkout(rev, folder / f"tree-{i}") for i, rev in enumerate((first, second))}
    problems = []
    for case, input_path in inputs.items():
        outputs = []
        for i, (rev, tree) in enumerate(trees.items()):
            out = folder / f"out-{i}" / case
            build(tree, input_path, out, pdf)
            outputs.append(files_of(out))
        found = differences(*outputs)
        print(f"{case}: {len(outputs[0])} files, {'identical' if not found else 'DIFFERENT'}")
        problems += [f"{case}: {line}" for line in found]
    for line in problems:
        print("  " + line)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", nargs="?", help="revision to compare (e.g. main)")
    parser.add_argument("second", nargs="?", default=WORKTREE,
                        help="revision to compare with (default: the working tree as it is)")
    parser.add_argument("--no-pdf", action="store_true", help="build without LibreOffice")
    parser.add_argument("--hashes", action="store_true",
                        help="print the working tree's .docx/.xlsx hashes as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compare-builds-") as tmp:
        if args.hashes:
            print(json.dumps(output_hashes(Path(tmp)), indent=2, sort_keys=True))
            return 0
        if not args.first:
            parser.error("name a revision to compare, or --hashes")
        return compare(args.first, args.second, not args.no_pdf, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
