"""The nearest valid value, for "menade du …?"."""
from __future__ import annotations

import difflib


def nearest(value: str, candidates, cutoff: float = 0.6) -> str:
    """The candidate most like `value` (case-insensitive), or "" when none is close enough."""
    candidates = [c for c in candidates if c]
    folded = {c.casefold(): c for c in candidates}
    wanted = value.casefold().strip()
    match = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=cutoff)
    if match:
        return folded[match[0]]
    # -- a name typed short ("Samarbete" for "Samarbete över gränser") is still a good guess --
    starts = [c for c in folded if wanted and len(wanted) >= 4 and c.startswith(wanted)]
    return folded[starts[0]] if len(starts) == 1 else ""
