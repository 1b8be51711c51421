"""Views derived from the plan model: never typed by hand, always computed from Bilaga 1."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from .collation import swedish_key
from .model import Action, Activity, Plan, StrategyElement, StrategyKind, Unit


def unit_order_key(unit: Unit) -> tuple:
    """Rows with an Ordning first, by it; the rest, and ties, in Swedish alphabetical order."""
    has_order = unit.order is not None
    return (0 if has_order else 1, unit.order if has_order else 0, swedish_key(unit.name))


def ordered_units(plan: Plan) -> list[Unit]:
    return sorted(plan.units, key=unit_order_key)


def activities_by_action(plan: Plan) -> dict[int, list[Activity]]:
    """Each action's activities in organisation order (input order within one unit)."""
    rank = {u.name: i for i, u in enumerate(ordered_units(plan))}
    grouped: dict[int, list[Activity]] = {a.number: [] for a in plan.actions}
    for activity in plan.activities:
        grouped.setdefault(activity.action, []).append(activity)
    for activities in grouped.values():
        activities.sort(key=lambda a: rank.get(a.unit, len(rank)))
    return grouped


def units_by_action(plan: Plan) -> dict[int, list[Unit]]:
    """The sectors/companies with at least one activity in each action, in organisation order."""
    used: dict[int, set[str]] = defaultdict(set)
    for activity in plan.activities:
        used[activity.action].add(activity.unit)
    units = ordered_units(plan)
    return {a.number: [u for u in units if u.name in used[a.number]] for a in plan.actions}


def action_unit_matrix(plan: Plan) -> dict[int, dict[str, int]]:
    """action number → unit name → number of activities (0 where none)."""
    matrix = {a.number: {u.name: 0 for u in ordered_units(plan)} for a in plan.actions}
    for activity in plan.activities:
        row = matrix.setdefault(activity.action, {})
        row[activity.unit] = row.get(activity.unit, 0) + 1
    return matrix


def action_strategy_matrix(plan: Plan) -> dict[int, dict[str, bool]]:
    """action number → strategy element name → whether the action serves it."""
    return {a.number: {e.name: e.name in a.strategy for e in plan.strategy} for a in plan.actions}


def action_elements(plan: Plan, action: Action) -> list[StrategyElement]:
    """The strategy elements an action serves, in the order the action lists them."""
    return [e for name in action.strategy if (e := plan.element(name)) is not None]


def elements_of_kind(plan: Plan, kind: StrategyKind) -> list[StrategyElement]:
    return [e for e in plan.strategy if e.kind is kind]


def focus_areas_of(plan: Plan, priority: StrategyElement) -> list[StrategyElement]:
    return [e for e in plan.strategy
            if e.kind is StrategyKind.FOCUS_AREA and e.priority == priority.name]


def document_date(plan: Plan, fallback_epoch: int | None = None) -> dt.datetime:
    """The one timestamp every output carries: Beslutad, else the newest revision date, else
    SOURCE_DATE_EPOCH (`fallback_epoch`), else 1 January of the plan year — never the clock."""
    if plan.metadata.decided:
        day = plan.metadata.decided
    elif any(r.date for r in plan.revisions):
        day = max(r.date for r in plan.revisions if r.date)
    elif fallback_epoch is not None:
        return dt.datetime.fromtimestamp(fallback_epoch, dt.timezone.utc).replace(tzinfo=None)
    else:
        day = dt.date(plan.metadata.year, 1, 1)
    return dt.datetime(day.year, day.month, day.day)
