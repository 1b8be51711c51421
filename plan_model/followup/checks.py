"""What `followup` asks of an input beyond `check` (SPEC §10), and where its files go."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..findings import Finding, finding
from ..model import Plan, Source
from ..validate import missing_fields
from ..workbook_layout import FOLLOWUP_FIELDS

# -- a Status or Bedömning outside its list is a warning to `check` and `build`, an error here:
#    the report cannot count what it does not know --
PROMOTED = {"unknown-status": "unknown-status-followup",
            "unknown-assessment": "unknown-assessment-followup"}


def followup_findings(plan: Plan | None, findings: list[Finding]) -> list[Finding]:
    """`findings` with the list warnings made errors, plus Uppföljningsperiod and
    Uppföljningsdatum required."""
    result = []
    for item in findings:
        if item.code in PROMOTED:
            item = finding(PROMOTED[item.code], Source(item.file, item.sheet, item.cell),
                           item.value, suggestion=item.suggestion)
        result.append(item)
    if plan is None:
        return result
    return result + missing_fields(plan, FOLLOWUP_FIELDS, "missing-followup-field")


def period_slug(period: str) -> str:
    """*Delår 2024* → `delar-2024`: lower-case ASCII, å/ä → a, ö → o, spaces → `-`."""
    text = period.casefold().replace("å", "a").replace("ä", "a").replace("ö", "o")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "period"


def output_folder(plan: Plan, out_dir: Path | None, root: Path) -> Path:
    """`--out`, else outputs/<Planår>/uppfoljning-<period>/."""
    if out_dir is not None:
        return Path(out_dir)
    return root / str(plan.metadata.year) / f"uppfoljning-{period_slug(plan.metadata.followup_period)}"


def output_names(plan: Plan) -> dict[str, str]:
    stem = f"uppfoljning-{period_slug(plan.metadata.followup_period)}"
    return {"followup-docx": f"{stem}.docx", "followup-pdf": f"{stem}.pdf",
            "followup-xlsx": f"{stem}.xlsx"}
