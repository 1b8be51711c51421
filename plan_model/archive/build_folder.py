"""A finished build folder as `archive` sees it: manifest.json, the outputs it lists (present
and unchanged since the build), the kept input workbooks and the PDF/A check."""
from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import messages
from ..findings import Finding, finding
from ..model import Source
from ..outputs import sha256_file
from ..pdf.postprocess import pdfa_problem
from ..roles import FOLLOWUP_PDF_ROLES, INPUT_ICON, INPUT_XLSX, MANIFEST, PDF_ROLES



@dataclass(frozen=True)
class BuildFile:
    """An output listed in the build's manifest.json; `path` is relative to the build folder."""

    role: str
    path: str
    sha256: str


@dataclass(frozen=True)
class Build:
    folder: Path
    files: tuple[BuildFile, ...]

    def of_role(self, role: str) -> list[BuildFile]:
        return [f for f in self.files if f.role == role]

    @property
    def followup(self) -> bool:
        """A follow-up folder rather than a plan build."""
        return any(f.role.startswith("followup-") for f in self.files)

    @property
    def pdf_roles(self) -> tuple[str, ...]:
        return FOLLOWUP_PDF_ROLES if self.followup else PDF_ROLES


def read_build(folder: Path) -> tuple[Build | None, list[Finding]]:
    """The build's manifest, with every listed output present and unchanged since the build.

    An edited PDF or workbook after the build would make the package disagree with the
    documents that were decided, so a changed file stops the archive."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = tuple(BuildFile(o["role"], o["path"], o["sha256"]) for o in manifest["outputs"])
        # -- a package must hold only the build's own files: no absolute or climbing path --
        outside = [f.path for f in files if PurePosixPath(f.path).is_absolute() or ".." in
                   PurePosixPath(f.path).parts or "\\" in f.path]
        if outside:
            raise ValueError(", ".join(outside))
    except (OSError, ValueError, KeyError, TypeError) as error:
        # -- a Swedish reason, not the library's English --
        reason = ("missing" if isinstance(error, OSError) else
                  "outside" if isinstance(error, ValueError) and not isinstance(
                      error, json.JSONDecodeError) else "invalid")
        return None, [finding("archive-not-a-build", Source(MANIFEST),
                              detail=messages.BUILD_FOLDER_REASONS[reason].format(detail=error))]
    found = []
    for item in files:
        path = folder / item.path
        if not path.is_file():
            found.append(finding("archive-build-file-missing", Source(item.path)))
        elif sha256_file(path) != item.sha256:
            found.append(finding("archive-build-file-changed", Source(item.path)))
    build = Build(folder, files)
    if not build.of_role(INPUT_XLSX):
        found.append(finding("archive-no-inputs", Source(MANIFEST)))
    for role in build.pdf_roles:
        if not build.of_role(role):
            found.append(finding("archive-pdf-missing", Source(MANIFEST), role))
    return build, found


def stage_inputs(build: Build, target: Path) -> Path:
    """Copy the workbooks and icons the manifest lists (and only those: a stale file left
    in indata/ by an earlier build must not join this plan) into `target`, as an INPUT
    folder."""
    for item in build.of_role(INPUT_XLSX) + build.of_role(INPUT_ICON):
        relative = Path(item.path).relative_to(_input_root(build))
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(build.folder / item.path, target / relative)
    return target


def _input_root(build: Build) -> Path:
    """The folder the build copied the inputs into (the main workbook's folder)."""
    return Path(build.of_role(INPUT_XLSX)[0].path).parent


def pdf_title(data: bytes) -> str:
    """The title a PDF shows (Info /Title, which the PDF step keeps equal to XMP dc:title);
    "" when it has none or cannot be read."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return " ".join(str(pdf.docinfo.get("/Title", "")).split())
    except (pikepdf.PdfError, ValueError):
        return ""


def check_pdfs(build: Build, progress=None) -> list[Finding]:
    found = []
    for role in build.pdf_roles:
        for item in build.of_role(role):
            if progress:
                progress(messages.CLI["progress-pdfa"].format(name=item.path))
            problem = pdfa_problem((build.folder / item.path).read_bytes())
            if problem:
                found.append(finding("pdfa-invalid", Source(item.path), detail=problem))
    return found
