"""Fixture builders: workbooks in tmp_path from a compact description (sheet → rows).

Our version of python-docx's cxml: a test states only what matters to it and starts from
`solvik_sheets()`, a small valid plan of a fictional second municipality that shares no
name with the bundled example.
"""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

ICON_COLOURS = [(20, 110, 70), (30, 90, 160), (200, 120, 20), (120, 60, 140), (160, 40, 40)]


def write_workbook(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    """Write `sheets` (name → rows, first row usually the header) to an .xlsx at `path`."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_icon(path: Path, colour=(20, 110, 70)) -> Path:
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (64, 64), (255, 255, 255))
    ImageDraw.Draw(image).ellipse((4, 4, 60, 60), fill=colour)
    image.save(path, format="PNG")
    return path


def solvik_sheets() -> dict[str, list[list]]:
    """A valid plan for the fictional municipality Solvik, year 2031, with 3 actions."""
    return copy.deepcopy({
        "Dokument": [
            ["Fält", "Värde"],
            ["Kommun", "Solvik"],
            ["Dokumentnamn", "Åtgärdsplan för miljöprogrammet 2031"],
            ["Dokumenttyp", "Åtgärdsplan"],
            ["Omfattar", "Solviks kommun"],
            ["Dokumentägare", "Stadsdirektör"],
            ["Dokumentansvarig", "Hållbarhetsstrateg"],
            ["Planår", 2031],
            ["Publicering", "Solviks webbplats"],
            ["Beslutad", dt.date(2031, 3, 15)],
            ["Bör revideras senast", dt.date(2032, 3, 1)],
            ["Beslutsinstans", "Kommunstyrelsen"],
            ["Diarienummer", "KS 2031/77"],
        ],
        "Revideringar": [
            ["Revidering", "Datum", "Paragraf", "Beskrivning"],
            [1, dt.date(2031, 3, 15), "§ 42", "Första versionen"],
        ],
        "Strategi": [
            ["Typ", "Namn", "Prioritering", "Ikon", "Beskrivning"],
            ["Prioritering", "Ren luft", "", "luft.png", "Luften ska vara ren."],
            ["Fokusområde", "Minska utsläppen", "Ren luft", "utslapp.png", ""],
            ["Fokusområde", "Grönare gator", "Ren luft", "gator.png", ""],
            ["Arbetssätt", "Samarbete över gränser", "", "samarbete.png", ""],
        ],
        "Organisation": [
            ["Namn", "Typ", "Ordning"],
            ["Tekniska förvaltningen", "Sektor", 2],
            ["Miljöförvaltningen", "Sektor", 1],
            ["Öresundsvatten AB", "Bolag", None],
            ["Ängsbo Bostäder AB", "Bolag", None],
        ],
        "Åtgärder": [
            ["Nr", "Åtgärd", "Strategi", "Beskrivning"],
            [1, "Fler laddstolpar", "Minska utsläppen", "Vi bygger laddstolpar.\nÖverallt."],
            [2, "Träd längs gatorna", "Grönare gator; Samarbete över gränser", "Plantera träd."],
            [3, "Renare bussar", "Ren luft", "Elbussar i linjetrafiken."],
        ],
        "Aktiviteter": [
            ["Åtgärd", "Sektor/bolag", "Verksamhet", "Aktivitet", "Ansvarig", "Tidplan", "Status"],
            [1, "Tekniska förvaltningen", "Gata", "Bygg 20 laddstolpar", "Gatuchef", "2031", "Pågår"],
            [1, "Ängsbo Bostäder AB", "Förvaltning", "Laddplatser vid hyreshus", "VD", "Q3 2031", ""],
            [2, "Miljöförvaltningen", "Natur", "Inventera gatuträd", "Ekolog", "2031", ""],
            [2, "Öresundsvatten AB", "", "Dagvattenträd i nya kvarter", "", "", ""],
            [3, "Tekniska förvaltningen", "Trafik", "Upphandla elbussar", "Trafikchef", "2031", ""],
        ],
    })


def write_solvik(folder: Path, sheets: dict | None = None, merges=None, icons: bool = True) -> Path:
    """Write an input folder (handlingsplan.xlsx + ikoner/) and return the folder."""
    sheets = solvik_sheets() if sheets is None else sheets
    write_workbook(folder / "handlingsplan.xlsx", sheets, merges)
    if icons:
        for i, row in enumerate(sheets.get("Strategi", [])[1:]):
            if len(row) > 3 and row[3] and "/" not in str(row[3]):
                write_icon(folder / "ikoner" / str(row[3]), ICON_COLOURS[i % len(ICON_COLOURS)])
    return folder


def findings_of(path, options=None):
    """Every finding of `check` on `path`, whether it passes (warnings, returned) or fails
    (errors, raised as InputError)."""
    from plan_model.errors import InputError
    from plan_model.options import BuildOptions
    from plan_model.pipeline import check

    try:
        return check(path, options or BuildOptions()).findings
    except InputError as error:
        return error.findings
