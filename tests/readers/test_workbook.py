"""readers/workbook.py and readers/cells.py: streaming reads that must not lose cells (issue 8)."""
from __future__ import annotations

import random
import re
import unicodedata
import zipfile

from builders import solvik_sheets, write_solvik
from plan_model.pipeline import check
from plan_model.readers import cells


def _rewrite_dimension(path, replacement: bytes) -> None:
    """Replace (or drop, with b"") every sheet's <dimension> element in place."""
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            if name.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"<dimension [^>]*/>", replacement, data)
            package.writestr(name, data)


def _activities(folder):
    result = check(folder)
    assert result.ok, [f.line() for f in result.findings]
    return [(a.action, a.unit, a.text) for a in result.plan.activities]


def test_a_missing_or_wrong_dimension_loses_no_rows(tmp_path):
    # -- the read-only reader must not trust <dimension>: some writers leave it out (openpyxl's
    #    write-only mode) or leave a stale "A1" --
    expected = _activities(write_solvik(tmp_path / "good"))
    for name, replacement in (("none", b""), ("stale", b'<dimension ref="A1"/>')):
        folder = write_solvik(tmp_path / name)
        _rewrite_dimension(folder / "handlingsplan.xlsx", replacement)
        assert _activities(folder) == expected, name


def test_merged_cells_are_read_from_the_sheet_xml(tmp_path):
    sheets = solvik_sheets()
    rows = sheets["Aktiviteter"]
    rows[2][0] = None  # -- blank, but inside the merged range A2:A3 --
    folder = write_solvik(tmp_path / "in", sheets, merges={"Aktiviteter": ["A2:A3"]})
    result = check(folder)
    assert result.ok, [f.line() for f in result.findings]
    second = result.plan.activities[1]
    assert second.action == result.plan.activities[0].action
    assert second.sources["action"].cell == "A2"


def _full_cleaning(value):
    """clean_text without its shortcut: the cleaning as SPEC §3 words it."""
    text = unicodedata.normalize("NFC", cells.decode_escapes(str(value)))
    text = cells._LINE_BREAK.sub("\n", text)
    removed = [f"U+{ord(ch):04X}" for ch in cells._CONTROL.findall(text)]
    text = cells._CONTROL.sub("", text)
    lines = [cells._SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n"), removed


def test_clean_text_shortcut_changes_nothing():
    pieces = list("ab Åäö\t\n\r\x0b\u00a0\u2028\x01\x85e\u0301\u3000") + ["_x0041_", "_x00e5_", "  ", "_x"]
    rng = random.Random(8)
    for _ in range(20_000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert cells.clean_text(value) == _full_cleaning(value), repr(value)
