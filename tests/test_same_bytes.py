"""Same inputs, same bytes: the documents of the bundled example and of Solvik, built without
PDF, have the SHA-256 recorded in build_hashes.json.

What this proves: a change that alters any byte of a plan, annex or annex workbook — through
code, a template or a dependency — fails here, so "behaviour unchanged" is checked, not
promised. It also proves reproducibility across processes (the list was written by another
run). After an intended change: `python tools/compare_builds.py --hashes >
tests/build_hashes.json`, and review the new documents before committing. Comparing two
revisions including the PDFs is `python tools/compare_builds.py REV` (one machine only).
"""
from __future__ import annotations

import importlib.util
import json

from conftest import ROOT

TOOL = ROOT / "tools" / "compare_builds.py"


def _tool():
    spec = importlib.util.spec_from_file_location("compare_builds", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_and_solvik_documents_have_the_recorded_bytes(tmp_path, monkeypatch):
    # -- as `compare_builds.py --hashes` builds them: without a SOURCE_DATE_EPOCH override --
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    recorded = json.loads((ROOT / "tests" / "build_hashes.json").read_text(encoding="utf-8"))
    assert _tool().output_hashes(tmp_path, in_process=True) == recorded


def test_compare_builds_names_a_changed_file():
    tool = _tool()
    first = {"a.docx": b"1", "b.xlsx": b"2", "gone.pdf": b"3"}
    second = {"a.docx": b"1", "b.xlsx": b"2!", "new.pdf": b"3"}
    assert tool.differences(first, first) == []
    assert tool.differences(first, second) == [
        "only in the first: gone.pdf", "only in the second: new.pdf", "differs: b.xlsx"]
