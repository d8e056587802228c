"""分析与会议 has the app shape: screens and API handlers parse, call one service or selector,
and answer; the rules and the queries are in ``services/`` and ``selectors/`` only."""

from __future__ import annotations

import ast
from pathlib import Path

import aftersales

SRC = Path(aftersales.__file__).parent
ENTRY_POINTS = [
    *sorted((SRC / "analysis" / "views").glob("*.py")),
    SRC / "api" / "routers" / "analysis.py",
    SRC / "analysis" / "export_kinds.py",
]
# What a screen or an API handler may import from the app.
ALLOWED = {
    "aftersales.analysis",  # for `from aftersales.analysis import selectors, services, exports`
    "aftersales.analysis.choices",
    "aftersales.analysis.exports",
    "aftersales.analysis.forms",
    "aftersales.analysis.models",
    "aftersales.analysis.selectors",
    "aftersales.analysis.services",
    "aftersales.analysis.views._common",
}
ALLOWED_NAMES = {"choices", "exports", "forms", "models", "selectors", "services"}


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "aftersales.analysis"
        ):
            found.append((node.module, [a.name for a in node.names]))
    return found


def test_views_and_api_reach_the_rules_through_services_and_selectors():
    wrong = []
    for path in ENTRY_POINTS:
        for module, names in _imports(path):
            if module not in ALLOWED:
                wrong.append(f"{path.name}: {module}")
            elif module == "aftersales.analysis" and set(names) - ALLOWED_NAMES:
                wrong.append(f"{path.name}: {module} {names}")
    assert not wrong, wrong


def test_views_and_api_handlers_run_no_query_of_their_own():
    """No ``.objects`` nor locks in the screens and handlers: reads are selectors' work."""
    wrong = [
        f"{path.name}:{n}"
        for path in ENTRY_POINTS
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".objects." in line or "select_for_update" in line
    ]
    assert not wrong, wrong


def test_the_old_flat_modules_are_gone():
    """One home per rule: the analysis modules live in services/ and selectors/ only."""
    flat = ["weekly", "recurring", "lessons", "meetings", "board"]
    assert not [name for name in flat if (SRC / "analysis" / f"{name}.py").exists()]
