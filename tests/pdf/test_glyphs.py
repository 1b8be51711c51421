"""The glyph-missing warning tells the truth about the PDF (plan_model/fonts.py): the
character it names is gone from the PDF, and one a fallback font has is there."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from builders import solvik_sheets, write_solvik
from conftest import ROOT


@pytest.mark.office
def test_the_warned_character_is_missing_from_the_pdf_and_the_other_is_not(tmp_path):
    sheets = solvik_sheets()
    sheets["Åtgärder"][2][1] = "Träd längs gatorna \U0001FAE8 ♔"
    source = write_solvik(tmp_path / "in", sheets)
    out = tmp_path / "out"
    environment = dict(os.environ)
    environment.pop("SOURCE_DATE_EPOCH", None)
    completed = subprocess.run([sys.executable, str(ROOT / "generate.py"), "build", str(source),
                                "--out", str(out), "--format", "json"], capture_output=True,
                               text=True, cwd=ROOT, env=environment, timeout=600)
    assert completed.returncode == 0, completed.stderr
    warned = [(f["code"], f["cell"], f["value"]) for f in json.loads(completed.stdout)]
    assert warned == [("glyph-missing", "B3", "\U0001FAE8")]
    text = subprocess.run(["pdftotext", str(out / "handlingsplan-2031.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "♔" in text
    assert "\U0001FAE8" not in text
