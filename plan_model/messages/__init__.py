"""The catalogue of everything a user reads: finding code → level and Swedish wording.

Codes are stable English kebab-case (tests and JSON consumers rely on them); wording may be
improved freely. Templates may use {value} (what was found) and {detail} (extra context).
"""
from __future__ import annotations

ERROR = "error"
WARNING = "warning"

CATALOGUE: dict[str, tuple[str, str]] = {
    # -- the file itself --
    "missing-input": (ERROR, "Hittar ingen indatafil: {detail}"),
    "not-a-workbook": (ERROR, "Filen är ingen Excel-arbetsbok (.xlsx): {detail}"),
    "empty-file": (ERROR, "Filen är tom."),
    "corrupt-workbook": (ERROR, "Arbetsboken är skadad och kan inte läsas: {detail}"),
    "encrypted-workbook": (ERROR, "Arbetsboken är lösenordsskyddad. Spara den utan lösenord och försök igen."),
    "unsafe-xml": (ERROR, "Arbetsboken innehåller otillåten XML ({detail}) och läses inte."),
    "too-large": (ERROR, "Arbetsboken packas upp till för stor storlek ({detail}) och läses inte."),
    # -- sheets, columns, fields --
    "missing-sheet": (ERROR, "Bladet «{value}» saknas. Blad som finns: {detail}."),
    "missing-columns": (ERROR, "Hittar ingen rubrikrad med alla obligatoriska kolumner. Närmast är rad {value}, där saknas: {detail}."),
    "unknown-column": (WARNING, "Okänd kolumn «{value}» läses inte."),
    "missing-field": (ERROR, "Det obligatoriska fältet «{value}» saknas eller är tomt."),
    "unknown-field": (WARNING, "Okänt fält «{value}» läses inte."),
    "missing-archive-field": (ERROR, "Fältet «{value}» måste vara ifyllt för att planen ska kunna arkiveras."),
    "formula-without-value": (ERROR, "Formeln {value} har inget sparat värde. Öppna filen i Excel och spara den igen."),
    "invalid-date": (ERROR, "«{value}» är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD."),
    "invalid-year": (ERROR, "«{value}» är inget årtal."),
    "invalid-number": (ERROR, "«{value}» är inget tal."),
    "control-character-removed": (WARNING, "Ett osynligt styrtecken ({detail}) har tagits bort ur texten."),
    "case-mismatch": (WARNING, "«{value}» skiljer sig bara i stora/små bokstäver; listans stavning «{detail}» används."),
    # -- strategy and organisation --
    "unknown-strategy-kind": (ERROR, "Okänd typ «{value}». Tillåtna typer: Prioritering, Fokusområde, Arbetssätt."),
    "missing-strategy-name": (ERROR, "Strategielementet saknar namn."),
    "duplicate-strategy-element": (ERROR, "Strategielementet «{value}» finns redan på {detail}."),
    "unknown-priority": (ERROR, "Fokusområdet hör till prioriteringen «{value}», som inte finns i bladet Strategi."),
    "missing-icon": (ERROR, "Ikonen «{value}» finns varken i indatans ikoner/ eller i mallens icons/."),
    "invalid-icon": (ERROR, "Ikonen «{value}» är ingen PNG- eller JPEG-bild."),
    "icon-path": (ERROR, "Ikonen ska anges med bara filnamnet, utan sökväg: «{value}»."),
    "unknown-unit-kind": (ERROR, "Okänd typ «{value}». Tillåtna typer: Sektor, Bolag."),
    "missing-unit-name": (ERROR, "Sektorn/bolaget saknar namn."),
    "duplicate-unit": (ERROR, "Sektorn/bolaget «{value}» finns redan på {detail}."),
    # -- actions --
    "missing-action-number": (ERROR, "Åtgärden saknar nummer."),
    "invalid-action-number": (ERROR, "«{value}» är inget åtgärdsnummer (ett positivt heltal)."),
    "missing-action-title": (ERROR, "Åtgärd {value} saknar rubrik."),
    "duplicate-action-number": (ERROR, "Åtgärdsnummer {value} finns redan på {detail}."),
    "duplicate-action-title": (ERROR, "Åtgärdsrubriken «{value}» finns redan på {detail}."),
    "unknown-strategy-element": (ERROR, "«{value}» finns inte i bladet Strategi."),
    "action-without-activities": (WARNING, "Åtgärd {value} har inga aktiviteter, så dess lista över sektorer/bolag blir tom."),
    # -- activities --
    "missing-activity-text": (ERROR, "Raden saknar aktivitetstext."),
    "missing-activity-action": (ERROR, "Raden saknar åtgärd."),
    "missing-activity-unit": (ERROR, "Raden saknar sektor/bolag."),
    "unknown-action": (ERROR, "Åtgärden «{value}» finns inte i bladet Åtgärder."),
    "unknown-unit": (ERROR, "Sektorn/bolaget «{value}» finns inte i bladet Organisation."),
    "duplicate-activity": (WARNING, "Aktiviteten «{value}» finns redan för samma åtgärd och sektor/bolag på {detail}."),
    # -- templates --
    "template-unknown-variable": (ERROR, "Mallen använder «{value}», som planmodellen inte har ({detail})."),
    "template-syntax": (ERROR, "Mallen har en trasig tagg «{value}» ({detail})."),
    "template-missing": (ERROR, "Mallen finns inte: {detail}"),
}

