"""The follow-up's texts (`followup` and `split`, SPEC §10): its findings, report words and
the reporting workbooks' instructions. Imported by the catalogue, whose tables it extends."""
from __future__ import annotations

from . import CATALOGUE, CLI, ERROR, WARNING

CATALOGUE.update({
    "unknown-status": (WARNING, "Okänd status «{value}». Tillåtna: Ej påbörjad, Pågår, "
                                "Genomförd, Försenad, Avbruten."),
    "unknown-assessment": (WARNING, "Okänd bedömning «{value}». Tillåtna: Enligt plan, "
                                    "Risk för avvikelse, Ej enligt plan."),
    # -- the same two in `followup`, where a status the report cannot count is an error --
    "unknown-status-followup": (ERROR, "Okänd status «{value}»; uppföljningen kan inte räkna "
                                       "den. Tillåtna: Ej påbörjad, Pågår, Genomförd, "
                                       "Försenad, Avbruten."),
    "unknown-assessment-followup": (ERROR, "Okänd bedömning «{value}». Tillåtna: Enligt plan, "
                                           "Risk för avvikelse, Ej enligt plan."),
    "missing-followup-field": (ERROR, "Fältet «{value}» måste vara ifyllt för uppföljningen."),
    "split-foreign-rows": (WARNING, "Filen innehåller {value} rader för andra sektorer/bolag "
                                    "än «{detail}», som filen skickades till."),
    "split-missing-return": (WARNING, "Ingen returnerad fil från «{value}» (väntad fil: "
                                      "{detail})."),
    "split-short-return": (WARNING, "Filen har {value} aktiviteter men {detail} skickades ut."),
})

FOLLOWUP = {
    "all-activities": "Alla aktiviteter",
    "action-label": "Åtgärd {number}",
    "legend": "Status",
    "title": "Uppföljning av {name}",
    "keywords": "Uppföljning; {period}; {municipality}; {year}",
    "sheet": "Uppföljning",
    "previous-status": "Status förra perioden",
    "new-activity": "Ny",
    # -- sentences of the report (the template places them) --
    "summary-sentence": ("Av planens {total} aktiviteter är {parts}."),
    "summary-empty": "Planen har inga aktiviteter att följa upp.",
    "count-part": "{count} {status} ({share} %)",
    "count-part-none": "{count} utan uppgift om status ({share} %)",
    "status-words": {"Ej påbörjad": "ej påbörjade", "Pågår": "pågående",
                     "Genomförd": "genomförda", "Försenad": "försenade",
                     "Avbruten": "avbrutna"},
    "status-word-one": {"Ej påbörjad": "ej påbörjad", "Pågår": "pågående",
                        "Genomförd": "genomförd", "Försenad": "försenad",
                        "Avbruten": "avbruten"},
    "action-counts": "Status: {parts}.",
    "action-count-part": "{status} {count}",
    "no-activities": "Inga aktiviteter.",
    "alt-chart": ("Liggande stapeldiagram: antal aktiviteter per status, {what}. {groups}"),
    "alt-group": "{label}: {parts}.",
    "alt-part": "{status} {count}",
    "alt-summary": "alla aktiviteter",
    "alt-strategy": "per prioritering och fokusområde",
    "alt-units": "per sektor/bolag",
    "changes-sentence": ("Jämfört med {previous}: {changed} med ändrad status, {added} nya "
                         "och {removed} borttagna aktiviteter."),
    "period-previous-unknown": "förra uppföljningen",
}

CLI.update({
    "followup-written": "Skrev uppföljningen ({count} filer) till {folder}.",
    "split-written": "Skrev {count} arbetsböcker för utskick till {folder}.",
    "progress-charts": "Ritar diagram …",
})

# -- `split`: the reporting workbooks sent to each sector/company --
SPLIT = {
    "dispatch-sheet": "Utskick",
    "dispatch-headers": ("Sektor/bolag", "Fil", "Antal aktiviteter"),
    "instructions-title": "Så fyller du i uppföljningen",
    "instructions": (
        "Den här arbetsboken innehåller {unit}s aktiviteter i {name}.",
        "Fyll i kolumnerna Status, Bedömning och Uppföljning för varje aktivitet. Status och "
        "Bedömning väljer du i listan som visas när du klickar i cellen.",
        "Status: Ej påbörjad, Pågår, Genomförd, Försenad eller Avbruten.",
        "Bedömning: Enligt plan, Risk för avvikelse eller Ej enligt plan.",
        "Uppföljning: skriv kort vad som har gjorts. Texten publiceras i uppföljningsrapporten.",
        "Kommentar: intern anteckning till miljöstrategen. Den publiceras aldrig.",
        "De grå kolumnerna (åtgärd, sektor/bolag, aktivitet med mera) är låsta så att "
        "raderna går att känna igen när filen kommer tillbaka. Ändra inte filnamnet.",
        "Ska en ny aktivitet läggas till? Skriv den längst ned i bladet Aktiviteter "
        "(arbetsbladets skydd saknar lösenord: Granska → Ta bort skydd).",
        "Skicka tillbaka filen till miljöstrategen när du är klar.",
    ),
}
