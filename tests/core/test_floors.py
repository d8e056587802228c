"""The apps stand on floors: no app imports, directly or through others, an app that imports it.

Every module of every app is parsed (AST, not imported), function-level imports included, and the
graph of "app X imports app Y" is checked for cycles. A cycle means two domains that cannot be
understood, tested or moved apart; the lower one exposes a registry (as ``core`` does, or as
``tickets`` does for the guards and the ticket-page photos) and the upper one fills it in its
``AppConfig.ready()``. Migrations are left out: they name models of other apps by label.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from tests.core.test_ground_floor import PACKAGE, imports_of

APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())


def app_graph() -> dict[str, dict[str, list[str]]]:
    """{app: {imported app: ["file:line", …]}} over the whole package."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for app in APPS:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, name in imports_of(path):
                parts = name.split(".")
                inside = len(parts) >= 2 and parts[0] == "aftersales" and parts[1] in APPS
                if inside and parts[1] != app:
                    graph[app][parts[1]].append(f"{path.relative_to(PACKAGE)}:{line}")
    return graph


def find_cycle(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """One cycle of the graph as [a, b, …, a], or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if not state.get(nxt):
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if not state.get(node):
            found = visit(node)
            if found:
                return found
    return None


def test_no_app_imports_an_app_that_imports_it():
    graph = app_graph()
    cycle = find_cycle(graph)
    if cycle:
        steps = [
            f"{a} -> {b}: {', '.join(graph[a][b][:3])}"
            for a, b in zip(cycle, cycle[1:], strict=False)
        ]
        raise AssertionError("import cycle between apps:\n" + "\n".join(steps))


def test_the_cycle_finder_finds_a_cycle():
    sample = {"a": {"b": ["x"]}, "b": {"c": ["y"]}, "c": {"a": ["z"]}}
    assert find_cycle(sample) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": ["x"]}, "b": {}}) is None


def test_core_is_the_ground_floor():
    assert not app_graph().get("core")


def test_every_app_is_read():
    assert {"core", "accounts", "estates", "tickets", "costs", "reports", "api"} <= set(APPS)
    assert Path(PACKAGE / "tickets" / "services").is_dir()
