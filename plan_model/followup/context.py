"""Plan + counts → the template variables of the follow-up report, documented in one place.

The report template (`templates/uppfoljning.docx`) is the strategist's; it sees the follow-up
only through these names. Every number comes from counts.py; the sentences and alternative
texts are made here from the same numbers, their words from messages.FOLLOWUP. Kommentar is
never among them.

| variable | meaning |
|---|---|
| `plan.*` | as in the plan template (`plan.document_name`, `plan.case_number`, …) |
| `followup.period`, `followup.date` | Uppföljningsperiod, Uppföljningsdatum (ÅÅÅÅ-MM-DD) |
| `statuses` | the status words in SPEC §3's order, then *Ingen uppgift* |
| `summary.sentence` | the summary as one sentence, every number in it |
| `summary.chart` | the overall chart (picture; its alt text states the numbers) |
| `summary.rows` | per status: `row.status`, `row.count`, `row.share` (whole per cent) |
| `summary.total` | number of activities |
| `strategy.chart`, `strategy.rows` | per priority then its focus areas: `row.label`, `row.is_priority`, `row.counts` (list in `statuses` order), `row.total` |
| `units.chart`, `units.rows` | per sector/company with activities: `row.label`, `row.counts`, `row.total`, `row.not_reported` |
| `units.not_reported` | names of the sectors/companies that gave no status at all (*Ej inrapporterat*) |
| `deviations`, `deviation_count` | Försenad, Avbruten or Ej enligt plan: `activity.action`, `.unit`, `.text`, `.status`, `.assessment`, `.follow_up`; how many |
| `actions` | per action: `action.number`, `.title`, `.elements` (`element.name`, `.icon`, `.small_icon`), `.counts_text`, `.activities` (as in `deviations`) |
| `changes` | with `--previous`, else none: `changes.sentence`, `.changed` (`change.action`, `.unit`, `.text`, `.before`, `.after`), `.added`, `.removed` (as in `deviations`) |

Filter: `{{ value|dash }}` shows "–" for an empty value.
"""
from __future__ import annotations

from typing import Any, Callable

from .. import messages
from ..model import Activity, Plan, StrategyElement, StrategyKind
from ..writers.plan.context import FILTERS, ICON, SMALL_ICON, join_names, plan_variables
from ..writers.plan.context import document_text as clean_text
from . import counts as c
from . import rows
from .compare import Comparison

WORDS = messages.FOLLOWUP
Chart = Callable[[str, list, str], Any]  # (key, groups, alt text) → picture
# -- a template check needs every tag rendered once with real data, not every row: long lists
#    are cut to this many for it (rendering 10,000 activities twice costs seconds) --
CHECK_ROWS = 2


def followup_variables(plan: Plan) -> dict:
    meta = plan.metadata
    return {"period": clean_text(meta.followup_period),
            "date": meta.followup_date.isoformat() if meta.followup_date else ""}


def summary_sentence(overall: c.StatusCounts) -> str:
    if not overall.total:
        return WORDS["summary-empty"]
    parts = []
    for name, number, share in zip(c.CATEGORIES, overall.counts, overall.shares()):
        if name == c.NO_STATUS:
            parts.append(WORDS["count-part-none"].format(count=number, share=share))
            continue
        word = WORDS["status-word-one" if number == 1 else "status-words"][name]
        parts.append(WORDS["count-part"].format(count=number, status=word, share=share))
    return WORDS["summary-sentence"].format(total=overall.total, parts=join_names(parts))


def alt_text(groups: list[c.StatusCounts], what: str) -> str:
    """The chart's numbers in words (W3C G74): every group, every status."""
    described = " ".join(
        WORDS["alt-group"].format(label=g.label, parts=", ".join(
            WORDS["alt-part"].format(status=name, count=number)
            for name, number in zip(c.CATEGORIES, g.counts)))
        for g in groups)
    return WORDS["alt-chart"].format(what=what, groups=described)


def activity_variables(plan: Plan, activity: Activity) -> dict:
    return {"action": activity.action, "unit": clean_text(activity.unit),
            "text": clean_text(activity.text), "status": activity.status,
            "assessment": activity.assessment, "follow_up": clean_text(activity.follow_up)}


def _count_row(label: str, counts: c.StatusCounts, **extra) -> dict:
    return {"label": clean_text(label), "counts": list(counts.counts), "total": counts.total,
            **extra}


def counts_text(counts: c.StatusCounts) -> str:
    if not counts.total:
        return WORDS["no-activities"]
    parts = [WORDS["action-count-part"].format(status=name, count=number)
             for name, number in zip(c.CATEGORIES, counts.counts) if number]
    return WORDS["action-counts"].format(parts=", ".join(parts))


def _element(element: StrategyElement) -> dict:
    return {"name": clean_text(element.name), "_name": element.name, "icon": None,
            "small_icon": None}


