"""What changed between two plan revisions (SPEC §2 `diff`): pure functions over two plans.

Actions are matched by number and by title, so that a renumbered action is not reported as
removed and added, and a reused number with a new subject is not reported as a rename.
Activities are matched within an action and a sector/company by their text.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .derive import units_by_action
from .model import METADATA_FIELDS, Action, Activity, Plan

# -- similarity (difflib ratio on case-folded text) above which two texts are "the same thing,
#    reworded": an edited title or activity, not a new one --
SIMILAR = 0.6
# -- stricter across numbers: a moved action must still be clearly recognisable --
SIMILAR_MOVED = 0.75
# -- Kommentar is internal (SPEC §3): the diff report is an output, so it never shows one --
ACTIVITY_FIELDS = ("text", "operation", "responsible", "schedule", "status", "assessment",
                   "follow_up")


@dataclass(frozen=True)
class FieldChange:
    key: str
    old: object
    new: object


@dataclass(frozen=True)
class ActionChange:
    """One action found in both plans, and what differs."""

    old: Action
    new: Action
    strategy_added: tuple[str, ...] = ()
    strategy_removed: tuple[str, ...] = ()

    @property
    def renumbered(self) -> bool:
        return self.old.number != self.new.number

    @property
    def renamed(self) -> bool:
        return self.old.title != self.new.title

    @property
    def redescribed(self) -> bool:
        return self.old.description != self.new.description

    @property
    def changed(self) -> bool:
        return (self.renumbered or self.renamed or self.redescribed
                or bool(self.strategy_added or self.strategy_removed))


@dataclass(frozen=True)
class ActivityChange:
    old: Activity
    new: Activity
    fields: tuple[str, ...]  # keys of ACTIVITY_FIELDS that differ


@dataclass(frozen=True)
class UnitChange:
    """Sectors/companies that gained or lost all activities in one action."""

    action: Action  # as in the new plan
    gained: tuple[str, ...]
    lost: tuple[str, ...]


@dataclass(frozen=True)
class Counts:
    actions: int
    activities: int
    units: int
    units_with_activities: int
    strategy_elements: int


@dataclass(frozen=True)
class PlanDiff:
    old_counts: Counts
    new_counts: Counts
    metadata: tuple[FieldChange, ...]
    strategy_added: tuple[str, ...]
    strategy_removed: tuple[str, ...]
    units_added: tuple[str, ...]
    units_removed: tuple[str, ...]
    actions_added: tuple[Action, ...]
    actions_removed: tuple[Action, ...]
    actions_matched: tuple[ActionChange, ...]
    activities_added: tuple[Activity, ...]  # action numbers as in the new plan
    activities_removed: tuple[Activity, ...]  # action numbers as in the old plan
    activities_changed: tuple[ActivityChange, ...]
    units: tuple[UnitChange, ...]

    @property
    def actions_changed(self) -> tuple[ActionChange, ...]:
        return tuple(m for m in self.actions_matched if m.changed)

    @property
    def empty(self) -> bool:
        return not (self.metadata or self.strategy_added or self.strategy_removed
                    or self.units_added or self.units_removed or self.actions_added
                    or self.actions_removed or self.actions_changed or self.activities_added
                    or self.activities_removed or self.activities_changed or self.units)


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """Every difference between `old` and `new` that a reader of the plan would notice."""
    pairs, removed, added = match_actions(old.actions, new.actions)
    matched = tuple(_action_change(o, n) for o, n in pairs)
    act_added, act_removed, act_changed = _activity_changes(old, new, pairs, removed, added)
    return PlanDiff(
        old_counts=counts(old), new_counts=counts(new),
        metadata=tuple(FieldChange(k, getattr(old.metadata, k), getattr(new.metadata, k))
                       for k in METADATA_FIELDS
                       if getattr(old.metadata, k) != getattr(new.metadata, k)),
        strategy_added=_missing([e.name for e in new.strategy], [e.name for e in old.strategy]),
        strategy_removed=_missing([e.name for e in old.strategy], [e.name for e in new.strategy]),
        units_added=_missing([u.name for u in new.units], [u.name for u in old.units]),
        units_removed=_missing([u.name for u in old.units], [u.name for u in new.units]),
        actions_added=tuple(added), actions_removed=tuple(removed), actions_matched=matched,
        activities_added=act_added, activities_removed=act_removed,
        activities_changed=act_changed, units=_unit_changes(old, new, pairs))


def counts(plan: Plan) -> Counts:
    return Counts(len(plan.actions), len(plan.activities), len(plan.units),
                  len({a.unit for a in plan.activities}), len(plan.strategy))


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


def match_actions(old: tuple[Action, ...], new: tuple[Action, ...]):
    """(matched (old, new) pairs in new-plan order, removed old actions, added new actions).

    In order of confidence: same number with the same or a similar title (or, for a new title,
    a similar description); the same title under another number; a clearly similar title
    under another number. A number reused for a different subject is a removal and an addition.
    """
    left, right = list(old), list(new)
    pairs: list[tuple[Action, Action]] = []

    def take(candidates):
        for _, o, n in sorted(candidates, key=lambda c: (-c[0], c[1].number, c[2].number)):
            if o in left and n in right:
                pairs.append((o, n))
                left.remove(o)
                right.remove(n)

    take((1.0, o, n) for o in left for n in right
         if o.number == n.number and o.title.casefold() == n.title.casefold())
    take((max(similarity(o.title, n.title), _description_similarity(o, n)), o, n)
         for o in left for n in right if o.number == n.number
         and max(similarity(o.title, n.title), _description_similarity(o, n)) >= SIMILAR)
    take((1.0, o, n) for o in left for n in right if o.title.casefold() == n.title.casefold())
    take((s, o, n) for o in left for n in right
         if (s := similarity(o.title, n.title)) >= SIMILAR_MOVED)
    order = {id(n): i for i, n in enumerate(new)}
    pairs.sort(key=lambda p: order[id(p[1])])
    return pairs, left, right


def _description_similarity(a: Action, b: Action) -> float:
    if not a.description or not b.description:
        return 0.0
    return similarity(a.description, b.description)


def _action_change(old: Action, new: Action) -> ActionChange:
    return ActionChange(old, new, _missing(new.strategy, old.strategy),
                        _missing(old.strategy, new.strategy))


def _missing(items, others) -> tuple[str, ...]:
    """`items` not in `others`, in `items`' order."""
    present = set(others)
    return tuple(i for i in items if i not in present)


