"""Small enough to find one's way in (issue 11, STYLE "Code habits"): no module of the package
over 450 lines, no function over 80."""
from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "plan_model"
MODULE_LINES = 450
FUNCTION_LINES = 80


def test_no_module_is_over_450_lines():
    long = {p.relative_to(ROOT).as_posix(): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES}
    assert long == {}


def test_no_function_is_over_80_lines():
    long = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                if (length := node.end_lineno - start + 1) > FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = length
    assert long == {}
