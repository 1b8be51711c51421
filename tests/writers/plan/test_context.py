"""writers/plan/context.py: the plan as the template's variables, from plans built in code."""
from __future__ import annotations

import datetime as dt

from plan_model.model import (Action, Activity, Plan, PlanMetadata, Revision, StrategyElement,
                              StrategyKind, Unit, UnitKind)
from plan_model.writers.plan import context as ctx


def make_plan(**meta) -> Plan:
    fields = dict(municipality="Åsby", document_name="Plan 2040", document_type="Plan",
                  scope="Åsby kommun", owner="Direktör", responsible="Strateg", year=2040)
    fields.update(meta)
    kind = StrategyKind
    return Plan(
        metadata=PlanMetadata(**fields),
        revisions=(Revision(2, dt.date(2040, 5, 1), "§ 9", "Andra"),
                   Revision(1, dt.date(2040, 2, 1), "§ 3", "Första")),
        strategy=(StrategyElement(kind.PRIORITY, "Klimat", "k.png"),
                  StrategyElement(kind.FOCUS_AREA, "Resor", "r.png", priority="Klimat"),
                  StrategyElement(kind.PRIORITY, "Natur", "n.png"),
                  StrategyElement(kind.FOCUS_AREA, "Skog", "s.png", priority="Natur"),
                  StrategyElement(kind.FOCUS_AREA, "Energi", "e.png", priority="Klimat"),
                  StrategyElement(kind.WORKING_METHOD, "Samverkan", "v.png")),
        units=(Unit("Östra bolaget", UnitKind.COMPANY), Unit("Ängens sektor", UnitKind.SECTOR),
               Unit("Bygg", UnitKind.SECTOR, order=1)),
        actions=(Action(2, "Andra", ("Samverkan", "Resor"), "Rad ett\vrad två\tslut"),
                 Action(1, "Första", ("Skog",), "")),
        activities=(Activity(2, "Östra bolaget", "a"), Activity(2, "Bygg", "b"),
                    Activity(2, "Bygg", "c")),
    )


def test_genitive_adds_s_except_after_s_x_z():
    assert [ctx.genitive(n) for n in ("Borlänge", "Kramfors", "Solvik", "Växjö", "Fax", "Hjoz")] \
        == ["Borlänges", "Kramfors", "Solviks", "Växjös", "Fax", "Hjoz"]


def test_small_counts_are_words_larger_are_digits():
    assert [ctx.count_words(n) for n in (0, 1, 3, 9, 12, 13, 17)] \
        == ["noll", "en", "tre", "nio", "tolv", "13", "17"]
    assert ctx.count_words(1, neuter=True) == "ett"
    assert ctx.count_words(2, neuter=True) == "två"


def test_names_are_joined_the_swedish_way():
    assert ctx.join_names([]) == ""
    assert ctx.join_names(["A"]) == "A"
    assert ctx.join_names(["A", "B"]) == "A och B"
    assert ctx.join_names(["A", "B", "C"]) == "A, B och C"


def test_dash_shows_a_dash_only_for_empty_values():
    assert [ctx.dash(v) for v in ("", None, "x", 0)] == ["–", "–", "x", 0]


def test_plan_variables_compute_years_counts_and_genitive():
    plan = ctx.build_context(make_plan(municipality="Kramfors", annex_case_number="KS 1"))["plan"]
    assert (plan["year"], plan["previous_year"], plan["action_count"]) == (2040, 2039, 2)
    assert plan["municipality_genitive"] == "Kramfors"
    assert plan["annex_case_number"] == "KS 1"
    assert (plan["publication"], plan["decided"], plan["legal_basis"]) == ("", "", "")


def test_dates_are_iso_and_revisions_in_number_order():
    context = ctx.build_context(make_plan(decided=dt.date(2040, 2, 1)))
    assert context["plan"]["decided"] == "2040-02-01"
    assert [(r["number"], r["date"], r["paragraph"]) for r in context["revisions"]] \
        == [(1, "2040-02-01", "§ 3"), (2, "2040-05-01", "§ 9")]


def test_strategy_groups_focus_areas_under_their_priority_with_counts():
    strategy = ctx.build_context(make_plan())["strategy"]
    assert [(p["name"], [a["name"] for a in p["focus_areas"]]) for p in strategy["priorities"]] \
        == [("Klimat", ["Resor", "Energi"]), ("Natur", ["Skog"])]
    assert [m["name"] for m in strategy["working_methods"]] == ["Samverkan"]
    assert (strategy["priority_count_words"], strategy["focus_area_count_words"],
            strategy["working_method_count_words"]) == ("två", "tre", "ett")
    assert strategy["priority_names"] == "Klimat och Natur"


def test_actions_in_number_order_with_derived_units_and_marks():
    context = ctx.build_context(make_plan())
    assert [u["name"] for u in context["units"]] == ["Bygg", "Ängens sektor", "Östra bolaget"]
    first, second = context["actions"]
    assert (first["number"], second["number"]) == (1, 2)
    assert first["units"] == [] and first["unit_marks"] == [False, False, False]
    assert [u["name"] for u in second["units"]] == ["Bygg", "Östra bolaget"]
    assert second["unit_marks"] == [True, False, True]
    assert second["activity_count"] == 3
    assert [e["name"] for e in second["elements"]] == ["Samverkan", "Resor"]
    assert second["elements"][1]["kind"] == "fokusområde"


def test_description_keeps_line_breaks_and_drops_other_control_characters():
    second = ctx.build_context(make_plan())["actions"][1]
    assert second["description"] == "Rad ett\nrad två slut"


def test_icons_come_from_the_picture_maker_or_are_none():
    assert ctx.build_context(make_plan())["strategy"]["priorities"][0]["icon"] is None
    made = []

    def picture(element, size):
        made.append((element.name, size))
        return f"<{element.name}:{size}>"

    context = ctx.build_context(make_plan(), picture)
    assert context["actions"][0]["elements"][0]["icon"] == "<Skog:icon>"
    assert context["actions"][0]["elements"][0]["small_icon"] == "<Skog:small_icon>"
    assert ("Klimat", ctx.ICON) in made


def test_every_documented_variable_exists():
    """The docstring table is what the README copies: each name in it must be real."""
    import re

    context = ctx.build_context(make_plan())
    element = context["strategy"]["priorities"][0]
    samples = {"plan": context["plan"], "strategy": context["strategy"],
               "revision": context["revisions"][0], "element": element, "priority": element,
               "unit": context["units"][0], "action": context["actions"][1]}
    names = re.findall(r"`(\w+)\.(\w+)`", ctx.__doc__)
    names += [(base, attr) for base, attr in re.findall(r"`(\w+)\.\w+`, `\.(\w+)`", ctx.__doc__)]
    assert names
    for base, attr in names:
        assert attr in samples[base], f"{base}.{attr}"
    for top in ("revisions", "units", "actions"):
        assert f"`{top}`" in ctx.__doc__ and top in context
