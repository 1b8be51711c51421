"""diff.py: what changed between two plans, on plans built in code (issue 7)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from plan_model.diff import Counts, diff_plans, match_actions
from plan_model.model import (Action, Activity, Plan, PlanMetadata, StrategyElement,
                              StrategyKind, Unit, UnitKind)

META = PlanMetadata(municipality="Norrfjärd", document_name="Plan för 2023",
                    document_type="Handlingsplan", scope="Kommunen", owner="KD",
                    responsible="Strateg", year=2023)
UNITS = (Unit("Sektor Bygg", UnitKind.SECTOR, 1.0), Unit("Sektor Skola", UnitKind.SECTOR, 2.0),
         Unit("Fjärdvatten AB", UnitKind.COMPANY))
STRATEGY = (StrategyElement(StrategyKind.PRIORITY, "Klimat", "k.png"),
            StrategyElement(StrategyKind.FOCUS_AREA, "Energi", "e.png", priority="Klimat"),
            StrategyElement(StrategyKind.WORKING_METHOD, "Samverkan", "s.png"))


def _old() -> Plan:
    return Plan(
        metadata=META, strategy=STRATEGY, units=UNITS,
        actions=(Action(1, "Fler laddstolpar", ("Energi",), "Vi bygger laddstolpar."),
                 Action(2, "Träd längs gatorna", ("Klimat", "Samverkan"), "Plantera träd."),
                 Action(3, "Renare bussar", ("Klimat",), "Elbussar i linjetrafiken."),
                 Action(4, "Matsvinn i skolan", ("Samverkan",), "Mindre matsvinn.")),
        activities=(Activity(1, "Sektor Bygg", "Bygg 20 laddstolpar", status="Pågår"),
                    Activity(1, "Fjärdvatten AB", "Laddplatser vid pumpstationer"),
                    Activity(2, "Sektor Bygg", "Inventera gatuträd"),
                    Activity(2, "Fjärdvatten AB", "Dagvattenträd i nya kvarter"),
                    Activity(3, "Sektor Bygg", "Upphandla elbussar"),
                    Activity(4, "Sektor Skola", "Väg matsvinnet varje vecka")))


def _new() -> Plan:
    old = _old()
    return replace(
        old, metadata=replace(META, year=2024, document_name="Plan för 2024"),
        strategy=STRATEGY[:2], units=UNITS + (Unit("Sektor Vård", UnitKind.SECTOR),),
        actions=(Action(1, "Fler laddstolpar i hela kommunen", ("Energi",),
                        "Vi bygger laddstolpar."),                   # renamed
                 Action(2, "Träd längs gatorna", ("Klimat", "Energi"), "Plantera träd."),  # links
                 Action(3, "Renare bussar", ("Klimat",), "Biogasbussar."),  # re-described
                 # -- 4 removed; a new 5 --
                 Action(5, "Solceller på taken", ("Energi",), "Solceller på kommunens tak.")),
        activities=(Activity(1, "Sektor Bygg", "Bygg 20 laddstolpar", status="Genomförd"),
                    Activity(1, "Fjärdvatten AB", "Laddplatser vid alla pumpstationer"),
                    Activity(2, "Sektor Bygg", "Inventera gatuträd"),
                    Activity(2, "Sektor Skola", "Plantera träd vid skolor"),
                    Activity(3, "Sektor Bygg", "Upphandla elbussar"),
                    Activity(5, "Sektor Vård", "Solceller på vårdboenden")))


def test_known_differences_and_nothing_else():
    diff = diff_plans(_old(), _new())
    assert [(c.key, c.old, c.new) for c in diff.metadata] == [
        ("document_name", "Plan för 2023", "Plan för 2024"), ("year", 2023, 2024)]
    assert diff.strategy_removed == ("Samverkan",) and diff.strategy_added == ()
    assert diff.units_added == ("Sektor Vård",) and diff.units_removed == ()
    assert [a.number for a in diff.actions_added] == [5]
    assert [a.number for a in diff.actions_removed] == [4]
    changed = {c.new.number: c for c in diff.actions_changed}
    assert sorted(changed) == [1, 2, 3]
    assert changed[1].renamed and not changed[1].redescribed and not changed[1].renumbered
    assert changed[2].strategy_added == ("Energi",) and changed[2].strategy_removed == ("Samverkan",)
    assert not changed[2].renamed and not changed[2].redescribed
    assert changed[3].redescribed and not changed[3].renamed
    assert [(a.action, a.unit, a.text) for a in diff.activities_added] == [
        (2, "Sektor Skola", "Plantera träd vid skolor"),
        (5, "Sektor Vård", "Solceller på vårdboenden")]
    assert [(a.action, a.unit, a.text) for a in diff.activities_removed] == [
        (2, "Fjärdvatten AB", "Dagvattenträd i nya kvarter"),
        (4, "Sektor Skola", "Väg matsvinnet varje vecka")]
    assert [(c.new.action, c.new.unit, c.fields) for c in diff.activities_changed] == [
        (1, "Sektor Bygg", ("status",)), (1, "Fjärdvatten AB", ("text",))]
    assert [(u.action.number, u.gained, u.lost) for u in diff.units] == [
        (2, ("Sektor Skola",), ("Fjärdvatten AB",))]
    assert diff.old_counts == Counts(4, 6, 3, 3, 3)
    assert diff.new_counts == Counts(4, 6, 4, 4, 2)


def test_identical_plans_have_no_differences():
    diff = diff_plans(_old(), _old())
    assert diff.empty and diff.actions_changed == () and len(diff.actions_matched) == 4


def test_renumbered_action_is_matched_by_title_not_reported_as_new():
    old = _old()
    # -- action 1 dropped, the rest moved up one number --
    moved = tuple(replace(a, number=a.number - 1) for a in old.actions[1:])
    new = replace(old, actions=moved, activities=tuple(
        replace(a, action=a.action - 1) for a in old.activities if a.action != 1))
    diff = diff_plans(old, new)
    assert [a.title for a in diff.actions_removed] == ["Fler laddstolpar"]
    assert diff.actions_added == ()
    assert [(c.old.number, c.new.number) for c in diff.actions_changed] == [(2, 1), (3, 2), (4, 3)]
    assert all(c.renumbered and not c.renamed for c in diff.actions_changed)
    # -- the moved actions' activities are the same activities --
    assert diff.activities_changed == () and diff.activities_added == ()
    assert [a.action for a in diff.activities_removed] == [1, 1]
    assert diff.units == ()


def test_reused_number_with_a_new_subject_is_removed_and_added():
    old = (Action(7, "Fler laddstolpar", (), "Vi bygger laddstolpar."),)
    new = (Action(7, "Biologisk mångfald i parker", (), "Ängar i stället för gräsmattor."),)
    pairs, removed, added = match_actions(old, new)
    assert pairs == [] and removed == list(old) and added == list(new)


def test_new_title_with_the_same_description_is_a_rename():
    old = (Action(7, "Fler laddstolpar", (), "Vi bygger laddstolpar i hela kommunen."),)
    new = (Action(7, "Utbyggd laddinfrastruktur", (), "Vi bygger laddstolpar i hela kommunen."),)
    pairs, removed, added = match_actions(old, new)
    assert pairs == [(old[0], new[0])] and removed == [] and added == []


def test_duplicate_activity_texts_pair_one_to_one():
    old = _old()
    twice = Activity(3, "Sektor Bygg", "Upphandla elbussar")
    new = replace(old, activities=old.activities + (twice,))
    diff = diff_plans(old, new)
    assert [(a.action, a.text) for a in diff.activities_added] == [(3, "Upphandla elbussar")]
    assert diff.activities_changed == () and diff.activities_removed == ()


def test_metadata_dates_compare_as_dates():
    old = replace(_old(), metadata=replace(META, decided=dt.date(2023, 3, 1)))
    diff = diff_plans(old, _old())
    assert [(c.key, c.old, c.new) for c in diff.metadata] == [("decided", dt.date(2023, 3, 1), None)]
