"""The bundled 2023 example reproduces the reference plan's model (SPEC §8, first bar)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, SHARED
from plan_model import derive
from plan_model.pipeline import check

EXAMPLE = ROOT / "inputs" / "2023"
needs_seed = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the reference plan) is absent")


@pytest.fixture(scope="module")
def plan():
    result = check(EXAMPLE)
    assert result.ok
    return result.plan


def test_check_of_the_example_exits_0_with_no_findings():
    proc = subprocess.run([sys.executable, "generate.py", "check", str(EXAMPLE), "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout.strip()) == (0, "[]")


@needs_seed
def test_each_actions_units_equal_the_seeds_list_in_organisation_order(plan):
    from seed_plan import seed_actions

    order = [u.name for u in derive.ordered_units(plan)]
    seed = seed_actions(set(order))
    derived = derive.units_by_action(plan)
    assert len(seed) == len(plan.actions) == 17
    for action, expected in zip(plan.actions, seed):
        names = [u.name for u in derived[action.number]]
        assert set(names) == set(expected.units), action.title
        assert names == [n for n in order if n in names]


@needs_seed
def test_titles_strategy_and_descriptions_equal_the_corrected_seed(plan):
    from seed_plan import seed_actions

    seed = seed_actions({u.name for u in plan.units})
    for action, expected in zip(plan.actions, seed):
        assert action.title == expected.title
        assert list(action.strategy) == expected.strategy
        assert action.description == expected.description


@needs_seed
def test_metadata_equals_the_seed(plan):
    from seed_plan import seed_metadata

    meta = plan.metadata
    seed = seed_metadata()
    assert seed["Dokumentnamn"] == meta.document_name
    assert seed["Dokumenttyp"] == meta.document_type
    assert seed["Omfattar"] == meta.scope
    assert seed["Dokumentägare"] == meta.owner
    assert seed["Dokumentansvarig"] == meta.responsible
    assert seed["Beslutad"] == meta.decided.isoformat()
    assert seed["Bör revideras senast"] == meta.review_by.isoformat()
    assert meta.year == 2023 and meta.municipality == "Borlänge"


def test_example_strategy_has_the_three_kinds(plan):
    kinds = [e.kind.value for e in plan.strategy]
    assert (kinds.count("prioritering"), kinds.count("fokusområde"), kinds.count("arbetssätt")) == (3, 9, 3)
    assert all(e.icon_path and e.icon_path.parent.name == "icons" for e in plan.strategy)
