"""Readers → one plan model → writers: no module imports a layer above its own (STYLE.md)."""
from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "plan_model"
# -- lower number = lower layer; a module may import only its own layer or lower ones --
LAYERS = {
    "model": 0, "collation": 0, "messages": 0, "options": 0, "workbook_layout": 0,
    "findings": 1, "suggest": 1, "derive": 1,
    "errors": 2, "outputs": 2, "forking": 2,
    "readers": 3, "validate": 3, "diff": 3,
    "writers": 4, "pdf": 4,
    "archive": 5,
    "pipeline": 6,
    "cli": 7,
    # -- the web page is a front end beside the command line, over pipeline.py --
    "web": 7,
}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "plan_model" or len(parts) < 2:
        return None
    head = parts[1]
    for name, rank in LAYERS.items():
        if head == name or head.startswith(name + "_"):
            return rank
    return None


def _imports(path):
    relative = path.relative_to(ROOT).with_suffix("")
    package = list(relative.parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                yield ".".join(base + ([node.module] if node.module else []))
            elif node.module:
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_module_imports_upwards():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        own = _layer(module)
        if own is None:
            continue
        for imported in _imports(path):
            rank = _layer(imported)
            if rank is not None and rank > own:
                upward.append(f"{module} → {imported}")
    assert upward == []


def test_every_module_has_a_known_layer():
    unknown = [p.name for p in PACKAGE.rglob("*.py")
               if p.name != "__init__.py" and p.parent == PACKAGE
               and _layer("plan_model." + p.stem) is None]
    assert unknown == []
