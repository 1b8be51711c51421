"""The nearest valid value, for "menade du …?"."""
from __future__ import annotations

import difflib


def nearest(value: str, candidates, cutoff: float = 0.6) -> str:
    """The candidate most like `value` (case-insensitive), or "" when none is close enough."""
    candidates = [c for c in candidates if c]
    folded = {c.casefold(): c for c in candidates}
    match = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else ""