SUGGESTION = "menade du «{suggestion}»?"
LEVEL_WORD = {ERROR: "FEL", WARNING: "VARNING"}

# -- messages of the command line itself (not findings) --
CLI = {
    "input-invalid": "Indatan innehåller {errors} fel. Inget har skrivits.",
    "check-ok": "Inga fel hittades ({warnings} varningar).",
    "built": "Skrev {count} filer till {folder}.",
    "external-tool": "{detail}",
    "progress-read": "Läser {name} …",
    "progress-pdf": "Skapar PDF: {name} …",
}


def level_of(code: str) -> str:
    return CATALOGUE[code][0]


def render(code: str, value: str = "", detail: str = "") -> str:
    return CATALOGUE[code][1].format(value=value, detail=detail)

# -- PDF/A through LibreOffice (pdf/); each becomes an ExternalToolError, exit 3 --
PDF = {
    "soffice-missing": ("LibreOffice (soffice) hittades inte, så ingen PDF/A skapades. "
                        "Installera det, på Debian/Ubuntu: apt-get install libreoffice-writer-nogui "
                        "fonts-crosextra-carlito fonts-crosextra-caladea — eller kör med --no-pdf."),
    "timeout": ("LibreOffice svarade inte inom {seconds} sekunder och avbröts; ingen PDF skapades. "
                ".docx- och .xlsx-filerna är skrivna."),
    "crashed": ("LibreOffice avslutades med fel ({code}); ingen PDF skapades. "
                ".docx- och .xlsx-filerna är skrivna. {detail}"),
    "no-output": ("LibreOffice skapade ingen PDF av {name}, fast det inte rapporterade något fel. "
                  ".docx- och .xlsx-filerna är skrivna. {detail}"),
    "unreadable": "PDF-filen som LibreOffice skapade av {name} går inte att läsa: {detail}",
    "no-pdfa-claim": ("LibreOffice skapade ingen PDF/A-2b av {name} (XMP saknar pdfaid:part = 2); "
                      "exportinställningarna togs inte emot."),
    "not-pdfa": "PDF:en av {name} klarar inte PDF/A-2b-kontrollen: {detail}",
    "toc-heading-missing": ("Rubriken «{text}» i innehållsförteckningen finns inte bland PDF:ens "
                            "bokmärken, så dess sidnummer kan inte fastställas."),
    "toc-unstable": ("Innehållsförteckningens sidnummer ändrar sidbrytningarna; efter {passes} "
                     "omgångar stämmer de fortfarande inte."),
}

