"""The template files themselves, before any data meets them (SPEC §9): `--template` that is
missing, not a .docx, or without `icons/` beside it is one template-* finding about the
template — not a cascade of icon errors from the icons it was to provide.

Light on purpose (no docxtpl, no Jinja): `check` runs it on every input.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from .findings import Finding, finding
from .model import Source

# -- a Word document's main part; without it python-docx cannot open the file --
DOCUMENT_PART = "word/document.xml"


def docx_problem(path: Path) -> str | None:
    """Why `path` cannot be a Word template, in Swedish; None when it can be opened."""
    try:
        with zipfile.ZipFile(path) as package:
            if DOCUMENT_PART not in package.namelist():
                return "filen är ingen Word-fil (word/document.xml saknas)"
    except zipfile.BadZipFile:
        return f"filen är ingen .docx utan {_what(path)}"
    except OSError as error:
        return f"filen kan inte läsas ({error.strerror or error})"
    return None


def _what(path: Path) -> str:
    try:
        head = path.read_bytes()[:8]
    except OSError:
        return "oläslig"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ett äldre Office-dokument (.doc) – spara den som .docx"
    if head.startswith(b"%PDF"):
        return "en PDF"
    return "något annat"


def template_findings(templates: list[Path]) -> list[Finding]:
    """template-missing / template-unreadable for each template that cannot be opened."""
    found = []
    for path in templates:
        where = Source(Path(path).name)
        if not Path(path).is_file():
            found.append(finding("template-missing", where, detail=str(path)))
        elif (problem := docx_problem(Path(path))) is not None:
            found.append(finding("template-unreadable", where, detail=problem))
    return found


def without_icon_cascade(findings: list[Finding], template: Path, icon_dir: Path,
                         template_broken: bool) -> list[Finding]:
    """The icons the template's icons/ was to provide, when the template is broken or has no
    icons/: one finding about the template instead of one missing-icon per element."""
    missing = [f for f in findings if f.code == "missing-icon" and f.value]
    if not missing or (icon_dir.is_dir() and not template_broken):
        return findings
    kept = [f for f in findings if f not in missing]
    if template_broken:
        return kept  # -- the template's own finding says it all --
    names = ", ".join(dict.fromkeys(f"«{f.value}»" for f in missing))
    return [finding("template-no-icons", Source(Path(template).name), names, str(icon_dir))] + kept
