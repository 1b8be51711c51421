"""Derived views (SPEC §4), from a plan built in code."""
from __future__ import annotations

import datetime as dt

from plan_model import derive
from plan_model.model import (Action, Activity, Plan, PlanMetadata, StrategyElement, StrategyKind,
                              Unit, UnitKind)


def _plan() -> Plan:
    meta = PlanMetadata("Solvik", "Plan 2031", "Plan", "Kommunen", "Ägare", "Ansvarig", 2031)
    return Plan(
        metadata=meta,
        strategy=(StrategyElement(StrategyKind.PRIORITY, "Ren luft", "luft.png"),
                  StrategyElement(StrategyKind.FOCUS_AREA, "Grönare gator", "gator.png", "Ren luft")),
        units=(Unit("Öresundsvatten AB", UnitKind.COMPANY), Unit("Ängsbo AB", UnitKind.COMPANY),
               Unit("Åkerby skola", UnitKind.SECTOR), Unit("Tekniska", UnitKind.SECTOR, order=1)),
        actions=(Action(1, "Träd", ("Grönare gator",)), Action(2, "Bussar", ("Ren luft", "Grönare gator")),
                 Action(3, "Utan aktiviteter")),
        activities=(Activity(1, "Öresundsvatten AB", "a"), Activity(1, "Tekniska", "b"),
                    Activity(1, "Åkerby skola", "c"), Activity(1, "Tekniska", "d"),
                    Activity(2, "Ängsbo AB", "e")))


def test_units_by_action_in_organisation_order_then_a_before_ae_before_oe():
    units = derive.units_by_action(_plan())
    assert [u.name for u in units[1]] == ["Tekniska", "Åkerby skola", "Öresundsvatten AB"]
    assert [u.name for u in units[2]] == ["Ängsbo AB"]
    assert units[3] == []


def test_action_unit_matrix_counts_activities():
    matrix = derive.action_unit_matrix(_plan())
    assert matrix[1] == {"Tekniska": 2, "Åkerby skola": 1, "Ängsbo AB": 0, "Öresundsvatten AB": 1}
    assert sum(matrix[3].values()) == 0


def test_action_strategy_matrix_marks_the_elements_served():
    matrix = derive.action_strategy_matrix(_plan())
    assert matrix[1] == {"Ren luft": False, "Grönare gator": True}
    assert matrix[2] == {"Ren luft": True, "Grönare gator": True}
    assert matrix[3] == {"Ren luft": False, "Grönare gator": False}


def test_document_date_prefers_the_decision_then_revisions_then_the_epoch():
    plan = _plan()
    assert derive.document_date(plan, 0) == dt.datetime(1970, 1, 1)
    assert derive.document_date(plan) == dt.datetime(2031, 1, 1)
