"""A messy but valid input for the publication tests: text that looks like markup or a template
tag, emoji, a very long word, line breaks, an action without activities or strategy, a date
cell in Tidplan, a comment that must never be published."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import solvik_sheets, write_solvik

TAG_TITLE = "{{ 7*7 }} & \"citat\" <script>alert(1)</script> 🌍"
LONG_WORD = "Miljö" + "x" * 70
SECRET_COMMENT = "INTERN-KOMMENTAR-SOM-ALDRIG-PUBLICERAS"
ODD_UNIT = "Enhet <b>fet</b> & {% raw %}"
ODD_ELEMENT = "Samarbete, «citat» & <alt>"


def messy_sheets() -> dict:
    sheets = solvik_sheets()
    actions = sheets["Åtgärder"]
    actions[1][1] = TAG_TITLE
    actions[1][3] = "Rad ett med <i>taggar</i>\nRad två {% if x %}ja{% endif %}\n\nRad fyra."
    actions[3][1] = LONG_WORD
    actions[3][2] = "Ren luft; " + ODD_ELEMENT
    actions.append([4, "Utan allt", "", "Ingen koppling och inga aktiviteter."])
    sheets["Strategi"].append(["Arbetssätt", ODD_ELEMENT, "", "samarbete.png", ""])
    sheets["Organisation"].append([ODD_UNIT, "Sektor", None])
    activities = sheets["Aktiviteter"]
    activities[0].append("Kommentar")
    for row in activities[1:]:
        row.append("")
    activities[1][-1] = SECRET_COMMENT
    activities.append([3, ODD_UNIT, "", "{{ 7*7 }} <w:p> & 😀", "", dt.date(2031, 9, 30),
                       "Pågår", SECRET_COMMENT])
    return sheets


def write_messy(folder: Path) -> Path:
    return write_solvik(folder, messy_sheets())
