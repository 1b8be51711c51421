"""The web page's texts (`generate.py serve`, SPEC §11): page words and its refusals."""
from __future__ import annotations

WEB = {
    "app-name": "Handlingsplan till miljöstrategin",
    "upload-too-large": "Filen är för stor: högst {limit} MiB kan laddas upp.",
    "upload-missing": "Välj en fil att ladda upp (.xlsx eller .zip).",
    "upload-kind": "Filen «{name}» är varken en arbetsbok (.xlsx) eller en zippad indatamapp (.zip).",
    "zip-broken": "Zip-filen går inte att läsa: {detail}",
    "zip-absolute": "Zip-filen innehåller en absolut sökväg: «{name}». Inget har packats upp.",
    "zip-parent": "Zip-filen innehåller en sökväg som pekar utanför mappen («..»): «{name}». Inget har packats upp.",
    "zip-link": "Zip-filen innehåller en länk: «{name}». Inget har packats upp.",
    "zip-bomb": "Zip-filen packas upp till mer än {limit} MiB eller har för många filer. Inget har packats upp.",
    "zip-no-workbook": "Zip-filen innehåller ingen arbetsbok (.xlsx) i roten eller i en mapp överst.",
    "forbidden-origin": "Förfrågan kom från en annan webbplats och avvisades.",
    "csrf": "Formuläret har gått ut eller kom inte från den här sidan. Ladda om sidan och försök igen.",
    "unauthorized": "Sidan kräver en nyckel (token). Öppna adressen med ?token=… som du fått.",
    "not-found": "Sidan eller filen finns inte (jobb tas bort efter 24 timmar).",
    "bad-year": "Ange ett år mellan 1900 och 2999.",
    "internal": "Ett internt fel inträffade. Försök igen, och rapportera felet om det upprepas.",
    "host-needs-token": ("Adressen {host} är inte den egna datorn: starta med --token NYCKEL, "
                         "så att bara den som har nyckeln kommer åt sidan."),
    "serving": "Sidan är igång: öppna {url} i webbläsaren. Avsluta med Ctrl+C.",
    "progress-queued": "Väntar på sin tur …",
    "progress-done": "Klart.",
    "progress-failed": "Bygget misslyckades.",
    "diff-labels": ("Tidigare version", "Nyare version"),
}
