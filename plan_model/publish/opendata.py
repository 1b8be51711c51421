"""`opendata-csv` / `opendata-json`: the plan's actions and activities as open data (SPEC §12).

Rows are those of Bilaga 1 (writers/annex/xlsx.py `annex_rows`: the actions with activities,
in the plan's order, each activity in organisation order), with the follow-up columns where
the model has them. Kommentar is internal and never published. The column names are stable
Swedish snake_case in ASCII (README, "Öppna data"): a consumer's script must not break
because a header in the workbook was respelled.
"""
from __future__ import annotations

import csv
import io
import json

from .. import derive
from ..model import Activity, Plan
from ..writers.annex.text import annex_groups
from ..writers.ooxml.text import xml_safe_text as clean_text

FOLDER = "oppna-data"
ACTION_COLUMNS = ("nr", "atgard", "beskrivning", "strategi", "sektorer_bolag",
                  "antal_aktiviteter", "planar", "kommun")
ACTIVITY_COLUMNS = ("atgard_nr", "atgard", "sektor_bolag", "verksamhet", "aktivitet",
                    "ansvarig", "tidplan", "status", "bedomning", "uppfoljning")
# -- separator inside one cell for list values (names may hold commas) --
LIST_SEPARATOR = "; "
# -- the model fields behind the follow-up columns; a field the model does not (yet) have
#    gives an empty column, so the file's shape never depends on the model's version --
FOLLOW_UP_FIELDS = {"bedomning": "assessment", "uppfoljning": "follow_up"}


def action_rows(plan: Plan) -> list[dict]:
    units_of = derive.units_by_action(plan)
    counts = derive.action_unit_matrix(plan)
    meta = plan.metadata
    rows = []
    for action in plan.actions:
        rows.append({
            "nr": action.number,
            "atgard": clean_text(action.title),
            "beskrivning": clean_text(action.description),
            "strategi": LIST_SEPARATOR.join(
                clean_text(e.name) for e in derive.action_elements(plan, action)),
            "sektorer_bolag": LIST_SEPARATOR.join(
                clean_text(u.name) for u in units_of.get(action.number, [])),
            "antal_aktiviteter": sum(counts.get(action.number, {}).values()),
            "planar": meta.year,
            "kommun": clean_text(meta.municipality),
        })
    return rows


def _follow_up(activity: Activity, column: str) -> str:
    return clean_text(getattr(activity, FOLLOW_UP_FIELDS[column], ""))


def activity_rows(plan: Plan) -> list[dict]:
    rows = []
    for group in annex_groups(plan):
        title = clean_text(group.action.title)
        for activity in group.activities:
            rows.append({
                "atgard_nr": group.action.number,
                "atgard": title,
                "sektor_bolag": clean_text(activity.unit),
                "verksamhet": clean_text(activity.operation),
                "aktivitet": clean_text(activity.text),
                "ansvarig": clean_text(activity.responsible),
                "tidplan": clean_text(activity.schedule),
                "status": clean_text(activity.status),
                "bedomning": _follow_up(activity, "bedomning"),
                "uppfoljning": _follow_up(activity, "uppfoljning"),
            })
    return rows


def csv_bytes(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    """UTF-8 without BOM, comma-separated, CRLF rows (RFC 4180), a header row."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def json_bytes(rows: list[dict]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def opendata_outputs(plan: Plan) -> list[tuple[str, str, bytes]]:
    """(role, path relative to the output folder, bytes) of the four data files."""
    actions, activities = action_rows(plan), activity_rows(plan)
    return [
        ("opendata-csv", f"{FOLDER}/atgarder.csv", csv_bytes(ACTION_COLUMNS, actions)),
        ("opendata-json", f"{FOLDER}/atgarder.json", json_bytes(actions)),
        ("opendata-csv", f"{FOLDER}/aktiviteter.csv", csv_bytes(ACTIVITY_COLUMNS, activities)),
        ("opendata-json", f"{FOLDER}/aktiviteter.json", json_bytes(activities)),
    ]
