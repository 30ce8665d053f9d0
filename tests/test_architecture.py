"""The architecture is a test: the import contract in pyproject.toml, no circles, a thin command line."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scripts" / "mnfu"


def test_the_import_contract_holds():
    """lint-imports checks the layers of [tool.importlinter] (a lower stage never imports a higher one)."""
    lint = Path(sys.executable).parent / "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    # --no-cache: lint-imports would keep a cache in the project (.import_linter_cache/); a test writes nothing there
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def _imports(path: Path) -> set[str]:
    """The mnfu modules a file imports (at any depth in the file: lazy imports count too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mnfu"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _module_path(candidate) else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("mnfu"))
    return found


def _module_path(name: str) -> Path | None:
    base = PACKAGE.parent.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        graph[name] = {m for m in _imports(path) if _module_path(m) and m != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_imports_itself_back_through_others():
    """No circle of imports between modules (a package's __init__ re-exporting its own modules aside)."""
    graph = _graph()
    for name, targets in graph.items():  # a package may import its own modules to re-export them
        graph[name] = {t for t in targets if not t.startswith(name + ".")}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_circle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_command_line_only_parses_and_nothing_imports_it():
    cli = PACKAGE / "cli.py"
    assert len(cli.read_text(encoding="utf-8").splitlines()) <= 200
    tree = ast.parse(cli.read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert defined <= {"parser", "main", "_date_arg"}, defined
    importers = [p for p in [*PACKAGE.rglob("*.py"), *(ROOT / "scripts").glob("*.py")]
                 if p.name != "__main__.py" and "mnfu.cli" in _imports(p)]
    assert importers == []


def test_one_module_per_name():
    """No two modules of the generator or its scripts share a file name (``__init__`` aside)."""
    names = [p.name for p in [*PACKAGE.rglob("*.py"), *(ROOT / "scripts").glob("*.py")] if p.name != "__init__.py"]
    assert sorted({n for n in names if names.count(n) > 1}) == []
