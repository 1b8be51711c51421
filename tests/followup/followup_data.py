"""A follow-up test workbook (Solvik, Delår 2031) and the expected counts computed from its
rows directly — by code that shares nothing with plan_model.followup."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from builders import solvik_sheets, write_solvik

STATUSES = ["Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Avbruten"]
NONE = "Ingen uppgift"
COLUMNS = STATUSES + [NONE]
SECRET = "HEMLIG-KOMMENTAR"


def followup_sheets() -> dict:
    sheets = solvik_sheets()
    sheets["Dokument"] += [["Uppföljningsperiod", "Delår 2031"],
                           ["Uppföljningsdatum", dt.date(2031, 8, 31)]]
    sheets["Strategi"] += [["Prioritering", "Rent vatten", "", "vatten.png", ""],
                           ["Fokusområde", "Skydda sjöarna", "Rent vatten", "sjo.png", ""]]
    actions = sheets["Åtgärder"]
    # -- action 1 serves two focus areas of one priority: Ren luft counts once per activity --
    actions[1][2] = "Minska utsläppen; Grönare gator"
    actions.append([4, "Friska sjöar", "Skydda sjöarna; Minska utsläppen", "Kalka sjöarna."])
    head = ["Åtgärd", "Sektor/bolag", "Verksamhet", "Aktivitet", "Ansvarig", "Tidplan",
            "Status", "Bedömning", "Uppföljning", "Kommentar"]
    rows = [
        [1, "Tekniska förvaltningen", "Gata", "Bygg 20 laddstolpar", "Gatuchef", "2031", "Pågår", "Enligt plan", "Tio stolpar är byggda.", SECRET + " 1"],
        [1, "Ängsbo Bostäder AB", "Förvaltning", "Laddplatser vid hyreshus", "VD", "Q3 2031", "genomförd", "Enligt plan", "Klart i juni.", ""],
        [1, "Miljöförvaltningen", "Tillsyn", "Tillsyn av laddplatser", "", "", "Försenad", "Ej enligt plan", "Personalbrist.", SECRET + " 2"],
        [2, "Miljöförvaltningen", "Natur", "Inventera gatuträd", "Ekolog", "2031", "Ej påbörjad", "", "", ""],
        [2, "Öresundsvatten AB", "", "Dagvattenträd i nya kvarter", "", "", "", "", "", SECRET + " 3"],
        [2, "Tekniska förvaltningen", "Park", "Plantera 100 träd", "Parkchef", "2031", "Pågår", "Risk för avvikelse", "Plantering pågår.", ""],
        [3, "Tekniska förvaltningen", "Trafik", "Upphandla elbussar", "Trafikchef", "2031", "Avbruten", "", "Upphandlingen avbröts.", ""],
        [3, "Ängsbo Bostäder AB", "", "Elbussar till området", "", "", "Pågår", "Ej enligt plan", "", ""],
        [4, "Öresundsvatten AB", "Vatten", "Kalka tre sjöar", "", "", "", "", "", ""],
        [4, "Miljöförvaltningen", "Natur", "Provta sjöarna", "", "", "Genomförd", "Enligt plan", "Provtagning klar.", ""],
        [4, "Tekniska förvaltningen", "", "Rensa diken", "", "", "", "", "", ""],
    ]
    sheets["Aktiviteter"] = [head] + rows
    return sheets


def write_followup_input(folder, sheets=None):
    return write_solvik(folder, sheets or followup_sheets())


def _status(value) -> str:
    text = str(value or "").strip()
    for status in STATUSES:
        if status.lower() == text.lower():
            return status
    assert not text, text
    return NONE


def activity_rows(sheets) -> list[dict]:
    head = sheets["Aktiviteter"][0]
    return [dict(zip(head, row)) for row in sheets["Aktiviteter"][1:]]


def expected(sheets) -> dict:
    """Counts as SPEC §10 states them, from the sheet rows."""
    rows = activity_rows(sheets)
    kinds = {r[1]: (r[0], r[2]) for r in sheets["Strategi"][1:]}
    serves = {r[0]: [s.strip() for s in re.split(r"[;\n]", r[2]) if s.strip()]
              for r in sheets["Åtgärder"][1:]}
    overall = Counter(_status(r["Status"]) for r in rows)
    units: dict[str, Counter] = {}
    elements: dict[str, Counter] = {name: Counter() for name, (kind, _) in kinds.items()
                                    if kind in ("Prioritering", "Fokusområde")}
    for r in rows:
        status = _status(r["Status"])
        units.setdefault(r["Sektor/bolag"], Counter())[status] += 1
        reached = set()
        for name in serves[r["Åtgärd"]]:
            kind, priority = kinds[name]
            if kind == "Fokusområde":
                reached |= {name, priority}
            elif kind == "Prioritering":
                reached.add(name)
        for name in reached:
            elements[name][status] += 1
    return {"overall": overall, "units": units, "elements": elements,
            "not_reported": sorted(u for u, c in units.items() if c[NONE] == sum(c.values())),
            "deviations": [r["Aktivitet"] for r in rows
                           if _status(r["Status"]) in ("Försenad", "Avbruten")
                           or r["Bedömning"] == "Ej enligt plan"]}


def as_row(counter: Counter) -> list[int]:
    return [counter[c] for c in COLUMNS] + [sum(counter.values())]
