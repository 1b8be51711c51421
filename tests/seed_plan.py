"""The reference plan (shared/seed), parsed into what the golden tests compare against.

The seed is text extracted from the published plan: each action page reads title, the
strategy-icon captions, the description, the marker line, then the unit names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from conftest import SHARED
from golden_corrections import apply_corrections

SEED_FILE = SHARED / "seed" / "000_a64676b0c710aa3d.txt"
MARKER = "Sektor/bolag med aktiviteter inom åtgärden:"
METADATA_LABELS = ("Dokumentnamn", "Dokumenttyp", "Omfattar", "Dokumentägare",
                   "Dokumentansvarig", "Beslutad", "Bör revideras senast")
INTRO_HEADINGS = ("Varför en handlingsplan till miljöstrategin?", "Miljöarbetet berör alla",
                  "Handlingsplanens syfte", "En del av ordinarie styrning och styrkedja",
                  "Uppföljning", "Process för framtagande", "Miljöstrategins utformning",
                  "Så ska du läsa handlingsplanen")


@dataclass
class SeedAction:
    title: str
    strategy: list[str]
    description: str
    units: list[str]


def seed_text() -> str:
    return apply_corrections(SEED_FILE.read_text(encoding="utf-8"))


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def seed_actions(unit_names) -> list[SeedAction]:
    """The 17 action pages, corrected. `unit_names` tells unit lines from the next title."""
    text = seed_text()
    body = text[text.rindex("Så ska du läsa handlingsplanen") + len("Så ska du läsa handlingsplanen"):]
    actions, pending = [], []
    for paragraph in _paragraphs(body):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if paragraph == MARKER:
            title, *captions, description = pending
            actions.append(SeedAction(title, [" ".join(c.split()) for c in captions], description, []))
            pending = []
        elif actions and not pending and all(line in unit_names for line in lines):
            actions[-1].units += lines
        else:
            pending.append(paragraph)
    return actions


def seed_metadata() -> dict[str, str]:
    """Label → value of the metadata block, for the labels whose values the seed shows."""
    text = seed_text()
    block = text[text.index("Metadata om dokument"):text.index("Innehåll")]
    found = {}
    for label in METADATA_LABELS:
        match = re.search(re.escape(label) + r" ([^\t\n]+)", block)
        found[label] = match.group(1).strip()
    return found
