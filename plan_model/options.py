"""Options made once from the command line; writers never see argv."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = PROJECT_DIR / "templates"
DEFAULT_PLAN_TEMPLATE = TEMPLATE_DIR / "handlingsplan.docx"
DEFAULT_ANNEX_TEMPLATE = TEMPLATE_DIR / "bilaga1.docx"
DEFAULT_INPUT = PROJECT_DIR / "inputs" / "2023"
DEFAULT_OUTPUT_ROOT = PROJECT_DIR / "outputs"


@dataclass(frozen=True)
class BuildOptions:
    """`out_dir` None means outputs/<Planår>; `source_date_epoch` is the last-resort date."""

    out_dir: Path | None = None
    template: Path = DEFAULT_PLAN_TEMPLATE
    annex_template: Path = DEFAULT_ANNEX_TEMPLATE
    no_pdf: bool = False
    source_date_epoch: int | None = None
    pdf_timeout: float = 180.0
    # -- a LibreOffice already running (the web page's warm office, web/office.py): its
    #    `session(options)` gives the export run; None starts one for this build --
    office: object = field(default=None, compare=False, repr=False)

    @property
    def icon_dirs(self) -> tuple[Path, ...]:
        """The template's icons/ folder: where an Ikon not in the input's ikoner/ is found."""
        return (Path(self.template).parent / "icons",)

    def output_dir(self, year: int) -> Path:
        return Path(self.out_dir) if self.out_dir else DEFAULT_OUTPUT_ROOT / str(year)


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None