# -- `init` and `diff` (issue 7): command-line texts --
CLI.update({
    "init-written": "Skrev {path}.",
    "init-icons": "Kopierade {count} ikoner till {folder}.",
    "init-exists": ("{path} finns redan och skrivs inte över. Välj en annan mapp med --out "
                    "eller flytta den befintliga arbetsboken."),
    "init-source-invalid": "Arbetsboken att utgå från innehåller {errors} fel. Inget har skrivits.",
    "diff-input-invalid": "{name} innehåller {errors} fel; jämförelsen görs inte.",
    "diff-written": "Skrev jämförelsen till {path}.",
    "diff-bad-suffix": "--out måste sluta på .md eller .docx, inte «{name}».",
    "init-carry-needs-from": "--carry-activities kräver --from: utan en tidigare arbetsbok finns inga aktiviteter att behålla.",
    "invalid-year": "«{value}» är inget årtal (fyra siffror, t.ex. 2024).",
    "init-old-year": ("Åtgärd {actions} nämner fortfarande {year} i rubrik eller beskrivning; "
                      "se över texterna i bladet Åtgärder."),
})

# -- the words of the diff report (writers/diff_report.py) --
DIFF = {
    "title": "Ändringar i handlingsplanen",
    "compared": "Jämförelse mellan {old} och {new}.",
    "plan": "«{name}» ({year}, {file})",
    "no-changes": "Inga skillnader hittades.",
    "summary": "Sammanfattning",
    "count-column": "Antal",
    "before": "Före",
    "after": "Efter",
    "count-actions": "Åtgärder",
    "count-activities": "Aktiviteter",
    "count-units": "Sektorer och bolag i organisationen",
    "count-units-active": "Sektorer och bolag med aktiviteter",
    "count-strategy": "Strategins delar",
    "totals": ("Åtgärder – nya: {added}, borttagna: {removed}, ändrade: {changed}. "
               "Aktiviteter – nya: {act_added}, borttagna: {act_removed}, "
               "ändrade: {act_changed}."),
    "metadata": "Dokumentuppgifter",
    "field-change": "{label}: {old} → {new}",
    "empty": "(tomt)",
    "strategy-organisation": "Strategi och organisation",
    "strategy-added": "Ny del av strategin: {name}",
    "strategy-removed": "Borttagen del av strategin: {name}",
    "unit-added": "Ny sektor/bolag i organisationen: {name}",
    "unit-removed": "Borttagen sektor/bolag ur organisationen: {name}",
    "actions-added": "Nya åtgärder",
    "actions-removed": "Borttagna åtgärder",
    "actions-changed": "Ändrade åtgärder",
    "action": "Åtgärd {number} {title}",
    "action-units": "{action} – sektorer/bolag: {units}",
    "none": "inga",
    "renumbered": "Nytt nummer: {new} (tidigare {old})",
    "renamed": "Ny rubrik: «{new}» (tidigare «{old}»)",
    "redescribed": "Ny beskrivning: «{new}» (tidigare «{old}»)",
    "links-added": "Kopplas nu också till: {names}",
    "links-removed": "Kopplas inte längre till: {names}",
    "units-per-action": "Sektorer och bolag per åtgärd",
    "units-gained": "tillkommer: {names}",
    "units-lost": "faller bort: {names}",
    "activities": "Aktiviteter",
    "activity-header": ("Åtgärd", "Sektor/bolag", "Aktivitet", "Ändring"),
    "activity-added": "ny",
    "activity-removed": "borttagen",
    "activity-removed-with-action": "borttagen med åtgärden",
    "activity-changed": "ändrad",
    "keywords": "Handlingsplan; jämförelse; {municipality}; {year}",
}

# -- words the plan document itself uses (writers/plan/context.py): counts written as words,
#    as Swedish prose does for small numbers ("tre prioriteringar och nio fokusområden") --
NUMBER_WORDS = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
                "elva", "tolv")
NUMBER_ONE_NEUTER = "ett"
LIST_AND = "och"

