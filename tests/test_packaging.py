"""pyproject.toml declares what the package needs at run time (issue 11): every data file
under plan_model/ is package data, and the version is the one the outputs carry."""
from __future__ import annotations

import fnmatch
import tomllib

import plan_model
from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_data_file_in_the_package_is_declared():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["plan_model"]
    package = ROOT / "plan_model"
    data = [p.relative_to(package).as_posix() for p in package.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert data, "the package has data files (the archive metadata's XSD)"
    assert [f for f in data if not any(fnmatch.fnmatch(f, pat) for pat in patterns)] == []


def test_the_version_comes_from_the_package():
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "plan_model.__version__"}
    assert plan_model.GENERATOR == f"{plan_model.NAME} {plan_model.__version__}"
