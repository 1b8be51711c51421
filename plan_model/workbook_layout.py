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
    Column("assessment", "Bedömning", required=False),
    Column("follow_up", "Uppföljning", required=False, aliases=("Redovisning",)),
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
    Field("open_data_licence", "Licens öppna data"),
    Field("followup_period", "Uppföljningsperiod"),
    Field("followup_date", "Uppföljningsdatum", kind="date"),
)
FOLLOWUP_FIELDS = ("followup_period", "followup_date")
ARCHIVE_FIELDS = ("decided", "deciding_body", "case_number")

STRATEGY_KINDS = {"prioritering": "prioritering", "fokusområde": "fokusområde",
                  "arbetssätt": "arbetssätt"}
UNIT_KINDS = {"sektor": "sektor", "bolag": "bolag"}
# -- in the order of SPEC §3: every list, chart and table of the follow-up uses it --
STATUSES = ("Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Avbruten")
ASSESSMENTS = ("Enligt plan", "Risk för avvikelse", "Ej enligt plan")
# -- activities with these statuses are not carried into next year (`init --carry-activities`) --
CLOSED_STATUSES = ("Genomförd", "Avbruten")

DEFAULT_WORKBOOK = "handlingsplan.xlsx"
ACTIVITY_FOLDER = "aktiviteter"
ICON_FOLDER = "ikoner"

# -- `init`: the words a new workbook shows its user (issue 7) --
# Display spellings of the fixed values, as the drop-downs offer them; the reader matches them
# case-insensitively through STRATEGY_KINDS and UNIT_KINDS.
STRATEGY_KIND_WORDS = ("Prioritering", "Fokusområde", "Arbetssätt")
UNIT_KIND_WORDS = ("Sektor", "Bolag")

INSTRUCTIONS_SHEET = "Instruktioner"
INSTRUCTIONS_HEADERS = ("Blad", "Kolumn eller fält", "Obligatorisk", "Förklaring")
INSTRUCTIONS_INTRO = (
    "Arbetsbok för handlingsplanen till miljöstrategin",
    "Fyll i bladen Dokument, Revideringar, Strategi, Organisation, Åtgärder och Aktiviteter. "
    "Rubrikraden (rad 1) ska stå kvar; kolumnernas ordning spelar ingen roll och egna kolumner "
    "läses inte. Det här bladet läses inte av verktyget.",
    "Kontrollera arbetsboken med: python generate.py check <mapp eller fil>. "
    "Listrutorna visar det som finns i bladen Åtgärder, Organisation och Strategi, "
    "så fyll i dem först.",
)
YES_NO = ("Ja", "Nej")

SHEET_HELP = {
    "document": "Dokumentets metadata: ett fält per rad, värdet i kolumnen Värde.",
    "revisions": "Beslutade revideringar av planen, en per rad. Får vara tomt.",
    "strategy": "Miljöstrategins delar: prioriteringar, fokusområden och arbetssätt.",
    "organisation": "Kommunkoncernens sektorer och bolag.",
    "actions": "Årets åtgärder, en per rad.",
    "activities": "Bilaga 1, Aktivitetslistan: sektorernas och bolagens aktiviteter, "
                  "en per rad. Fler aktiviteter kan ligga i egna arbetsböcker i mappen "
                  "aktiviteter/ bredvid den här arbetsboken.",
}

COLUMN_HELP = {
    ("document", "field"): "Fältets namn. Ändra inte.",
    ("document", "value"): "Fältets värde. Datum skrivs ÅÅÅÅ-MM-DD.",
    ("revisions", "number"): "Revideringens nummer (1, 2, …).",
    ("revisions", "date"): "Beslutsdatum, ÅÅÅÅ-MM-DD.",
    ("revisions", "paragraph"): "Beslutsparagraf, t.ex. § 12.",
    ("revisions", "description"): "Vad som ändrades.",
    ("strategy", "kind"): "Prioritering, Fokusområde eller Arbetssätt (välj i listan).",
    ("strategy", "name"): "Namnet så som det ska stå i planen.",
    ("strategy", "priority"): "Bara för fokusområden: den prioritering det hör till (välj i listan).",
    ("strategy", "icon"): "Ikonens filnamn utan sökväg (PNG eller JPEG), t.ex. klimat.png. "
                          "Filen läggs i mappen ikoner/ bredvid arbetsboken.",
    ("strategy", "description"): "Kort beskrivning (frivillig).",
    ("organisation", "name"): "Sektorns eller bolagets namn.",
    ("organisation", "kind"): "Sektor eller Bolag (välj i listan).",
    ("organisation", "order"): "Ordning i alla listor (frivillig). Rader utan ordning kommer "
                               "efter, i bokstavsordning.",
    ("actions", "number"): "Åtgärdens nummer, ett positivt heltal som inte finns på någon annan rad.",
    ("actions", "title"): "Åtgärdens rubrik. Varje rubrik får bara finnas en gång.",
    ("actions", "strategy"): "Strategins delar som åtgärden bidrar till, åtskilda med semikolon "
                             "eller radbrytning (Alt+Enter). Namnen ska finnas i bladet Strategi.",
    ("actions", "description"): "Beskrivningen av åtgärden i planen.",
    ("activities", "action"): "Åtgärdens rubrik (välj i listan) eller nummer.",
    ("activities", "unit"): "Sektor eller bolag (välj i listan).",
    ("activities", "operation"): "Verksamhet, enhet eller avdelning (frivillig).",
    ("activities", "text"): "Aktiviteten.",
    ("activities", "responsible"): "Ansvarig (frivillig).",
    ("activities", "schedule"): "När aktiviteten ska vara klar (frivillig), t.ex. 2024 eller 2024-06-30.",
    ("activities", "status"): "Ej påbörjad, Pågår, Genomförd, Försenad eller Avbruten "
                              "(frivillig; fylls i vid uppföljningen). Med init --carry-activities "
                              "följer bara aktiviteter som inte är Genomförda eller Avbrutna med "
                              "till nästa års arbetsbok.",
    ("activities", "assessment"): "Enligt plan, Risk för avvikelse eller Ej enligt plan "
                                  "(frivillig; fylls i vid uppföljningen).",
    ("activities", "follow_up"): "Vad som har gjorts (frivillig). Texten publiceras i "
                                 "uppföljningsrapporten.",
    ("activities", "comment"): "Intern kommentar (frivillig); kommer aldrig med i planen, "
                               "bilagan eller uppföljningsrapporten.",
}