def change_variables(comparison: Comparison | None, plan: Plan, previous: Plan | None) -> dict | None:
    if comparison is None:
        return None
    label = clean_text(previous.metadata.followup_period) if previous else ""
    sentence = WORDS["changes-sentence"].format(
        previous=label or WORDS["period-previous-unknown"], changed=len(comparison.changed),
        added=len(comparison.added), removed=len(comparison.removed))
    return {
        "sentence": sentence,
        "changed": [{"action": ch.activity.action, "unit": clean_text(ch.activity.unit),
                     "text": clean_text(ch.activity.text), "before": ch.before,
                     "after": ch.after} for ch in comparison.changed],
        "added": [activity_variables(plan, a) for a in comparison.added],
        "removed": [activity_variables(plan, a) for a in comparison.removed],
    }


def with_pictures(context: dict, plan: Plan, chart: Chart, picture) -> dict:
    """`context` (from `build_context`, which the template check used as it is) with the
    charts and icons made: a shallow copy, so counting is done once for both."""
    result = dict(context)
    elements = {e.name: e for e in plan.strategy}
    result["actions"] = [dict(action, elements=[
        dict(entry, icon=picture(elements[entry["_name"]], ICON),
             small_icon=picture(elements[entry["_name"]], SMALL_ICON))
        for entry in action["elements"]]) for action in context["actions"]]
    charts = context["_groups"]
    for key, what in (("summary", "alt-summary"), ("strategy", "alt-strategy"),
                      ("units", "alt-units")):
        groups = charts[key]
        result[key] = dict(context[key], chart=chart(key, groups, alt_text(groups, WORDS[what]))
                           if groups else None)
    return result


def with_row_placeholders(context: dict) -> tuple[dict, dict[str, list[dict]]]:
    """`context` with each long activity list replaced by one placeholder row (rows.py), and
    the real lists by their placeholder's key, for `rows.fill_rows` after rendering."""
    lists: dict[str, list[dict]] = {}
    result = dict(context)

    def stand_in(key: str, entries: list[dict]) -> list[dict]:
        lists[key] = entries
        return [rows.placeholder(key)] if entries else []

    result["deviations"] = stand_in("d", context["deviations"])
    result["actions"] = [dict(a, activities=stand_in(f"a{i}", a["activities"]))
                         for i, a in enumerate(context["actions"])]
    return result, lists


def for_check(context: dict) -> dict:
    """`context` with its long lists cut to CHECK_ROWS: what the template check renders."""
    cut = dict(context)
    cut["deviations"] = context["deviations"][:CHECK_ROWS]
    cut["actions"] = [dict(a, activities=a["activities"][:CHECK_ROWS])
                      for a in context["actions"][:CHECK_ROWS]] + \
        [a for a in context["actions"][CHECK_ROWS:] if not a["activities"]][:1]
    if context["changes"]:
        cut["changes"] = {k: (v[:CHECK_ROWS] if isinstance(v, list) else v)
                          for k, v in context["changes"].items()}
    return cut


def build_context(plan: Plan, comparison: Comparison | None = None,
                  previous: Plan | None = None) -> dict:
    """The template's variables (see the table above), charts and icons None: the template
    check needs only the data, and `with_pictures` adds them without counting again. Made
    once per run for the report and its web page; `_groups` holds the charts' numbers."""
    overall = c.overall(plan)
    strategy = c.by_strategy(plan)
    units = c.by_unit(plan)
    strategy_groups = [r.counts for r in strategy]
    unit_groups = [r.counts for r in units]
    return {
        "plan": plan_variables(plan),
        "followup": followup_variables(plan),
        "statuses": list(c.CATEGORIES),
        "summary": {
            "sentence": summary_sentence(overall),
            "chart": None,
            "rows": [{"status": name, "count": number, "share": share} for name, number, share
                     in zip(c.CATEGORIES, overall.counts, overall.shares())],
            "total": overall.total,
        },
        "strategy": {
            "chart": None,
            "rows": [_count_row(r.element.name, r.counts,
                                is_priority=r.element.kind is StrategyKind.PRIORITY)
                     for r in strategy],
        },
        "units": {
            "chart": None,
            "rows": [_count_row(r.unit.name, r.counts, not_reported=r.not_reported)
                     for r in units],
            "not_reported": [clean_text(r.unit.name) for r in units if r.not_reported],
        },
        "deviations": [activity_variables(plan, a) for a in c.deviations(plan)],
        "deviation_count": sum(1 for a in plan.activities if c.is_deviation(a)),
        "actions": [{
            "number": row.action.number, "title": clean_text(row.action.title),
            "elements": [_element(e) for e in
                         (plan.element(n) for n in row.action.strategy) if e is not None],
            "counts_text": counts_text(row.counts),
            "activities": [activity_variables(plan, a) for a in row.activities],
        } for row in c.by_action(plan)],
        "changes": change_variables(comparison, plan, previous),
        # -- the charts' numbers, for `with_pictures` (a name no template can use: Jinja's
        #    sandbox refuses names starting with an underscore) --
        "_groups": {"summary": [overall], "strategy": strategy_groups, "units": unit_groups},
    }


__all__ = ["build_context", "FILTERS", "alt_text", "summary_sentence"]
