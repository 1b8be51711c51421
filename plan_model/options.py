"""Options made once from the command line; writers never see argv."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = PROJECT_DIR / "templates"
DEFAULT_PLAN_TEMPLATE = TEMPLATE_DIR / "handlingsplan.docx"
DEFAULT_ANNEX_TEMPLATE = TEMPLATE_DIR / "bilaga1.docx"
DEFAULT_FOLLOWUP_TEMPLATE = TEMPLATE_DIR / "uppfoljning.docx"
DEFAULT_INPUT = PROJECT_DIR / "inputs" / "2023"
DEFAULT_OUTPUT_ROOT = PROJECT_DIR / "outputs"


@dataclass(frozen=True)
class BuildOptions:
    """`out_dir` None means outputs/<Planår>; `source_date_epoch` is the last-resort date."""

    out_dir: Path | None = None
    template: Path = DEFAULT_PLAN_TEMPLATE
    annex_template: Path = DEFAULT_ANNEX_TEMPLATE
    followup_template: Path = DEFAULT_FOLLOWUP_TEMPLATE
    no_pdf: bool = False
    source_date_epoch: int | None = None
    pdf_timeout: float = 180.0
    # -- the external programs, as the environment names them (see `from_environment`):
    #    soffice None = found on PATH; uno_python "" = LibreOffice's own or the system's,
    #    "none" = no UNO route (plain conversions, two-pass TOC) --
    soffice: str | None = None
    uno_python: str = ""
    # -- the environment LibreOffice runs in; None = this process's own --
    environment: Mapping[str, str] | None = field(default=None, repr=False, compare=False)
    # -- seconds a second run waits for the output folder's lock before exit 4 --
    lock_wait: float = 10.0
    # -- a LibreOffice already running (the web page's warm office, web/office.py): its
    #    `session(options)` gives the export run; None starts one for this build --
    office: object = field(default=None, compare=False, repr=False)

    @property
    def icon_dirs(self) -> tuple[Path, ...]:
        """The template's icons/ folder: where an Ikon not in the input's ikoner/ is found."""
        return (Path(self.template).parent / "icons",)

    def output_dir(self, year: int) -> Path:
        return Path(self.out_dir) if self.out_dir else DEFAULT_OUTPUT_ROOT / str(year)


# -- the environment variables the tool reads, all here and only once (cli.py passes
#    os.environ): nothing below the command line reads the environment --
SOURCE_DATE_EPOCH_ENV = "SOURCE_DATE_EPOCH"
SOFFICE_ENV = "HANDLINGSPLAN_SOFFICE"
TIMEOUT_ENV = "HANDLINGSPLAN_PDF_TIMEOUT"
# -- the Python that runs pdf/uno_script.py: it must import `uno` (Debian: python3-uno),
#    which the venv's Python cannot; "none" turns the UNO route off --
UNO_PYTHON_ENV = "HANDLINGSPLAN_UNO_PYTHON"
LOCK_WAIT_ENV = "HANDLINGSPLAN_LOCK_WAIT"
# -- `serve --token` from the environment (kept out of `ps` and shell history) --
TOKEN_ENV = "HANDLINGSPLAN_TOKEN"


def environment_options(environ: Mapping[str, str]) -> dict:
    """The BuildOptions fields the environment sets, read from `environ` once."""
    values: dict = {"environment": dict(environ)}
    epoch = environ.get(SOURCE_DATE_EPOCH_ENV, "").strip()
    values["source_date_epoch"] = int(epoch) if epoch.isdigit() else None
    values["soffice"] = environ.get(SOFFICE_ENV, "").strip() or None
    values["uno_python"] = environ.get(UNO_PYTHON_ENV, "").strip()
    for name, key in ((TIMEOUT_ENV, "pdf_timeout"), (LOCK_WAIT_ENV, "lock_wait")):
        try:
            values[key] = float(environ[name])
        except (KeyError, ValueError):
            pass  # -- unset or not a number: the default --
    return values