FIELD_HELP = {
    "municipality": "Kommunens namn, t.ex. som det står i dokumenthuvudet.",
    "document_name": "Dokumentets namn, t.ex. Handlingsplan till miljöstrategin för 2024.",
    "document_type": "Dokumenttyp, t.ex. Handlingsplan.",
    "scope": "Vilka dokumentet omfattar, t.ex. kommunkoncernen.",
    "owner": "Dokumentägare (befattning eller organ).",
    "responsible": "Dokumentansvarig (befattning).",
    "year": "Planens år (fyra siffror).",
    "publication": "Var dokumentet publiceras (frivillig).",
    "legal_basis": "Författningsstöd (frivillig).",
    "decided": "Beslutsdatum, ÅÅÅÅ-MM-DD (fylls i när planen är beslutad).",
    "review_by": "Datum då planen senast ska revideras, ÅÅÅÅ-MM-DD.",
    "deciding_body": "Det organ som beslutar planen, t.ex. kommunstyrelsen.",
    "case_number": "Planens diarienummer (fylls i när ärendet finns).",
    "annex_case_number": "Bilaga 1:s diarienummer, om den har ett eget.",
    "open_data_licence": ("Licensen för de öppna data som bygget skriver (oppna-data/), som "
                          "webbadress eller namn, t.ex. CC BY 4.0. Tomt: CC0 (fri "
                          "användning)."),
    "followup_period": "Uppföljningsperiod, t.ex. Delår 2024 (behövs för uppföljningen).",
    "followup_date": "Uppföljningsdatum, ÅÅÅÅ-MM-DD (behövs för uppföljningen).",
}


@dataclass(frozen=True)
class DropDown:
    """An Excel drop-down on `sheet`.`column`: either the cells of `source_sheet`.`source_column`
    (so a row added to that list shows up in the drop-down) or the fixed `values`.

    `strict` False lets other values through with a warning: the Åtgärd column also takes a
    number, and Status is free text to the reader. `only_kind` keeps, of the source list, the
    rows whose Typ is that word (the Prioritering column offers priorities only).
    """

    sheet: SheetLayout
    column: str
    source_sheet: SheetLayout | None = None
    source_column: str = ""
    values: tuple[str, ...] = ()
    strict: bool = True
    only_kind: str = ""


DROPDOWNS = (
    DropDown(ACTIVITIES, "action", ACTIONS, "title", strict=False),
    DropDown(ACTIVITIES, "unit", ORGANISATION, "name"),
    DropDown(ACTIVITIES, "status", values=STATUSES, strict=False),
    DropDown(ACTIVITIES, "assessment", values=ASSESSMENTS, strict=False),
    DropDown(STRATEGY, "kind", values=STRATEGY_KIND_WORDS),
    DropDown(STRATEGY, "priority", STRATEGY, "name", only_kind=STRATEGY_KIND_WORDS[0]),
    DropDown(ORGANISATION, "kind", values=UNIT_KIND_WORDS),
)
# -- each drop-down's own error text (sheet key, column key): Excel shows it when a value
#    outside the list is typed, so it must speak of that column's list --
DROPDOWN_ERRORS = {
    ("activities", "action"): ("Åtgärden finns inte på bladet Åtgärder. Kontrollera stavningen "
                               "(en åtgärd kan också anges med sitt nummer)."),
    ("activities", "unit"): "Välj en sektor eller ett bolag från bladet Organisation.",
    ("activities", "status"): ("Status ska vara ett av värdena i listan. Kontrollera "
                               "stavningen."),
    ("activities", "assessment"): ("Bedömning ska vara ett av värdena i listan: Enligt plan, "
                                   "Risk för avvikelse eller Ej enligt plan."),
    ("strategy", "kind"): "Välj Prioritering, Fokusområde eller Arbetssätt.",
    ("strategy", "priority"): ("Välj en prioritering: ett Namn på bladet Strategi vars Typ är "
                               "Prioritering."),
    ("organisation", "kind"): "Välj Sektor eller Bolag.",
}
# -- a hidden helper sheet for lists that Excel cannot filter in a drop-down (priorities
#    only); the reader ignores sheets it does not know --
LIST_SHEET = "Listor"
LIST_SHEET_HEADERS = {("strategy", "priority"): "Prioriteringar"}
# -- how far the lists and the drop-downs reach: rows 2..N. Excel stores a range, not cells,
#    so a generous N costs nothing; the activity list is the long one (10,000 in a big plan) --
LIST_LAST_ROW = 1000
DROPDOWN_LAST_ROW = {"activities": 20000}
DROPDOWN_DEFAULT_LAST_ROW = 1000
