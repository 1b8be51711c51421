"""Swedish alphabetical order (SS 637004 in its everyday form).

Python's default sort puts Ä before Å and upper case before lower case; Swedish readers expect
a–z, then Å, Ä, Ö, case ignored, with accented letters sorted as their base letter (é as e,
ü as y, æ as ä, ø as ö), W is its own letter after V (since 2006).
"""
from __future__ import annotations

import unicodedata

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {ch: i + 1 for i, ch in enumerate(_ALPHABET)}
_FOLD = {"æ": "ä", "ø": "ö", "ü": "y", "ß": "ss"}


def _letters(text: str) -> str:
    out = []
    for ch in text.casefold():
        if ch in _RANK or ch in _FOLD:
            out.append(_FOLD.get(ch, ch))
            continue
        # -- å, ä, ö are letters of their own; other accents fold to the base letter --
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base in _RANK else ch)
    return "".join(out)


def swedish_key(text: str) -> tuple:
    """A sort key: letters by the Swedish alphabet first, the original text as tie-break."""
    folded = _letters(text)
    # -- spaces and punctuation rank below every letter, so "Borlänge Energi" < "Borlängebo" --
    primary = tuple(_RANK.get(ch, 0) for ch in folded)
    return (primary, text)