def _activity_changes(old: Plan, new: Plan, pairs, removed, added):
    grouped_old = _by_action_and_unit(old.activities)
    grouped_new = _by_action_and_unit(new.activities)
    act_added: list[Activity] = []
    act_removed: list[Activity] = []
    changed: list[ActivityChange] = []
    for o, n in pairs:
        units = list(dict.fromkeys([u for (a, u) in grouped_old if a == o.number]
                                   + [u for (a, u) in grouped_new if a == n.number]))
        for unit in units:
            was = grouped_old.get((o.number, unit), [])
            now = grouped_new.get((n.number, unit), [])
            matches, gone, came = match_activities(was, now)
            changed += [ActivityChange(a, b, fields) for a, b in matches
                        if (fields := changed_fields(a, b))]
            act_removed += gone
            act_added += came
    removed_numbers = {a.number for a in removed}
    added_numbers = {a.number for a in added}
    act_removed += [a for a in old.activities if a.action in removed_numbers]
    act_added += [a for a in new.activities if a.action in added_numbers]
    position = {id(a): i for i, a in enumerate(new.activities)}
    return (_in_plan_order(act_added, new), _in_plan_order(act_removed, old),
            tuple(sorted(changed, key=lambda c: position[id(c.new)])))


def _in_plan_order(activities, plan: Plan) -> tuple[Activity, ...]:
    position = {id(a): i for i, a in enumerate(plan.activities)}
    return tuple(sorted(activities, key=lambda a: position[id(a)]))


def _by_action_and_unit(activities) -> dict[tuple[int, str], list[Activity]]:
    grouped: dict[tuple[int, str], list[Activity]] = {}
    for activity in activities:
        grouped.setdefault((activity.action, activity.unit), []).append(activity)
    return grouped


def match_activities(old: list[Activity], new: list[Activity]):
    """(matched (old, new) pairs, removed, added) of one action's and one unit's activities:
    the same text first, then the most similar texts (difflib) above SIMILAR."""
    left, right = list(old), list(new)
    pairs: list[tuple[Activity, Activity]] = []
    candidates = [(1.0 if o.text.casefold() == n.text.casefold() else similarity(o.text, n.text),
                   i, j, o, n) for i, o in enumerate(old) for j, n in enumerate(new)]
    for score, _, _, o, n in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if score < SIMILAR:
            break
        if any(o is x for x in left) and any(n is y for y in right):
            pairs.append((o, n))
            left = [x for x in left if x is not o]
            right = [y for y in right if y is not n]
    return pairs, left, right


def changed_fields(old: Activity, new: Activity) -> tuple[str, ...]:
    return tuple(k for k in ACTIVITY_FIELDS if getattr(old, k) != getattr(new, k))


def _unit_changes(old: Plan, new: Plan, pairs) -> tuple[UnitChange, ...]:
    old_units = units_by_action(old)
    new_units = units_by_action(new)
    changes = []
    for o, n in pairs:
        was = [u.name for u in old_units.get(o.number, [])]
        now = [u.name for u in new_units.get(n.number, [])]
        gained, lost = _missing(now, was), _missing(was, now)
        if gained or lost:
            changes.append(UnitChange(n, gained, lost))
    return tuple(changes)
