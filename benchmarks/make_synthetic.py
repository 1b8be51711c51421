"""Synthetic but valid input folders of any size, for benchmarks.

    .venv/bin/python benchmarks/make_synthetic.py OUT_DIR [--actions 200] [--activities 10000]

`synthetic_sheets(actions, activities)` gives the workbook as sheet name → rows (the
tests/builders.py format); `write_synthetic(folder, …)` writes it with its icons. The texts
are deterministic (a seeded generator), vary in length like real activity texts, and use
Swedish letters, so sorting and wrapping do real work. Benchmarks do not import the tests'
builders: a benchmark must not depend on test code.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

WORDS = ("minska", "utsläpp", "öka", "andel", "förnybar", "energi", "kartlägga", "åtgärda",
         "samverka", "med", "näringslivet", "för", "hållbar", "upphandling", "utbilda",
         "personal", "inom", "miljö", "och", "klimat", "skydda", "våtmarker", "ställa", "om",
         "fordonsflottan", "till", "el", "följa", "upp", "resultat", "i", "årsredovisningen")
UNIT_NAMES = ("Samhällsbyggnad", "Utbildning", "Vård och omsorg", "Kultur och fritid",
              "Kommunledning", "Service", "Räddningstjänst", "Överförmyndare")
COMPANY_NAMES = ("Energibolaget AB", "Bostadsbolaget AB", "Vattenbolaget AB",
                 "Ängsgårdens Fastigheter AB", "Östra Hamnen AB")
STATUSES = ("Ej påbörjad", "Pågår", "Genomförd", "")
# -- the follow-up columns (issue 13) come from a generator of their own, so the plan's own
#    data is the same as before they existed --
FOLLOWUP_STATUSES = ("Ej påbörjad", "Pågår", "Pågår", "Genomförd", "Försenad", "Avbruten", "")
ASSESSMENTS = ("Enligt plan", "Enligt plan", "Risk för avvikelse", "Ej enligt plan", "")
STRATEGY = (
    ("Prioritering", "Klimatneutral kommun", "", "klimat.png"),
    ("Fokusområde", "Fossilfria transporter", "Klimatneutral kommun", "transporter.png"),
    ("Fokusområde", "Energieffektiva byggnader", "Klimatneutral kommun", "byggnader.png"),
    ("Prioritering", "Rik natur", "", "natur.png"),
    ("Fokusområde", "Levande vatten", "Rik natur", "vatten.png"),
    ("Arbetssätt", "Samverkan", "", "samverkan.png"),
)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words)).capitalize()


def synthetic_sheets(actions: int, activities: int, seed: int = 1) -> dict[str, list[list]]:
    """A valid plan with `actions` actions and `activities` activities spread over them
    (every action gets at least one when there are enough activities)."""
    rng = random.Random(seed)
    follow = random.Random(seed + 1)
    units = [(name, "Sektor") for name in UNIT_NAMES] + [(n, "Bolag") for n in COMPANY_NAMES]
    focus = [row[1] for row in STRATEGY if row[0] != "Prioritering"]
    action_rows = [["Nr", "Åtgärd", "Strategi", "Beskrivning"]]
    for number in range(1, actions + 1):
        served = "; ".join(rng.sample(focus, rng.randint(1, 3)))
        action_rows.append([number, f"Åtgärd {number}: {_sentence(rng, 2, 6)}", served,
                            _sentence(rng, 15, 60) + "."])
    activity_rows = [["Åtgärd", "Sektor/bolag", "Verksamhet", "Aktivitet", "Ansvarig",
                      "Tidplan", "Status", "Bedömning", "Uppföljning"]]
    for index in range(activities):
        number = index + 1 if index < actions else rng.randint(1, actions)
        unit = rng.choice(units)[0]
        activity_rows.append([number, unit, _sentence(rng, 1, 3), f"{_sentence(rng, 4, 30)} ({index})",
                              _sentence(rng, 1, 2), str(rng.choice((2024, 2025, "Q2 2024", "Löpande"))),
                              rng.choice(STATUSES)])
        status = follow.choice(FOLLOWUP_STATUSES)
        activity_rows[-1][-1:] = [status, follow.choice(ASSESSMENTS) if status else "",
                                  _sentence(follow, 3, 20) + "." if status else ""]
    return {
        "Dokument": [
            ["Fält", "Värde"], ["Kommun", "Syntetiska kommunen"],
            ["Dokumentnamn", "Handlingsplan för benchmark"], ["Dokumenttyp", "Handlingsplan"],
            ["Omfattar", "Hela kommunkoncernen"], ["Dokumentägare", "Kommundirektör"],
            ["Dokumentansvarig", "Miljöstrateg"], ["Planår", 2024],
            ["Beslutad", dt.date(2024, 2, 1)], ["Beslutsinstans", "Kommunfullmäktige"],
            ["Diarienummer", "KS 2024/1"],
            ["Uppföljningsperiod", "Delår 2024"], ["Uppföljningsdatum", dt.date(2024, 8, 31)],
        ],
        "Revideringar": [["Revidering", "Datum", "Paragraf", "Beskrivning"],
                         [1, dt.date(2024, 2, 1), "§ 1", "Första versionen"]],
        "Strategi": [["Typ", "Namn", "Prioritering", "Ikon"]] + [list(r) for r in STRATEGY],
        "Organisation": [["Namn", "Typ", "Ordning"]] + [[n, k, None] for n, k in units],
        "Åtgärder": action_rows,
        "Aktiviteter": activity_rows,
    }


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """The sheets as an .xlsx shaped like Excel's own: openpyxl's normal mode, not write-only,
    because write-only leaves out each sheet's <dimension>, which Excel and LibreOffice
    always write and a streaming reader uses (without it, it reads the sheet twice)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_icons(folder: Path) -> None:
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    for index, row in enumerate(STRATEGY):
        image = Image.new("RGB", (64, 64), (255, 255, 255))
        ImageDraw.Draw(image).ellipse((4, 4, 60, 60), fill=(40 * index % 255, 110, 70))
        image.save(folder / row[3], format="PNG")


def write_synthetic(folder: Path, actions: int, activities: int) -> Path:
    """An input folder (handlingsplan.xlsx + ikoner/) and return it."""
    write_workbook(folder / "handlingsplan.xlsx", synthetic_sheets(actions, activities))
    write_icons(folder / "ikoner")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--activities", type=int, default=10_000)
    args = parser.parse_args()
    print(write_synthetic(args.out, args.actions, args.activities))


if __name__ == "__main__":
    main()