# -- archive and verify (issue 6): findings about a build folder or an archive package;
#    `file` is the path inside the build folder or inside the package --
CATALOGUE.update({
    "archive-not-a-build": (ERROR, "Mappen är inget färdigt bygge: manifest.json saknas eller går inte att läsa ({detail})."),
    "archive-build-file-missing": (ERROR, "Filen är förtecknad i manifest.json men saknas i bygget."),
    "archive-build-file-changed": (ERROR, "Filen har ändrats efter bygget: dess SHA-256 stämmer inte med manifest.json."),
    "archive-no-inputs": (ERROR, "Bygget saknar kopior av indataarbetsböckerna (indata/). Kör build igen."),
    "archive-pdf-missing": (ERROR, "Bygget har ingen PDF/A-fil ({value}). Kör build utan --no-pdf först."),
    "archive-exists": (ERROR, "Det finns redan ett arkivpaket för revidering {value} ({detail}). Inget har ändrats."),
    "pdfa-invalid": (ERROR, "Filen uppfyller inte PDF/A-2b: {detail}"),
    "package-not-found": (ERROR, "Hittar inget arkivpaket här (varken mapp eller .zip)."),
    "package-unreadable": (ERROR, "Arkivpaketet går inte att läsa: {detail}"),
    "package-not-one-root": (ERROR, "En .zip med ett arkivpaket ska innehålla exakt en rotmapp; den här har {value}."),
    "package-no-mets": (ERROR, "Paketet saknar METS.xml i rotmappen."),
    "package-file-missing": (ERROR, "Filen saknas i paketet men är förtecknad i {detail}."),
    "package-file-size": (ERROR, "Filen är {value} byte, men {detail} anger en annan storlek."),
    "package-file-checksum": (ERROR, "Filens SHA-256 stämmer inte med {detail}."),
    "package-file-unlisted": (ERROR, "Filen finns i paketet men är inte förtecknad i någon METS-fil."),
    "package-file-undescribed": (ERROR, "Filen finns bland paketets data men saknas i arkivmetadata."),
    "package-metadata-invalid": (ERROR, "Metadatafilen följer inte schemat arkivmetadata.xsd: {detail}"),
    "package-metadata-mismatch": (ERROR, "Metadata stämmer inte med paketet: {value} ({detail})."),
})

# -- texts written into the archive package (archive/) --
ARCHIVE = {
    "annex-record-type": "Bilaga",
    "followup-record-type": "Uppföljning",
    "annex-title": "Bilaga 1 – Aktivitetslista {year}",
    "format-pdfa": "PDF/A-2b",
    "format-xlsx": "Office Open XML-kalkylblad (.xlsx)",
    "format-png": "PNG-bild",
    "format-jpeg": "JPEG-bild",
    "event-detail": "Arkivpaketet skapades från ett färdigt bygge; kontrollsummor beräknades och PDF/A-2b kontrollerades.",
    "readme": (
        "Arkivpaket {objid}\n"
        "\n"
        "Ärende: {case_number} – {title}\n"
        "Kommun: {municipality}\n"
        "Beslutad: {decided} av {deciding_body} {paragraph}\n"
        "Revidering: {revision}\n"
        "\n"
        "Paketet följer E-ARK SIP 2.1 (CSIP 2.1, FGS Paketstruktur 2.0).\n"
        "METS.xml i rotmappen förtecknar alla filer med storlek och SHA-256.\n"
        "metadata/descriptive/arkivmetadata.xml (schema: schemas/arkivmetadata.xsd) och\n"
        "arkivmetadata.json beskriver ärendet, handlingarna och filerna.\n"
        "representations/rep1/data/ innehåller plan och bilaga som PDF/A-2b och\n"
        "indataarbetsböckerna exakt som de lästes.\n"
        "\n"
        "Kontrollera paketet: python generate.py verify {objid}\n"
        "eller, i paketets rotmapp: sha256sum -c {checksums}\n"
        "\n"
        "Filer:\n"
        "{files}"
    ),
    "readme-file": "  {path} ({role}, {size} byte)\n",
}

CLI.update({
    "archived": "Skrev arkivpaketet {objid}: {folder} och {zip}.",
    "archive-failed": "Inget arkivpaket skrevs ({errors} fel).",
    "verified": "Arkivpaketet {package} stämmer: {count} filer kontrollerade.",
    "verify-failed": "Arkivpaketet {package} stämmer inte: {errors} fel.",
    "progress-pdfa": "Kontrollerar PDF/A-2b: {name} …",
})

# -- where in a Word template a tag stands (the "cell" of a template finding) --
TEMPLATE_PLACE = {
    "body": "stycke {index}",
    "header": "sidhuvud, stycke {index}",
    "footer": "sidfot, stycke {index}",
}
TEMPLATE_PARAGRAPH_START = "stycke {index}, som börjar «{start}»"

