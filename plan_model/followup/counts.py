"""The counting rules of the follow-up (SPEC §10), as pure functions over the plan model.

Every number the report shows — in a chart, a table or a sentence — comes from here, so
that they cannot disagree with each other: the writers only format what these return.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import derive, messages
from ..model import Action, Activity, Plan, StrategyElement, StrategyKind, Unit
from ..workbook_layout import STATUSES

NO_STATUS = "Ingen uppgift"
# -- the columns of every count, in SPEC §3's order; an activity without status is the last --
CATEGORIES = (*STATUSES, NO_STATUS)
# -- an activity is a deviation when it is late, cancelled or judged off plan --
DEVIATION_STATUSES = ("Försenad", "Avbruten")
DEVIATION_ASSESSMENT = "Ej enligt plan"


def category(activity: Activity) -> str:
    """The activity's column: its status, or *Ingen uppgift* when it has none (an unknown
    status never gets this far: `followup` stops on it)."""
    return activity.status if activity.status in STATUSES else NO_STATUS


@dataclass(frozen=True)
class StatusCounts:
    """How many activities of a group have each status, in CATEGORIES' order."""

    label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)

    def of(self, name: str) -> int:
        return self.counts[CATEGORIES.index(name)]

    def shares(self) -> tuple[int, ...]:
        """Whole per cent per category, rounded so that they add up to 100 (largest
        remainder): a table whose shares add up to 99 looks like a mistake."""
        if not self.total:
            return tuple(0 for _ in self.counts)
        exact = [100 * c / self.total for c in self.counts]
        shares = [int(e) for e in exact]
        order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
        for i in order[:100 - sum(shares)]:
            shares[i] += 1
        return tuple(shares)


def count(label: str, activities) -> StatusCounts:
    tally = dict.fromkeys(CATEGORIES, 0)
    for activity in activities:
        tally[category(activity)] += 1
    return StatusCounts(label, tuple(tally[c] for c in CATEGORIES))


def overall(plan: Plan) -> StatusCounts:
    return count(messages.FOLLOWUP["all-activities"], plan.activities)


def strategy_of(plan: Plan, action: Action) -> tuple[set[str], set[str]]:
    """(priorities, focus areas) that `action` serves: a focus area's priority is served
    through it, and a priority counts once however many of its focus areas the action has."""
    priorities: set[str] = set()
    areas: set[str] = set()
    for name in action.strategy:
        element = plan.element(name)
        if element is None:
            continue
        if element.kind is StrategyKind.PRIORITY:
            priorities.add(element.name)
        elif element.kind is StrategyKind.FOCUS_AREA:
            areas.add(element.name)
            if element.priority:
                priorities.add(element.priority)
    return priorities, areas


@dataclass(frozen=True)
class StrategyRow:
    element: StrategyElement
    counts: StatusCounts


def by_strategy(plan: Plan) -> list[StrategyRow]:
    """Each priority followed by its focus areas (the strategy's order), with the counts of
    the activities whose action serves it. Elements no activity serves are listed with 0:
    a priority nothing is done for is worth seeing."""
    served: dict[str, list[Activity]] = {e.name: [] for e in plan.strategy}
    actions = {a.number: a for a in plan.actions}
    reach = {n: strategy_of(plan, a) for n, a in actions.items()}
    for activity in plan.activities:
        priorities, areas = reach.get(activity.action, (set(), set()))
        for name in priorities | areas:
            served[name].append(activity)
    rows = []
    for priority in derive.elements_of_kind(plan, StrategyKind.PRIORITY):
        rows.append(StrategyRow(priority, count(priority.name, served[priority.name])))
        for area in derive.focus_areas_of(plan, priority):
            rows.append(StrategyRow(area, count(area.name, served[area.name])))
    return rows


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    counts: StatusCounts

    @property
    def not_reported(self) -> bool:
        """*Ej inrapporterat*: the unit has activities and gave a status to none of them."""
        return self.counts.total > 0 and self.counts.of(NO_STATUS) == self.counts.total


def by_unit(plan: Plan) -> list[UnitRow]:
    """Each sector/company that has activities, in the organisation's order (a unit with
    no activities has nothing to report and is not listed)."""
    grouped: dict[str, list[Activity]] = {}
    for activity in plan.activities:
        grouped.setdefault(activity.unit, []).append(activity)
    return [UnitRow(u, count(u.name, grouped[u.name])) for u in derive.ordered_units(plan)
            if u.name in grouped]


def not_reported(plan: Plan) -> list[Unit]:
    return [row.unit for row in by_unit(plan) if row.not_reported]


def is_deviation(activity: Activity) -> bool:
    return activity.status in DEVIATION_STATUSES or activity.assessment == DEVIATION_ASSESSMENT


def ordered_activities(plan: Plan) -> list[Activity]:
    """By action number, then the organisation's order, then as read."""
    rank = {u.name: i for i, u in enumerate(derive.ordered_units(plan))}
    indexed = list(enumerate(plan.activities))
    indexed.sort(key=lambda pair: (pair[1].action, rank.get(pair[1].unit, len(rank)), pair[0]))
    return [a for _, a in indexed]


def deviations(plan: Plan) -> list[Activity]:
    return [a for a in ordered_activities(plan) if is_deviation(a)]


@dataclass(frozen=True)
class ActionRow:
    action: Action
    counts: StatusCounts
    activities: tuple[Activity, ...]


def by_action(plan: Plan) -> list[ActionRow]:
    grouped: dict[int, list[Activity]] = {a.number: [] for a in plan.actions}
    for activity in ordered_activities(plan):
        grouped[activity.action].append(activity)
    return [ActionRow(a, count(messages.FOLLOWUP["action-label"].format(number=a.number),
                                 grouped[a.number]), tuple(grouped[a.number]))
            for a in sorted(plan.actions, key=lambda a: a.number)]
