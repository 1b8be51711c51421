"""The input workbook's own words (SPEC §3): sheets, columns, aliases, fields and fixed values.

Like python-docx's oxml layer keeps the schema's spelling, this module keeps the workbook's
Swedish; the rest of the code refers to columns by the English keys defined here.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def normalise_name(text: str) -> str:
    """Case-, space- and punctuation-insensitive form: `Sektor / Bolag` = `sektor/bolag`."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return re.sub(r"[\W_]+", "", text)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = True
    aliases: tuple[str, ...] = ()

    def matches(self, name: str) -> bool:
        wanted = normalise_name(name)
        return any(normalise_name(n) == wanted for n in (self.header, *self.aliases))


@dataclass(frozen=True)
class SheetLayout:
    key: str
    name: str
    columns: tuple[Column, ...]
    required: bool = True

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


DOCUMENT = SheetLayout("document", "Dokument", (
    Column("field", "Fält"),
    Column("value", "Värde"),
))
REVISIONS = SheetLayout("revisions", "Revideringar", (
    Column("number", "Revidering"),
    Column("date", "Datum"),
    Column("paragraph", "Paragraf", required=False),
    Column("description", "Beskrivning", required=False),
), required=False)
STRATEGY = SheetLayout("strategy", "Strategi", (
    Column("kind", "Typ"),
    Column("name", "Namn"),
    Column("priority", "Prioritering", required=False),
    Column("icon", "Ikon"),
    Column("description", "Beskrivning", required=False),
))
ORGANISATION = SheetLayout("organisation", "Organisation", (
    Column("name", "Namn"),
    Column("kind", "Typ"),
    Column("order", "Ordning", required=False),
))
ACTIONS = SheetLayout("actions", "Åtgärder", (
    Column("number", "Nr"),
    Column("title", "Åtgärd", aliases=("Rubrik", "Titel")),
    Column("strategy", "Strategi", aliases=("Fokusområden", "Kopplingar")),
    Column("description", "Beskrivning", required=False),
))
ACTIVITIES = SheetLayout("activities", "Aktiviteter", (
    Column("action", "Åtgärd", aliases=("Åtgärd nr", "Åtgärdsnummer")),
    Column("unit", "Sektor/bolag", aliases=("Sektor", "Bolag", "Förvaltning")),
    Column("operation", "Verksamhet", required=False, aliases=("Enhet", "Avdelning")),
    Column("text", "Aktivitet", aliases=("Aktiviteter",)),
    Column("responsible", "Ansvarig", required=False),
    Column("schedule", "Tidplan", required=False, aliases=("Klart", "När")),
    Column("status", "Status", required=False),
    Column("comment", "Kommentar", required=False),
))

SHEETS = (DOCUMENT, REVISIONS, STRATEGY, ORGANISATION, ACTIONS, ACTIVITIES)

# -- Dokument fields: key → (label, required, aliases, kind) --
@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text | year | date

    def matches(self, name: str) -> bool:
        wanted = normalise_name(name)
        return any(normalise_name(n) == wanted for n in (self.label, *self.aliases))


FIELDS = (
    Field("municipality", "Kommun", required=True),
    Field("document_name", "Dokumentnamn", required=True),
    Field("document_type", "Dokumenttyp", required=True),
    Field("scope", "Omfattar", required=True),
    Field("owner", "Dokumentägare", required=True),
    Field("responsible", "Dokumentansvarig", required=True),
    Field("year", "Planår", required=True, kind="year"),
    Field("publication", "Publicering"),
    Field("legal_basis", "Författningsstöd"),
    Field("decided", "Beslutad", kind="date"),
    Field("review_by", "Bör revideras senast", kind="date"),
    Field("deciding_body", "Beslutsinstans", aliases=("Beslutinstans", "Beslutinsats")),
    Field("case_number", "Diarienummer"),
    Field("annex_case_number", "Diarienummer Bilaga 1"),
)
ARCHIVE_FIELDS = ("decided", "deciding_body", "case_number")

STRATEGY_KINDS = {"prioritering": "prioritering", "fokusområde": "fokusområde",
                  "arbetssätt": "arbetssätt"}
UNIT_KINDS = {"sektor": "sektor", "bolag": "bolag"}
STATUSES = ("Ej påbörjad", "Pågår", "Genomförd", "Avbruten")

DEFAULT_WORKBOOK = "handlingsplan.xlsx"
ACTIVITY_FOLDER = "aktiviteter"
ICON_FOLDER = "ikoner"
