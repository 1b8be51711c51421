"""Every finding code in the catalogue is documented in the README and used in the code."""
from __future__ import annotations

from conftest import ROOT
from plan_model.messages import CATALOGUE


def test_every_code_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [c for c in CATALOGUE if f"`{c}`" not in readme] == []


def test_every_code_is_used_by_the_code():
    catalogue = ROOT / "plan_model" / "messages"
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "plan_model").rglob("*.py")
                      if catalogue not in p.parents)
    assert [c for c in CATALOGUE if f'"{c}"' not in sources] == []