# -- more template findings (writers/template_check.py; the activity row: writers/annex/docx.py) --
CATALOGUE.update({
    "template-unreadable": (ERROR, "Mallen går inte att öppna som Word-dokument (.docx): {detail}"),
    "template-no-activity-row": (ERROR, "Mallen saknar tabellraden för aktiviteter: en rad med "
                                        "taggar som {{{{ activity.text }}}}."),
})

# -- the words of the Bilaga 1 files (writers/annex/docx.py, writers/annex/xlsx.py) --
ANNEX = {
    "title": "Bilaga 1 – Aktivitetslista {year}",
    "sheet": "Aktivitetslista {year}",
    "keywords": "Bilaga 1; Aktivitetslista; {municipality}; {year}",
}

# -- Bilaga 1 .xlsx: the Status drop-down and the printed page (Excel's &P/&N codes) --
ANNEX.update({
    "status-error-title": "Okänd status",
    "status-error": "Välj en status i listan: {statuses}.",
    "print-footer": "Sida &P av &N",
})

# -- publication (plan_model/publish/): the open data's description in dcat.rdf --
OPEN_DATA = {
    "title": "{name}, {municipality} – åtgärder och aktiviteter",
    "description": ("Åtgärderna och aktiviteterna i {name} ({municipality}, {year}): "
                    "en rad per åtgärd (med strategi och sektorer/bolag) och en rad per "
                    "aktivitet i Aktivitetslistan (Bilaga 1), med status och uppföljning där "
                    "de finns."),
    "file-atgarder.csv": "Åtgärder (CSV)",
    "file-atgarder.json": "Åtgärder (JSON)",
    "file-aktiviteter.csv": "Aktiviteter (CSV)",
    "file-aktiviteter.json": "Aktiviteter (JSON)",
}

# -- the error path, the output folder, interrupts, the Swedish command line --

CLI.update({
    "summary": "{errors} fel, {warnings} {warning_word}",
    "input-failed": "Inget har skrivits: indatan innehåller {errors} fel.",
    "interrupted": ("Avbrutet ({signal}). Inga tillfälliga filer eller processer finns kvar "
                    "och ingen utdatamapp är halvskriven."),
    "internal-error": ("Internt fel ({name}: {detail}). Det är ett fel i verktyget – rapportera "
                       "det gärna tillsammans med kommandot du körde; kör med --debug för "
                       "hela felspåret."),
    "usage-error": "Fel i kommandoraden: {message}",
    "quiet-help": "skriv inga förloppsrader på stderr",
    "debug-help": "visa hela felspåret (traceback) vid ett internt fel",
    "format-help": "utdataformat för fynden: text (standard) eller json (en JSON-lista på stdout)",
    "package-help": "arkivpaketet: mappen arkiv/<id> eller arkiv/<id>.zip",
})
WARNING_WORDS = ("varning", "varningar")

# -- the finding a --format json list holds for a failure that is not about the input --
FAILURE_CODES = {1: "input-invalid", 2: "usage-error", 3: "external-tool-failed",
                 4: "output-unwritable", 70: "internal-error", 129: "interrupted",
                 130: "interrupted", 143: "interrupted"}

OUTPUT = {
    "unwritable": "Kan inte skriva till mappen {folder}: {detail}. Inget har ändrats där.",
    "waiting": "Mappen {folder} används av en annan körning (process {pid}); väntar upp till {seconds} sekunder …",
    "locked": ("Mappen {folder} används av en annan körning ({command}, process {pid}, "
               "startad {started}). Vänta tills den är klar och försök igen."),
}
# -- errno → why a folder cannot be written, in Swedish --
OUTPUT_REASONS = {
    1: "åtgärden är inte tillåten",
    2: "sökvägen finns inte",
    13: "skrivskyddad eller saknar behörighet",
    17: "en fil står där en mapp behövs",
    20: "en fil står där en mapp behövs",
    21: "sökvägen är en mapp",
    28: "disken är full",
    30: "filsystemet är skrivskyddat",
    36: "filnamnet är för långt",
    122: "diskkvoten är slut",
}

