"""The project's modules import each other in one direction: no circle among module-level imports,
and no module hides one by importing its own app inside a function (apps.py's ``ready()`` and a
task's body, which services import to enqueue, are the two places where that is the rule)."""

import ast
from collections.abc import Iterator
from pathlib import Path

from .test_codes import SOURCE, project_files

LATE_IMPORTS_ALLOWED = {"apps.py", "tasks.py"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def imported(module: str, path: Path, node: ast.ImportFrom, known: set[str]) -> Iterator[str]:
    """The project modules an import statement loads: ``from . import tasks`` loads ``pkg.tasks``."""
    base = _base(module, path, node)
    found = False
    for alias in node.names:
        if f"{base}.{alias.name}" in known:
            found = True
            yield f"{base}.{alias.name}"
    if not found and base in known:
        yield base


def module_level_imports(known: set[str]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in project_files():
        module = module_name(path)
        tree = ast.parse(path.read_text())
        graph[module] = {target for node in tree.body if isinstance(node, ast.ImportFrom)
                         for target in imported(module, path, node, known)}
        graph[module] |= {alias.name for node in tree.body if isinstance(node, ast.Import)
                          for alias in node.names if alias.name in known}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                found.append(trail[trail.index(target):] + [target] if target in trail else [node, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def late_own_app_imports() -> list[str]:
    hits = []
    for path in project_files():
        if path.name in LATE_IMPORTS_ALLOWED:
            continue
        module = module_name(path)
        app = ".".join(module.split(".")[:2])
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and _base(module, path, node).startswith(app):
                    hits.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}")
    return hits


def known_modules() -> set[str]:
    return {module_name(path) for path in project_files()}


def test_module_level_imports_form_no_circle():
    assert cycles(module_level_imports(known_modules())) == []


def test_no_module_imports_its_own_app_inside_a_function():
    assert late_own_app_imports() == []


def test_the_cycle_finder_reports_a_circle_and_passes_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_relative_imports_of_modules_and_of_names():
    graph = module_level_imports(known_modules())
    assert "neuguong.reception.tasks" in graph["neuguong.reception.services.reminders"]
    assert "neuguong.reception.rules" in graph["neuguong.reception.selectors"]
