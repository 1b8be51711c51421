"""Text as it goes into a Bilaga 1 file, and the rows both annexes list.

The reader already cleans workbook text (SPEC §3), but writers are also fed plans built in
code, so the last defence against characters XML 1.0 cannot hold lives here: a stray control
character must never make a build fail with an lxml or openpyxl error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ... import messages
from ...derive import activities_by_action
from ...model import Action, Activity, Plan

# -- XML 1.0 allows tab, line feed, carriage return and everything from U+0020 except the
#    surrogates and U+FFFE/U+FFFF --
_NOT_XML = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: object) -> str:
    """`value` as text XML can hold; Excel's line break (U+000B) and CR LF become "\\n"."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class AnnexGroup:
    """One action of the annex with its activities in organisation order (never empty)."""

    action: Action
    activities: tuple[Activity, ...]


def annex_groups(plan: Plan) -> list[AnnexGroup]:
    """The actions that have activities, in the plan's order (the order of the Åtgärder
    sheet, as in the plan document); an action without activities has nothing to list in
    Bilaga 1 (the check warns about it)."""
    grouped = activities_by_action(plan)
    return [AnnexGroup(action, tuple(grouped[action.number]))
            for action in plan.actions if grouped.get(action.number)]


def annex_title(plan: Plan) -> str:
    return messages.ANNEX["title"].format(year=plan.metadata.year)