CATALOGUE.update({
    "package-file-not-in-checksums": (ERROR, "Filen finns i paketet men saknas i {detail}."),
    "package-seal-missing": (WARNING, "Sigillet {value} saknas bredvid paketet, så en ändring av "
                                      "både en fil och kontrollsummelistan kan inte upptäckas."),
    "package-seal-mismatch": (ERROR, "Filens SHA-256 stämmer inte med sigillet {detail} bredvid paketet."),
    "hidden-rows": (WARNING, "Raderna {value} är dolda i Excel men läses ändå och kommer med i planen."),
    "filtered-rows": (WARNING, "Raderna {value} är dolda av ett filter men läses ändå och kommer med i planen."),
    "hidden-columns": (WARNING, "Kolumnerna {value} är dolda i Excel men läses ändå."),
    "empty-sheet": (ERROR, "Bladet «{value}» har inga rader under rubrikraden; en plan utan {detail} är ingen plan."),
    "icon-too-many-pixels": (ERROR, "Ikonen «{value}» är en bild på {detail} bildpunkter – för "
                                    "stor för att läsas in. Förminska den (t.ex. till 512 × 512) och spara igen."),
    "icon-large": (WARNING, "Ikonen «{value}» är {detail} stor och gör dokumenten tunga. Spara "
                            "den mindre (t.ex. 512 × 512 bildpunkter)."),
    "wrong-format": (ERROR, "«{value}» är en {detail}-fil, men här behövs en Excel-arbetsbok "
                            "(.xlsx). Öppna den i Excel eller LibreOffice och spara den som .xlsx."),
    "template-no-icons": (ERROR, "Mallen saknar mappen icons/ bredvid sig ({detail}), och där "
                                 "skulle ikonerna {value} hämtas. Lägg dem i indatans ikoner/ "
                                 "eller ange rätt mall med --template."),
    "glyph-missing": (WARNING, "Tecknet «{value}» ({detail}) finns inte i något typsnitt som "
                               "dokumentet kan använda och försvinner ur PDF:en. Ta bort det, "
                               "skriv det med ord eller installera ett typsnitt som har det."),
    "workbook-exists": (ERROR, "{detail} finns redan och skrivs inte över. Välj en annan mapp "
                               "med --out eller flytta den befintliga arbetsboken."),
})

# -- argparse's own texts (see swedish_argparse.py), by their English original --
ARGPARSE = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "options": "flaggor",
    "optional arguments": "flaggor",
    "show this help message and exit": "visa den här hjälptexten och avsluta",
    "subcommands": "kommandon",
    "the following arguments are required: %s": "följande argument krävs: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "expected one argument": "ett värde behövs",
    "expected at most one argument": "högst ett värde",
    "expected at least one argument": "minst ett värde behövs",
    "expected %s argument": "%s värde behövs",
    "expected %s arguments": "%s värden behövs",
    "ambiguous option: %(option)s could match %(matches)s":
        "tvetydig flagga: %(option)s kan vara %(matches)s",
    "not allowed with argument %s": "kan inte kombineras med %s",
    "one of the arguments %s is required": "ett av argumenten %s krävs",
    "ignored explicit argument %r": "tar inget värde: %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "okänt kommando %(parser_name)r (välj bland %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan inte öppna «%(filename)s»: %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
}

# -- why a package or a build folder cannot be read, in Swedish (the libraries' words are English) --
VERIFY_REASONS = {
    "zip": "filen är ingen giltig .zip-fil",
    "file": "filen kan inte läsas",
    "entry": "filen i .zip-paketet är skadad (kontrollsumman stämmer inte)",
}
BUILD_FOLDER_REASONS = {
    "missing": "manifest.json saknas eller kan inte läsas – är det här en utdatamapp från build?",
    "outside": "manifest.json pekar på filer utanför mappen: {detail}",
    "invalid": "manifest.json är inte ett manifest från build",
}


# -- the capabilities' own texts, each in a module of its own: they add their findings and
#    command-line lines to CATALOGUE and CLI when imported, here, after those exist --
from .followup import FOLLOWUP, SPLIT  # noqa: E402,F401 -- messages.FOLLOWUP, messages.SPLIT
from .web import WEB  # noqa: E402,F401 -- messages.WEB
