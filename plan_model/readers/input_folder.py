"""Which files an INPUT is: the main workbook and `aktiviteter/*.xlsx` of a folder, or one
.xlsx (SPEC §2), and the names findings give them (relative to the input's folder)."""
from __future__ import annotations

from pathlib import Path

from .. import workbook_layout as layout
from ..findings import Finding, finding
from ..model import Source


def input_files(path: Path) -> tuple[Path, list[Path]]:
    """(main workbook, extra activity workbooks) of an INPUT folder or .xlsx file."""
    if path.is_dir():
        main = path / layout.DEFAULT_WORKBOOK
        if not main.exists():
            candidates = [p for p in sorted(path.glob("*.xlsx")) if not _skipped(p)]
            main = candidates[0] if len(candidates) == 1 else main
        folder = path / layout.ACTIVITY_FOLDER
        extra = sorted(p for p in folder.glob("*.xlsx") if not _skipped(p)) if folder.is_dir() else []
        return main, extra
    return path, []


# -- what a strategist may save instead of .xlsx; the words the finding uses for each --
WRONG_FORMATS = {".ods": "OpenDocument (.ods)", ".xls": "Excel 97–2003 (.xls)",
                 ".csv": "CSV (.csv)", ".numbers": "Numbers (.numbers)"}


def wrong_formats(path: Path, main: Path, base: Path) -> list[Finding]:
    """One finding per workbook saved in another format where an .xlsx is read: the file
    given, the main workbook of a folder that has no .xlsx, or a sector's file in
    aktiviteter/ (which would otherwise be passed over, and its activities lost)."""
    if path.is_dir():
        found = [] if main.exists() else [
            p for p in sorted(path.iterdir()) if p.suffix.lower() in WRONG_FORMATS and not _skipped(p)]
        folder = path / layout.ACTIVITY_FOLDER
        if folder.is_dir():
            found += [p for p in sorted(folder.iterdir())
                      if p.suffix.lower() in WRONG_FORMATS and not _skipped(p)]
    else:
        found = [path] if path.suffix.lower() in WRONG_FORMATS else []
    return [finding("wrong-format", Source(display_name(p, base)), p.name,
                    WRONG_FORMATS[p.suffix.lower()]) for p in found]


def _skipped(path: Path) -> bool:
    return path.name.startswith(("~$", "."))


def input_base(path: Path) -> Path:
    """The folder that file names in findings are relative to: INPUT itself, or the folder
    of a single .xlsx."""
    path = Path(path)
    return path if path.is_dir() else path.parent


def display_name(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.name
