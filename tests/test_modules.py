"""The package's module structure: every module imports on its own, the modules import
one another without a cycle, and none is over the size limit."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xcparse"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py"))
MAX_LINES = 700


def _imports(name: str) -> set[str]:
    """The xcparse modules that module ``name`` imports (at any level of its code)."""
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 or (node.level == 0 and (node.module or "").split(".")[0] == "xcparse"):
                mod = (node.module or "").removeprefix("xcparse").lstrip(".")
                if mod:
                    out.add(mod.split(".")[0])
                else:  # from . import a, b
                    out.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "xcparse" and len(parts) > 1:
                    out.add(parts[1])
    return {m for m in out if m in MODULES and m != name}


def test_every_module_imports_on_its_own():
    """Each module imported first, in a fresh interpreter (one process for all: each
    import runs with the package's other modules removed from sys.modules)."""
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    for m in [m for m in sys.modules if m == 'xcparse' or m.startswith('xcparse.')]:\n"
        "        del sys.modules[m]\n"
        "    importlib.import_module('xcparse.' + name)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_no_import_cycle():
    graph = {m: _imports(m) for m in MODULES}
    assert graph["records"] >= {"segments", "headlines", "orphans", "bylines", "ads", "paragraphs"}
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                stack = path + [m]
                pytest.fail("import cycle: " + " -> ".join(stack[stack.index(n):] + [n]))
            if n not in state:
                visit(n, path + [m])
        state[m] = 2

    for m in MODULES:
        if m not in state:
            visit(m, [])


@pytest.mark.parametrize("name", MODULES)
def test_module_size(name):
    lines = (PACKAGE / f"{name}.py").read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"xcparse/{name}.py has {lines} lines (limit {MAX_LINES})"
