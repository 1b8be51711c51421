"""Readers → one plan model → writers: no module imports a layer above its own (STYLE.md).

Every import form is resolved to the module it loads — `import plan_model.x`,
`from plan_model.x import y`, `from . import x`, `from .. import x`, `from ..writers import y`,
imports inside functions and `importlib.import_module("plan_model.x")` — so an upward import
cannot slip through by being spelt differently. The check runs on a package folder, which lets
the tests below plant an upward import in a temporary copy and see it fail.
"""
from __future__ import annotations

import ast
import functools
import shutil
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "plan_model"

# -- the intended order, bottom up: a module may import its own layer and the ones below it.
#    A name stands for the module and everything under it; the longest name that matches
#    wins (writers.ooxml sits below the rest of writers). followup/, web/ and publish/ are
#    the capabilities' wings: the follow-up writes its report and converts it (so it stands
#    above pdf/), publishing stands beside the archive, and the web pages are a second front
#    end over the pipeline, under the CLI that starts them --
LAYERS: list[tuple[str, ...]] = [
    ("", "model", "collation", "messages", "options", "roles", "workbook_layout"),
    ("findings", "suggest", "derive"),
    ("errors", "outputs", "forking", "output_folder", "template_files"),
    ("readers", "validate", "diff", "fonts"),
    ("writers.ooxml",),
    ("writers.template_check",),
    ("writers",),
    ("pdf",),
    ("archive", "publish", "followup"),
    ("pipeline",),
    ("web",),
    ("cli", "swedish_argparse"),
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
FUTURE_WINGS = {"followup", "web", "publish"}


def modules_of(package: Path) -> dict[str, Path]:
    """Dotted module name (a package by its own name) → file, for every .py in `package`."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def layer_of(module: str, root: str = "plan_model") -> int | None:
    """The rank of `module` (dotted, starting with `root`); None if it is not in the package."""
    if module != root and not module.startswith(root + "."):
        return None
    inner = module[len(root) + 1:]
    parts = inner.split(".") if inner else []
    for length in range(len(parts), -1, -1):
        name = ".".join(parts[:length])
        if name in RANK:
            return RANK[name]
    return None


def imported_modules(path: Path, module: str, is_package: bool, known: set[str]):
    """(line, module) for every import in the file, resolved to the module it loads."""
    package = module if is_package else module.rpartition(".")[0]
    for node in _import_nodes(path.read_text(encoding="utf-8")):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                # -- `from pkg import name`: the submodule if there is one, else pkg itself --
                sub = f"{target}.{alias.name}"
                yield node.lineno, sub if sub in known else target
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            yield node.lineno, node.args[0].value


@functools.lru_cache(maxsize=None)
def _import_nodes(source: str) -> list[ast.AST]:
    """The import statements and calls of a source text (cached: the planting tests check
    many copies of the same files)."""
    return [node for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.Import, ast.ImportFrom, ast.Call))]


def upward_imports(package: Path) -> list[str]:
    """Every import of a higher layer, as "module:line → imported module"."""
    root = package.name
    modules = modules_of(package)
    known = set(modules)
    upward = []
    for module, path in modules.items():
        own = layer_of(module, root)
        for lineno, imported in imported_modules(path, module, path.name == "__init__.py",
                                                 known):
            rank = layer_of(imported, root)
            if rank is not None and own is not None and rank > own:
                upward.append(f"{module}:{lineno} → {imported}")
    return upward


def test_no_module_imports_upwards():
    assert upward_imports(PACKAGE) == []


def test_every_module_has_a_layer():
    assert [m for m in modules_of(PACKAGE) if layer_of(m) is None] == []


def test_every_layer_name_is_a_module_or_a_coming_wing():
    known = {m.removeprefix("plan_model").lstrip(".") for m in modules_of(PACKAGE)}
    assert [name for name in RANK if name not in known and name not in FUTURE_WINGS] == []


def test_nothing_imports_the_cli():
    modules = modules_of(PACKAGE)
    importers = [f"{m}:{line}" for m, path in modules.items()
                 for line, imported in imported_modules(path, m, path.name == "__init__.py",
                                                        set(modules))
                 if imported == "plan_model.cli" and m != "plan_model.cli"]
    assert importers == []


# -- each plant: (file in the package, text appended to it, what the check must name) --
PLANTS = [
    ("model.py", "\n\ndef _planted():\n    from . import pipeline\n", "plan_model.pipeline"),
    ("model.py", "\nfrom .writers.plan import docx\n", "plan_model.writers.plan.docx"),
    ("model.py", "\nimport plan_model.archive.package\n", "plan_model.archive.package"),
    ("findings.py", "\nfrom .readers import workbook\n", "plan_model.readers.workbook"),
    ("findings.py", "\n\ndef _planted():\n    import importlib\n"
                    "    return importlib.import_module('plan_model.cli')\n", "plan_model.cli"),
    ("readers/cells.py", "\nfrom .. import pipeline\n", "plan_model.pipeline"),
    ("readers/workbook.py", "\nfrom ..writers import template_check\n",
     "plan_model.writers.template_check"),
    ("readers/plan_xlsx.py", "\nfrom plan_model.pdf import step\n", "plan_model.pdf.step"),
    ("writers/ooxml/fields.py", "\nfrom .. import template_check\n",
     "plan_model.writers.template_check"),
    ("writers/plan/context.py", "\nfrom ... import archive\n", "plan_model.archive"),
]


@pytest.mark.parametrize("file, planted, named", PLANTS,
                         ids=[f"{p[0]}→{p[2].removeprefix('plan_model.')}" for p in PLANTS])
def test_a_planted_upward_import_fails_the_check(tmp_path, file, planted, named):
    copy = tmp_path / "plan_model"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert upward_imports(copy) == []
    with (copy / file).open("a", encoding="utf-8") as handle:
        handle.write(planted)
    found = upward_imports(copy)
    assert len(found) == 1 and found[0].endswith(f"→ {named}"), found
