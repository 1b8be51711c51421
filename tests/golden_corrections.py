"""Corrections that turn the reference plan's text into the bundled 2023 example.

The reference document (``seed/000_a64676b0c710aa3d.txt`` beside SPEC.md) is Borlänge's
published *Handlingsplan till miljöstrategin för 2023*, extracted as plain text. The bundled
example input ``inputs/2023/handlingsplan.xlsx`` reproduces its 17 actions, but with the
original's typos and grammar slips corrected (SPEC §8: "its typos corrected").

The golden test compares the generated plan with the seed *after* these corrections: apply
``SEED_CORRECTIONS`` in order, with ``str.replace``, to the raw seed text, then parse the action
pages; every action title, strategy-element name, description and sector/company name then
equals what the workbook (and hence the generated plan) holds.

Each entry is ``(wrong, right)``. ``wrong`` occurs verbatim in the raw seed text (line breaks
included) and is written so that replacing every occurrence touches nothing else.

The first group only un-wraps the strategy-icon captions, which the text extraction broke over
several lines (``"Utveckla\\nnaturvår-\\nden"``); after it every caption stands on one line. A
parser that joins wrapped caption lines itself (a line ending in ``-`` joined without the hyphen,
otherwise with a space) gets the same result, so applying this group is harmless either way.
The second group are the real corrections.
"""

SEED_CORRECTIONS: list[tuple[str, str]] = [
    # --- strategy-icon captions: un-wrap (layout only, not errors) --------------------------
    ("Res\nhållbart", "Res hållbart"),
    ("Utveckla\nnaturvår-\nden", "Utveckla naturvården"),
    ("Hållbart\nbrukande\nav mark och\nvatten", "Hållbart brukande av mark och vatten"),
    ("Bygg\noch bo\nhållbart", "Bygg och bo hållbart"),
    ("Ät\nhållbart", "Ät hållbart"),
    ("Hejda\nklimatförändringarna", "Hejda klimatförändringarna"),
    ("Delaktighet,\ninformation\noch\nutbildning", "Delaktighet, information och utbildning"),
    ("Borlänge i\nsamverkan", "Borlänge i samverkan"),
    ("Kommunen\ngår före", "Kommunen går före"),
    ("Konsumera\nmiljösmart", "Konsumera miljösmart"),
    ("Konsumera\nmiljösamt", "Konsumera miljösamt"),
    # --- strategy-element names: typos in the original ------------------------------------
    ("Konsumera miljösamt", "Konsumera miljösmart"),
    ("Bygga och bo hållbart", "Bygg och bo hållbart"),
    ("Energi-effektivisera", "Energieffektivisera"),
    # --- sector/company names --------------------------------------------------------------
    # "Hushage" is a prefix of "Hushagen": the line break keeps the replacement exact.
    ("Hushage\n", "Hushagen\n"),
    # --- action titles and descriptions ----------------------------------------------------
    # action 17, title and description
    ("arbets sätt", "arbetssätt"),
    # action 1
    ("infrastruktur för fossilfria laddning", "infrastruktur för fossilfri laddning"),
    # action 2: "den ... X" needs the definite form
    ("den koncerngemensamma Naturvårdsplan och", "den koncerngemensamma naturvårdsplanen och"),
    # actions 5, 8, 9: space before the per cent sign (Svenska skrivregler), stray space
    ("med 40% till 2030", "med 40 % till 2030"),
    ("cirka 11% av tätorten", "cirka 11 % av tätorten"),
    ("övriga Sverige är 5% .", "övriga Sverige är 5 %."),
    ("minska med 50% till 2030", "minska med 50 % till 2030"),
    # action 9: left-over word and a two-item list without "och"
    (
        "med hjälp av olika bland annat digitalisering inom sophantering, utökad kommunikation",
        "med hjälp av bland annat digitalisering inom sophantering och utökad kommunikation",
    ),
    # action 11: agreement with "arbetsinsatser" and the preposition of "fokuserad"
    ("att bland annat vara fokuserad till", "att bland annat vara fokuserade på"),
    # action 13: a verb phrase is missing
    (
        "Under 2023 kommer steg att utveckla kunskapsläget",
        "Under 2023 kommer steg att tas för att utveckla kunskapsläget",
    ),
    # action 17: dangling hyphen and a stray article
    ("inom miljö- och klimat är ett viktigt för", "inom miljö och klimat är viktigt för"),
]


def apply_corrections(text: str) -> str:
    """Return ``text`` with every correction of ``SEED_CORRECTIONS`` applied in order."""
    for wrong, right in SEED_CORRECTIONS:
        text = text.replace(wrong, right)
    return text
