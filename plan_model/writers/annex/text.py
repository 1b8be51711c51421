"""The rows both Bilaga 1 files list, and their title."""
from __future__ import annotations

from dataclasses import dataclass

from ... import messages
from ...derive import activities_by_action
from ...model import Action, Activity, Plan


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
