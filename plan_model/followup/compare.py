"""What changed since the previous follow-up (`followup --previous`, SPEC §10).

Across periods an activity is the same when its action number, sector/company and text
(after text cleaning, which the reader did) are the same: a reworded activity is one removed
and one new. A blank status that gets a value is a change.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Activity, Plan
from .counts import ordered_activities

Key = tuple[int, str, str]


def identity(activity: Activity) -> Key:
    return (activity.action, activity.unit, activity.text)


@dataclass(frozen=True)
class StatusChange:
    activity: Activity
    before: str
    after: str


@dataclass(frozen=True)
class Comparison:
    changed: tuple[StatusChange, ...]
    added: tuple[Activity, ...]
    removed: tuple[Activity, ...]
    # -- identity → the previous period's status, for the .xlsx column "Status förra perioden" --
    previous_status: dict

    def previous(self, activity: Activity) -> str | None:
        """The status last period ("" when it had none), None when the activity is new."""
        return self.previous_status.get(identity(activity))


def compare(previous: Plan, current: Plan) -> Comparison:
    """`current` against `previous`, in `current`'s order (removed ones in `previous`'s).

    An activity listed twice in one period (a duplicate-activity warning) is matched by
    its first row."""
    before: dict[Key, Activity] = {}
    for activity in ordered_activities(previous):
        before.setdefault(identity(activity), activity)
    now_keys = {identity(a) for a in current.activities}
    changed, added = [], []
    for activity in ordered_activities(current):
        old = before.get(identity(activity))
        if old is None:
            added.append(activity)
        elif old.status != activity.status:
            changed.append(StatusChange(activity, old.status, activity.status))
    removed = [a for k, a in before.items() if k not in now_keys]
    return Comparison(tuple(changed), tuple(added), tuple(removed),
                      {k: a.status for k, a in before.items()})
